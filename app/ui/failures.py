"""When something a screen does fails, the session lives on.

Flet ends a whole session on any exception an event handler does not
catch, and puts the exception's text in its place ("Error running app").
A database another program holds busy, or a phone's full storage, would
then leave a worker with a blank app to restart, and the text on the
screen may quote what they typed. Instead the failure is logged by kind
and place only, the screen is drawn again from what is saved, and the
worker is told in their language that it did not work and that what they
saved before is kept (it is: every write is one transaction, rolled back
whole when it fails).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

import flet as ft

from app import paths
from app.logs import exception_kind
from app.ui.session import UiSession

log = logging.getLogger(__name__)

#: Haki's own code (a virtual environment may sit beside it, in .venv)
HAKI_CODE = (paths.ROOT / "app", paths.ROOT / "sync")


def where(exc: BaseException | None) -> str:
    """The exception's kind and the last place in Haki's code it passed
    through, e.g. `sqlite3.OperationalError at app/store/store.py:93 in
    set_setting`: enough to find the fault, with no message (it may quote
    data)."""
    if exc is None:
        return "an error"
    place = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if any(path.is_relative_to(code) for code in HAKI_CODE):
            place = f" at {path.relative_to(paths.ROOT)}:{frame.lineno} in {frame.name}"
    return exception_kind(exc) + place


def tell_failed(ui: UiSession) -> None:
    """Draw the screen again from what is saved, and say it did not work."""
    _ = ui._
    ui.refresh()
    said = _("Sorry, that did not work. What you saved before is still here. Please try again.")
    ui.show_dialog(ft.SnackBar(ft.Text(said), duration=8000))


def keep_session_alive(ui: UiSession) -> None:
    """Make this session's unhandled failures end in `tell_failed` rather
    than in Flet's error screen. Should telling fail too, the session ends
    as Flet would end it, with a line in the reader's language and no
    exception text."""
    session = ui.page.session
    end_session = session.error

    def failed(_details: str) -> None:
        # Flet calls this from its `except` clause: the exception is current
        log.error("something the screen did failed: %s", where(sys.exc_info()[1]))
        try:
            tell_failed(ui)
        except Exception as again:
            log.error("drawing the screen again failed too: %s", where(again))
            end_session(
                ui._("Haki stopped working. Close it and open it again. What you saved is kept.")
            )

    session.error = failed  # type: ignore[method-assign,assignment]
