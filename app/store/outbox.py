"""The outbox: sealed reports kept until the server has acknowledged them.

The wizard adds a report here (one transaction: the envelope in `outbox`,
which never changes, and its sending state in the narrow `outbox_state`);
the sync client takes the ones that are due, and marks each one only from
the server's answer. Nothing here deletes a report that the server has not
acknowledged, except `withdraw_waiting`: the worker's own choice, when
someone may look at the phone before the reports could be sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.store.store import StorePart

#: A failed report is never put off for longer than this (seconds). A
#: `next_attempt_at` further ahead than this means the device clock went
#: back (or was far ahead when it was written): the report is due now.
MAX_DELAY = 24 * 3600.0


class OutboxState(StrEnum):
    WAITING = "waiting"  # not yet sent, or sending failed: will be tried again
    SENDING = "sending"  # handed to the network, no answer yet: in doubt
    RECEIVED = "received"  # the server acknowledged it (accepted or duplicate)
    CONFLICT = "conflict"  # the server holds other content under this id


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    report_id: str
    envelope: str  # the envelope's JSON, exactly as it will be sent
    sha256: str
    state: OutboxState
    attempts: int
    next_attempt_at: float


@dataclass(frozen=True)
class ReportStatus:
    """What "My reports" may show of a report: never its content."""

    seq: int
    report_id: str
    state: OutboxState
    #: what the organisation has done with it, once received (a
    #: app.core.codes.Handling value), as its server last said
    handling: str | None = None


#: a report's row: its content (outbox) and its sending state (outbox_state)
_SELECT = (
    "select o.seq, o.report_id, o.envelope, o.sha256, s.state, s.attempts, s.next_attempt_at "
    "from outbox_state s join outbox o on o.seq = s.seq"
)
#: the state row of a report, by its id
_BY_ID = "seq = (select seq from outbox where report_id = ?)"
#: a report the server has not acknowledged: it is sent (again) until it is
_UNACKNOWLEDGED = "state in ('waiting', 'sending')"
#: due now: its time has come, or it was put off implausibly far ahead (the
#: clock changed); the parameters are `_due_at(now)`. next_attempt_at()
#: says the same in its own words
_DUE = "(next_attempt_at <= ? or next_attempt_at > ?)"


def _due_at(now: float) -> list[float]:
    return [now, now + MAX_DELAY]


class Outbox(StorePart):
    def add(self, report_id: str, envelope: str, sha256: str) -> int:
        """Queue one sealed report; returns its sequence number."""
        with self.store.lock, self.db.atomic():
            cur = self.db.execute(
                "insert into outbox (report_id, envelope, sha256) values (?, ?, ?)",
                [report_id, envelope, sha256],
            )
            seq = int(cur.lastrowid or 0)
            self.db.execute("insert into outbox_state (seq) values (?)", [seq])
        return seq

    def take_over(self, rows: Iterable[OutboxRow]) -> int:
        """Queue reports another store could not send (a phone that opened
        Haki served by this laptop: app.visitors), in one transaction: still
        in doubt if they were, due now, and not shown here (unlist_unsent).
        A report already here stays as it is, so taking the same ones over
        twice queues them once. Returns how many were new."""
        taken = 0
        with self.store.lock, self.db.atomic():
            for row in rows:
                cur = self.conn.execute(
                    "insert or ignore into outbox (report_id, envelope, sha256) values (?, ?, ?)",
                    [row.report_id, row.envelope, row.sha256],
                )
                if cur.rowcount:
                    self.conn.execute(
                        "insert into outbox_state (seq, state, attempts, unlisted) "
                        "values (?, ?, ?, 1)",
                        [cur.lastrowid, row.state.value, row.attempts],
                    )
                    taken += 1
        return taken

    def due(self, now: float, limit: int = 100) -> list[OutboxRow]:
        """Reports to send now, oldest first: waiting or in doubt, and either
        due or put off implausibly far ahead (the clock changed)."""
        return self.pending(0, limit, now)  # sequence numbers start at 1

    def next_attempt_at(self, now: float) -> float | None:
        """When the next report the server has not acknowledged is due (at
        once: `now`, when one is put off implausibly far ahead), or None
        when there is none."""
        with self.store.lock:
            (at,) = self.conn.execute(
                "select min(case when next_attempt_at > ? then ? else next_attempt_at end) "
                f"from outbox_state where {_UNACKNOWLEDGED}",
                [now + MAX_DELAY, now],
            ).fetchone()
        return None if at is None else float(at)

    def unacknowledged(self) -> list[OutboxRow]:
        """Every report the server has not acknowledged, whatever its timing."""
        with self.store.lock:
            rows = self.conn.execute(f"{_SELECT} where {_UNACKNOWLEDGED} order by s.seq").fetchall()
        return [_row(r) for r in rows]

    def pending(self, after_seq: int, limit: int, now: float | None = None) -> list[OutboxRow]:
        """Up to `limit` reports the server has not acknowledged, with a
        sequence number after `after_seq`, oldest first: a drain pages
        through the outbox with this. With `now`, only those due (as due())."""
        sql = f"{_SELECT} where {_UNACKNOWLEDGED} and s.seq > ?"
        args: list[object] = [after_seq]
        if now is not None:
            sql += f" and {_DUE}"
            args += _due_at(now)
        with self.store.lock:
            rows = self.conn.execute(sql + " order by s.seq limit ?", [*args, limit]).fetchall()
        return [_row(r) for r in rows]

    def in_doubt(self, now: float | None = None) -> list[OutboxRow]:
        """Reports handed to the network with no answer recorded (state
        sending), oldest first; with `now`, only those due (as due())."""
        sql = f"{_SELECT} where s.state = 'sending'"
        args: list[object] = []
        if now is not None:
            sql += f" and {_DUE}"
            args += _due_at(now)
        with self.store.lock:
            rows = self.conn.execute(sql + " order by s.seq", args).fetchall()
        return [_row(r) for r in rows]

    def mark_sending(self, report_ids: Iterable[str]) -> None:
        """Record that these are about to go out (so a crash leaves them in
        doubt). A report already received or in conflict stays so (another
        sender, such as python -m sync.send, may have settled it)."""
        self.settle((), (), report_ids)

    def acknowledge(self, report_ids: Iterable[str]) -> None:
        """The server holds these: they are sent."""
        self.settle(report_ids, ())

    def conflict(self, report_ids: Iterable[str]) -> None:
        """The server holds other content under these ids: keep them to show."""
        self.settle((), report_ids)

    def settle(
        self, received: Iterable[str], conflicts: Iterable[str], sending: Iterable[str] = ()
    ) -> None:
        """In one transaction: record an answer (`received` acknowledged,
        `conflicts` kept to show) and mark the next reports `sending`, so a
        drain commits once a batch; the three methods above are its parts."""
        done, clash, going = list(received), list(conflicts), list(sending)
        if not done and not clash and not going:
            return
        with self.store.lock, self.db.atomic():
            self.conn.executemany(
                f"update outbox_state set state = 'received', next_attempt_at = 0 where {_BY_ID}",
                [(i,) for i in done],
            )
            self.conn.executemany(
                f"update outbox_state set state = 'conflict' where {_BY_ID}",
                [(i,) for i in clash],
            )
            self.conn.executemany(
                "update outbox_state set state = 'sending', attempts = attempts + 1 "
                f"where {_BY_ID} and {_UNACKNOWLEDGED}",
                [(i,) for i in going],
            )
            if done or clash:  # settled, and no one will be shown them: they go
                self._delete_where("state in ('received', 'conflict') and unlisted = 1")

    def not_sent(self, report_ids: Iterable[str], when: float) -> None:
        """These were marked sending (or were waiting) but never went out:
        waiting again from `when`, and a mark_sending that led to no send
        is not counted as an attempt."""
        ids = list(report_ids)
        with self.store.lock, self.db.atomic():
            self.conn.executemany(
                "update outbox_state set attempts = case when state = 'sending' "
                "then max(attempts - 1, 0) else attempts end, "
                "state = 'waiting', next_attempt_at = ? "
                f"where {_BY_ID} and {_UNACKNOWLEDGED}",
                [(when, i) for i in ids],
            )

    def retry_at(self, report_ids: Iterable[str], when: float) -> None:
        """Sending failed: try again at `when` (device clock)."""
        ids = list(report_ids)
        with self.store.lock, self.db.atomic():
            self.conn.executemany(
                f"update outbox_state set state = 'waiting', next_attempt_at = ? where {_BY_ID} "
                f"and {_UNACKNOWLEDGED}",
                [(when, i) for i in ids],
            )

    def still_in_doubt(self, report_ids: Iterable[str], when: float) -> None:
        """Reports handed to the network whose fate is unknown (no answer,
        and the server could not be asked): keep them in doubt, to be
        reconciled, but not before `when` (device clock)."""
        ids = list(report_ids)
        with self.store.lock, self.db.atomic():
            self.conn.executemany(
                f"update outbox_state set next_attempt_at = ? where {_BY_ID} and state = 'sending'",
                [(when, i) for i in ids],
            )

    def forget_received(self) -> int:
        """Delete the reports the server has acknowledged, leaving no copy on
        disk (secure_delete, then a WAL checkpoint): the organisation holds
        them, and a phone someone else looks at no longer shows that they
        were sent. Reports not yet acknowledged, or in conflict, stay.
        Returns how many were deleted."""
        gone = self.delete_received()
        self.scrub()
        return gone

    def delete_received(self) -> int:
        """forget_received without the scrub, for a caller that deletes more
        in the same transaction and scrubs after it."""
        return self._delete_where("state = 'received'")

    def withdraw_waiting(self) -> int:
        """Delete the reports waiting to be sent, leaving no copy on disk:
        the server cannot have them, and now never will. Not those in doubt
        (handed to the network, no answer): the server may hold them, and
        only asking it tells. A sending pass that read a waiting one already
        finds it gone (its updates match no row). Only those shown: the
        reports no longer shown are someone else's (unlist_unsent), not the
        reader's to delete. Returns how many were deleted."""
        gone = self._delete_where("state = 'waiting' and unlisted = 0")
        self.scrub()
        return gone

    def _delete_where(self, condition: str) -> int:
        """Delete the reports whose state row meets `condition`, in one
        transaction (the caller's, if there is one); how many."""
        with self.store.lock, self.db.atomic():
            gone = self.conn.execute(f"select seq from outbox_state where {condition}").fetchall()
            # the state first: it refers to the report's row
            self.conn.executemany("delete from outbox_state where seq = ?", gone)
            self.conn.executemany("delete from outbox where seq = ?", gone)
        return len(gone)

    def unlist_unsent(self) -> int:
        """Stop showing the reports the server does not have yet (waiting,
        in doubt, in conflict): they belong to someone who is no longer
        there, or who may be someone else than the one now holding the
        phone. They are still sent, and removed once received. Within the
        caller's transaction if there is one; how many."""
        with self.store.lock, self.db.atomic():
            cur = self.conn.execute(
                "update outbox_state set unlisted = 1 where state != 'received' and unlisted = 0"
            )
        return cur.rowcount

    def statuses(self) -> list[ReportStatus]:
        """Every report shown, newest first, with its state only (not the
        unlisted ones: unlist_unsent)."""
        with self.store.lock:
            rows = self.conn.execute(
                "select o.seq, o.report_id, s.state, s.handling from outbox_state s "
                "join outbox o on o.seq = s.seq where s.unlisted = 0 order by s.seq desc"
            ).fetchall()
        return [ReportStatus(int(s), str(i), OutboxState(st), f) for s, i, st, f in rows]

    def received_ids(self) -> list[str]:
        """The ids of the reports the server acknowledged and the
        organisation has not closed, oldest first: the ones to ask its
        follow-up about."""
        with self.store.lock:
            rows = self.conn.execute(
                "select o.report_id from outbox_state s join outbox o on o.seq = s.seq "
                "where s.state = 'received' and s.handling is not 'closed' order by s.seq"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def set_handling(self, handling: Mapping[str, str]) -> int:
        """Record the organisation's follow-up of received reports (id ->
        value); how many changed."""
        with self.store.lock, self.db.atomic():
            before = self.conn.total_changes
            self.conn.executemany(
                f"update outbox_state set handling = ? where {_BY_ID} and state = 'received' "
                "and handling is not ?",
                [(value, report_id, value) for report_id, value in handling.items()],
            )
            return self.conn.total_changes - before

    def counts(self, *, shown_only: bool = False) -> dict[OutboxState, int]:
        """How many reports are in each state: all of them (what sending
        must still do), or only those shown (statuses)."""
        where = "where unlisted = 0 " if shown_only else ""
        with self.store.lock:
            rows = self.conn.execute(
                f"select state, count(*) from outbox_state {where}group by state"
            ).fetchall()
        counts = dict.fromkeys(OutboxState, 0)
        counts.update({OutboxState(st): int(n) for st, n in rows})
        return counts


_STATES = {s.value: s for s in OutboxState}


def _row(r: tuple[Any, ...]) -> OutboxRow:
    """A row as this table's columns hold it (the schema makes the types;
    a drain reads thousands of these, so no conversions beyond that)."""
    seq, report_id, envelope, sha256, state, attempts, next_at = r
    return OutboxRow(seq, report_id, envelope, sha256, _STATES[state], attempts, float(next_at))
