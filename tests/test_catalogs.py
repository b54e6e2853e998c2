"""UI catalogs: complete in every language, compiling, with plural forms."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from app import paths
from app.content.catalog_tools import extract
from app.content.catalogs import DOMAINS, catalog_path, template_path, translator
from app.content.registry import load_registry

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
#: every UI language but English, whose strings are the message ids
TRANSLATED = [c for c in load_registry(paths.LANGUAGES_FILE).codes if c != "en"]


#: the feature domains that have strings (a domain's catalogs appear with its first string)
USED_DOMAINS = [d for d in DOMAINS if template_path(paths.TRANSLATIONS_DIR, d).exists()]


def code_messages(domain: str = "messages") -> set[str]:
    return {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in extract(paths.ROOT / "app", domain)
        if m.id
    }


def catalog(code: str, domain: str = "messages"):
    with catalog_path(paths.TRANSLATIONS_DIR, code, domain).open("rb") as fh:
        return read_po(fh, locale=code)


@pytest.mark.parametrize("domain", list(DOMAINS))
def test_template_is_up_to_date_with_the_code(domain):
    path = template_path(paths.TRANSLATIONS_DIR, domain)
    if not path.exists():
        assert not code_messages(domain), f"run: python -m app.content catalogs --domain {domain}"
        return
    with path.open("rb") as fh:
        template = read_po(fh)
    in_template = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert in_template == code_messages(domain), "run: python -m app.content catalogs"


@pytest.mark.parametrize("domain", USED_DOMAINS)
@pytest.mark.parametrize("code", TRANSLATED)
def test_every_ui_string_is_translated(code, domain):
    cat = catalog(code, domain)
    translated = {}
    for m in cat:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings) and not m.fuzzy:
            translated[key] = (m.id, strings)
    missing = code_messages(domain) - set(translated)
    assert not missing, f"{code}: untranslated {sorted(missing)}"
    for key, (msgid, strings) in translated.items():
        if isinstance(msgid, str):
            # a plain string keeps exactly its placeholders
            assert set(PLACEHOLDER.findall(strings[0])) == set(PLACEHOLDER.findall(msgid)), key
        else:
            # a plural form may leave out the count ("one article"), never
            # add a placeholder the code does not fill
            allowed = set(PLACEHOLDER.findall(msgid[1]))
            for form in strings:
                assert set(PLACEHOLDER.findall(form)) <= allowed, (code, key, form)


@pytest.mark.parametrize("domain", USED_DOMAINS)
@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_compiles(registry, code, domain):
    cat = catalog(code, domain)
    assert not list(cat.check()), f"{code}: {list(cat.check())}"
    assert cat.num_plurals == {"ar": 6, "am": 2, "fr": 3, "id": 1, "my": 1}.get(code, 2)


def test_arabic_plural_forms_follow_the_number(registry):
    tr = translator(registry, paths.TRANSLATIONS_DIR, "ar")

    def form(n: int) -> str:
        return tr.ngettext("{count} article", "{count} articles", n).format(count=n)

    # zero, one, two, few (3-10) and many (11-99) are five different words
    assert len({form(n) for n in (0, 1, 2, 5, 11)}) == 5
    assert form(5) == "5 مقالات" and form(7) == "7 مقالات"
    assert form(11) == "11 مقالة"


def test_a_missing_string_falls_back_to_english(registry):
    tr = translator(registry, paths.TRANSLATIONS_DIR, "am")
    assert tr.gettext("Rights") != "Rights"
    assert tr.gettext("A string that no catalog has") == "A string that no catalog has"


def test_numbers_and_dates_come_from_babel(registry):
    ar = translator(registry, paths.TRANSLATIONS_DIR, "ar")
    en = translator(registry, paths.TRANSLATIONS_DIR, "en")
    assert en.format_date(dt.date(2026, 11, 26)) == "November 26, 2026"
    assert en.format_number(1500) == "1,500"
    assert ar.format_date(dt.date(2026, 11, 26)) != en.format_date(dt.date(2026, 11, 26))


@pytest.mark.parametrize(
    ("code", "typed", "value"),
    [
        ("en", "1,500.50", "1500.50"),
        ("en", " 250.50 ", "250.50"),
        ("en", "1 500", "1500"),
        ("ar", "١٥٠٠٫٥٠", "1500.50"),  # Arabic-Indic digits and decimal sign
        ("ar", "١٬٥٠٠", "1500"),
        ("ur", "۲۵۰.۵۰", "250.50"),  # Eastern Arabic digits, as Urdu keyboards type
        ("ne", "१५००.५०", "1500.50"),  # Devanagari
        ("hi", "1,50,000", "150000"),  # lakh grouping
        ("bn", "২৫০.৫০", "250.50"),
        ("my", "၁၀၀၀", "1000"),
        ("id", "1.500,50", "1500.50"),
        ("fr", "1 500,50", "1500.50"),
        ("fr", "1\u202f500,50", "1500.50"),
    ],
)
def test_amounts_are_read_in_the_readers_locale_and_script(registry, code, typed, value):
    from decimal import Decimal

    amount = translator(registry, paths.TRANSLATIONS_DIR, code).parse_amount(typed)
    assert amount == Decimal(value) and isinstance(amount, Decimal)


@pytest.mark.parametrize(
    ("code", "typed", "problem"),
    [
        ("en", "", "empty"),
        ("en", "   ", "empty"),
        ("en", "abc", "not_a_number"),
        ("en", "1,5", "not_a_number"),  # a misplaced group sign is not guessed at
        ("en", "1.2.3", "not_a_number"),
        ("en", "-5", "not_positive"),
        ("en", "0", "not_positive"),
        ("en", "1e9999", "not_a_number"),  # exponents are not read: a slip, as 1e-22
        ("en", "1e-22", "not_a_number"),
        ("en", "5000000000000", "too_large"),
        ("en", "NaN", "not_a_number"),
    ],
)
def test_bad_amounts_say_what_is_wrong(registry, code, typed, problem):
    from app.core.ledger import AmountError

    with pytest.raises(AmountError) as info:
        translator(registry, paths.TRANSLATIONS_DIR, code).parse_amount(typed)
    assert info.value.problem.value == problem


def test_money_is_shown_in_the_readers_locale(registry):
    from decimal import Decimal

    en = translator(registry, paths.TRANSLATIONS_DIR, "en")
    fr = translator(registry, paths.TRANSLATIONS_DIR, "fr")
    ar = translator(registry, paths.TRANSLATIONS_DIR, "ar")
    assert en.format_money(Decimal("1750.5"), "KES") == "1,750.50\u00a0KES"
    assert fr.format_money(Decimal("1750.5"), "SAR") == "1\u202f750,50\u00a0SAR"
    assert ar.format_money(Decimal("1750.5"), "SAR").startswith("1,750.50")
    # in lakhs where the language counts so, as its other numbers are shown
    # and in its own digits where CLDR writes it so, as the reader's phone does
    ne = translator(registry, paths.TRANSLATIONS_DIR, "ne")
    assert ne.format_money(Decimal(150000), "NPR") == "१,५०,०००.००\u00a0NPR"
    assert ne.format_number(Decimal(150000)) == "१,५०,०००"
    my = translator(registry, paths.TRANSLATIONS_DIR, "my")
    assert my.format_number(2026) == "၂,၀၂၆"
    assert my.format_date(dt.date(2026, 3, 5)) == "၂၀၂၆ မတ် ၅"
    bn = translator(registry, paths.TRANSLATIONS_DIR, "bn")
    assert bn.format_number(Decimal("12.5")) == "১২.৫"
    for latin in ("en", "ar", "ur", "hi", "am"):  # CLDR: 0-9
        assert translator(registry, paths.TRANSLATIONS_DIR, latin).format_number(12) == "12"


def test_no_gettext_call_hides_inside_an_f_string():
    """Babel's extractor does not look inside f-strings: a string there would
    never reach the translators and show in English in every language."""
    hidden = re.compile(r"""\bf(["']).*?\{\s*(?:_|ngettext)\(""")
    found = [
        f"{path.relative_to(paths.ROOT)}:{n}"
        for path in sorted((paths.ROOT / "app").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert not found, found
