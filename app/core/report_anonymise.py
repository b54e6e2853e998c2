"""Split a report into what the server may read and what only the receiving
organisation may read.

The clear part holds only coded, coarse fields, exactly those of the wire
protocol's `ClearPart`: categories and the ILO indicators they point to,
destination and origin country, first-level region, sector, the month it
started (never a day), age band, sex, migration status and the
recruitment-cost ratio in bands. Everything else a worker said (their own
words, names of people, employers and agencies, contact details, how they
were recruited, the exact cost ratio) goes only into the sealed part.
Nothing identifies the device or says when the report was made.

The sealed part is a small dict with short keys, to keep reports small on
the wire (ciphertext does not compress):

    v   sealed schema version (1)
    lg  the UI language the worker wrote in
    t   their own words
    w   who did it: recruiter, employer, both
    rn  recruiter or agency name      en  employer name
    og  still going on: yes, no
    hr  how they were recruited
    r   exact recruitment-cost ratio, months of earnings ("3.25")
    l   cost ledger lines [fee category, amount, currency]
    c   how to contact them           cc  1 when they consented to contact

Keys with no answer are left out.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from app.core.codes import AgeBand, CostBand, MigrationStatus, Sex, indicators_of
from app.core.fees import cost_band
from app.core.report import (
    Answers,
    Costs,
    FollowUp,
    Problem,
    Who,
    all_problems,
    categories_in_order,
    cost_ratio,
)

SEALED_VERSION = 1

#: the sealed part's short keys, named for the organisation that opens it
#: (`python -m server.open_reports` writes these as its columns)
SEALED_NAMES = {
    "v": "sealed_version",
    "lg": "language",
    "t": "own_words",
    "w": "who",
    "rn": "recruiter_name",
    "en": "employer_name",
    "og": "still_going_on",
    "hr": "how_recruited",
    "r": "cost_ratio_months",
    "l": "costs",
    "c": "contact",
    "cc": "contact_consent",
}


class InvalidReport(ValueError):
    """The answers still have problems; `problems` says which, by answer."""

    def __init__(self, problems: dict[str, Problem]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in sorted(problems.items())))
        self.problems = problems


@dataclass(frozen=True)
class Anonymised:
    #: the fields of sync.protocol.ClearPart, as plain values
    clear: dict[str, object]
    #: everything else, with the short keys above
    sealed: dict[str, object]


def anonymise(answers: Answers, lang: str, today: dt.date) -> Anonymised:
    """The clear and sealed parts of a report whose answers pass every check
    (raises InvalidReport otherwise)."""
    found = all_problems(answers, today)
    if found:
        raise InvalidReport(found)
    categories = categories_in_order(answers.categories)
    destination = answers.chosen("destination")
    month = None
    if answers.started_year is not None and answers.started_month is not None:
        month = f"{answers.started_year:04d}-{answers.started_month:02d}"
    ratio = cost_ratio(answers)
    clear: dict[str, object] = {
        "categories": sorted(c.value for c in categories),
        "indicators": sorted(i.value for i in indicators_of(set(categories))),
        "destination": destination,
        "origin": answers.chosen("origin"),
        "region": answers.chosen("region") if destination else None,
        "sector": answers.chosen("sector"),
        "month": month,
        "age_band": answers.age_band or AgeBand.UNDISCLOSED.value,
        "sex": answers.sex or Sex.UNDISCLOSED.value,
        "migration_status": answers.migration_status or MigrationStatus.UNDISCLOSED.value,
        "cost_band": cost_band(ratio).value if ratio is not None else CostBand.UNKNOWN.value,
    }
    sealed: dict[str, object] = {"v": SEALED_VERSION, "lg": lang}
    _put(sealed, "t", _text(answers.words))
    who = answers.chosen("who")
    _put(sealed, "w", who)
    # a name is sent only beside the answer it was asked with (one typed and
    # then hidden by another answer stays in the draft, and goes with it)
    if who in (Who.RECRUITER, Who.BOTH):
        _put(sealed, "rn", _text(answers.recruiter_name))
    if who in (Who.EMPLOYER, Who.BOTH):
        _put(sealed, "en", _text(answers.employer_name))
    _put(sealed, "og", answers.chosen("ongoing"))
    _put(sealed, "hr", answers.chosen("recruited"))
    if ratio is not None:
        sealed["r"] = str(ratio)
    if answers.ledger and answers.costs == Costs.LEDGER:
        sealed["l"] = [list(line) for line in answers.ledger]
    if answers.follow_up == FollowUp.CONTACT and answers.contact_consent:
        _put(sealed, "c", _text(answers.contact))
        sealed["cc"] = 1
    return Anonymised(clear, sealed)


def _text(value: str) -> str:
    """Typed text as it will be read: NFC, trimmed."""
    return unicodedata.normalize("NFC", value).strip()


def _put(sealed: dict[str, object], key: str, value: str | None) -> None:
    if value:
        sealed[key] = value
