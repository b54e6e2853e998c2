"""One pass over the outbox: reconcile what is in doubt, send the rest in
batches, and record each report's fate only from the server's answer.

The outbox row is a saved state machine (app.store.outbox):

    waiting --mark_sending--> sending --answer: accepted/duplicate--> received
       ^                         |  \\--answer: conflict--> conflict (kept, shown)
       |                         |
       +--retry_at(backoff)------+   failure: the time of the next attempt is saved

A row is `sending` from just before its batch goes out until the answer is
recorded. Finding one in that state later means the app stopped in
between: the server may or may not hold it. Those are reconciled first by
asking `/missing` which ids the server lacks; the ones it holds are
received. (A report id is a random UUIDv4 that only this device and the
server know, and the server stores an id only with the content first sent
under it, which the device never changes; so "held" means "held with this
content".) The ones it lacks are sent again, which is always safe: the
server stores a report once, however often it arrives.

Failures:
- no connection, or the server busy (429, 5xx after the client's quick
  retries): stop, and put the batch and the rest of the page off by
  full-jitter exponential backoff, random(0, min(cap, base * 2**attempts)),
  saved in the outbox (never less than the server's Retry-After).
- no usable answer (timeout, connection dropped): in doubt; ask /missing at
  once and send again what the server lacks, a few times at most.
- an address that is not a Haki server's (404, 405, 501): stop, as with no
  connection; no report is at fault.
- 413: send the batch in halves. Another 4xx: halve the batch until the
  one report the server refuses is found; that one is put off by the
  longest backoff and counted as refused (never dropped).

Times come from an injected clock: the device clock may be anywhere
(2001, 2040); the outbox treats a next attempt implausibly far ahead as due.
"""

from __future__ import annotations

import random
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from app.store.outbox import Outbox, OutboxRow, OutboxState
from app.store.store import Store
from sync.client import SyncClient, batch_body
from sync.errors import Busy, InDoubt, Refused, SyncError, Unreachable
from sync.protocol import MAX_BATCH, Outcome, ReportResult

