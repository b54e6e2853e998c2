"""A report as the worker gives it: the wizard's questions in order, the
answers, and the checks on them.

Answers are kept as the worker typed or chose them (amounts stay text), so a
failed check never loses anything: the draft holds exactly what was on the
screen. A check returns problems as codes, keyed by the answer they are
about; the UI says each one in the reader's language. Everything here is
pure: today's date is passed in.

Single choices use the codes of app.core.codes where the clear part needs
them, and small enums here for what only travels sealed. `UNDISCLOSED`
("prefer not to say") is a choice on every personal question; an answer
never given counts the same.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from enum import IntEnum, StrEnum

from app.core.codes import AgeBand, Category, MigrationStatus, Sector, Sex
from app.core.fees import recruitment_cost_ratio
from app.core.ledger import AmountError, AmountProblem, money_decimals, read_money
from app.core.report_places import is_country, regions_of

UNDISCLOSED = "undisclosed"

#: Longest answers, in characters. The sealed blob must stay under the wire
#: protocol's limit (about 12 KB) even in scripts of three bytes a character.
NAME_MAX = 120
CONTACT_MAX = 200
WORDS_MAX = 2000
#: How many years back the "when did it start" question offers.
YEARS_BACK = 10


class Step(StrEnum):
    """The wizard's screens, one question each, in order."""

    WHAT = "what"
    COUNTRY = "country"
    REGION = "region"
    SECTOR = "sector"
    STARTED = "started"
    ONGOING = "ongoing"
    WHO = "who"
    SEX = "sex"
    AGE = "age"
    ORIGIN = "origin"
    STATUS = "status"
    RECRUITED = "recruited"
    COSTS = "costs"
    WORDS = "words"
    CONTACT = "contact"
    REVIEW = "review"


class Part(IntEnum):
    """The eight parts of a report, as the progress indicator counts them."""

    WHAT = 1
    WHERE_WHEN = 2
    WHO = 3
    ABOUT_YOU = 4
    COSTS = 5
    OWN_WORDS = 6
    FOLLOW_UP = 7
    REVIEW = 8


PART_OF: dict[Step, Part] = {
    Step.WHAT: Part.WHAT,
    Step.COUNTRY: Part.WHERE_WHEN,
    Step.REGION: Part.WHERE_WHEN,
    Step.SECTOR: Part.WHERE_WHEN,
    Step.STARTED: Part.WHERE_WHEN,
    Step.ONGOING: Part.WHERE_WHEN,
    Step.WHO: Part.WHO,
    Step.SEX: Part.ABOUT_YOU,
    Step.AGE: Part.ABOUT_YOU,
    Step.ORIGIN: Part.ABOUT_YOU,
    Step.STATUS: Part.ABOUT_YOU,
    Step.RECRUITED: Part.ABOUT_YOU,
    Step.COSTS: Part.COSTS,
    Step.WORDS: Part.OWN_WORDS,
    Step.CONTACT: Part.FOLLOW_UP,
    Step.REVIEW: Part.REVIEW,
}


class Who(StrEnum):
    """Who did it (travels sealed)."""

    RECRUITER = "recruiter"  # a recruiter or agency
    EMPLOYER = "employer"
    BOTH = "both"
    UNDISCLOSED = UNDISCLOSED


class Ongoing(StrEnum):
    YES = "yes"
    NO = "no"
    UNDISCLOSED = UNDISCLOSED


class Recruited(StrEnum):
    """How the worker got the job (travels sealed)."""

    AGENCY = "agency"  # a licensed or unlicensed recruitment agency
    BROKER = "broker"  # a middleman or sub-agent
    EMPLOYER = "employer"  # the employer directly
    FRIEND_FAMILY = "friend_family"
    GOVERNMENT = "government"  # a government-to-government programme
    OTHER = "other"
    UNDISCLOSED = UNDISCLOSED


class Costs(StrEnum):
    """How the worker answers the recruitment-cost question."""

    AMOUNTS = "amounts"  # typed what they paid and what they earn a month
    NOTHING = "nothing"  # paid nothing
    LEDGER = "ledger"  # attached the cost ledger from the checklist
    UNKNOWN = "unknown"  # does not know, or prefers not to say


class FollowUp(StrEnum):
    ANONYMOUS = "anonymous"
    CONTACT = "contact"


