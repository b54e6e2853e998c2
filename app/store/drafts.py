"""Report drafts, and turning a finished one into a sealed outbox entry.

A draft is the worker's answers as typed, saved after every answer so it
survives the app being killed at any screen. It is the only place a
report's plaintext is ever written. `submit_report` is the one way a report
is made, for the wizard and for benchmarks alike:

    answers -> check -> anonymise (clear + sealed parts) -> seal to the
    organisation's key -> Envelope (sync.protocol) -> one transaction that
    writes the outbox row and deletes the draft -> WAL checkpoint

With `secure_delete` on (see open_store) the deleted draft's bytes are
overwritten in the database file, and the checkpoint truncates the WAL, so
no copy of the plaintext stays on disk. An answer changed or erased while
the draft is written leaves the WAL a few seconds later (Store.changing).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.burmese import answers_as_unicode
from app.core.report import Answers, Step, merged
from app.core.report_anonymise import anonymise
from app.core.report_sealing import seal
from app.store.errors import StoreError
from app.store.outbox import Outbox
from app.store.store import Store, StorePart
from sync.protocol import ClearPart, Envelope


class DraftGone(StoreError):
    """The draft was already submitted or discarded (a second tap on Send)."""


@dataclass(frozen=True)
class Draft:
    id: int
    step: Step
    answers: Answers


class Drafts(StorePart):
    def start(self, answers: Answers | None = None) -> Draft:
        """A new draft at the first screen."""
        answers = answers or Answers()
        with self.changing():
            cur = self.db.execute(
                "insert into report_drafts (step, answers) values (?, ?)",
                [Step.WHAT.value, answers.to_json()],
            )
        return Draft(int(cur.lastrowid or 0), Step.WHAT, answers)

    def latest(self) -> Draft | None:
        """The draft the worker was last writing, if any."""
        with self.store.lock:
            row = self.conn.execute(
                "select id, step, answers from report_drafts order by id desc limit 1"
            ).fetchone()
        return _draft(row) if row else None

    def get(self, draft_id: int) -> Draft | None:
        with self.store.lock:
            row = self.conn.execute(
                "select id, step, answers from report_drafts where id = ?", [draft_id]
            ).fetchone()
        return _draft(row) if row else None

    def save(
        self, draft_id: int, answers: Answers, step: Step, since: Answers | None = None
    ) -> Answers:
        """Keep the answers and the screen reached (synchronous=FULL: on disk
        when this returns). With `since`, the answers as the caller last
        read or saved them, only what changed since then is written over
        the stored answers (see merged); returns the answers now stored.
        Raises DraftGone, writing nothing, when the draft was sent or
        deleted meanwhile (from another window)."""
        with self.changing():
            row = self.conn.execute(
                "select answers from report_drafts where id = ?", [draft_id]
            ).fetchone()
            if row is None:
                raise DraftGone(f"draft {draft_id} was already sent or deleted")
            if since is not None:
                answers = merged(Answers.from_json(str(row[0])), since, answers)
            self.db.execute(
                "update report_drafts set step = ?, answers = ? where id = ?",
                [step.value, answers.to_json(), draft_id],
            )
        return answers

    def discard(self, draft_id: int) -> None:
        """Forget a draft, leaving no copy of it on disk."""
        with self.store.lock, self.db.atomic():
            self.db.execute("delete from report_drafts where id = ?", [draft_id])
        self.scrub()

    def forget_all(self) -> None:
        """Delete every draft (the caller scrubs, once its transaction ends)."""
        with self.store.lock, self.db.atomic():
            self.db.execute("delete from report_drafts")

    def queue(self, draft_id: int | None, report_id: str, envelope: str, sha256: str) -> int:
        """In one transaction: write the sealed report's outbox row
        (Outbox.add) and delete its draft. Returns the outbox sequence
        number. Raises DraftGone, writing nothing, if the draft is no longer
        there: a report is queued once however often Send is tapped."""
        with self.store.lock, self.db.atomic():
            if draft_id is not None:
                gone = self.db.execute("delete from report_drafts where id = ?", [draft_id])
                if gone.rowcount != 1:
                    raise DraftGone(f"draft {draft_id} was already sent or deleted")
            # nested in this transaction (a savepoint): both happen or neither
            seq = Outbox(self.store).add(report_id, envelope, sha256)
        if draft_id is not None:
            self.scrub()
        return seq


def _draft(row: tuple[object, ...]) -> Draft:
    draft_id, step, answers = row
    step_value = str(step)
    return Draft(
        int(str(draft_id)),
        Step(step_value) if step_value in set(Step) else Step.WHAT,
        Answers.from_json(str(answers)),
    )


def build_envelope(
    answers: Answers, public_key: bytes, lang: str, today: dt.date, report_id: uuid.UUID
) -> Envelope:
    """Check, anonymise and seal: the envelope exactly as it will travel.
    Raises InvalidReport when an answer still has a problem."""
    parts = anonymise(answers_as_unicode(answers), lang, today)
    return Envelope(
        report_id=report_id,
        clear=ClearPart.model_validate(parts.clear),
        sealed=seal(parts.sealed, public_key),
    )


def submit_report(
    store: Store,
    answers: Answers,
    public_key: bytes,
    *,
    draft_id: int | None = None,
    lang: str = "en",
    today: dt.date | None = None,
) -> str:
    """Make a report: seal it to the organisation's public key, queue it in
    the outbox and delete its draft (if any) in the same transaction.
    Returns the new random report id (UUIDv4). Raises InvalidReport (with
    the problems by answer) and changes nothing when an answer is wrong."""
    report_id = uuid.uuid4()
    envelope = build_envelope(answers, public_key, lang, today or dt.date.today(), report_id)
    Drafts(store).queue(
        draft_id, str(report_id), envelope.model_dump_json(), envelope.content_hash()
    )
    return str(report_id)
