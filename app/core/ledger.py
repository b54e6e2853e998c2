"""The recruitment-cost ledger: what a worker paid to get a job abroad, and
what it adds up to in months of the earnings the job pays.

Payments may be in several currencies (a medical in shillings, a visa in
riyals); the worker gives the rate for each one against the earnings'
currency, as people say it: "1 SAR = 34.50 KES". Money is `Decimal`, never
float; a number typed in any script becomes one here (`ascii_digits`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import StrEnum

from app.core.codes import FeeCategory
from app.core.fees import TWO_PLACES, recruitment_cost_ratio

#: Currencies a corridor is likely to need, first the destinations' then the
#: origins'; any other ISO 4217 code is accepted too.
COMMON_CURRENCIES = (
    "SAR", "AED", "QAR", "KWD", "OMR", "BHD", "JOD", "LBP", "MYR", "SGD", "HKD",
    "KES", "UGX", "ETB", "PHP", "NPR", "INR", "BDT", "IDR", "MMK", "PKR", "LKR",
    "USD", "EUR", "GBP",
)  # fmt: skip
#: fewer letters than this match too many currencies' names ("r")
NAME_MIN = 2


def currency_named(typed: str, names: Iterable[tuple[str, str]]) -> str | None:
    """The code of the one currency with a word in its name beginning with
    each word typed ("ken", "saudi riy", "ብር"), from (code, name) pairs;
    None when no currency or more than one has ("riyal": Qatar's and Saudi
    Arabia's). A worker who does not know that birr is ETB can still find it."""
    words = typed.casefold().split()
    if len("".join(words)) < NAME_MIN:
        return None
    found = {
        code
        for code, name in names
        if all(any(part.startswith(w) for part in name.casefold().split()) for w in words)
    }
    return found.pop() if len(found) == 1 else None


#: Currencies whose minor unit is a thousandth (CLDR's currency data, as
#: babel gives it; a test keeps the two equal): their contracts write
#: "120.000" for 120, so a sum typed in them is read with three decimals.
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "LYD", "OMR", "TND"})
#: No one pays more than this in one go; anything larger is a typing slip.
MAX_AMOUNT = Decimal("1e12")
#: An exchange rate between two currencies in use lies far inside these
#: (1 Kuwaiti dinar is some 300,000 Lebanese pounds; 1 pound 0.00001 dinars).
#: Outside them it is a slip, and sums divided by it would be absurd, or
#: too long to round.
MIN_RATE = Decimal("1e-9")
MAX_RATE = Decimal("1e9")
#: Recruitment costs above this many months of earnings are rare enough that
#: a slip is likelier (a rate typed the wrong way round, 0.027 for 36.5):
#: the worker is asked to check, nothing is refused.
MONTHS_TO_CHECK = Decimal(24)