class Problem(StrEnum):
    """Why an answer cannot be used; the UI words each one."""

    NO_CATEGORY = "no_category"
    UNKNOWN_CHOICE = "unknown_choice"  # a code not offered (an old or damaged draft)
    REGION_ELSEWHERE = "region_elsewhere"
    YEAR_MISSING = "year_missing"
    IN_FUTURE = "in_future"
    TOO_LONG = "too_long"
    NOT_AN_AMOUNT = "not_an_amount"
    AMOUNT_MISSING = "amount_missing"
    NOT_POSITIVE = "not_positive"
    TOO_LARGE = "too_large"
    CONTACT_MISSING = "contact_missing"
    CONTACT_CONSENT = "contact_consent"
    CONSENT_MISSING = "consent_missing"


#: The choices each single-choice answer may hold (besides None: not given).
CHOICES: dict[str, frozenset[str]] = {
    "sector": frozenset(Sector),
    "ongoing": frozenset(Ongoing),
    "who": frozenset(Who),
    "sex": frozenset(Sex),
    "age_band": frozenset(AgeBand),
    "migration_status": frozenset(MigrationStatus),
    "recruited": frozenset(Recruited),
    "costs": frozenset(Costs),
    "follow_up": frozenset(FollowUp),
}


@dataclass
class Answers:
    """Everything the wizard asks; None means not answered (yet)."""

    categories: list[str] = field(default_factory=list)
    destination: str | None = None  # ISO country code, or UNDISCLOSED
    region: str | None = None  # ISO 3166-2 first-level code, or UNDISCLOSED
    sector: str | None = None
    started_year: int | None = None
    started_month: int | None = None  # 1-12
    ongoing: str | None = None
    who: str | None = None
    recruiter_name: str = ""
    employer_name: str = ""
    sex: str | None = None
    age_band: str | None = None
    origin: str | None = None  # country of citizenship, or UNDISCLOSED
    migration_status: str | None = None
    recruited: str | None = None
    costs: str | None = None
    costs_paid: str = ""  # as typed
    monthly_earnings: str = ""  # as typed
    #: how those two are read: the currency both are in (ISO 4217; "120.000"
    #: is 120 in Kuwaiti dinars, 120,000 in most others) and the decimal
    #: point of the language they were typed in ("120,500" is 120.5 dinars
    #: to a French reader); kept with the text, so a draft resumed in
    #: another language still means what was typed
    costs_currency: str = ""
    costs_point: str = "."
    #: the cost ledger, when attached: [fee category, amount, currency] lines
    ledger: list[list[str]] = field(default_factory=list)
    ledger_ratio: str | None = None
    words: str = ""
    follow_up: str | None = None
    contact: str = ""
    contact_consent: bool = False
    consent: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Answers:
        """Read a saved draft; anything unreadable or of the wrong kind is
        dropped (a check then asks again) rather than failing."""
        try:
            raw = json.loads(text)
        except ValueError:
            return cls()
        if not isinstance(raw, dict):
            return cls()
        return cls.from_mapping(raw)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object]) -> Answers:
        answers = cls()
        for f in fields(cls):
            if f.name not in raw:
                continue
            value = raw[f.name]
            default = getattr(answers, f.name)
            if f.name == "categories":
                if isinstance(value, list) and _is_str_list(value):
                    answers.categories = [str(v) for v in value]
            elif f.name == "ledger":
                if isinstance(value, list):
                    answers.ledger = [
                        [str(x) for x in line] for line in value if isinstance(line, list)
                    ]
            elif isinstance(default, bool):
                if isinstance(value, bool):
                    setattr(answers, f.name, value)
            elif isinstance(default, str):
                if isinstance(value, str):
                    setattr(answers, f.name, value)
            elif f.name in ("started_year", "started_month"):
                if value is None or (isinstance(value, int) and not isinstance(value, bool)):
                    setattr(answers, f.name, value)
            elif value is None or isinstance(value, str):
                setattr(answers, f.name, value)
        return answers

    # derived values ---------------------------------------------------------
    def chosen(self, name: str) -> str | None:
        """A single choice as a code, with "prefer not to say" as None."""
        value = getattr(self, name)
        return None if value in (None, UNDISCLOSED) else str(value)

    def choose(self, name: str, value: str | int | None) -> None:
        """Set one answer; a new destination forgets the old one's region."""
        if name == "destination" and value != self.destination:
            self.region = None
        setattr(self, name, value)

    def toggle(self, category: str) -> None:
        if category in self.categories:
            self.categories.remove(category)
        else:
            self.categories.append(category)