#: reports read from the outbox at a time
PAGE = 1000
#: sends of one batch within one pass when its fate stays in doubt
MAX_TRIES = 3


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff (seconds)."""

    base: float = 5.0
    cap: float = 3600.0

    def delay(self, attempts: int, rng: random.Random) -> float:
        return rng.uniform(0, min(self.cap, self.base * 2 ** min(max(attempts - 1, 0), 40)))


@dataclass
class SyncSummary:
    """What one pass did, and the outbox after it."""

    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    #: acknowledged through /missing (the server already held them)
    confirmed: int = 0
    #: reports the server refused (4xx) on their own; kept, put off
    refused: int = 0
    batches: int = 0
    #: why the pass stopped early, if it did
    error: str | None = None
    #: the failure that stopped it (its kind tells the reader what to do)
    stopped_by: SyncError | None = None
    outbox: dict[OutboxState, int] = field(default_factory=dict)

    @property
    def remaining(self) -> int:
        """Reports the server has not acknowledged yet."""
        return self.outbox.get(OutboxState.WAITING, 0) + self.outbox.get(OutboxState.SENDING, 0)

    def line(self) -> str:
        sent = self.accepted + self.duplicate + self.conflict
        o = self.outbox
        text = (
            f"sent {sent} in {self.batches} {'batch' if self.batches == 1 else 'batches'} "
            f"({self.accepted} accepted, "
            f"{self.duplicate} duplicate, {self.conflict} conflict); {self.confirmed} already "
            f"on the server; outbox: {o.get(OutboxState.RECEIVED, 0)} received, "
            f"{o.get(OutboxState.WAITING, 0)} waiting, {o.get(OutboxState.SENDING, 0)} in doubt, "
            f"{o.get(OutboxState.CONFLICT, 0)} conflict"
        )
        if self.refused:
            text += f"; {self.refused} refused by the server"
        if self.error:
            text += f"; stopped: {self.error}"
        return text


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "reconciling", "sending", "done", "stopped"
    #: reports settled so far in this pass, out of `total` to settle
    done: int
    total: int
    summary: SyncSummary | None = None


ProgressCallback = Callable[[SyncProgress], None]


class _Stop(Exception):
    def __init__(self, cause: SyncError) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass
class Drain:
    """One pass; see the module docstring. `everything` sends every
    unacknowledged report now (an explicit "Send now"); otherwise only
    those due."""

    outbox: Outbox
    client: SyncClient
    now: Callable[[], float] = time.time
    rng: random.Random = field(default_factory=random.Random)
    backoff: Backoff = Backoff()
    batch_size: int = MAX_BATCH
    everything: bool = False
    on_progress: ProgressCallback | None = None

    def __post_init__(self) -> None:
        self.summary = SyncSummary()
        self._done = 0
        self._total = 0
        #: the helper thread records answers while this one handles failures
        self._count_lock = threading.Lock()

    def run(self) -> SyncSummary:
        """One pass. Passes over the same store never overlap in a process
        (a runner replaced while sending waits for the old pass to end)."""
        with _pass_lock(self.outbox.store):
            return self._run()

    def _run(self) -> SyncSummary:
        counts = self.outbox.counts()
        self._total = counts[OutboxState.WAITING] + counts[OutboxState.SENDING]
        try:
            self._reconcile(self.outbox.in_doubt())
            self._send_all()
        except _Stop as stop:
            self.summary.error = str(stop.cause)
            self.summary.stopped_by = stop.cause
        self.summary.outbox = self.outbox.counts()
        self._progress("stopped" if self.summary.error else "done")
        return self.summary

    # -- steps ---------------------------------------------------------------

    def _in_doubt_rows(self) -> list[OutboxRow]:
        return self.outbox.in_doubt(None if self.everything else self.now())

    def _reconcile(self, rows: Sequence[OutboxRow]) -> None:
        """Ask which in-doubt reports the server lacks; the rest are received."""
        if not rows:
            return
        self._progress("reconciling")
        ids = [r.report_id for r in rows]
        try:
            lacking = self.client.missing(ids)
        except SyncError as exc:
            self._put_off(rows, exc, in_doubt=True)
            raise _Stop(exc) from None
        held = [i for i in ids if i not in lacking]
        self._confirmed(held)

    def _send_all(self) -> None:
        """Page through the outbox. A helper thread keeps the wire busy:
        while batch k is out, it records the answer to batch k-1 and marks
        batch k+1 sending (one transaction), gzips batch k+1, and during
        the last batch of a page reads the next page. If the pass stops,
        the batch it prepared is put back, not counted as sent."""
        after = 0
        upcoming: Future[list[OutboxRow]] | None = None
        answer: tuple[list[str], list[ReportResult]] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="haki-sync") as helper:
            while True:
                page = upcoming.result() if upcoming is not None else self._page(after)
                upcoming = None
                if not page:
                    break
                after = page[-1].seq
                batches = [
                    page[i : i + self.batch_size] for i in range(0, len(page), self.batch_size)
                ]
                ready = helper.submit(self._prepare, batches[0], answer)
                answer = None
                for k, batch in enumerate(batches):
                    body = ready.result()
                    if k + 1 < len(batches):
                        ready = helper.submit(self._prepare, batches[k + 1], answer)
                    else:
                        if answer is not None:
                            helper.submit(self._record, *answer)
                        upcoming = helper.submit(self._page, after)
                    answer = None
                    try:
                        results = self._post(batch, body)
                    except _Stop as stop:
                        ready.result()  # let the helper finish marking the next batch
                        unsent = [r for b in batches[k + 1 :] for r in b]
                        self._put_off(unsent, stop.cause, never_sent=True)
                        raise
                    if results is not None:
                        answer = ([r.report_id for r in batch], results)
            if answer is not None:
                self._record(*answer)

    def _page(self, after: int) -> list[OutboxRow]:
        return self.outbox.pending(after, PAGE, None if self.everything else self.now())

    def _prepare(
        self,
        rows: Sequence[OutboxRow],
        answer: tuple[list[str], list[ReportResult]] | None = None,
    ) -> bytes:
        """Mark a batch sending (so a crash leaves it in doubt), recording
        the answer to an earlier one in the same transaction, and gzip it."""
        ids = [r.report_id for r in rows]
        if answer is not None:
            self._record(*answer, sending=ids)
        else:
            self.outbox.mark_sending(ids)
        return batch_body([r.envelope for r in rows], self.client.level)

    def _post(
        self, rows: Sequence[OutboxRow], body: bytes, tries: int = 1
    ) -> list[ReportResult] | None:
        """Send a prepared batch: the results, or None when a failure was
        handled here (split, reconciled); _Stop when the pass must end."""
        ids = [r.report_id for r in rows]
        try:
            results = self.client.post_batch(body, ids)
        except (Unreachable, Busy) as exc:
            self._put_off(rows, exc)
            raise _Stop(exc) from None
        except Refused as exc:  # TooLarge included
            self._split(rows, exc, tries)
            return None
        except InDoubt as exc:
            self._in_doubt(rows, exc, tries)
            return None
        with self._count_lock:
            self.summary.batches += 1
        return results

    def _deliver(self, rows: Sequence[OutboxRow], tries: int = 1) -> None:
        """Mark, send and record one batch, all on this thread."""
        results = self._post(rows, self._prepare(rows), tries)
        if results is not None:
            self._record([r.report_id for r in rows], results)

    def _record(
        self, ids: Sequence[str], results: Sequence[ReportResult], sending: Sequence[str] = ()
    ) -> None:
        """The answer to a batch (`ids`, in the order the answer was checked
        to follow); `sending` are marked in the same transaction."""
        pairs = list(zip(ids, results, strict=True))
        received = [i for i, r in pairs if r.outcome is not Outcome.CONFLICT]
        conflicts = [i for i, r in pairs if r.outcome is Outcome.CONFLICT]
        self.outbox.settle(received, conflicts, sending)
        with self._count_lock:
            for r in results:
                if r.outcome is Outcome.ACCEPTED:
                    self.summary.accepted += 1
                elif r.outcome is Outcome.DUPLICATE:
                    self.summary.duplicate += 1
            self.summary.conflict += len(conflicts)
            self._done += len(results)
        self._progress("sending")

    def _confirmed(self, held: Sequence[str]) -> None:
        """The server holds these (said /missing): they are received."""
        self.outbox.acknowledge(held)
        with self._count_lock:
            self.summary.confirmed += len(held)
            self._done += len(held)

    def _split(self, rows: Sequence[OutboxRow], exc: Refused, tries: int) -> None:
        if len(rows) == 1:
            # the server will not take this one report: keep it, try much later
            with self._count_lock:
                self.summary.refused += 1
            self.outbox.retry_at([rows[0].report_id], self.now() + self.backoff.cap)
            return
        half = len(rows) // 2
        self._deliver(rows[:half], tries)
        self._deliver(rows[half:], tries)

    def _in_doubt(self, rows: Sequence[OutboxRow], exc: InDoubt, tries: int) -> None:
        """No usable answer: learn what the server holds, send the rest again."""
        try:
            lacking = self.client.missing([r.report_id for r in rows])
        except SyncError as missing_failed:
            # the server may hold them: they stay in doubt, to be reconciled
            self._put_off(rows, missing_failed, in_doubt=True)
            raise _Stop(missing_failed) from None
        held = [r.report_id for r in rows if r.report_id not in lacking]
        self._confirmed(held)
        again = [r for r in rows if r.report_id in lacking]
        if not again:
            return
        if tries >= MAX_TRIES:
            self._put_off(again, exc)
            raise _Stop(exc)
        self._deliver(again, tries + 1)

    def _put_off(
        self,
        rows: Sequence[OutboxRow],
        exc: SyncError | None,
        in_doubt: bool = False,
        never_sent: bool = False,
    ) -> None:
        """Save the next attempt time of rows not acknowledged: waiting again
        (the server cannot have them), still in doubt, or never sent."""
        if not rows:
            return
        attempts = max(r.attempts for r in rows) + 1
        delay = self.backoff.delay(attempts, self.rng)
        if isinstance(exc, Busy) and exc.retry_after:
            delay = max(delay, exc.retry_after)
        ids = [r.report_id for r in rows]
        if in_doubt:
            self.outbox.still_in_doubt(ids, self.now() + delay)
        elif never_sent:
            self.outbox.not_sent(ids, self.now() + delay)
        else:
            self.outbox.retry_at(ids, self.now() + delay)

    def _progress(self, phase: str) -> None:
        if self.on_progress is not None:
            done = phase in ("done", "stopped")
            self.on_progress(
                SyncProgress(phase, self._done, self._total, self.summary if done else None)
            )


_PASS_LOCKS: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_PASS_LOCKS_GUARD = threading.Lock()


def _pass_lock(store: Store) -> threading.Lock:
    with _PASS_LOCKS_GUARD:
        lock = _PASS_LOCKS.get(store)
        if lock is None:
            lock = _PASS_LOCKS[store] = threading.Lock()
        return lock


def drain(outbox: Outbox, client: SyncClient, **options: Any) -> SyncSummary:
    """One pass over the outbox (see Drain for the options)."""
    return Drain(outbox, client, **options).run()
