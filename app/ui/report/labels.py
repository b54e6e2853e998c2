"""The words and icons for every code a report uses, in one place so the
catalog extractor finds each string. An icon goes beside every choice's
words, for readers who read little."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.core.codes import (
    AgeBand,
    Category,
    CostBand,
    Handling,
    MigrationStatus,
    Sector,
    Sex,
)
from app.core.report import UNDISCLOSED, Costs, FollowUp, Ongoing, Part, Problem, Recruited, Who
from app.store.outbox import OutboxState
from app.ui.labels import sector_label
from app.ui.session import UiSession
from app.ui.views.shared import is_shared

Tr = Callable[[str], str]

UNDISCLOSED_ICON = ft.Icons.VISIBILITY_OFF

CATEGORY_ICONS = {
    Category.WAGES: ft.Icons.MONEY_OFF,
    Category.FEES: ft.Icons.REQUEST_QUOTE_OUTLINED,
    Category.PASSPORT: ft.Icons.BADGE_OUTLINED,
    Category.DECEPTION: ft.Icons.DESCRIPTION_OUTLINED,
    Category.CONFINEMENT: ft.Icons.LOCK_OUTLINE,
    Category.ISOLATION: ft.Icons.PHONE_DISABLED,
    Category.THREATS: ft.Icons.WARNING_AMBER,
    Category.VIOLENCE: ft.Icons.FRONT_HAND_OUTLINED,
    Category.HARASSMENT: ft.Icons.RECORD_VOICE_OVER,
    Category.HOURS: ft.Icons.SCHEDULE,
    Category.UNSAFE: ft.Icons.ENGINEERING,
    Category.HEALTH_CARE: ft.Icons.LOCAL_HOSPITAL_OUTLINED,
    Category.UNION: ft.Icons.GROUPS_OUTLINED,
    Category.OTHER: ft.Icons.MORE_HORIZ,
}


def category_label(code: Category, _: Tr) -> str:
    return {
        Category.WAGES: _("Wages not paid, or held back"),
        Category.FEES: _("Recruitment fees, or a debt to pay off"),
        Category.PASSPORT: _("Passport or documents taken from me"),
        Category.DECEPTION: _("Job or contract not what was promised"),
        Category.CONFINEMENT: _("Not free to leave the workplace or housing"),
        Category.ISOLATION: _("Cut off from family or help"),
        Category.THREATS: _("Threats"),
        Category.VIOLENCE: _("Physical or sexual violence"),
        Category.HARASSMENT: _("Harassment"),
        Category.HOURS: _("Too many hours, or no day of rest"),
        Category.UNSAFE: _("Unsafe work or housing"),
        Category.HEALTH_CARE: _("Denied health care"),
        Category.UNION: _("Punished for joining a union"),
        Category.OTHER: _("Something else"),
    }[code]


SECTOR_ICONS = {
    Sector.DOMESTIC_WORK: ft.Icons.HOME_OUTLINED,
    Sector.CARE: ft.Icons.ELDERLY,
    Sector.CONSTRUCTION: ft.Icons.CONSTRUCTION,
    Sector.AGRICULTURE: ft.Icons.AGRICULTURE,
    Sector.FISHING: ft.Icons.PHISHING,
    Sector.MANUFACTURING: ft.Icons.FACTORY_OUTLINED,
    Sector.HOSPITALITY: ft.Icons.RESTAURANT,
    Sector.CLEANING: ft.Icons.CLEANING_SERVICES,
    Sector.RETAIL: ft.Icons.STOREFRONT,
    Sector.TRANSPORT: ft.Icons.LOCAL_SHIPPING_OUTLINED,
    Sector.SECURITY: ft.Icons.SECURITY,
    Sector.OTHER: ft.Icons.WORK_OUTLINE,
}


def prefer_not_to_say(_: Tr) -> str:
    return _("Prefer not to say")


def dont_know(_: Tr) -> str:
    return _("I don't know, or prefer not to say")


SEX_ICONS = {
    Sex.FEMALE: ft.Icons.FEMALE,
    Sex.MALE: ft.Icons.MALE,
    Sex.OTHER: ft.Icons.PERSON_OUTLINE,
    Sex.UNDISCLOSED: UNDISCLOSED_ICON,
}


def sex_label(code: Sex, _: Tr) -> str:
    return {
        Sex.FEMALE: _("Woman"),
        Sex.MALE: _("Man"),
        Sex.OTHER: _("In another way"),
        Sex.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


def age_label(code: AgeBand, _: Tr, n: Callable[[int], str] = str) -> str:
    """`n` writes the ages in the reader's digits (Translator.format_number)."""
    ranges = {
        AgeBand.AGE_18_24: (18, 24),
        AgeBand.AGE_25_34: (25, 34),
        AgeBand.AGE_35_44: (35, 44),
        AgeBand.AGE_45_54: (45, 54),
    }
    if code in ranges:
        low, high = ranges[code]
        return _("{low} to {high}").format(low=n(low), high=n(high))
    return {
        AgeBand.UNDER_18: _("Under {age}").format(age=n(18)),
        AgeBand.AGE_55_PLUS: _("{age} or older").format(age=n(55)),
        AgeBand.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


STATUS_ICONS = {
    MigrationStatus.WORK_PERMIT: ft.Icons.VERIFIED_OUTLINED,
    MigrationStatus.PERMIT_EXPIRED: ft.Icons.EVENT_BUSY,
    MigrationStatus.NO_PERMIT: ft.Icons.DO_NOT_DISTURB_ON_OUTLINED,
    MigrationStatus.REFUGEE_ASYLUM: ft.Icons.SHIELD_OUTLINED,
    MigrationStatus.OTHER: ft.Icons.MORE_HORIZ,
    MigrationStatus.UNDISCLOSED: UNDISCLOSED_ICON,
}


def status_label(code: MigrationStatus, _: Tr) -> str:
    return {
        MigrationStatus.WORK_PERMIT: _("I have a valid work permit or visa"),
        MigrationStatus.PERMIT_EXPIRED: _("My permit ran out or was cancelled"),
        MigrationStatus.NO_PERMIT: _("I have no permit"),
        MigrationStatus.REFUGEE_ASYLUM: _("Refugee, or asking for asylum"),
        MigrationStatus.OTHER: _("Something else"),
        MigrationStatus.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


RECRUITED_ICONS = {
    Recruited.AGENCY: ft.Icons.BUSINESS_OUTLINED,
    Recruited.BROKER: ft.Icons.PERSON_SEARCH,
    Recruited.EMPLOYER: ft.Icons.HANDSHAKE_OUTLINED,
    Recruited.FRIEND_FAMILY: ft.Icons.FAMILY_RESTROOM,
    Recruited.GOVERNMENT: ft.Icons.ACCOUNT_BALANCE_OUTLINED,
    Recruited.OTHER: ft.Icons.MORE_HORIZ,
    Recruited.UNDISCLOSED: UNDISCLOSED_ICON,
}


def recruited_label(code: Recruited, _: Tr) -> str:
    return {
        Recruited.AGENCY: _("Through a recruitment agency"),
        Recruited.BROKER: _("Through a middleman or sub-agent"),
        Recruited.EMPLOYER: _("The employer hired me directly"),
        Recruited.FRIEND_FAMILY: _("Through a friend or relative"),
        Recruited.GOVERNMENT: _("Through a government programme"),
        Recruited.OTHER: _("In another way"),
        Recruited.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


WHO_ICONS = {
    Who.RECRUITER: ft.Icons.BUSINESS_OUTLINED,
    Who.EMPLOYER: ft.Icons.PERSON_OUTLINE,
    Who.BOTH: ft.Icons.GROUPS_OUTLINED,
    Who.UNDISCLOSED: UNDISCLOSED_ICON,
}


def who_label(code: Who, _: Tr) -> str:
    return {
        Who.RECRUITER: _("The recruiter or agency"),
        Who.EMPLOYER: _("The employer"),
        Who.BOTH: _("Both"),
        Who.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


ONGOING_ICONS = {
    Ongoing.YES: ft.Icons.HOURGLASS_EMPTY,
    Ongoing.NO: ft.Icons.TASK_ALT,
    Ongoing.UNDISCLOSED: UNDISCLOSED_ICON,
}


def ongoing_label(code: Ongoing, _: Tr) -> str:
    return {
        Ongoing.YES: _("Yes, it is still happening"),
        Ongoing.NO: _("No, it has stopped"),
        Ongoing.UNDISCLOSED: prefer_not_to_say(_),
    }[code]


COSTS_ICONS = {
    Costs.NOTHING: ft.Icons.MONEY_OFF,
    Costs.AMOUNTS: ft.Icons.PAYMENTS_OUTLINED,
    Costs.LEDGER: ft.Icons.RECEIPT_LONG_OUTLINED,
    Costs.UNKNOWN: UNDISCLOSED_ICON,
}


def costs_label(code: Costs, _: Tr) -> str:
    return {
        Costs.NOTHING: _("I paid nothing"),
        Costs.AMOUNTS: _("I paid: I will write how much"),
        Costs.LEDGER: _("Use the costs I recorded in the checklist"),
        Costs.UNKNOWN: dont_know(_),
    }[code]


FOLLOW_UP_ICONS = {
    FollowUp.ANONYMOUS: ft.Icons.VISIBILITY_OFF,
    FollowUp.CONTACT: ft.Icons.CONTACT_PHONE_OUTLINED,
}


def follow_up_label(code: FollowUp, _: Tr) -> str:
    return {
        FollowUp.ANONYMOUS: _("Stay anonymous: nobody contacts me"),
        FollowUp.CONTACT: _("I want someone to contact me"),
    }[code]


def cost_band_label(code: CostBand, _: Tr, n: Callable[[int], str] = str) -> str:
    ranges = {
        CostBand.FROM_1_TO_2: (1, 2),
        CostBand.FROM_2_TO_3: (2, 3),
        CostBand.FROM_3_TO_6: (3, 6),
    }
    if code in ranges:
        low, high = ranges[code]
        return _("{low} to {high} months of pay").format(low=n(low), high=n(high))
    return {
        CostBand.NONE: _("I paid nothing"),
        CostBand.UNDER_1: _("Less than one month of pay"),
        CostBand.OVER_6: _("More than {months} months of pay").format(months=n(6)),
        CostBand.UNKNOWN: _("Not given"),
    }[code]


def part_label(part: Part, _: Tr) -> str:
    return {
        Part.WHAT: _("What happened"),
        Part.WHERE_WHEN: _("Where and when"),
        Part.WHO: _("Who did it"),
        Part.ABOUT_YOU: _("About you"),
        Part.COSTS: _("Recruitment costs"),
        Part.OWN_WORDS: _("In your own words"),
        Part.FOLLOW_UP: _("Follow-up"),
        Part.REVIEW: _("Check and send"),
    }[part]


def organisation_name(ui: UiSession) -> str:
    """The organisation that receives reports, named as this reader knows it
    (config: organisation_names by language, else organisation_name)."""
    return ui.context.settings.organisation_in(ui.content_chain) or ui._("the organisation")


def problem_text(problem: Problem, _: Tr) -> str:
    return {
        Problem.NO_CATEGORY: _("Choose at least one thing that happened."),
        Problem.UNKNOWN_CHOICE: _("This answer is not one of the choices. Please choose again."),
        Problem.REGION_ELSEWHERE: _("This place is not in the country you chose. Choose again."),
        Problem.YEAR_MISSING: _("Choose the year too."),
        Problem.IN_FUTURE: _("This date is in the future."),
        Problem.TOO_LONG: _("This is too long. Please make it shorter."),
        Problem.NOT_AN_AMOUNT: _("Write a number, for example 1500."),
        Problem.AMOUNT_MISSING: _("Write an amount, or choose another answer."),
        Problem.NOT_POSITIVE: _("Your pay for a month must be more than zero."),
        Problem.TOO_LARGE: _("This number is too large."),
        Problem.CONTACT_MISSING: _("Write how to contact you, or choose to stay anonymous."),
        Problem.CONTACT_CONSENT: _(
            "Tick the box to agree to be contacted, or choose to stay anonymous."
        ),
        Problem.CONSENT_MISSING: _("Tick the box to confirm before you send."),
    }[problem]


STATE_ICONS = {
    OutboxState.WAITING: ft.Icons.SCHEDULE_SEND,
    OutboxState.SENDING: ft.Icons.CLOUD_UPLOAD_OUTLINED,
    OutboxState.RECEIVED: ft.Icons.CLOUD_DONE_OUTLINED,
    OutboxState.CONFLICT: ft.Icons.ERROR_OUTLINE,
}


HANDLING_ICONS = {
    Handling.READ: ft.Icons.MARK_EMAIL_READ_OUTLINED,
    Handling.ACTING: ft.Icons.SUPPORT_AGENT,
    Handling.ASK_CONTACT: ft.Icons.CONTACT_PHONE_OUTLINED,
    Handling.CLOSED: ft.Icons.TASK_ALT,
}


def handling_label(handling: Handling, _: Tr) -> str:
    """What the organisation has done with a received report, in the
    worker's words (python -m server.handling sets it)."""
    return {
        Handling.READ: _("Read by the organisation"),
        Handling.ACTING: _("The organisation is acting on it"),
        Handling.ASK_CONTACT: _("The organisation would like you to contact them"),
        Handling.CLOSED: _("The organisation has finished with it"),
    }[handling]


def state_label(state: OutboxState, _: Tr) -> str:
    return {
        OutboxState.WAITING: _("Waiting to send"),
        OutboxState.SENDING: _("Sent, waiting for an answer"),
        OutboxState.RECEIVED: _("Received by the organisation"),
        OutboxState.CONFLICT: _("Not accepted: ask the organisation for help"),
    }[state]


def choice_label(name: str, code: str, _: Tr) -> str:
    """The words for any single choice, by answer name (for the review)."""
    if code == UNDISCLOSED:
        return prefer_not_to_say(_)
    match name:
        case "sector":
            return sector_label(Sector(code), _)
        case "sex":
            return sex_label(Sex(code), _)
        case "age_band":
            return age_label(AgeBand(code), _)
        case "migration_status":
            return status_label(MigrationStatus(code), _)
        case "recruited":
            return recruited_label(Recruited(code), _)
        case "who":
            return who_label(Who(code), _)
        case "ongoing":
            return ongoing_label(Ongoing(code), _)
    return code


def reports_list_title(ui: UiSession) -> str:
    """ "My reports", except on a device shared at an information session:
    there the reports waiting are other people's too, and the next worker
    was told they had made some."""
    return ui._("Reports on this device") if is_shared(ui) else ui._("My reports")
