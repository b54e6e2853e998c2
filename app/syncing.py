"""The app's side of sync: one background sender per process, the server
address the reader may change, and the latest progress for the screens.

Sending runs on its own thread (sync.runner) at start-up, on a timer, when
the device comes back online and when the worker taps "Send now"; nothing
here ever blocks a screen. The sync modules (requests, pydantic) are only
imported when sending starts, after the first screen is up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from app.content.updates import ContentSource
    from app.store.store import Store
    from sync.drain import SyncProgress
    from sync.runner import SyncRunner

log = logging.getLogger(__name__)

SERVER_URL_KEY = "sync.server_url"

Listener = Callable[["SyncProgress"], None]


class ServerUrlError(ValueError):
    """The typed server address cannot be used."""


def clean_server_url(text: str) -> str:
    """An http(s) address with a host and nothing after the path, without
    its trailing slash; ServerUrlError otherwise."""
    cleaned = text.strip()
    if any(c.isspace() for c in cleaned):  # "http://exa mple.org" names no server
        raise ServerUrlError(text)
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # "http://[::1" names no host
        raise ServerUrlError(text) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerUrlError(text)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ServerUrlError(text)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ServerUrlError(text) from None
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class SyncService:
    def __init__(
        self, store: Store, default_url: str, content: ContentSource | None = None
    ) -> None:
        self.store = store
        self.default_url = default_url
        #: where content updates come from, and which keys they need
        self.content = content
        self.last: SyncProgress | None = None
        self._runner: SyncRunner | None = None
        self._listeners: dict[object, Listener] = {}
        self._lock = threading.Lock()

    @property
    def server_url(self) -> str:
        return self.store.get_setting(SERVER_URL_KEY) or self.default_url

    def set_server_url(self, text: str) -> str:
        """Save a new address (checked) and send to it from now on."""
        url = clean_server_url(text)
        self.store.set_setting(SERVER_URL_KEY, url)
        with self._lock:
            old, self._runner = self._runner, None
        if old is not None:
            old.stop(timeout=0)
            self.start()
        return url

    @property
    def started(self) -> bool:
        return self._runner is not None

    @property
    def sending(self) -> bool:
        runner = self._runner
        return runner is not None and runner.running

    def start(self) -> None:
        """Start the background sender (once); it sends at once."""
        from sync.runner import make_runner

        with self._lock:
            if self._runner is not None:
                return
            self._runner = make_runner(
                self.store, self.server_url, on_progress=self._progress, content=self.content
            )
            self._runner.start()

    def send_now(self) -> None:
        """Send everything waiting, now, without waiting for it."""
        runner = self._runner
        if runner is None:
            self.start()
        else:
            runner.trigger()

    def listen(self, key: object, listener: Listener | None) -> None:
        """Tell `listener` about progress; one listener per key (a screen
        that is drawn again replaces its old listener); None removes it."""
        with self._lock:
            if listener is None:
                self._listeners.pop(key, None)
            else:
                self._listeners[key] = listener

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no pass is running or wanted (tests, and a clean stop)."""
        runner = self._runner
        return runner is None or runner.wait_idle(timeout)

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop(timeout=1)

    def _progress(self, progress: SyncProgress) -> None:
        self.last = progress
        with self._lock:
            listeners = list(self._listeners.values())
        for listener in listeners:
            try:
                listener(progress)
            except Exception:  # a closed browser tab must not stop sending
                log.exception("a sync listener failed")
