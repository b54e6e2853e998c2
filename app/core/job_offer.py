"""The job-offer check: five questions a worker can answer before signing,
and the red flags their answers show.

It names warning signs and where to read more; it never says whether a job
is safe or whether something is forced labour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Question(StrEnum):
    AGENCY_LICENSED = "agency_licensed"  # is the agency licensed where you can check?
    WRITTEN_CONTRACT = "written_contract"  # a written contract in a language you understand?
    FEE_ASKED = "fee_asked"  # were you asked for any fee?
    MINIMUM_WAGE = "minimum_wage"  # is the wage at least the legal minimum?
    KEEP_PASSPORT = "keep_passport"  # will you keep your passport?


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Finding(StrEnum):
    RED_FLAG = "red_flag"  # the answer is a warning sign
    TO_CHECK = "to_check"  # not known yet: find out before you sign


#: The answer that is a warning sign for each question.
WARNING_ANSWER: dict[Question, Answer] = {
    Question.AGENCY_LICENSED: Answer.NO,
    Question.WRITTEN_CONTRACT: Answer.NO,
    Question.FEE_ASKED: Answer.YES,
    Question.MINIMUM_WAGE: Answer.NO,
    Question.KEEP_PASSPORT: Answer.NO,
}

#: The rights article that explains each question.
ARTICLE_FOR: dict[Question, str] = {
    Question.AGENCY_LICENSED: "check-your-recruitment-agency",
    Question.WRITTEN_CONTRACT: "written-contract",
    Question.FEE_ASKED: "no-recruitment-fees",
    Question.MINIMUM_WAGE: "minimum-wage",
    Question.KEEP_PASSPORT: "keep-your-passport",
}


@dataclass(frozen=True)
class MinimumWage:
    """A legal monthly minimum we have a checked source for."""

    amount: Decimal
    currency: str
    source: str
    article_id: str
    #: owed on top of `amount` when the employer does not give food, or a
    #: place to live (None where the law sets no such sum)
    food: Decimal | None = None
    housing: Decimal | None = None


#: Only minimums that content/rights cites; a country missing here is asked
#: about in words, never guessed.
MINIMUM_WAGES: dict[str, MinimumWage] = {
    # Law No. 17 of 2020: QAR 1,000 basic, all nationalities and sectors,
    # domestic workers included; QAR 300 for food and 500 for housing on top,
    # unless the employer gives them (content/rights/en/qatar-minimum-wage.md)
    "QA": MinimumWage(
        Decimal(1000),
        "QAR",
        "Qatar, Law No. 17 of 2020",
        "qatar-minimum-wage",
        food=Decimal(300),
        housing=Decimal(500),
    ),
}


@dataclass(frozen=True)
class OfferFinding:
    question: Question
    finding: Finding
    article_id: str


def findings(answers: Mapping[Question, Answer], destination: str | None) -> list[OfferFinding]:
    """Red flags first, then what is still to check, in question order.
    An unanswered question is something to check."""
    out: list[OfferFinding] = []
    for finding in (Finding.RED_FLAG, Finding.TO_CHECK):
        for question in Question:
            answer = answers.get(question, Answer.UNSURE)
            if answer is WARNING_ANSWER[question]:
                kind = Finding.RED_FLAG
            elif answer is Answer.UNSURE:
                kind = Finding.TO_CHECK
            else:
                continue
            if kind is finding:
                out.append(OfferFinding(question, kind, article_for(question, destination)))
    return out


def article_for(question: Question, destination: str | None) -> str:
    minimum = MINIMUM_WAGES.get(destination or "")
    if question is Question.MINIMUM_WAGE and minimum is not None:
        return minimum.article_id
    return ARTICLE_FOR[question]
