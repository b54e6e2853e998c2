"""The recruitment-cost ratio: what recruitment cost a worker, in months of
the earnings it was for (SDG indicator 10.7.1).

One function, used by the ledger screen, by reports and by the server's
statistics, so the three can never disagree. Money is `Decimal`, never float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

from app.core.codes import CostBand

TWO_PLACES = Decimal("0.01")
PRECISION = 60


def recruitment_cost_ratio(costs: Iterable[Decimal], monthly_earnings: Decimal) -> Decimal:
    """Months of earnings the costs equal, rounded half-even to 2 places;
    but never to zero when something was paid (then 0.01 at least), so a
    worker who paid a little is not counted among those who paid nothing.

    `costs` are already in the earnings' currency. Raises ValueError for
    zero or negative earnings, a negative cost, or a value that is not a
    finite number.
    """
    if not isinstance(monthly_earnings, Decimal) or not monthly_earnings.is_finite():
        raise ValueError("monthly earnings must be a finite decimal number")
    if monthly_earnings <= 0:
        raise ValueError(f"monthly earnings must be more than zero, not {monthly_earnings}")
    # enough digits that no sum of real payments is ever rounded before the end
    with localcontext(prec=PRECISION):
        total = Decimal(0)
        for cost in costs:
            if not isinstance(cost, Decimal) or not cost.is_finite():
                raise ValueError(f"a cost must be a finite decimal number, not {cost!r}")
            if cost < 0:
                raise ValueError(f"a cost cannot be negative: {cost}")
            total += cost
        try:
            ratio = (total / monthly_earnings).quantize(TWO_PLACES, rounding=ROUND_HALF_EVEN)
        except InvalidOperation:
            raise ValueError("the costs are too large against the earnings to count") from None
    return TWO_PLACES if total > 0 and ratio == 0 else ratio


def cost_band(ratio: Decimal | None) -> CostBand:
    """The band a ratio falls in (lower bound included), for the clear part of
    a report; None means the worker gave no costs or no earnings."""
    if ratio is None:
        return CostBand.UNKNOWN
    if ratio <= 0:
        return CostBand.NONE
    for upper, band in (
        (1, CostBand.UNDER_1),
        (2, CostBand.FROM_1_TO_2),
        (3, CostBand.FROM_2_TO_3),
        (6, CostBand.FROM_3_TO_6),
    ):
        if ratio < upper:
            return band
    return CostBand.OVER_6