class AmountProblem(StrEnum):
    """Why a typed amount cannot be used (the UI says it in the reader's words)."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NOT_POSITIVE = "not_positive"
    TOO_LARGE = "too_large"
    #: an exchange rate no two currencies have
    NOT_A_RATE = "not_a_rate"


class AmountError(ValueError):
    def __init__(self, problem: AmountProblem, text: str) -> None:
        super().__init__(f"{problem.value}: {text!r}")
        self.problem = problem


#: Separators some keyboards type that a locale's own symbols do not include.
ARABIC_DECIMAL = "\u066b"  # ٫
ARABIC_GROUP = "\u066c"  # ٬


def ascii_digits(text: str) -> str:
    """The text with every decimal digit of any script (Arabic-Indic ٣,
    Eastern Arabic ۳, Devanagari ३, Bengali ৩, Myanmar ၃, …) as 0-9."""
    out = []
    for ch in text:
        value = unicodedata.decimal(ch, None) if not ch.isascii() else None
        out.append(str(value) if value is not None else ch)
    return "".join(out)


_SPACES = {" ", "\u00a0", "\u202f", "\u2009", "'", ARABIC_GROUP}
#: a first group never starts with 0: "0,125" is not 125
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*$")
_INDIAN = re.compile(r"^[1-9]\d?(?:,\d{2})*,\d{3}(?:\.\d{1,3})?$")
_DECIMAL = re.compile(r"^\d+(?:[.,]\d{1,3})?$")
_MIXED = re.compile(
    r"^[1-9]\d{0,2}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*(?P<dec>[.,])(?P<minor>\d{1,3})$"
)
#: "120.500" or "120,500": decimals in a currency that has three (below)
_POINT_THREE = {point: re.compile(rf"^\d+{re.escape(point)}\d{{3}}$") for point in ".,"}


def read_money(
    text: str, *, decimals: int = 2, point: str = ".", allow_zero: bool = False
) -> Decimal:
    """A sum of money typed in any script and common grouping, read the
    same whatever the reader's language, so a cost is the same number in
    the ledger and in a report: "12,000", "1.200.000", "1,50,000",
    "١٢٬٠٠٠", "2 500,50", "2.500,50". One or two digits after a lone
    separator are decimals; three are a thousands group ("1.500" is
    1,500: fees and pay are rarely fractions of a unit), except after a
    point in a currency with three decimals (`decimals` 3: the Kuwaiti,
    Bahraini and Jordanian dinars, the Omani rial), whose contracts write
    "120.000" for 120; `point` is the reader's decimal point, "." or ","
    (French and Indonesian write "120,500"). Raises AmountError saying
    what is wrong."""
    decimals = max(decimals, 2)  # "50,000.00" is fine even in shillings, which have none
    plain = "".join(ch for ch in ascii_digits(text.strip()) if ch not in _SPACES)
    plain = plain.replace(ARABIC_DECIMAL, ".")
    if not plain:
        raise AmountError(AmountProblem.EMPTY, text)
    if plain.startswith("-"):
        raise AmountError(AmountProblem.NOT_POSITIVE, text)
    if decimals >= 3 and _POINT_THREE["," if point == "," else "."].match(plain):
        plain = plain.replace(",", ".")
    elif _GROUPED.match(plain):
        plain = plain.replace(",", "").replace(".", "")
    elif _INDIAN.match(plain) and len(plain.partition(".")[2]) <= decimals:
        plain = plain.replace(",", "")  # "1,50,000.50"
    elif (
        (mixed := _MIXED.match(plain))
        and mixed["sep"] != mixed["dec"]
        and len(mixed["minor"]) <= decimals
    ):
        plain = plain.replace(mixed["sep"], "").replace(",", ".")
    elif _DECIMAL.match(plain) and len(plain.replace(",", ".").partition(".")[2]) <= decimals:
        plain = plain.replace(",", ".")
    else:
        raise AmountError(AmountProblem.NOT_A_NUMBER, text)
    return check_amount(Decimal(plain), text, allow_zero=allow_zero)


def money_decimals(currency: str) -> int:
    """How many decimals a sum in `currency` may have when typed (2 unless
    the currency has 3; read_money takes 2 even for shillings)."""
    return 3 if currency.strip().upper() in THREE_DECIMAL_CURRENCIES else 2


def check_amount(value: Decimal, text: str = "", *, allow_zero: bool = False) -> Decimal:
    """The value if it is usable money: finite, positive (or zero when
    allowed) and not absurdly large."""
    if not value.is_finite():
        raise AmountError(AmountProblem.NOT_A_NUMBER, text)
    if value < 0 or (value == 0 and not allow_zero):
        raise AmountError(AmountProblem.NOT_POSITIVE, text)
    if value >= MAX_AMOUNT:
        raise AmountError(AmountProblem.TOO_LARGE, text)
    return value


def check_rate(value: Decimal, text: str = "") -> Decimal:
    """The value if it can be an exchange rate (see MIN_RATE)."""
    check_amount(value, text)
    if not usable_rate(value):
        raise AmountError(AmountProblem.NOT_A_RATE, text)
    return value


def usable_rate(rate: Decimal) -> bool:
    """False for a rate saved before rates were checked (1e-22, say): it is
    asked for again rather than used."""
    return rate.is_finite() and MIN_RATE <= rate < MAX_RATE


@dataclass(frozen=True)
class Payment:
    """One thing the worker paid for, as they recorded it."""

    category: FeeCategory
    amount: Decimal
    currency: str
    paid_on: dt.date | None = None
    receipt: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Earnings:
    """Expected or actual pay for one month in the destination."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class LedgerSummary:
    #: every payment converted to the earnings' currency, 2 places
    total: Decimal | None
    #: months of earnings the total equals (SDG 10.7.1), or None when unknown
    months: Decimal | None
    by_category: dict[FeeCategory, Decimal] = field(default_factory=dict)
    #: currencies paid in for which the worker has not given a rate yet
    missing_rates: frozenset[str] = frozenset()
    without_receipt: int = 0
    payments: int = 0


