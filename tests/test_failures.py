"""What happens to a failure: the log keeps its kind and place, never its
message; the session is told and drawn again rather than ended; a failed
move to another screen fails the same way. (In a real browser:
test_browser_failures.py.)"""

from __future__ import annotations

import io
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from app import paths
from app.logs import LEFT_OUT, BrowserLeft, WithoutMessages, exception_kind
from app.settings import Settings
from app.startup import AppContext
from app.store.store import Store
from app.ui.failures import keep_session_alive, where
from app.ui.session import UiSession

PRIVATE = "Amina Yusuf paid 1500 to Gulf Star Agency"


def test_a_browser_that_went_away_is_not_logged_as_a_failure() -> None:
    """A reload or a closed tab ended in a 40-line traceback from the web
    server, as if Haki had failed."""
    from starlette.websockets import WebSocketDisconnect, WebSocketDisconnected

    def record(exc: BaseException | None) -> logging.LogRecord:
        info = (type(exc), exc, None) if exc is not None else None
        return logging.LogRecord("uvicorn.error", logging.ERROR, "x", 1, "m", None, info)

    left = BrowserLeft()
    assert not left.filter(record(WebSocketDisconnect(code=1006)))
    assert not left.filter(record(WebSocketDisconnected("not connected")))
    assert left.filter(record(sqlite3.OperationalError("database is locked")))
    assert left.filter(record(None))


def test_the_log_keeps_frames_and_kind_but_never_the_message() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(WithoutMessages("%(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("haki-test-private")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError(PRIVATE)
        except ValueError:
            log.error("a handler failed", exc_info=True)
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert "ERROR haki-test-private: a handler failed" in text
    assert "test_failures.py" in text and "raise ValueError" in text  # where it happened
    assert f"ValueError {LEFT_OUT}" in text
    assert "Amina" not in text and "1500" not in text


UVICORN_LOGS = f"""
import logging
import uvicorn
from app import logs
logs.configure()
uvicorn.Config(app=None, log_level="info")  # as Flet's web server makes it: it sets up logging
try:
    raise ValueError({PRIVATE!r})
except ValueError:
    logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
logging.getLogger("uvicorn.access").info('%s - "%s" %d', "203.0.113.9:5555", "GET /more", 200)
"""


def test_the_web_servers_own_log_leaves_out_messages_and_addresses() -> None:
    """uvicorn, under Flet, sets up its own handlers when it starts."""
    done = subprocess.run(
        [sys.executable, "-c", UVICORN_LOGS], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    assert "Exception in ASGI application" in out and f"ValueError {LEFT_OUT}" in out
    assert "Amina" not in out
    assert "203.0.113.9" not in out and "/more" not in out


SYNC_LOGS = """
import socket
from app import logs
from sync.client import SyncClient
from sync.errors import Unreachable
logs.configure()
with socket.socket() as s:  # a port nothing listens on
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
try:
    SyncClient(f"http://127.0.0.1:{port}").post_batch(b"x", [])
except Unreachable:
    print("unreachable")
"""


def test_a_failed_send_leaves_no_address_in_the_log() -> None:
    """urllib3 warned of each retry with the error, the address and the path."""
    done = subprocess.run(
        [sys.executable, "-c", SYNC_LOGS], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.stdout.strip() == "unreachable", done.stderr
    assert "127.0.0.1" not in done.stderr and "/api/v1" not in done.stderr


def test_where_names_the_kind_and_the_place_in_hakis_code(store: Store) -> None:
    store.close()
    with pytest.raises(sqlite3.ProgrammingError) as caught:
        store.get_setting("ui_language")
    said = where(caught.value)
    assert said.startswith("sqlite3.ProgrammingError at app/store/store.py:")
    assert said.endswith(" in get_setting")
    assert "closed" not in said  # the message is left out
    assert exception_kind(KeyError("x")) == "KeyError"
    assert where(None) == "an error"


class FakeSession:
    def __init__(self) -> None:
        self.ended: list[str] = []

    def error(self, message: str) -> None:
        self.ended.append(message)


class FakePage:
    """The little of a Flet page failure handling touches."""

    def __init__(self, push_fails: bool = False) -> None:
        self.session = FakeSession()
        self.dialogs: list[object] = []
        self.push_fails = push_fails

    def show_dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog)

    async def push_route(self, route: str) -> None:
        if self.push_fails:
            raise sqlite3.OperationalError(PRIVATE)

    def run_task(self, handler: Any, *args: Any) -> None:
        import asyncio

        asyncio.run(handler(*args))


def session(tmp_path: Path, store: Store, registry, page: FakePage, lang: str) -> UiSession:  # type: ignore[no-untyped-def]
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store)
    return UiSession(context, page, registry.get(lang))  # type: ignore[arg-type]


def fail_in_handler(page: FakePage) -> None:
    """What Flet does when a handler raises: call session.error from its except."""
    try:
        raise sqlite3.OperationalError(PRIVATE)
    except sqlite3.OperationalError as exc:
        page.session.error(f"{exc}")


def test_a_failure_is_told_in_the_readers_language_and_the_screen_drawn_again(
    tmp_path: Path, store: Store, registry, caplog: pytest.LogCaptureFixture
) -> None:
    page = FakePage()
    ui = session(tmp_path, store, registry, page, "sw")
    drawn: list[bool] = []
    ui.on_refresh = lambda: drawn.append(True)
    keep_session_alive(ui)
    with caplog.at_level(logging.ERROR):
        fail_in_handler(page)
    assert drawn == [True]
    assert page.session.ended == []  # the session goes on
    (snack,) = page.dialogs
    assert isinstance(snack, ft.SnackBar) and isinstance(snack.content, ft.Text)
    told = str(snack.content.value)
    assert told == ui._(
        "Sorry, that did not work. What you saved before is still here. Please try again."
    )
    assert told.startswith("Samahani")  # Swahili, not the English original
    assert "failed: sqlite3.OperationalError" in caplog.text
    assert "Amina" not in caplog.text


def test_when_drawing_again_fails_too_the_session_ends_with_a_plain_line(
    tmp_path: Path, store: Store, registry
) -> None:
    page = FakePage()
    ui = session(tmp_path, store, registry, page, "ar")

    def broken() -> None:
        raise RuntimeError("the screen cannot be drawn")

    ui.on_refresh = broken
    keep_session_alive(ui)
    fail_in_handler(page)
    assert page.session.ended == [
        ui._("Haki stopped working. Close it and open it again. What you saved is kept.")
    ]
    assert PRIVATE not in page.session.ended[0]
    assert page.session.ended[0] != (
        "Haki stopped working. Close it and open it again. What you saved is kept."
    )


def test_a_move_to_another_screen_that_fails_fails_like_a_handler(
    tmp_path: Path, store: Store, registry
) -> None:
    page = FakePage(push_fails=True)
    ui = session(tmp_path, store, registry, page, "en")
    drawn: list[bool] = []
    ui.on_refresh = lambda: drawn.append(True)
    keep_session_alive(ui)
    ui.go("/rights")
    assert drawn == [True] and len(page.dialogs) == 1
    assert page.session.ended == []
