"""The job-offer check: which answers are red flags, and where they lead."""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.core.job_offer import (
    ARTICLE_FOR,
    MINIMUM_WAGES,
    Answer,
    Finding,
    Question,
    findings,
)


def test_warning_answers_are_red_flags_and_come_first():
    answers = {
        Question.AGENCY_LICENSED: Answer.YES,
        Question.WRITTEN_CONTRACT: Answer.UNSURE,
        Question.FEE_ASKED: Answer.YES,
        Question.MINIMUM_WAGE: Answer.YES,
        Question.KEEP_PASSPORT: Answer.NO,
    }
    found = findings(answers, "SA")
    assert [(f.question, f.finding) for f in found] == [
        (Question.FEE_ASKED, Finding.RED_FLAG),
        (Question.KEEP_PASSPORT, Finding.RED_FLAG),
        (Question.WRITTEN_CONTRACT, Finding.TO_CHECK),
    ]
    assert found[0].article_id == "no-recruitment-fees"


def test_good_answers_show_nothing():
    good = {
        Question.AGENCY_LICENSED: Answer.YES,
        Question.WRITTEN_CONTRACT: Answer.YES,
        Question.FEE_ASKED: Answer.NO,
        Question.MINIMUM_WAGE: Answer.YES,
        Question.KEEP_PASSPORT: Answer.YES,
    }
    assert findings(good, None) == []


def test_unanswered_questions_are_still_to_check():
    found = findings({}, None)
    assert {f.finding for f in found} == {Finding.TO_CHECK}
    assert len(found) == len(Question)


def test_a_known_minimum_wage_links_to_its_own_article():
    found = findings({Question.MINIMUM_WAGE: Answer.NO}, "QA")
    wage = next(f for f in found if f.question is Question.MINIMUM_WAGE)
    assert wage.finding is Finding.RED_FLAG and wage.article_id == "qatar-minimum-wage"


def test_every_linked_article_exists():
    linked = set(ARTICLE_FOR.values()) | {m.article_id for m in MINIMUM_WAGES.values()}
    for article_id in linked:
        assert Path(paths.RIGHTS_DIR / "en" / f"{article_id}.md").exists(), article_id
