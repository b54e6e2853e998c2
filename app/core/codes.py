"""The coded answers a report may carry in clear, shared by the app, the wire
protocol and the server's statistics.

Codes are stable English words: they are stored, sent and counted, and a
translation only ever changes the words shown beside them. Never rename a
code that has shipped; add a new one. Where the ILO defines the list (the
eleven forced-labour indicators, the categories of recruitment fees and
related costs), the codes follow it.
"""

from __future__ import annotations

import re
from enum import StrEnum

#: Version of the clear part's schema; bump it when a field is added.
SCHEMA_VERSION = 1

#: ISO 3166-1 alpha-2, and first-level ISO 3166-2 subdivisions ("KE-30", "SA-01").
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
REGION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
#: A month, never a day: "2026-03", in ASCII digits (r"\d" would also take
#: "٥" and "５": the same month spelled anew, a statistics column of its own).
MONTH = re.compile(r"^(19|20)[0-9][0-9]-(0[1-9]|1[0-2])$")


class Category(StrEnum):
    """What happened, in the worker's terms (the wizard's first question)."""

    WAGES = "wages"  # unpaid or withheld wages
    FEES = "fees"  # recruitment fees or debt
    PASSPORT = "passport"  # passport or documents kept
    DECEPTION = "deception"  # job or contract different from what was promised
    CONFINEMENT = "confinement"  # not free to leave the workplace or housing
    ISOLATION = "isolation"  # cut off from family or help
    THREATS = "threats"
    VIOLENCE = "violence"  # physical or sexual violence
    HARASSMENT = "harassment"
    HOURS = "hours"  # excessive hours or no rest day
    UNSAFE = "unsafe"  # unsafe work or housing
    HEALTH_CARE = "health_care"  # denied health care
    UNION = "union"  # punished for joining a union
    OTHER = "other"


class Indicator(StrEnum):
    """The ILO's eleven indicators of forced labour (ILO, 2012)."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    DECEPTION = "deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement"
    ISOLATION = "isolation"
    PHYSICAL_SEXUAL_VIOLENCE = "physical_sexual_violence"
    INTIMIDATION_THREATS = "intimidation_threats"
    RETENTION_OF_DOCUMENTS = "retention_of_documents"
    WITHHOLDING_OF_WAGES = "withholding_of_wages"
    DEBT_BONDAGE = "debt_bondage"
    ABUSIVE_CONDITIONS = "abusive_conditions"
    EXCESSIVE_OVERTIME = "excessive_overtime"


#: The indicator each category points to; categories with none (harassment,
#: union, other) are counted under their own code only.
INDICATOR_OF: dict[Category, Indicator] = {
    Category.WAGES: Indicator.WITHHOLDING_OF_WAGES,
    Category.FEES: Indicator.DEBT_BONDAGE,
    Category.PASSPORT: Indicator.RETENTION_OF_DOCUMENTS,
    Category.DECEPTION: Indicator.DECEPTION,
    Category.CONFINEMENT: Indicator.RESTRICTION_OF_MOVEMENT,
    Category.ISOLATION: Indicator.ISOLATION,
    Category.THREATS: Indicator.INTIMIDATION_THREATS,
    Category.VIOLENCE: Indicator.PHYSICAL_SEXUAL_VIOLENCE,
    Category.HOURS: Indicator.EXCESSIVE_OVERTIME,
    Category.UNSAFE: Indicator.ABUSIVE_CONDITIONS,
    Category.HEALTH_CARE: Indicator.ABUSIVE_CONDITIONS,
}


def indicators_of(categories: frozenset[Category] | set[Category]) -> frozenset[Indicator]:
    return frozenset(INDICATOR_OF[c] for c in categories if c in INDICATOR_OF)


class Sector(StrEnum):
    """Broad sectors, close to ISIC sections, as a worker would name them."""

    DOMESTIC_WORK = "domestic_work"
    CARE = "care"
    CONSTRUCTION = "construction"
    AGRICULTURE = "agriculture"
    FISHING = "fishing"
    MANUFACTURING = "manufacturing"
    HOSPITALITY = "hospitality"  # hotels, restaurants
    CLEANING = "cleaning"
    RETAIL = "retail"
    TRANSPORT = "transport"
    SECURITY = "security"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"  # prefer not to say


class AgeBand(StrEnum):
    """Five- and ten-year bands as in ILO labour statistics; under 18 kept apart."""

    UNDER_18 = "under_18"
    AGE_18_24 = "18_24"
    AGE_25_34 = "25_34"
    AGE_35_44 = "35_44"
    AGE_45_54 = "45_54"
    AGE_55_PLUS = "55_plus"
    UNDISCLOSED = "undisclosed"


class MigrationStatus(StrEnum):
    WORK_PERMIT = "work_permit"  # a valid work visa or permit
    PERMIT_EXPIRED = "permit_expired"  # had one, it ran out or was cancelled
    NO_PERMIT = "no_permit"
    REFUGEE_ASYLUM = "refugee_asylum"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class CostBand(StrEnum):
    """The recruitment-cost ratio (SDG 10.7.1: months of earnings) in bands,
    so an exact figure cannot single a worker out."""

    NONE = "none"  # paid nothing
    UNDER_1 = "under_1"  # less than one month's earnings
    FROM_1_TO_2 = "1_2"
    FROM_2_TO_3 = "2_3"
    FROM_3_TO_6 = "3_6"
    OVER_6 = "over_6"
    UNKNOWN = "unknown"


class FeeCategory(StrEnum):
    """Recruitment fees and related costs, by the ILO's definition (2019)."""

    RECRUITMENT_FEE = "recruitment_fee"
    MEDICAL = "medical"
    INSURANCE = "insurance"
    TESTS = "tests"  # skills and language tests
    TRAINING = "training"  # training and orientation
    EQUIPMENT = "equipment"
    TRAVEL_LODGING = "travel_lodging"
    DOCUMENTS = "documents"  # passports, visas and permits
    OTHER = "other"


class Handling(StrEnum):
    """What the organisation has done with a report it received, set by its
    staff (python -m server.handling) and sent back to the device: coded, so
    that the app says it in the worker's language, and nothing else about
    the report travels."""

    READ = "read"  # someone at the organisation has read it
    ACTING = "acting"  # the organisation is acting on it
    #: the organisation would like the worker to get in touch (an anonymous
    #: report leaves it no other way to ask a question or offer help)
    ASK_CONTACT = "ask_contact"
    CLOSED = "closed"  # the organisation has finished with it
