"""The recruitment-cost ledger: payments in several currencies, earnings,
remembered rates, and the months of earnings it all equals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.core.codes import FeeCategory
from app.core.ledger import Earnings, Payment, ascii_digits, summarise
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


@pytest.mark.parametrize("rate", [Decimal(0), Decimal(-1)])
def test_a_rate_must_be_positive(rate):
    with pytest.raises(ValueError):
        summarise([Payment(FeeCategory.OTHER, Decimal(5), "KES")], SAR, {"KES": rate})
