"""The warning signs a report's answers match, each with the rights articles
that explain it.

Haki never says whether a situation "is" forced labour: it names the signs
the ILO uses to recognise it (its eleven indicators) and the rights that
apply, and points to people who can advise. A sign is information for the
worker, not a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.codes import INDICATOR_OF, Category, Indicator
from app.core.report import categories_in_order

#: The rights articles (ids under content/rights/) that explain each category,
#: the most specific first.
ARTICLES: dict[Category, tuple[str, ...]] = {
    Category.WAGES: ("withholding-of-wages", "wages-paid-in-full"),
    Category.FEES: ("debt-bondage", "no-recruitment-fees"),
    Category.PASSPORT: ("retention-of-identity-documents", "keep-your-passport"),
    Category.DECEPTION: ("deception", "contract-substitution"),
    Category.CONFINEMENT: ("restriction-of-movement", "domestic-workers-live-in"),
    Category.ISOLATION: ("isolation",),
    Category.THREATS: ("intimidation-and-threats",),
    Category.VIOLENCE: ("physical-and-sexual-violence", "violence-and-harassment"),
    Category.HARASSMENT: ("violence-and-harassment",),
    Category.HOURS: ("excessive-overtime", "working-hours"),
    Category.UNSAFE: ("abusive-working-and-living-conditions", "safe-and-healthy-work"),
    Category.HEALTH_CARE: ("safe-and-healthy-work",),
    Category.UNION: ("join-a-union",),
    Category.OTHER: ("how-complaints-work",),
}

#: Read with any sign: what the indicators are, and how complaints work.
GENERAL_ARTICLES = ("forced-labour-warning-signs", "how-complaints-work")


@dataclass(frozen=True)
class Sign:
    category: Category
    #: the ILO forced-labour indicator it is, if any
    indicator: Indicator | None
    articles: tuple[str, ...]


def warning_signs(categories: Iterable[str]) -> list[Sign]:
    """The signs matching a report's categories: ILO indicators first, then
    the other breaches of rights, each in the order the question lists them."""
    chosen = categories_in_order(categories)
    signs = [Sign(c, INDICATOR_OF.get(c), ARTICLES[c]) for c in chosen]
    return sorted(signs, key=lambda s: s.indicator is None)
