"""Sync in the background: at start-up, on a timer, and on demand.

`SyncRunner` owns one daemon thread that runs a drain pass at start, then
every `interval` seconds, and at once when `trigger()` is called (a "Send
now" button, connectivity coming back). It never blocks its caller:
`trigger()` only sets a flag, and a trigger during a pass runs one more
pass after it. Progress and the end of each pass are reported through
`on_progress`, called on the runner's thread (a UI must hand them to its
own thread, e.g. Flet's page.run_thread or a session refresh).

Timer passes send only reports that are due (respecting the backoff saved
in the outbox); the start-up pass and triggered passes send everything
unacknowledged. The thread wakes when the next report is due, if that is
before the next timer pass: a report put off for 40 s after the server
did not answer waited the whole 15 minutes.

A pass then asks the organisation's follow-up of the reports the server
acknowledged (read, acting, closed), when the device holds any: the start-up
pass and triggered passes always, timer passes once every
`handling_every` seconds; a change is told to `on_progress` again, so
"My reports" shows it.

Where the device trusts a content signing key, a pass also asks for a
content update (sync.content_update): the start-up pass and triggered
passes always, timer passes once every `content_every` seconds. Not when
the server could not be reached for the reports: it will not be for the
update either.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from app.content.updates import ContentSource
from app.store.outbox import Outbox
from app.store.store import Store
from sync.client import SyncClient
from sync.content_update import update_content
from sync.drain import Drain, ProgressCallback, SyncProgress, SyncSummary
from sync.errors import SyncError, Unreachable

log = logging.getLogger(__name__)

#: seconds between timer passes
DEFAULT_INTERVAL = 15 * 60.0
#: never wake sooner than this for a report due (one due again and again
#: at once, its clock far off, must not spin the thread)
SOONEST = 5.0
#: seconds between content checks on timer passes
CONTENT_EVERY = 6 * 3600.0
#: seconds between follow-up checks on timer passes
HANDLING_EVERY = 3 * 3600.0

#: one pass: (everything, on_progress) -> summary
PassFunction = Callable[[bool, ProgressCallback], SyncSummary]


class SyncRunner:
    def __init__(
        self,
        run_pass: PassFunction,
        *,
        interval: float = DEFAULT_INTERVAL,
        on_progress: ProgressCallback | None = None,
        next_due: Callable[[], float | None] | None = None,
        soonest: float = SOONEST,
    ) -> None:
        """`next_due`: seconds until the next report is due, or None."""
        self.run_pass = run_pass
        self.interval = interval
        self.next_due = next_due
        self.soonest = soonest
        self.on_progress = on_progress
        self.last: SyncSummary | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._everything = False
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None

    def start(self) -> SyncRunner:
        """Start the thread; it runs a first pass at once (start-up sync)."""
        if self._thread is None:
            with self._lock:
                self._everything = True
            self._idle.clear()
            self._wake.set()
            self._thread = threading.Thread(target=self._loop, name="haki-sync", daemon=True)
            self._thread.start()
        return self

    def trigger(self) -> None:
        """Send everything now (returns at once)."""
        with self._lock:
            self._everything = True
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to end after the current pass, and wait a little."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no pass is running or wanted (for tests)."""
        return self._idle.wait(timeout)

    @property
    def running(self) -> bool:
        return not self._idle.is_set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._sleep())
            if self._stop.is_set():
                return
            self._idle.clear()
            self._wake.clear()
            with self._lock:
                everything, self._everything = self._everything, False
            try:
                self.last = self.run_pass(everything, self._report)
            except Exception:  # a pass must never kill the thread
                log.exception("a sync pass failed")
            if not self._wake.is_set():
                self._idle.set()

    def _sleep(self) -> float:
        """Seconds until the next timer pass: the interval, or sooner when a
        report is due sooner."""
        due = None
        if self.next_due is not None:
            try:
                due = self.next_due()
            except Exception:  # the store closed under us, say: wait the interval
                log.exception("could not tell when the next report is due")
        return self.interval if due is None else min(self.interval, max(self.soonest, due))

    def _report(self, progress: SyncProgress) -> None:
        if self.on_progress is not None:
            try:
                self.on_progress(progress)
            except Exception:
                log.exception("the sync progress callback failed")


def make_runner(
    store: Store,
    server_url: str,
    *,
    interval: float = DEFAULT_INTERVAL,
    on_progress: ProgressCallback | None = None,
    content: ContentSource | None = None,
    content_every: float = CONTENT_EVERY,
    handling_every: float = HANDLING_EVERY,
    soonest: float = SOONEST,
    **drain_options: Any,
) -> SyncRunner:
    """A runner draining this store's outbox to `server_url` (not started),
    and taking content updates when `content` says which keys to trust."""
    outbox = Outbox(store)
    client = SyncClient(server_url)
    handling_due, content_due = _Every(handling_every), _Every(content_every)

    def run_pass(everything: bool, progress: ProgressCallback) -> SyncSummary:
        told: list[SyncProgress] = []

        def tell(p: SyncProgress) -> None:
            told.append(p)
            progress(p)

        drain = Drain(outbox, client, everything=everything, on_progress=tell, **drain_options)
        summary = drain.run()
        if isinstance(summary.stopped_by, Unreachable):
            return summary  # nor would the follow-up or an update be
        received = outbox.received_ids()
        if received and handling_due.now(everything):
            try:
                if outbox.set_handling(client.handling_of(received)) and told:
                    progress(told[-1])  # the screens draw the reports again
            except SyncError as exc:
                log.info("no follow-up this time: %s", exc)
        if content is not None and content.keys and content_due.now(everything):
            try:
                log.info(update_content(store, client, content).line)
            except SyncError as exc:
                log.info("no content update this time: %s", exc)
        return summary

    now = drain_options.get("now", time.time)

    def next_due() -> float | None:
        moment = now()
        at = outbox.next_attempt_at(moment)
        return None if at is None else at - moment

    return SyncRunner(
        run_pass, interval=interval, on_progress=on_progress, next_due=next_due, soonest=soonest
    )


class _Every:
    """Something a pass does at most once every `seconds`, unless the pass
    sends everything (start-up, Send now, back online)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.last = -math.inf

    def now(self, everything: bool) -> bool:
        """Whether it is due; if so, it counts as done now."""
        if not everything and time.monotonic() - self.last < self.seconds:
            return False
        self.last = time.monotonic()
        return True