#: a rate worked out the other way round keeps this many digits: enough
#: that 500 QAR at 1 / 36.5 is 18,250.00 NPR (at 6 digits, 18,249.97), few
#: enough to read in its box (0.0273972603)
TURNED_DIGITS = 9


def rates_against(
    earnings_currency: str, given: Mapping[tuple[str, str], Decimal]
) -> dict[str, Decimal]:
    """How many of each other currency 1 unit of `earnings_currency` is
    worth, from the rates given as (unit, other) -> how many of other: as
    given, or turned round from a rate given the other way (the pay's
    currency was changed after "1 QAR is how many NPR?" was answered: the
    screen asked again, the other way round, with an empty box)."""
    # as given, usable or not (summarise asks again for one that is not)
    rates = {other: rate for (unit, other), rate in given.items() if unit == earnings_currency}
    for (unit, other), rate in given.items():
        if other == earnings_currency and unit not in rates and usable_rate(rate):
            turned = Context(prec=TURNED_DIGITS).divide(Decimal(1), rate)
            if usable_rate(turned):
                rates[unit] = turned
    return rates


def convert(amount: Decimal, currency: str, earnings_currency: str, rate: Decimal) -> Decimal:
    """`amount` in the earnings' currency, where 1 earnings unit = `rate` of `currency`."""
    if currency == earnings_currency:
        return amount
    if rate <= 0:
        raise ValueError("an exchange rate must be more than zero")
    return amount / rate


def summarise(
    payments: Iterable[Payment],
    earnings: Earnings | None,
    rates: Mapping[str, Decimal],
) -> LedgerSummary:
    """Totals in the earnings' currency and the months they equal. With no
    earnings, or a currency with no rate, the total is unknown rather than
    wrong; the summary says which rates are missing."""
    payments = list(payments)
    without_receipt = sum(not p.receipt for p in payments)
    rates = {c: r for c, r in rates.items() if usable_rate(r)}
    if earnings is None:
        return LedgerSummary(None, None, {}, frozenset(), without_receipt, len(payments))
    missing = frozenset(
        p.currency for p in payments if p.currency != earnings.currency and p.currency not in rates
    )
    if missing:
        return LedgerSummary(None, None, {}, missing, without_receipt, len(payments))
    converted = [
        (
            p.category,
            convert(p.amount, p.currency, earnings.currency, rates.get(p.currency, Decimal(1))),
        )
        for p in payments
    ]
    by_category: dict[FeeCategory, Decimal] = {}
    for category, amount in converted:
        by_category[category] = by_category.get(category, Decimal(0)) + amount
    total = sum((a for _, a in converted), Decimal(0))
    months = recruitment_cost_ratio([a for _, a in converted], earnings.amount)
    return LedgerSummary(
        total.quantize(TWO_PLACES, rounding=ROUND_HALF_EVEN),
        months,
        {c: a.quantize(TWO_PLACES, rounding=ROUND_HALF_EVEN) for c, a in by_category.items()},
        frozenset(),
        without_receipt,
        len(payments),
    )
