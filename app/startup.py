"""What happens between reading the settings and showing the first screen.

The web client takes about a second to load in the browser; opening the
store and checking the content runs in a background thread meanwhile, so
the first screen does not wait for it. A usual start only reads: it checks
the schema and the content's stamp with plain SQL, and leaves sqlite-utils
(migrations, writes) and pydantic (parsing content) to the start that needs
them. Errors a person can fix are caught before
that, in `check_before_start`, and end start-up with one line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.idle import Activity
from app.core.languages import LanguageRegistry
from app.settings import Settings
from app.store.errors import StoreError
from app.store.probe import check_database_file

if TYPE_CHECKING:
    from app.store.store import Store
    from app.syncing import SyncService
    from app.visitors import Visitors

log = logging.getLogger(__name__)


#: seconds a stop waits for the start-up work still running (Preparation.close)
CLOSE_WAIT = 15.0


class StartupError(RuntimeError):
    """Haki cannot start; the message is one line for the person running it."""


@dataclass(frozen=True)
class AppContext:
    """Everything a UI session needs, built once per process."""

    settings: Settings
    registry: LanguageRegistry
    store: Store
    #: sends queued reports; None where nothing may be sent (tests of views)
    sync: SyncService | None = None
    #: the UI sessions open now (app.ui.session.UiSession), so that removing
    #: what a person entered also clears what every open tab remembers
    sessions: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet, compare=False)
    #: phones served by this device, each with a store of its own
    #: (app.visitors); None in a visitor's own context
    visitors: Visitors | None = field(default=None, compare=False)
    #: whether this is a visitor's context: a phone's browser, not this device
    visiting: bool = False
    #: when a person last used this device, on any of its screens (a shared
    #: device is cleared for the next person after a while unused: app.ui.idle)
    activity: Activity = field(
        default_factory=lambda: Activity.starting(time.monotonic()), compare=False
    )


def check_before_start(settings: Settings) -> None:
    try:
        check_database_file(settings.db_path)
    except StoreError as exc:
        raise StartupError(str(exc)) from None


def prepare(settings: Settings, registry: LanguageRegistry) -> AppContext:
    """Open the store (migrating it) and import the content if it changed."""
    # imported here, not at the top: these are the slow imports we keep
    # off the path to the first screen
    from app.content.importer import import_if_changed
    from app.content.updates import ContentSource, ContentUpdates
    from app.store.store import open_store
    from app.syncing import SyncService

    try:
        store = open_store(settings.db_path)
    except StoreError as exc:
        raise StartupError(str(exc)) from None
    # the bundled content, or the content update installed over it
    root = ContentUpdates(store, settings.data_dir).root_in_use()
    report = import_if_changed(store, root / "rights", registry)
    if report.imported:
        log.info(
            "content imported: %d articles, %d problems", report.articles, len(report.problems)
        )
    content = ContentSource(settings.content_keys, settings.data_dir, registry)
    sync = SyncService(store, settings.server_url, content)
    context = AppContext(settings=settings, registry=registry, store=store, sync=sync)
    from app.visitors import Visitors

    visitors = Visitors(context)
    moved = visitors.recover()  # phones' stores a stop left behind
    if moved:
        log.info("reports left by visitors queued here: %d", moved)
    return dataclasses.replace(context, visitors=visitors)


class StartupWork:
    """Start-up work in background threads (Preparation; in web mode the
    build of Flet's app, app.web_front), each inside `with startup_work():`.

    Meanwhile Python hands the interpreter between threads more often: the
    server streams the web client to the browser in small chunks, and
    waited up to 5 ms (Python's default) for each. When the last of them is
    done, the default comes back, and what start-up made (modules, Flet's
    controls, FastAPI's models, CLDR's data, the catalogs), which lives as
    long as the app, is kept out of garbage collection: a full collection
    went through it all again, 90,000 objects, a 67 ms pause in the middle
    of a tap here, longer on a cheap phone (start-up leaves next to no
    garbage to collect; a page opened while the content is first imported
    is kept with it until the app stops: once, and small). Work that fails
    stops Haki with one line: it cannot run without it."""

    def __init__(self, interval: float = 0.0005) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._running = 0
        self._default = sys.getswitchinterval()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._default = sys.getswitchinterval()
                sys.setswitchinterval(self.interval)
            self._running += 1
        try:
            yield
        except Exception as exc:
            print(f"haki: error: {exc}", file=sys.stderr, flush=True)
            os._exit(2)
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    sys.setswitchinterval(self._default)
                    gc.freeze()


startup_work = StartupWork()


#: seconds Preparation waits to be told to begin, at most (the web server
#: tells it within a second of starting: app.web_front)
BEGIN_WAIT_AT_MOST = 3.0


class Preparation:
    """`prepare` running in a background thread; `get()` waits for it."""

    def __init__(
        self,
        settings: Settings,
        registry: LanguageRegistry,
        warm_up: Callable[[AppContext], None] = lambda _context: None,
    ) -> None:
        self.settings = settings
        self._registry = registry
        self._warm_up = warm_up
        self._context: AppContext | None = None
        self._thread: threading.Thread | None = None
        self._after: threading.Event | None = None
        self._stopping = False

    def start(self, after: threading.Event | None = None) -> Preparation:
        """Start in the background, once `after` is set if given. Python runs
        one thread at a time: in web mode the server sets it when this work
        no longer slows what the browser is waiting for (app.web_front)."""
        self._after = after
        self._thread = threading.Thread(target=self._run, name="haki-prepare", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        if self._after is not None:
            self._after.wait(timeout=BEGIN_WAIT_AT_MOST)
        if self._stopping:  # stopped before it began: nothing to prepare or close
            return
        with startup_work():
            self._context = prepare(self.settings, self._registry)
            self._warm_up(self._context)

    def close(self) -> None:
        """Stop sending and close the store (which scrubs it). Stopped during
        the first start's content import, it waits for the import to end
        (seconds), so that the store is closed all the same."""
        if self._thread is None:
            return
        self._stopping = True
        if self._after is not None:
            self._after.set()  # not begun yet: it ends at once
        self._thread.join(timeout=CLOSE_WAIT)
        if self._thread.is_alive() or self._context is None:
            return
        if self._context.visitors is not None:  # phones' stores: reports here, then gone
            self._context.visitors.leave_all()
        if self._context.sync is not None:
            self._context.sync.stop()
        self._context.store.close()

    def get(self) -> AppContext:
        assert self._thread is not None, "start() first"
        self._thread.join()
        assert self._context is not None
        return self._context
