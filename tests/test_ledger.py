"""The recruitment-cost ledger: payments in several currencies, earnings,
remembered rates, and the months of earnings it all equals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision, get_decimal_symbol, list_currencies
from hypothesis import given, settings
from hypothesis import strategies as st

from app import paths
from app.content.catalogs import translator
from app.content.registry import load_registry
from app.core.codes import FeeCategory
from app.core.ledger import (
    THREE_DECIMAL_CURRENCIES,
    AmountError,
    AmountProblem,
    Earnings,
    Payment,
    ascii_digits,
    check_rate,
    convert,
    currency_named,
    money_decimals,
    rates_against,
    read_money,
    summarise,
)
from app.store.ledger import LedgerStore
from app.store.store import open_store

SAR = Earnings(Decimal(1000), "SAR")


def test_digits_of_every_script_become_ascii():
    assert ascii_digits("١٢٣ ۴۵۶ ७८९ ০১ ၂၃") == "123 456 789 01 23"
    assert ascii_digits("abc 1.5") == "abc 1.5"


def test_the_kenya_to_saudi_arabia_example():
    payments = [
        Payment(FeeCategory.RECRUITMENT_FEE, Decimal(1500), "SAR"),
        Payment(FeeCategory.MEDICAL, Decimal("250.50"), "SAR", receipt=True),
    ]
    summary = summarise(payments, SAR, {})
    assert summary.total == Decimal("1750.50")
    assert summary.months == Decimal("1.75")
    assert summary.without_receipt == 1
    assert summary.by_category[FeeCategory.MEDICAL] == Decimal("250.50")


def test_other_currencies_are_converted_with_the_workers_rate():
    # 1 SAR = 34.50 KES: a medical of 6,900 KES is 200 SAR
    payments = [
        Payment(FeeCategory.MEDICAL, Decimal(6900), "KES"),
        Payment(FeeCategory.DOCUMENTS, Decimal(300), "SAR"),
    ]
    summary = summarise(payments, SAR, {"KES": Decimal("34.50")})
    assert summary.total == Decimal("500.00")
    assert summary.months == Decimal("0.50")


def test_a_missing_rate_leaves_the_total_unknown_not_wrong():
    payments = [Payment(FeeCategory.MEDICAL, Decimal(6900), "KES")]
    summary = summarise(payments, SAR, {})
    assert summary.total is None and summary.months is None
    assert summary.missing_rates == {"KES"}


@pytest.mark.parametrize("rate", ["0.00001", "0.0077", "34.5", "300000"])
def test_the_rates_of_currencies_in_use_are_taken(rate):
    assert check_rate(Decimal(rate)) == Decimal(rate)


@pytest.mark.parametrize("rate", ["1e-22", "0.0000000001", "1e9", "5e11"])
def test_a_rate_no_two_currencies_have_is_refused(rate):
    with pytest.raises(AmountError) as info:
        check_rate(Decimal(rate))
    assert info.value.problem is AmountProblem.NOT_A_RATE


def test_a_rate_saved_before_rates_were_checked_is_asked_for_again():
    """1e-22 made 150,000 NPR some 1.5e27 USD, too long to round: the costs
    screen and the summary failed at every start."""
    payments = [Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR")]
    summary = summarise(payments, Earnings(Decimal(1000), "USD"), {"NPR": Decimal("1e-22")})
    assert summary.total is None and summary.missing_rates == {"NPR"}


def test_no_earnings_means_no_ratio():
    summary = summarise([Payment(FeeCategory.OTHER, Decimal(5), "SAR")], None, {})
    assert summary.months is None and summary.payments == 1


def test_the_ledger_is_kept_across_restarts(tmp_path):
    path = tmp_path / "haki.db"
    store = open_store(path)
    ledger = LedgerStore(store)
    ledger.add_payment(
        Payment(FeeCategory.RECRUITMENT_FEE, Decimal("1500"), "SAR", dt.date(2026, 3, 1), True)
    )
    ledger.add_payment(Payment(FeeCategory.MEDICAL, Decimal("250.50"), "SAR"))
    ledger.set_earnings(SAR)
    ledger.set_rate("KES", "SAR", Decimal("34.50"))
    store.close()

    ledger = LedgerStore(open_store(path))
    payments = ledger.payments()
    assert [p.amount for p in payments] == [Decimal("1500"), Decimal("250.50")]
    assert str(payments[1].amount) == "250.50"  # no float on the way
    assert payments[0].paid_on == dt.date(2026, 3, 1) and payments[0].receipt
    assert ledger.earnings() == SAR
    assert ledger.rates("SAR") == {"KES": Decimal("34.50")}
    assert ledger.rates("AED") == {}  # a rate belongs to its pair of currencies
    assert ledger.summary().months == Decimal("1.75")


def test_removing_and_clearing(store):
    ledger = LedgerStore(store)
    first = ledger.add_payment(Payment(FeeCategory.TRAINING, Decimal(10), "SAR"))
    ledger.add_payment(Payment(FeeCategory.TESTS, Decimal(20), "SAR"))
    ledger.set_earnings(SAR)
    ledger.set_rate("KES", "SAR", Decimal(35))
    ledger.remove_payment(first)
    assert [p.category for p in ledger.payments()] == [FeeCategory.TESTS]
    ledger.clear()
    assert ledger.payments() == [] and ledger.earnings() is None
    assert ledger.rates("SAR") == {"KES": Decimal(35)}  # the rate is still remembered


def test_a_payment_brought_back_takes_its_place_again(store):
    """Undo after a slip: it came back last, under a new id (QA pass)."""
    ledger = LedgerStore(store)
    ids = [ledger.add_payment(Payment(c, Decimal(10), "SAR")) for c in list(FeeCategory)[:3]]
    middle = ledger.payments()[1]
    ledger.remove_payment(ids[1])
    assert ledger.add_payment(middle) == ids[1]
    assert ledger.payments()[1] == middle
    # taken meanwhile (the newest removed, then a new one added): a new id
    newest = ledger.payments()[2]
    ledger.remove_payment(ids[2])
    taken = ledger.add_payment(Payment(FeeCategory.OTHER, Decimal(1), "SAR"))
    back = ledger.add_payment(newest)
    assert back != taken and len(ledger.payments()) == 4


@pytest.mark.parametrize("rate", [Decimal(0), Decimal(-1)])
def test_a_rate_must_be_positive(rate):
    with pytest.raises(ValueError):
        convert(Decimal(5), "KES", "SAR", rate)
    # one saved anyway is asked for again, not used
    summary = summarise([Payment(FeeCategory.OTHER, Decimal(5), "KES")], SAR, {"KES": rate})
    assert summary.total is None and summary.missing_rates == {"KES"}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1500", "1500"),
        ("1,500", "1500"),
        ("1.500", "1500"),  # a thousands group in every language, never 1.5
        ("1.200.000", "1200000"),
        ("1,50,000", "150000"),  # lakh grouping
        ("1,50,000.50", "150000.50"),
        ("2 500,50", "2500.50"),
        ("2.500,50", "2500.50"),
        ("2,500.50", "2500.50"),
        ("1,5", "1.5"),
        ("99.5", "99.5"),
        ("١٢٬٠٠٠", "12000"),  # Arabic-Indic digits and group sign
        ("١٢٫٥", "12.5"),
        ("१५००", "1500"),
        ("၁၅၀၀", "1500"),
        (" 1\u202f500 ", "1500"),
    ],
)
def test_money_reads_the_same_in_every_language(typed, value):
    assert read_money(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("120.000", "120"),  # as a Kuwaiti or Omani contract writes 120
        ("120.500", "120.5"),
        ("1,500", "1500"),  # a comma still groups thousands
        ("1,200.500", "1200.5"),
        ("1.200.000", "1200000"),
        ("99.25", "99.25"),
    ],
)
def test_in_a_currency_with_three_decimals_a_point_before_three_digits_is_decimal(typed, value):
    assert read_money(typed, decimals=3) == Decimal(value)


def test_a_currency_with_no_decimals_still_takes_cents_written_out():
    assert read_money("50,000.00", decimals=0) == 50000
    assert read_money("1.500", decimals=0) == 1500


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", AmountProblem.EMPTY),
        ("  ", AmountProblem.EMPTY),
        ("abc", AmountProblem.NOT_A_NUMBER),
        ("12,34,5", AmountProblem.NOT_A_NUMBER),
        ("1.2.3", AmountProblem.NOT_A_NUMBER),
        ("1.5555", AmountProblem.NOT_A_NUMBER),
        # a first group never starts with 0: not 125 and 500, a thousand times
        # what was meant (and too many decimals for a sum of money)
        ("0,125", AmountProblem.NOT_A_NUMBER),
        ("0.500", AmountProblem.NOT_A_NUMBER),
        ("0,125.50", AmountProblem.NOT_A_NUMBER),
        ("NaN", AmountProblem.NOT_A_NUMBER),
        ("-5", AmountProblem.NOT_POSITIVE),
        ("0", AmountProblem.NOT_POSITIVE),
        ("5000000000000", AmountProblem.TOO_LARGE),
    ],
)
def test_money_that_cannot_be_read_says_why(typed, problem):
    with pytest.raises(AmountError) as info:
        read_money(typed)
    assert info.value.problem is problem
    assert read_money("0", allow_zero=True) == 0


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=1, max_value=10**13 - 1),
    code=st.sampled_from(
        ["en", "ar", "am", "fr", "om", "sw", "ne", "bn", "hi", "ur", "fil", "id", "my"]
    ),
)
def test_an_amount_shown_in_any_language_reads_back_the_same(cents, code):
    # the earnings field is filled with the saved amount in the reader's
    # number format: saving it again must not change it
    registry = load_registry(paths.LANGUAGES_FILE)
    amount = Decimal(cents) / 100
    shown = translator(registry, paths.TRANSLATIONS_DIR, code).format_number(amount)
    assert read_money(shown) == amount, shown
    # and in Kuwaiti dinars, to the fils, with the reader's decimal point
    mills = Decimal(cents) / 1000
    tr = translator(registry, paths.TRANSLATIONS_DIR, code)
    shown = tr.format_number(mills)
    assert read_money(shown, decimals=3, point=get_decimal_symbol(tr.locale)) == mills, shown


def test_a_sum_below_one_reads_as_a_decimal():
    assert read_money("0,50") == read_money("0.50") == Decimal("0.5")
    assert read_money("0,125", decimals=3, point=",") == Decimal("0.125")


@settings(max_examples=200, deadline=None)
@given(
    rate=st.decimals(min_value="0.000001", max_value="100000", places=6),
    code=st.sampled_from(["en", "ar", "fr", "id", "my", "ne"]),
)
def test_an_exchange_rate_shown_in_any_language_reads_back_the_same(rate, code):
    # the rate field is filled with the saved rate: shown rounded (0.02817
    # as 0.028) and saved again, it changed every total
    tr = translator(load_registry(paths.LANGUAGES_FILE), paths.TRANSLATIONS_DIR, code)
    shown = tr.format_number(rate, exact=True)
    assert tr.parse_amount(shown) == rate, shown


def test_the_currencies_with_three_decimals_are_cldrs():
    # app.core keeps its own list (it reads no locale data); it must say
    # what babel's CLDR data says, for every currency CLDR knows
    assert {
        c for c in list_currencies() if get_currency_precision(c) == 3
    } == THREE_DECIMAL_CURRENCIES
    assert money_decimals("kwd ") == 3
    assert money_decimals("KES") == money_decimals("") == 2


@pytest.mark.parametrize("currency", ["", "KES", "KWD"])
@pytest.mark.parametrize("point", [".", ","])
@pytest.mark.parametrize(
    "typed",
    ["1.500", "1,500", "120.000", "120,500", "2.500,50", "1,50,000", "١٢٬٠٠٠", "", "abc", "-5"],
)
def test_a_report_reads_a_cost_as_the_ledger_does(typed, currency, point):
    from app.core.report import Problem, parse_amount

    in_report = parse_amount(typed, currency, point)
    try:
        decimals = get_currency_precision(currency) if currency else 2
        assert in_report == read_money(typed, decimals=decimals, point=point, allow_zero=True)
    except AmountError:
        assert isinstance(in_report, Problem)


NAMES = [
    ("KES", "Kenyan Shilling"),
    ("UGX", "Ugandan Shilling"),
    ("QAR", "Qatari Riyal"),
    ("SAR", "Saudi Riyal"),
    ("ETB", "Ethiopian Birr"),
    ("ETB", "የኢትዮጵያ ብር"),
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ken", "KES"),
        ("KENYAN shilling", "KES"),
        ("birr", "ETB"),
        ("ብር", "ETB"),  # its name in Amharic and in English: still one currency
        ("saudi riyal", "SAR"),
        ("riyal", None),  # Qatar's or Saudi Arabia's: the worker is asked
        ("shilling", None),
        ("r", None),  # too few letters to tell
        ("enyan", None),  # the start of a word, not any part of one
        ("dollar", None),
        ("", None),
    ],
)
def test_a_currency_is_found_by_its_name_when_only_one_has_it(typed, code):
    assert currency_named(typed, NAMES) == code


def test_the_picker_takes_a_code_or_one_currencys_name():
    from babel import Locale

    from app.ui.money import currency_dropdown, picked_currency

    picker = currency_dropdown("QAR", "Currency", str)
    assert picked_currency(picker, "QAR", Locale("en")) == "QAR"  # nothing typed
    for typed, locale, code in [
        ("jpy", "en", "JPY"),
        ("Kenyan", "en", "KES"),
        ("ብር", "am", "ETB"),
        ("birr", "am", "ETB"),  # the English name in an Amharic screen
        ("riyal", "en", None),
        ("Rs", "en", None),
    ]:
        picker.text = typed
        assert picked_currency(picker, "QAR", Locale(locale)) == code, typed


def test_a_rate_given_the_other_way_round_is_turned_round():
    """ "1 QAR is how many NPR?" answered 36.5, then the pay's currency
    changed to NPR: the rate is 1 / 36.5, to nine digits, not asked again."""
    given = {("QAR", "NPR"): Decimal("36.5"), ("NPR", "INR"): Decimal("0.625")}
    assert rates_against("QAR", given) == {"NPR": Decimal("36.5")}
    assert rates_against("NPR", given) == {"QAR": Decimal("0.0273972603"), "INR": Decimal("0.625")}
    # one given each way: the one given for this pay's currency counts
    both = {**given, ("NPR", "QAR"): Decimal("0.03")}
    assert rates_against("NPR", both)["QAR"] == Decimal("0.03")
    assert rates_against("KES", given) == {}


def test_the_ledger_turns_a_rate_round_when_the_pay_changes_currency(tmp_path):
    store = open_store(paths.db_path(tmp_path))
    ledger = LedgerStore(store)
    ledger.set_earnings(Earnings(Decimal(1000), "QAR"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(73000), "NPR"))
    ledger.set_rate("NPR", "QAR", Decimal("36.5"))
    assert ledger.summary().total == Decimal("2000.00")
    ledger.add_payment(Payment(FeeCategory.TRAVEL_LODGING, Decimal(500), "QAR"))
    ledger.set_earnings(Earnings(Decimal(36500), "NPR"))  # the pay, in rupees
    summary = ledger.summary()
    assert summary.missing_rates == frozenset()  # QAR: 1 / 36.5, not asked again
    assert summary.total == Decimal("91250.00")  # 73,000 + 500 QAR in rupees
    store.close()