def merged(stored: Answers, before: Answers, after: Answers) -> Answers:
    """`stored` with what changed from `before` to `after` written over it.
    A screen saves only what it changed: the same draft open in two windows
    (a shared laptop) keeps the answers each one gave. Categories merge one
    by one; a new destination brings its region with it, and a region chosen
    for a country the report no longer names is not taken."""
    out = copy.deepcopy(stored)
    for f in fields(Answers):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if f.name == "categories":
            kept = [c for c in out.categories if c in new or c not in old]
            out.categories = kept + [c for c in new if c not in old and c not in kept]
        elif old != new or (f.name == "region" and before.destination != after.destination):
            setattr(out, f.name, copy.deepcopy(new))
    if out.destination != after.destination:
        # a region chosen here was chosen for a country the report no longer names
        out.region = stored.region
    return out


_Check = Callable[[Answers, dt.date, dict[str, Problem]], None]


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# the flow ---------------------------------------------------------------------
def steps_for(answers: Answers) -> list[Step]:
    """The screens this report goes through: the region question only when
    the destination has regions to choose from."""
    return [s for s in Step if s is not Step.REGION or regions_of(answers.chosen("destination"))]


def next_step(answers: Answers, step: Step) -> Step | None:
    steps = steps_for(answers)
    if step not in steps:
        return steps[0]
    i = steps.index(step)
    return steps[i + 1] if i + 1 < len(steps) else None


def previous_step(answers: Answers, step: Step) -> Step | None:
    steps = steps_for(answers)
    if step not in steps:
        return steps[0]
    i = steps.index(step)
    return steps[i - 1] if i > 0 else None


def progress(answers: Answers, step: Step) -> float:
    """How far along the report is, from 0 (first screen) to 1 (review)."""
    steps = steps_for(answers)
    if step not in steps:
        return 0.0
    return steps.index(step) / (len(steps) - 1)


def year_choices(today: dt.date) -> list[int]:
    """The years the "when did it start" question offers, newest first."""
    return [today.year - i for i in range(YEARS_BACK)]


# amounts ----------------------------------------------------------------------
#: why a typed amount cannot be used, in the report's terms
_AMOUNT_PROBLEMS = {
    AmountProblem.EMPTY: Problem.AMOUNT_MISSING,
    AmountProblem.NOT_A_NUMBER: Problem.NOT_AN_AMOUNT,
    AmountProblem.NOT_POSITIVE: Problem.NOT_AN_AMOUNT,
    AmountProblem.TOO_LARGE: Problem.TOO_LARGE,
    AmountProblem.NOT_A_RATE: Problem.NOT_AN_AMOUNT,  # rates are not read here
}


def parse_amount(text: str, currency: str = "", point: str = ".") -> Decimal | Problem:
    """A money amount as the ledger reads it (app.core.ledger.read_money),
    in `currency`, typed by a reader whose decimal point is `point`; zero
    is a number here: whether it may be zero depends on the question."""
    try:
        return read_money(text, decimals=money_decimals(currency), point=point, allow_zero=True)
    except AmountError as exc:
        return _AMOUNT_PROBLEMS[exc.problem]


def typed_amount(answers: Answers, name: str) -> Decimal | Problem:
    """One of the typed cost answers, read in the currency and with the
    decimal point they were typed with."""
    return parse_amount(getattr(answers, name), answers.costs_currency, answers.costs_point)


def cost_ratio(answers: Answers) -> Decimal | None:
    """The recruitment-cost ratio (months of earnings) the answers give, or
    None when the worker gave no costs or no earnings."""
    if answers.costs == Costs.NOTHING:
        return Decimal("0.00")
    if answers.costs == Costs.LEDGER and answers.ledger_ratio:
        try:
            return Decimal(answers.ledger_ratio)
        except InvalidOperation:
            return None
    if answers.costs != Costs.AMOUNTS:
        return None
    paid = typed_amount(answers, "costs_paid")
    earned = typed_amount(answers, "monthly_earnings")
    if isinstance(paid, Problem) or isinstance(earned, Problem) or earned <= 0:
        return None
    return recruitment_cost_ratio([paid], earned)


# checks -----------------------------------------------------------------------
def problems(answers: Answers, step: Step, today: dt.date) -> dict[str, Problem]:
    """What stops the worker leaving `step`, by the answer it is about."""
    found: dict[str, Problem] = {}
    check = _CHECKS.get(step)
    if check is not None:
        check(answers, today, found)
    return found


