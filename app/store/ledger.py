"""The worker's recruitment-cost ledger on the device: payments, the monthly
earnings they are measured against, and the last exchange rate given for
each currency. None of it ever leaves the device; a report carries only the
band the ratio falls in, and only if the worker attaches it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.core.codes import FeeCategory
from app.core.ledger import Earnings, LedgerSummary, Payment, rates_against, summarise
from app.store.store import StorePart

EARNINGS_AMOUNT = "ledger.earnings.amount"
EARNINGS_CURRENCY = "ledger.earnings.currency"
RATE_PREFIX = "ledger.rate."


class LedgerStore(StorePart):
    def payments(self) -> list[Payment]:
        """Every payment, oldest first (undated ones last)."""
        with self.store.lock:
            rows = self.conn.execute(
                "select id, category, amount, currency, paid_on, receipt from ledger_payments "
                "order by paid_on is null, paid_on, id"
            ).fetchall()
        return [
            Payment(
                category=FeeCategory(category),
                amount=Decimal(amount),
                currency=currency,
                paid_on=dt.date.fromisoformat(paid_on) if paid_on else None,
                receipt=bool(receipt),
                id=int(pid),
            )
            for pid, category, amount, currency, paid_on, receipt in rows
        ]

    def add_payment(self, payment: Payment) -> int:
        """Save a payment; returns its id. A payment that has an id (one
        removed and brought back) keeps it, and so its place in the list,
        unless another payment took that id meanwhile."""
        values = [
            payment.category.value,
            str(payment.amount),
            payment.currency,
            payment.paid_on.isoformat() if payment.paid_on else None,
            int(payment.receipt),
        ]
        with self.changing():
            cur = self.db.execute(
                "insert or ignore into ledger_payments "
                "(id, category, amount, currency, paid_on, receipt) values (?, ?, ?, ?, ?, ?)",
                [payment.id, *values],
            )
            if cur.rowcount == 0:  # its id was taken: it comes back as a new one
                cur = self.db.execute(
                    "insert into ledger_payments (category, amount, currency, paid_on, receipt) "
                    "values (?, ?, ?, ?, ?)",
                    values,
                )
        return int(cur.lastrowid or 0)

    def remove_payment(self, payment_id: int) -> None:
        with self.changing():
            self.db.execute("delete from ledger_payments where id = ?", [payment_id])

    def earnings(self) -> Earnings | None:
        amount = self.store.get_setting(EARNINGS_AMOUNT)
        currency = self.store.get_setting(EARNINGS_CURRENCY)
        if not amount or not currency:
            return None
        return Earnings(Decimal(amount), currency)

    def set_earnings(self, earnings: Earnings) -> None:
        with self.changing():
            self.store.set_setting(EARNINGS_AMOUNT, str(earnings.amount))
            self.store.set_setting(EARNINGS_CURRENCY, earnings.currency)

    def rates(self, earnings_currency: str) -> dict[str, Decimal]:
        """The last rate given for each currency against `earnings_currency`
        (1 unit of the earnings' currency is worth this many of that one),
        or given the other way round (app.core.ledger.rates_against)."""
        with self.store.lock:
            rows = self.conn.execute(
                "select key, value from settings where substr(key, 1, length(?)) = ?",
                [RATE_PREFIX] * 2,
            ).fetchall()
        given = {}
        for key, value in rows:
            unit, _, other = key.removeprefix(RATE_PREFIX).partition(".")
            given[unit, other] = Decimal(value)
        return rates_against(earnings_currency, given)

    def set_rate(self, currency: str, earnings_currency: str, rate: Decimal) -> None:
        self.store.set_setting(f"{RATE_PREFIX}{earnings_currency}.{currency}", str(rate))

    def summary(self) -> LedgerSummary:
        earnings = self.earnings()
        rates = self.rates(earnings.currency) if earnings else {}
        return summarise(self.payments(), earnings, rates)

    def clear(self) -> None:
        """Remove every payment and the earnings; the rates stay remembered."""
        with self.changing():
            self.db.execute("delete from ledger_payments")
            self.db.execute(
                "delete from settings where key in (?, ?)", [EARNINGS_AMOUNT, EARNINGS_CURRENCY]
            )

    def forget(self) -> None:
        """Everything, the rates too: they tell which currencies were paid in."""
        with self.changing():
            self.clear()
            self.db.execute(
                "delete from settings where substr(key, 1, length(?)) = ?", [RATE_PREFIX] * 2
            )
