"""Reports in app/core: answers, the wizard's flow, checks, anonymisation,
sealing and warning signs. Pure: no database, no UI."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.public import PrivateKey

from app.core.codes import REGION_CODE, Category, indicators_of
from app.core.report import (
    NAME_MAX,
    UNDISCLOSED,
    WORDS_MAX,
    Answers,
    Problem,
    Step,
    all_problems,
    cost_ratio,
    first_step_with_problems,
    merged,
    next_step,
    parse_amount,
    previous_step,
    problems,
    progress,
    steps_for,
)
from app.core.report_anonymise import SEALED_NAMES, InvalidReport, anonymise
from app.core.report_places import (
    ARABIC_NAMES,
    COMMON_DESTINATIONS,
    REGIONS,
    is_country,
    region_names,
)
from app.core.report_sealing import (
    MAX_PLAIN,
    SealingError,
    open_sealed,
    pack,
    public_key_from_base64,
    seal,
    unpack,
)
from app.core.report_signs import ARTICLES, GENERAL_ARTICLES, warning_signs
from sync.protocol import ClearPart

TODAY = dt.date(2026, 5, 14)
ROOT = Path(__file__).resolve().parent.parent


def full_answers() -> Answers:
    return Answers(
        categories=["wages", "passport", "harassment"],
        destination="SA",
        region="SA-01",
        sector="domestic_work",
        started_year=2025,
        started_month=3,
        ongoing="yes",
        who="both",
        recruiter_name="Fast Jobs Agency",
        employer_name="Mr Example",
        sex="female",
        age_band="25_34",
        origin="KE",
        migration_status="work_permit",
        recruited="agency",
        costs="amounts",
        costs_paid="90,000",
        monthly_earnings="30000",
        words="They took my passport.",
        follow_up="contact",
        contact="+254 712 345 678",
        contact_consent=True,
        consent=True,
    )


# answers and drafts -------------------------------------------------------------
def test_answers_round_trip_through_json():
    answers = full_answers()
    assert Answers.from_json(answers.to_json()) == answers


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[1, 2]", '{"categories": "wages"}', '{"started_year": "2020"}', "null"],
)
def test_a_damaged_draft_reads_as_far_as_it_can(text):
    answers = Answers.from_json(text)
    assert isinstance(answers.categories, list)
    assert answers.started_year is None


def test_unknown_fields_in_a_draft_are_ignored_and_known_ones_kept():
    answers = Answers.from_json('{"categories": ["wages"], "shoe_size": 44, "consent": "yes"}')
    assert answers.categories == ["wages"] and answers.consent is False


def test_a_new_destination_forgets_the_old_region():
    answers = Answers(destination="SA", region="SA-01")
    answers.choose("destination", "SA")
    assert answers.region == "SA-01"
    answers.choose("destination", "AE")
    assert answers.region is None


# the flow -------------------------------------------------------------------
def test_the_region_question_appears_only_for_countries_with_regions():
    answers = Answers(destination="SA")
    assert Step.REGION in steps_for(answers)
    assert next_step(answers, Step.COUNTRY) is Step.REGION
    answers.choose("destination", "FR")
    assert Step.REGION not in steps_for(answers)
    assert next_step(answers, Step.COUNTRY) is Step.SECTOR
    assert previous_step(answers, Step.SECTOR) is Step.COUNTRY
    answers.choose("destination", UNDISCLOSED)
    assert Step.REGION not in steps_for(answers)


def test_arabic_readers_see_the_arab_states_regions_by_their_arabic_names():
    arab_states = ("SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB")
    named = {code for country in arab_states for code in REGIONS[country]}
    assert set(ARABIC_NAMES) == named  # every one of them, and no other
    assert region_names("SA", "ar")["SA-01"] == "الرياض"
    assert region_names("SA", "en")["SA-01"] == "Riyadh"
    # the Latin letters of their papers and the Arabic of the road signs
    assert region_names("SA", "am")["SA-01"] == "Riyadh · الرياض"
    assert region_names("SA", "ur")["SA-01"] == "الرياض · Riyadh"
    assert region_names("MY", "am") == REGIONS["MY"]
    assert region_names("MY", "ar") == REGIONS["MY"]  # Latin letters on Malaysia's signs
    assert region_names(None, "ar") == {}


def test_flow_ends_and_starts_and_progress_grows():
    answers = Answers()
    assert previous_step(answers, Step.WHAT) is None
    assert next_step(answers, Step.REVIEW) is None
    values = [progress(answers, s) for s in steps_for(answers)]
    assert values[0] == 0 and values[-1] == 1 and values == sorted(values)


# checks ---------------------------------------------------------------------
def test_a_full_report_has_no_problems():
    assert all_problems(full_answers(), TODAY) == {}


def test_what_happened_needs_at_least_one_known_category():
    assert problems(Answers(), Step.WHAT, TODAY) == {"categories": Problem.NO_CATEGORY}
    assert problems(Answers(categories=["bribes"]), Step.WHAT, TODAY) == {
        "categories": Problem.UNKNOWN_CHOICE
    }
    assert problems(Answers(categories=["wages", "wages"]), Step.WHAT, TODAY)


def test_personal_questions_may_be_skipped_or_declined():
    answers = Answers(categories=["other"], consent=True)
    assert all_problems(answers, TODAY) == {}
    for name in ("sex", "age_band", "migration_status", "origin", "destination"):
        answers.choose(name, UNDISCLOSED)
    assert all_problems(answers, TODAY) == {}


def test_bad_choices_are_problems_on_their_own_screen():
    answers = Answers(categories=["wages"], sex="robot", destination="ZZ", consent=True)
    found = all_problems(answers, TODAY)
    assert found == {"sex": Problem.UNKNOWN_CHOICE, "destination": Problem.UNKNOWN_CHOICE}
    assert first_step_with_problems(answers, TODAY) is Step.COUNTRY


def test_a_region_must_lie_in_the_destination():
    answers = Answers(destination="AE", region="SA-01")
    assert problems(answers, Step.REGION, TODAY) == {"region": Problem.REGION_ELSEWHERE}


def test_when_it_started_is_a_past_month_with_a_year():
    assert problems(Answers(started_month=3), Step.STARTED, TODAY) == {
        "started_year": Problem.YEAR_MISSING
    }
    assert problems(Answers(started_year=2026, started_month=6), Step.STARTED, TODAY) == {
        "started_month": Problem.IN_FUTURE
    }
    assert problems(Answers(started_year=2026, started_month=5), Step.STARTED, TODAY) == {}
    assert problems(Answers(started_year=2026), Step.STARTED, TODAY) == {}
    assert problems(Answers(started_year=1990, started_month=1), Step.STARTED, TODAY) == {
        "started_year": Problem.UNKNOWN_CHOICE
    }
    assert problems(Answers(started_year=2025, started_month=13), Step.STARTED, TODAY)


def test_long_text_is_a_problem_and_is_kept():
    answers = Answers(who="recruiter", recruiter_name="x" * (NAME_MAX + 1))
    assert problems(answers, Step.WHO, TODAY) == {"recruiter_name": Problem.TOO_LONG}
    answers = Answers(words="y" * (WORDS_MAX + 1))
    assert problems(answers, Step.WORDS, TODAY) == {"words": Problem.TOO_LONG}
    assert len(answers.words) == WORDS_MAX + 1


def test_contact_needs_details_and_consent():
    answers = Answers(follow_up="contact")
    assert problems(answers, Step.CONTACT, TODAY) == {"contact": Problem.CONTACT_MISSING}
    answers.contact = "+254 712 345 678"
    assert problems(answers, Step.CONTACT, TODAY) == {"contact_consent": Problem.CONTACT_CONSENT}
    answers.contact_consent = True
    assert problems(answers, Step.CONTACT, TODAY) == {}
    answers.follow_up = "anonymous"
    answers.contact_consent = False
    assert problems(answers, Step.CONTACT, TODAY) == {}


def test_review_needs_consent():
    assert problems(Answers(), Step.REVIEW, TODAY) == {"consent": Problem.CONSENT_MISSING}


@pytest.mark.parametrize(
    ("paid", "earned", "found"),
    [
        ("", "1000", {"costs_paid": Problem.AMOUNT_MISSING}),
        ("abc", "1000", {"costs_paid": Problem.NOT_AN_AMOUNT}),
        ("100", "0", {"monthly_earnings": Problem.NOT_POSITIVE}),
        ("1" * 14, "10", {"costs_paid": Problem.TOO_LARGE}),
        ("-5", "10", {"costs_paid": Problem.NOT_AN_AMOUNT}),
        ("100", "200", {}),
    ],
)
def test_cost_amounts_are_checked(paid, earned, found):
    answers = Answers(costs="amounts", costs_paid=paid, monthly_earnings=earned)
    assert problems(answers, Step.COSTS, TODAY) == found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1500", Decimal(1500)),
        ("12,000", Decimal(12000)),
        ("1.200.000", Decimal(1200000)),
        ("1,50,000", Decimal(150000)),
        ("2 500,50", Decimal("2500.50")),
        ("2,500.50", Decimal("2500.50")),
        ("2.500,50", Decimal("2500.50")),
        ("99.5", Decimal("99.5")),
        ("١٢٬٠٠٠", Decimal(12000)),  # Arabic-Indic digits and separator
        ("१५००", Decimal(1500)),  # Devanagari
        ("၁၅၀၀", Decimal(1500)),  # Myanmar
        ("৩০০০০", Decimal(30000)),  # Bengali
        ("١٢٫٥", Decimal("12.5")),
    ],
)
def test_amounts_in_any_script_and_grouping(text, value):
    assert parse_amount(text) == value


@given(st.integers(min_value=0, max_value=10**11))
def test_grouped_amounts_read_back(n):
    assert parse_amount(f"{n:,}") == n
    assert parse_amount(f"{n:,}".replace(",", ".")) == n


@pytest.mark.parametrize(
    ("currency", "point", "paid", "earned", "ratio"),
    [
        # a Kuwaiti contract's "120.000" is 120 dinars: 360 paid is 3 months
        ("KWD", ".", "360", "120.000", "3.00"),
        ("OMR", ".", "360.500", "120.000", "3.00"),
        ("KWD", ",", "360", "120,000", "3.00"),  # a French reader's decimal comma
        # in a currency with two decimals "120.000" groups thousands
        ("SAR", ".", "360", "120.000", "0.01"),
        ("", ".", "3.600", "1.200", "3.00"),
    ],
)
def test_typed_costs_are_read_in_their_currency(currency, point, paid, earned, ratio):
    answers = Answers(
        costs="amounts",
        costs_paid=paid,
        monthly_earnings=earned,
        costs_currency=currency,
        costs_point=point,
    )
    assert problems(answers, Step.COSTS, TODAY) == {}
    assert cost_ratio(answers) == Decimal(ratio)


def test_a_draft_from_before_the_currency_question_reads_as_before():
    saved = json.dumps({"costs": "amounts", "costs_paid": "3.600", "monthly_earnings": "1200"})
    answers = Answers.from_json(saved)
    assert (answers.costs_currency, answers.costs_point) == ("", ".")
    assert cost_ratio(answers) == Decimal("3.00")
    again = Answers.from_json(json.dumps({**json.loads(saved), "costs_currency": "KWD"}))
    # in dinars "3.600" is 3.6: 0.003 months, which counts as paid (0.01), not 3
    assert cost_ratio(again) == Decimal("0.01")


def test_the_band_sent_in_clear_follows_the_currency():
    answers = full_answers()
    answers.destination, answers.region = "KW", None
    answers.costs_paid, answers.monthly_earnings = "360", "120.000"
    answers.costs_currency = "KWD"
    parts = anonymise(answers, "ar", TODAY)
    assert parts.clear["cost_band"] == "3_6"
    assert parts.sealed["r"] == "3.00"
    answers.costs_currency = "USD"  # the same text in dollars: 360 of 120,000
    assert anonymise(answers, "ar", TODAY).clear["cost_band"] == "under_1"


def test_cost_ratio_uses_app_core_fees():
    answers = full_answers()
    assert cost_ratio(answers) == Decimal("3.00")
    answers.costs = "nothing"
    assert cost_ratio(answers) == 0
    answers.costs = "unknown"
    assert cost_ratio(answers) is None
    answers.costs, answers.ledger_ratio = "ledger", "4.25"
    assert cost_ratio(answers) == Decimal("4.25")


# anonymisation ---------------------------------------------------------------
def test_the_clear_part_is_coded_and_passes_the_wire_protocol():
    parts = anonymise(full_answers(), "sw", TODAY)
    clear = ClearPart.model_validate(parts.clear)
    assert set(parts.clear) == set(ClearPart.model_fields)
    assert clear.categories == sorted(clear.categories)
    assert set(clear.indicators) == indicators_of({Category(c) for c in clear.categories})
    assert parts.clear["month"] == "2025-03"  # never a day
    assert parts.clear["region"] == "SA-01"
    assert parts.clear["cost_band"] == "3_6"
    text = json.dumps(parts.clear)
    for private in ("passport.", "Fast Jobs", "Mr Example", "712", "agency", "3.00", "both"):
        assert private not in text


def test_the_sealed_part_holds_everything_else():
    parts = anonymise(full_answers(), "sw", TODAY)
    assert parts.sealed == {
        "v": 1,
        "lg": "sw",
        "t": "They took my passport.",
        "w": "both",
        "rn": "Fast Jobs Agency",
        "en": "Mr Example",
        "og": "yes",
        "hr": "agency",
        "r": "3.00",
        "c": "+254 712 345 678",
        "cc": 1,
    }


def test_every_sealed_key_has_a_name_for_the_organisation():
    answers = full_answers()
    keys = set(anonymise(answers, "en", TODAY).sealed)
    answers.costs, answers.ledger_ratio = "ledger", "4.25"
    answers.ledger = [["visa", "12000", "NPR"]]
    keys |= set(anonymise(answers, "en", TODAY).sealed)
    assert "l" in keys and keys <= set(SEALED_NAMES)
    assert len(set(SEALED_NAMES.values())) == len(SEALED_NAMES)


def test_what_the_worker_withdrew_is_not_sent():
    answers = full_answers()
    answers.follow_up = "anonymous"  # typed a contact, then chose to stay anonymous
    answers.who = "employer"  # typed a recruiter's name, then said it was the employer
    sealed = anonymise(answers, "en", TODAY).sealed
    assert "c" not in sealed and "cc" not in sealed and "rn" not in sealed
    assert sealed["en"] == "Mr Example"


def test_undisclosed_answers_are_coded_as_such():
    answers = Answers(categories=["union"], sex=UNDISCLOSED, destination=UNDISCLOSED, consent=True)
    clear = anonymise(answers, "en", TODAY).clear
    assert clear["sex"] == "undisclosed" and clear["destination"] is None
    assert clear["indicators"] == [] and clear["cost_band"] == "unknown"
    ClearPart.model_validate(clear)


def test_anonymise_refuses_answers_with_problems():
    with pytest.raises(InvalidReport) as caught:
        anonymise(Answers(consent=True), "en", TODAY)
    assert caught.value.problems == {"categories": Problem.NO_CATEGORY}


# sealing --------------------------------------------------------------------
def test_sealed_opens_only_with_the_private_key():
    key = PrivateKey.generate()
    sealed = {"v": 1, "t": "ሰላም — مرحبا", "c": "+254 712 345 678"}
    blob = seal(sealed, bytes(key.public_key))
    assert open_sealed(blob, bytes(key)) == sealed
    with pytest.raises(SealingError):
        open_sealed(blob, bytes(PrivateKey.generate()))
    assert seal(sealed, bytes(key.public_key)) != blob  # a fresh ephemeral key each time


def test_packing_deflates_only_when_it_helps():
    short = {"v": 1}
    assert pack(short)[0] == 0 and unpack(pack(short)) == short
    long = {"t": "my employer took my passport " * 10}
    assert pack(long)[0] == 1 and unpack(pack(long)) == long
    with pytest.raises(SealingError):
        unpack(b"\x07{}")


def test_a_sealed_part_anyone_could_make_is_refused_not_crashed_on():
    """The public key is in the app: anyone can seal anything to it."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = squeeze.compress(b'{"t":"' + b"a" * (4 * MAX_PLAIN) + b'"}') + squeeze.flush()
    assert len(bomb) < 16_384
    for plaintext in (
        b"\x00{not json",
        b"\x00\xff\xfe",  # not UTF-8
        b"\x01not deflate at all",
        b"\x01" + bomb,
        b"\x01" + bomb[:20],  # cut
    ):
        with pytest.raises(SealingError):
            unpack(plaintext)
    assert unpack(b"\x00" + json.dumps({"t": "a" * 5000}).encode()) == {"t": "a" * 5000}