def all_problems(answers: Answers, today: dt.date) -> dict[str, Problem]:
    """Every problem of every screen: a report is sent only with none."""
    found: dict[str, Problem] = {}
    for step in Step:
        for key, problem in problems(answers, step, today).items():
            found.setdefault(key, problem)
    return found


def _check_what(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    if not a.categories:
        found["categories"] = Problem.NO_CATEGORY
    elif any(c not in set(Category) for c in a.categories) or len(set(a.categories)) != len(
        a.categories
    ):
        found["categories"] = Problem.UNKNOWN_CHOICE


def _check_country(name: str) -> _Check:
    def check(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
        value = getattr(a, name)
        if value not in (None, UNDISCLOSED) and not is_country(str(value)):
            found[name] = Problem.UNKNOWN_CHOICE

    return check


def _check_region(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    if a.region in (None, UNDISCLOSED):
        return
    if a.region not in regions_of(a.chosen("destination")):
        found["region"] = Problem.REGION_ELSEWHERE


def _check_choice(*names: str) -> _Check:
    def check(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
        for name in names:
            value = getattr(a, name)
            if value is not None and value not in CHOICES[name]:
                found[name] = Problem.UNKNOWN_CHOICE

    return check


def _check_started(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    year, month = a.started_year, a.started_month
    if month is not None and not 1 <= month <= 12:
        found["started_month"] = Problem.UNKNOWN_CHOICE
    if year is not None and year not in year_choices(today):
        found["started_year"] = Problem.UNKNOWN_CHOICE
    if found:
        return
    if month is not None and year is None:
        found["started_year"] = Problem.YEAR_MISSING
    elif year is not None and month is not None and (year, month) > (today.year, today.month):
        found["started_month"] = Problem.IN_FUTURE


def _check_who(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    _check_choice("who")(a, today, found)
    for name in ("recruiter_name", "employer_name"):
        if len(getattr(a, name)) > NAME_MAX:
            found[name] = Problem.TOO_LONG


def _check_costs(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    _check_choice("costs")(a, today, found)
    if a.costs != Costs.AMOUNTS:
        return
    for name in ("costs_paid", "monthly_earnings"):
        value = typed_amount(a, name)
        if isinstance(value, Problem):
            found[name] = value
        elif name == "monthly_earnings" and value <= 0:
            found[name] = Problem.NOT_POSITIVE


def _check_words(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    if len(a.words) > WORDS_MAX:
        found["words"] = Problem.TOO_LONG


def _check_contact(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    _check_choice("follow_up")(a, today, found)
    if a.follow_up != FollowUp.CONTACT:
        return
    if not a.contact.strip():
        found["contact"] = Problem.CONTACT_MISSING
    elif len(a.contact) > CONTACT_MAX:
        found["contact"] = Problem.TOO_LONG
    elif not a.contact_consent:
        found["contact_consent"] = Problem.CONTACT_CONSENT


def _check_review(a: Answers, today: dt.date, found: dict[str, Problem]) -> None:
    if not a.consent:
        found["consent"] = Problem.CONSENT_MISSING


_CHECKS = {
    Step.WHAT: _check_what,
    Step.COUNTRY: _check_country("destination"),
    Step.REGION: _check_region,
    Step.SECTOR: _check_choice("sector"),
    Step.STARTED: _check_started,
    Step.ONGOING: _check_choice("ongoing"),
    Step.WHO: _check_who,
    Step.SEX: _check_choice("sex"),
    Step.AGE: _check_choice("age_band"),
    Step.ORIGIN: _check_country("origin"),
    Step.STATUS: _check_choice("migration_status"),
    Step.RECRUITED: _check_choice("recruited"),
    Step.COSTS: _check_costs,
    Step.WORDS: _check_words,
    Step.CONTACT: _check_contact,
    Step.REVIEW: _check_review,
}


def first_step_with_problems(answers: Answers, today: dt.date) -> Step | None:
    """The first screen to send the worker back to, if any answer is wrong."""
    for step in steps_for(answers):
        if problems(answers, step, today):
            return step
    return None


def categories_in_order(codes: Iterable[str]) -> list[Category]:
    """Known categories among `codes`, in the order the question lists them."""
    given = set(codes)
    return [c for c in Category if c.value in given]
