"""Report drafts and submitting: a draft survives, one transaction queues the
sealed envelope and deletes the draft, and afterwards no planted identifier
is anywhere on disk or in the logs, while the organisation can read them all."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import uuid
from pathlib import Path

import pytest
from nacl.public import PrivateKey

from app.core.report import Answers, Step
from app.core.report_anonymise import InvalidReport
from app.core.report_sealing import open_sealed
from app.store.drafts import DraftGone, Drafts, submit_report
from app.store.migrations import migrations
from app.store.outbox import Outbox, OutboxState
from app.store.store import open_store
from sync.protocol import Envelope

TODAY = dt.date(2026, 5, 14)

#: Planted identifiers: a person, phone numbers in several national formats,
#: a passport number, an email address and an employer.
CANARIES = {
    "name": "Wanjiru Kamau-Otieno",
    "phone_ke": "+254 712 345 678",
    "phone_ke_local": "0712345678",
    "phone_sa": "+966 50 123 4567",
    "phone_np": "+977-9841234567",
    "phone_ph": "0917 123 4567",
    "phone_bd": "01712-345678",
    "passport": "P4820913X",
    "email": "wanjiru.k@example.org",
    "employer": "Al-Zahrani Trading Est.",
    "agency": "Sunrise Manpower Ltd",
}


def canary_answers() -> Answers:
    c = CANARIES
    return Answers(
        categories=["passport", "wages", "threats"],
        destination="SA",
        region="SA-02",
        sector="domestic_work",
        started_year=2025,
        started_month=11,
        ongoing="yes",
        who="both",
        recruiter_name=c["agency"],
        employer_name=c["employer"],
        sex="female",
        age_band="25_34",
        origin="KE",
        migration_status="work_permit",
        recruited="agency",
        costs="amounts",
        costs_paid="45,000",
        monthly_earnings="1500",
        words=(
            f"My name is {c['name']}. {c['employer']} keeps my passport {c['passport']}. "
            f"My sister in Nepal: {c['phone_np']}, my cousin {c['phone_ph']}, "
            f"my friend {c['phone_bd']}. Old number {c['phone_ke_local']}."
        ),
        follow_up="contact",
        contact=f"{c['phone_ke']} or {c['phone_sa']} or {c['email']}",
        contact_consent=True,
        consent=True,
    )


def found_in(data: bytes) -> list[str]:
    hits = []
    for label, text in CANARIES.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if text.encode(encoding) in data:
                hits.append(f"{label} ({encoding})")
    return hits


def test_the_drafts_migration_is_recorded(store):
    assert "0008_report_drafts" in {m.name for m in migrations.applied(store.db)}
    assert {"id", "step", "answers"} == set(store.db.table("report_drafts").columns_dict)


def test_a_draft_is_saved_resumed_and_discarded(tmp_path):
    store = open_store(tmp_path / "haki.db")
    drafts = Drafts(store)
    assert drafts.latest() is None
    draft = drafts.start()
    answers = Answers(categories=["wages"], words="half-typed")
    drafts.save(draft.id, answers, Step.WORDS)
    store.close()

    again = Drafts(open_store(tmp_path / "haki.db"))  # as after the app was killed
    latest = again.latest()
    assert latest is not None and latest.id == draft.id
    assert latest.step is Step.WORDS and latest.answers == answers
    again.discard(draft.id)
    assert again.latest() is None and again.get(draft.id) is None


def test_two_windows_on_one_draft_keep_each_others_answers(store):
    """A shared laptop: the same draft open twice, each saving as it goes."""
    drafts = Drafts(store)
    draft = drafts.start(Answers(categories=["fees"]))
    a_since, a = (
        Answers.from_json(draft.answers.to_json()),
        Answers.from_json(draft.answers.to_json()),
    )
    b_since, b = (
        Answers.from_json(draft.answers.to_json()),
        Answers.from_json(draft.answers.to_json()),
    )
    b.choose("who", "recruiter")
    b.recruiter_name = "Agency B"
    b_saved = drafts.save(draft.id, b, Step.WHO, since=b_since)
    a.employer_name = "Boss A"
    a.toggle("passport")
    a_saved = drafts.save(draft.id, a, Step.WHO, since=a_since)
    latest = drafts.latest()
    assert latest is not None
    assert latest.answers == a_saved
    assert (latest.answers.who, latest.answers.recruiter_name) == ("recruiter", "Agency B")
    assert latest.answers.employer_name == "Boss A"
    assert latest.answers.categories == ["fees", "passport"]
    # B's next save, from what B last saved, keeps A's answers too
    b_saved.words = "They kept my passport."
    drafts.save(draft.id, b_saved, Step.WORDS, since=Answers.from_json(b.to_json()))
    latest = drafts.latest()
    assert latest is not None
    assert latest.answers.employer_name == "Boss A"
    assert latest.answers.words == "They kept my passport."


def test_a_draft_with_an_unknown_step_resumes_at_the_start(store):
    draft = Drafts(store).start()
    store.db.execute(
        "update report_drafts set step = 'gone', answers = 'x' where id = ?", [draft.id]
    )
    latest = Drafts(store).latest()
    assert latest is not None and latest.step is Step.WHAT and latest.answers == Answers()


def test_submit_queues_one_envelope_and_deletes_the_draft(store):
    key = PrivateKey.generate()
    drafts = Drafts(store)
    draft = drafts.start()
    drafts.save(draft.id, canary_answers(), Step.REVIEW)
    report_id = submit_report(
        store, canary_answers(), bytes(key.public_key), draft_id=draft.id, lang="en", today=TODAY
    )
    assert uuid.UUID(report_id).version == 4
    assert drafts.latest() is None
    rows = Outbox(store).unacknowledged()
    assert len(rows) == 1
    row = rows[0]
    assert row.report_id == report_id and row.state is OutboxState.WAITING
    assert row.attempts == 0 and row.next_attempt_at == 0
    envelope = Envelope.model_validate_json(row.envelope)
    assert envelope.content_hash() == row.sha256
    assert envelope.model_dump_json() == row.envelope
    assert str(envelope.report_id) == report_id
    # no device id, no timestamp: only the protocol's fields
    assert set(json.loads(row.envelope)) == {"report_id", "schema_version", "clear", "sealed"}
    assert Outbox(store).statuses()[0].state is OutboxState.WAITING

    # a second tap on Send queues nothing more
    with pytest.raises(DraftGone):
        submit_report(store, canary_answers(), bytes(key.public_key), draft_id=draft.id)
    assert len(Outbox(store).unacknowledged()) == 1


def test_a_report_with_problems_changes_nothing(store):
    drafts = Drafts(store)
    draft = drafts.start()
    with pytest.raises(InvalidReport):
        submit_report(
            store, Answers(consent=True), bytes(PrivateKey.generate().public_key), draft_id=draft.id
        )
    assert drafts.latest() is not None
    assert Outbox(store).counts()[OutboxState.WAITING] == 0


def test_if_queueing_fails_the_draft_stays(store):
    drafts = Drafts(store)
    draft = drafts.start(canary_answers())
    store.db.execute("insert into outbox (report_id, envelope, sha256) values ('x', '{}', 'h')")
    with pytest.raises(Exception, match="UNIQUE"):
        drafts.queue(draft.id, "x", "{}", "h")  # the same id again: the insert fails
    assert drafts.get(draft.id) is not None


def test_planted_identifiers_are_nowhere_on_disk_or_in_logs(tmp_path, caplog):
    """Canary test (issue 5, item 6)."""
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(data / "haki.db")
    key = PrivateKey.generate()
    drafts = Drafts(store)
    draft = drafts.start()
    final = canary_answers()
    # typed a keystroke at a time: many versions of the draft pass through the WAL
    typing = Answers()
    for name in ("words", "contact", "recruiter_name", "employer_name"):
        text = getattr(final, name)
        for end in range(0, len(text) + 1, 3):
            setattr(typing, name, text[:end])
            drafts.save(draft.id, typing, Step.WORDS)
    drafts.save(draft.id, final, Step.REVIEW)
    assert found_in((data / "haki.db-wal").read_bytes())  # the check can see them

    report_id = submit_report(store, final, bytes(key.public_key), draft_id=draft.id, today=TODAY)

    def scan() -> None:
        files = sorted(p for p in data.iterdir() if p.is_file())
        assert files
        for path in files:
            assert found_in(path.read_bytes()) == [], path.name

    scan()  # while the app still runs
    row = Outbox(store).unacknowledged()[0]
    assert found_in(row.envelope.encode()) == []
    envelope = Envelope.model_validate_json(row.envelope)
    assert found_in(envelope.clear.model_dump_json().encode()) == []
    store.close()
    scan()  # and after it stopped
    assert found_in(caplog.text.encode()) == []

    # the organisation's private key opens them all
    sealed = open_sealed(envelope.sealed, bytes(key))
    text = json.dumps(sealed, ensure_ascii=False)
    assert found_in(text.encode()) == [f"{label} (utf-8)" for label in CANARIES]
    assert str(envelope.report_id) == report_id


def test_reports_stay_small_on_the_wire(store):
    """With 160 characters of their own words, a report in a gzip'd batch
    takes at most 320 bytes (the sync design's budget)."""
    key = bytes(PrivateKey.generate().public_key)
    answers = canary_answers()
    answers.words = ("They kept my passport and have not paid me since March. " * 3)[:160]
    answers.recruiter_name = answers.employer_name = ""
    answers.follow_up = "anonymous"
    for _ in range(100):
        submit_report(store, answers, key, today=TODAY)
    batch = {"reports": [json.loads(r.envelope) for r in Outbox(store).unacknowledged()]}
    per_report = len(gzip.compress(json.dumps(batch).encode())) / 100
    assert per_report <= 320, per_report


def test_submit_needs_no_draft(tmp_path: Path):
    """The benchmark's path: answers straight to the outbox."""
    store = open_store(tmp_path / "haki.db")
    report_id = submit_report(store, canary_answers(), bytes(PrivateKey.generate().public_key))
    assert [s.report_id for s in Outbox(store).statuses()] == [report_id]


def test_a_discarded_draft_leaves_nothing_on_disk(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(data / "haki.db")
    drafts = Drafts(store)
    draft = drafts.start()
    for _ in range(20):
        drafts.save(draft.id, canary_answers(), Step.CONTACT)
    drafts.discard(draft.id)
    for path in sorted(p for p in data.iterdir() if p.is_file()):
        assert found_in(path.read_bytes()) == [], path.name
    store.close()
