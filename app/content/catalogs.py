"""UI strings in every language, read from gettext catalogs with babel.

Catalogs are the `.po` files under content/translations/ (what translators
edit). We compile them in memory when a language is first used, so no
generated `.mo` file is ever committed or goes stale.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_name,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from babel.support import NullTranslations, Translations

from app.core.collation import name_key
from app.core.languages import LanguageRegistry
from app.core.ledger import (
    ARABIC_DECIMAL,
    ARABIC_GROUP,
    AmountError,
    AmountProblem,
    ascii_digits,
    check_amount,
)

TEMPLATE = "messages.pot"

#: Each feature's UI strings live in their own catalog (domain), so the
#: people translating or changing one feature never touch another's file.
#: domain -> (folder under content/translations/, code folder under app/)
DOMAINS: dict[str, tuple[str, str]] = {
    "messages": ("", ""),
    "checklist": ("checklist", "ui/checklist"),
    "report": ("report", "ui/report"),
}


def catalog_path(translations_dir: Path, code: str, domain: str = "messages") -> Path:
    return translations_dir / DOMAINS[domain][0] / f"{code}.po"


def template_path(translations_dir: Path, domain: str = "messages") -> Path:
    return translations_dir / DOMAINS[domain][0] / TEMPLATE


@cache
def _mo_bytes(translations_dir: Path, code: str) -> bytes | None:
    """Every domain's catalog for `code`, merged and compiled to .mo bytes,
    once per process (None when the language has no catalog at all)."""
    merged = None
    for domain in DOMAINS:
        path = catalog_path(translations_dir, code, domain)
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=code)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.id not in merged:
                merged[message.id] = message
    if merged is None:
        return None
    buf = io.BytesIO()
    write_mo(buf, merged)
    return buf.getvalue()


#: the zero of each numbering system CLDR names as a language's own (the
#: nine other digits follow it in Unicode): Burmese, Nepali and Bengali
#: are written in their own digits, as the phones of their readers show them
DIGIT_ZEROS = {"arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
               "mymr": "\u1040"}  # fmt: skip


def digit_table(locale: Locale) -> dict[int, str]:
    """0-9 -> the locale's own digits, for str.translate ({} for 0-9)."""
    zero = DIGIT_ZEROS.get(locale.default_numbering_system)
    return {} if zero is None else {ord("0") + i: chr(ord(zero) + i) for i in range(10)}


@dataclass(frozen=True)
class Translator:
    """gettext, plural forms and locale formatting for one UI language."""

    code: str
    translations: NullTranslations
    locale: Locale
    #: names that replace CLDR's (languages.toml: country_names)
    country_names: Mapping[str, str] = field(default_factory=dict)
    #: 0-9 -> this language's digits (babel formats in 0-9 only)
    digits: Mapping[int, str] = field(default_factory=dict)

    def in_digits(self, text: str) -> str:
        """`text` with 0-9 written in this language's digits."""
        return text.translate(self.digits) if self.digits else text

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def format_date(self, value: dt.date) -> str:
        return self.in_digits(format_date(value, format="long", locale=self.locale))

    def format_number(self, value: int | Decimal, *, exact: bool = False) -> str:
        """A number in this language's digits, grouping and symbols, rounded
        to three decimals, or with `exact` every decimal it has (an exchange
        rate such as 0.02817: shown rounded and saved again, it changed
        totals). Whatever the digits, Haki reads them back when typed
        (app.core.ledger.ascii_digits)."""
        return self.in_digits(
            format_decimal(value, locale=self.locale, decimal_quantization=not exact)
        )

    def format_money(self, value: Decimal, currency: str) -> str:
        """An amount with two decimals and its ISO code ("1,500.50 KES"): the
        code, unlike a local symbol, reads the same in every language. Grouped
        as the language groups its numbers: in lakhs in Hindi, Nepali and
        Bengali ("1,50,000.00 NPR"), as format_number does."""
        grouping = self.locale.decimal_formats[None].grouping
        pattern = "#,##,##0.00" if grouping == (3, 2) else "#,##0.00"
        return self.in_digits(
            format_currency(value, currency, format=f"{pattern}\u00a0¤¤", locale=self.locale)
        )

    def parse_amount(self, text: str, *, allow_zero: bool = False) -> Decimal:
        """A typed number as a Decimal, read the way this language writes
        numbers ("1,500.50"; "1.500,50" in Indonesian; "1 500,50" in French),
        in any script's digits (Arabic-Indic, Devanagari, Bengali, Myanmar):
        for an exchange rate, which may have any number of decimals. Sums
        of money are read by app.core.ledger.read_money instead, the same in
        every language. Raises AmountError saying what is wrong."""
        cleaned = "".join(ascii_digits(text).split())  # no spaces, any script's digits
        if not cleaned:
            raise AmountError(AmountProblem.EMPTY, text)
        cleaned = cleaned.replace(ARABIC_DECIMAL, get_decimal_symbol(self.locale))
        cleaned = cleaned.replace(ARABIC_GROUP, get_group_symbol(self.locale))
        if cleaned.startswith("-"):
            raise AmountError(AmountProblem.NOT_POSITIVE, text)
        if any(ch.isalpha() for ch in cleaned):  # "1e-22": babel reads exponents
            raise AmountError(AmountProblem.NOT_A_NUMBER, text)
        try:
            value = parse_decimal(cleaned, locale=self.locale, strict=True)
        except NumberFormatError:
            raise AmountError(AmountProblem.NOT_A_NUMBER, text) from None
        return check_amount(value, text, allow_zero=allow_zero)

    def country_name(self, code: str) -> str:
        """A country's name in this language: from CLDR (the code if unknown),
        unless the registry corrects it."""
        return self.country_names.get(code) or str(self.locale.territories.get(code, code))

    def currency_name(self, code: str) -> str:
        """A currency's name in this language, from CLDR ("የኢትዮጵያ ብር" for
        ETB in Amharic); the code itself where CLDR has none."""
        try:
            return str(get_currency_name(code, locale=self.locale))
        except (ValueError, LookupError):
            return code

    def by_country_name(self, codes: Iterable[str]) -> list[str]:
        """Country codes in the order of their names in this language, as a
        reader looks for them (app.core.collation)."""
        return sorted(codes, key=lambda code: name_key(self.country_name(code)))


def translator(registry: LanguageRegistry, translations_dir: Path, code: str) -> Translator:
    """A translator for `code` that falls back along the registry's chain.

    English needs no catalog: the message ids are the English text.
    """
    first: NullTranslations | None = None
    for lang in registry.chain(code):
        mo = None if lang == "en" else _mo_bytes(translations_dir, lang)
        if mo is None:
            continue
        # a new object each time: add_fallback changes the one it is called on
        layer = Translations(io.BytesIO(mo))
        if first is None:
            first = layer
        else:
            first.add_fallback(layer)
    locale = Locale.parse(code)
    return Translator(
        code,
        first or NullTranslations(),
        locale,
        dict(registry.get(code).country_names),
        digit_table(locale),
    )
