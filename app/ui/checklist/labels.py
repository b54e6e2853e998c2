"""Words for the checklist section's coded values, in one place so the
catalog extractor finds them all."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from app.core.checklist import Group
from app.core.codes import FeeCategory
from app.core.job_offer import Question
from app.core.ledger import AmountProblem

if TYPE_CHECKING:
    from app.content.catalogs import Translator

Gettext = Callable[[str], str]


def months_text(tr: Translator, months: Decimal) -> str:
    """ "This equals 1 month" / "3.42 months" of earnings. A fraction takes
    the plural ("other") form; 1000 picks it in the plural rules of English,
    French and most others."""
    count = int(months) if months == months.to_integral_value() else 1000
    return tr.ngettext(
        "This equals {months} month of your earnings.",
        "This equals {months} months of your earnings.",
        count,
    ).format(months=tr.format_number(months))


def group_label(group: Group, _: Gettext) -> str:
    return {
        Group.DOCUMENTS: _("Documents"),
        Group.JOB_OFFER: _("Job offer and contract"),
        Group.RECRUITER: _("Recruiter"),
        Group.MONEY: _("Money and fees"),
        Group.HEALTH: _("Health"),
        Group.CONTACTS: _("Contacts and help"),
        Group.RIGHTS: _("Know your rights"),
    }[group]


def fee_label(category: FeeCategory, _: Gettext) -> str:
    return {
        FeeCategory.RECRUITMENT_FEE: _("Recruitment or agency fee"),
        FeeCategory.MEDICAL: _("Medical check"),
        FeeCategory.INSURANCE: _("Insurance"),
        FeeCategory.TESTS: _("Skills or language test"),
        FeeCategory.TRAINING: _("Training and orientation"),
        FeeCategory.EQUIPMENT: _("Equipment or uniform"),
        FeeCategory.TRAVEL_LODGING: _("Travel and lodging"),
        FeeCategory.DOCUMENTS: _("Passport, visa and permits"),
        FeeCategory.OTHER: _("Something else"),
    }[category]


def question_text(question: Question, _: Gettext) -> str:
    return {
        Question.AGENCY_LICENSED: _(
            "Is the recruitment agency licensed, and did you check it yourself?"
        ),
        Question.WRITTEN_CONTRACT: _(
            "Do you have a written contract, in a language you understand, before you leave?"
        ),
        Question.FEE_ASKED: _("Did anyone ask you to pay a fee to get this job?"),
        Question.MINIMUM_WAGE: _(
            "Is the wage at least the legal minimum wage where you will work?"
        ),
        Question.KEEP_PASSPORT: _("Will you keep your own passport when you get there?"),
    }[question]


def red_flag_text(question: Question, _: Gettext) -> str:
    return {
        Question.AGENCY_LICENSED: _("The agency may not be licensed."),
        Question.WRITTEN_CONTRACT: _("You have no written contract you can read."),
        Question.FEE_ASKED: _("You were asked to pay a fee for the job."),
        Question.MINIMUM_WAGE: _("The wage is below the legal minimum."),
        Question.KEEP_PASSPORT: _("Someone else would keep your passport."),
    }[question]


def to_check_text(question: Question, _: Gettext) -> str:
    return {
        Question.AGENCY_LICENSED: _("Check the agency's licence before you pay or sign."),
        Question.WRITTEN_CONTRACT: _("Ask for the contract in writing, in your language."),
        Question.FEE_ASKED: _("Find out whether any fee will be asked of you."),
        Question.MINIMUM_WAGE: _("Find out the legal minimum wage where you will work."),
        Question.KEEP_PASSPORT: _("Ask who will hold your passport."),
    }[question]


def amount_problem_text(problem: AmountProblem, _: Gettext) -> str:
    return {
        AmountProblem.EMPTY: _("Type an amount."),
        AmountProblem.NOT_A_NUMBER: _(
            "This is not a number we can read. Type digits only, like 1500.50"
        ),
        AmountProblem.NOT_POSITIVE: _("The amount must be more than zero."),
        AmountProblem.TOO_LARGE: _("This amount is too large. Check the number."),
        AmountProblem.NOT_A_RATE: _(
            "No exchange rate is this big or this small. Check the number."
        ),
    }[problem]