def test_public_keys_from_config_text():
    key = PrivateKey.generate().public_key
    import base64

    assert public_key_from_base64(base64.b64encode(bytes(key)).decode()) == bytes(key)
    for bad in ("not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(SealingError):
            public_key_from_base64(bad)


# places and signs -----------------------------------------------------------------
def test_regions_are_first_level_codes_of_their_country():
    for country, regions in REGIONS.items():
        assert is_country(country)
        for code, name in regions.items():
            assert REGION_CODE.match(code) and code.startswith(country + "-"), code
            assert name
    assert all(is_country(c) for c in COMMON_DESTINATIONS)
    assert not is_country("EU") and not is_country("ZZ") and is_country("XK")


def test_every_category_has_articles_that_exist():
    shipped = {p.stem for p in (ROOT / "content" / "rights" / "en").glob("*.md")}
    assert set(ARTICLES) == set(Category)
    for ids in [*ARTICLES.values(), GENERAL_ARTICLES]:
        assert ids and set(ids) <= shipped, ids


def test_warning_signs_put_ilo_indicators_first_and_never_judge():
    signs = warning_signs(["union", "passport", "wages", "nonsense"])
    assert [s.category for s in signs] == [Category.WAGES, Category.PASSPORT, Category.UNION]
    assert signs[0].indicator is not None and signs[-1].indicator is None
    assert warning_signs([]) == []


def test_merged_keeps_what_another_window_saved_meanwhile():
    before = Answers(categories=["fees"], destination="SA", region="SA-01")
    # the other window saved a recruiter and one more category
    stored = Answers(
        categories=["fees", "passport"],
        destination="SA",
        region="SA-01",
        who="recruiter",
        recruiter_name="Agency B",
    )
    # this one named the employer and took "fees" off
    after = Answers(categories=[], destination="SA", region="SA-01", employer_name="Boss A")
    got = merged(stored, before, after)
    assert got == Answers(
        categories=["passport"],
        destination="SA",
        region="SA-01",
        who="recruiter",
        recruiter_name="Agency B",
        employer_name="Boss A",
    )
    assert stored.categories == ["fees", "passport"]  # a new object; nothing changed in place


def test_merged_takes_a_new_destination_with_its_region():
    before = Answers(destination="SA", region=None)
    stored = Answers(destination="SA", region="SA-02")  # chosen in the other window
    after = Answers(destination="QA", region=None)  # choose() forgot the old region
    got = merged(stored, before, after)
    assert (got.destination, got.region) == ("QA", None)
    # a region tapped for the old country, after the other window chose another
    got = merged(
        Answers(destination="AE", region=None),
        Answers(destination="SA", region=None),
        Answers(destination="SA", region="SA-02"),
    )
    assert (got.destination, got.region) == ("AE", None)
    # the same answer changed in both: the later save wins
    assert merged(Answers(sex="male"), Answers(), Answers(sex="female")).sex == "female"
