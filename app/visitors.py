"""Phones that open Haki served by an outreach laptop (`--host 0.0.0.0`).

Each phone's browser is a visitor: it gets a store of its own, a copy of
the laptop's content with none of anyone's data (app.store.visitor), so a
worker's checklist notes, costs, PIN or unfinished report are never shown
on another worker's phone, nor on the laptop, and the language a phone
chooses is its own. A visitor's reports are sent from its own store while
the page is open; when the page has gone for good (Flet ends the session),
the reports it could not send move to the laptop's outbox, to be sent from
there without being shown, and the visitor's store is deleted. A store
left by a stop or crash is handled the same way at the next start.

The browser on the laptop itself (loopback) and the phone app are not
visitors: they use the device's own store.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import secrets
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app import paths
from app.startup import AppContext
from app.store.errors import StoreError
from app.store.store import Store, open_store

log = logging.getLogger(__name__)


def is_visitor(client_ip: str | None) -> bool:
    """Whether a web session comes from another device: any address but
    this machine's loopback. The address is read here and kept nowhere."""
    if not client_ip:
        return False
    try:
        return not ipaddress.ip_address(client_ip).is_loopback
    except ValueError:  # not an address at all: not this machine either
        return True


#: the most phones' stores open at once (about 6.5 MB each): a room of
#: workers fits many times over, and someone opening page after page on the
#: laptop's wifi cannot fill its disk
MAX_OPEN = 150
#: the browser setting that holds a phone's key to its store
VISIT_KEY = "haki.visit"
#: seconds a phone's store is kept after its page was last drawn (Flet's own
#: session timeout): a phone whose page closed uncleanly (Flet did not always
#: end its session) does not leave its store on the laptop until Haki stops
IDLE_SECONDS = 3600.0
#: seconds after which a visit with nothing entered may give its place to a
#: new phone once all places are taken: someone opening page after page on
#: the laptop's wifi then keeps the room's phones out for minutes, not for
#: an hour, and a phone on which someone entered anything keeps its store
EMPTY_QUIET_SECONDS = 300.0


@dataclass
class Visit:
    context: AppContext
    path: Path
    #: what the phone's browser keeps to find this store again (a reload)
    key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    #: the sessions using it now: it goes when the last one has ended
    sessions: int = 1

    def seen(self) -> None:
        """Its page was drawn: the phone is still there (its context's
        Activity, made with the store, says when, and whether anything
        was entered since)."""
        self.context.activity.seen(time.monotonic())

    def idle_for(self, now: float) -> float:
        return self.context.activity.idle_for(now, self.context.store.last_change)

    def entered_anything(self) -> bool:
        return self.context.activity.entered_since_cleared(self.context.store.last_change)


class Visitors:
    """The visitors of one running Haki, and what happens when they go."""

    def __init__(self, main: AppContext) -> None:
        self.main = main
        self.folder = paths.visitors_dir(main.settings.data_dir)
        self._lock = threading.Lock()
        self._open: dict[Path, Visit] = {}

    def arrive(self) -> Visit:
        """A store and a sender of its own for a new visitor (and the end
        of those idle too long: a new visitor comes often enough)."""
        self.leave_idle()
        with self._lock:
            full = len(self._open) >= MAX_OPEN
        if full:
            empty = self._quiet_and_empty()
            if empty is None:
                raise StoreError(f"{MAX_OPEN} phones' stores are open already")
            log.info("a phone's store with nothing entered made room for another")
            self._end(empty)
        from app.store.visitor import clone_content
        from app.syncing import SyncService

        path = self.folder / f"{uuid.uuid4().hex}.db"
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            with self._lock:  # not while a leaving visitor's reports are written there
                store = clone_content(self.main.store, path)
        except (OSError, sqlite3.Error, StoreError) as exc:  # a full disk, say
            _remove(path)
            raise StoreError(f"cannot make a visitor's store: {type(exc).__name__}") from None
        sync = self.main.sync
        # the laptop's server; no content updates: the laptop takes those
        sender = SyncService(store, sync.server_url) if sync is not None else None
        context = AppContext(self.main.settings, self.main.registry, store, sender, visiting=True)
        visit = Visit(context, path)
        with self._lock:
            self._open[path] = visit
        return visit

    def come_back(self, key: str) -> Visit | None:
        """The store of the browser that keeps `key`, if it is still open."""
        with self._lock:
            visit = next(
                (v for v in self._open.values() if secrets.compare_digest(v.key, key)), None
            )
            if visit is not None:
                visit.sessions += 1
                visit.seen()
        return visit

    def leave(self, visit: Visit) -> None:
        """A session of the visitor ended; with its last one, its unsent
        reports go to the laptop's outbox, then its store is deleted."""
        with self._lock:
            visit.sessions -= 1
            if visit.sessions > 0 or self._open.get(visit.path) is not visit:
                return
        self._end(visit)

    def leave_idle(self, now: float | None = None) -> int:
        """End the visits whose page has not been drawn, nor anything saved
        in their store, for IDLE_SECONDS; how many."""
        now = time.monotonic() if now is None else now
        with self._lock:
            idle = [v for v in self._open.values() if v.idle_for(now) > IDLE_SECONDS]
        for visit in idle:
            self._end(visit)
        return len(idle)

    def _quiet_and_empty(self, now: float | None = None) -> Visit | None:
        """The visit quiet longest, among those with nothing entered and
        not drawn for EMPTY_QUIET_SECONDS: ending it loses nobody's data."""
        now = time.monotonic() if now is None else now
        with self._lock:
            empty = [
                v
                for v in self._open.values()
                if not v.entered_anything() and v.idle_for(now) >= EMPTY_QUIET_SECONDS
            ]
        return max(empty, key=lambda v: v.idle_for(now), default=None)

    def _end(self, visit: Visit) -> None:
        with self._lock:
            if self._open.pop(visit.path, None) is None:
                return  # ended already
        if visit.context.sync is not None:
            visit.context.sync.stop()
        self._hand_over(visit.context.store, visit.path)

    def leave_all(self) -> None:
        """Haki stops: every visitor leaves, so no phone's store stays on
        the laptop's disk until the next start."""
        with self._lock:
            visits = list(self._open.values())
        for visit in visits:
            self._end(visit)

    def recover(self) -> int:
        """Stores left by a stop or a crash: their unsent reports to the
        laptop's outbox, the stores deleted. How many reports were new."""
        if not self.folder.is_dir():
            return 0
        moved = 0
        for path in sorted(self.folder.glob("*.db")):
            try:
                moved += self._hand_over(open_store(path), path)
            except (StoreError, sqlite3.DatabaseError, OSError) as exc:
                # damaged beyond reading (or no file at all): nothing can be
                # saved from it, and it must not stop Haki from starting
                log.warning("a visitor's store could not be read: %s", type(exc).__name__)
                if path.is_file():
                    _remove(path)
        return moved

    def _hand_over(self, store: Store, path: Path) -> int:
        # here, not at the top: every start makes a Visitors, and the
        # outbox is the report section's, imported after the first screen
        from app.store.visitor import hand_reports_to

        with self._lock:
            try:
                moved = hand_reports_to(store, self.main.store)
            finally:
                store.close()
            _remove(path)
        sync = self.main.sync
        if moved and sync is not None and sync.started:
            sync.send_now()  # from the laptop now: nobody may open its own page
        return moved


def _remove(path: Path) -> None:
    """Delete a visitor's store and its WAL files, as far as they exist."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            file.unlink()
