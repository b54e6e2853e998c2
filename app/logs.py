"""The app's log: warnings and errors on standard error, never what a
person typed.

An exception's message can quote data: a validation error repeats the
input it refused (a report's own words, a recruiter's name), and Flet logs
every exception a handler does not catch with its traceback. So the app's
log keeps a traceback's frames and the exception's type, and leaves its
message out. Our own log lines are written without personal data.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

#: what stands where an exception's message was
LEFT_OUT = "(message left out: it may quote what a person typed)"
FORMAT = "%(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def exception_kind(exc: BaseException) -> str:
    """`sqlite3.OperationalError`: the type, with its module unless builtin."""
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


class WithoutMessages(logging.Formatter):
    """Formats tracebacks with their frames and exception types only."""

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:  # noqa: N802
        _kind, exc, tb = ei
        if exc is None:
            return ""
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
        lines.append(f"{exception_kind(exc)} {LEFT_OUT}")
        return "".join(lines).rstrip("\n")


#: exceptions that only say a browser went away (a reload, a closed tab):
#: the web server logged each with a 40-line traceback, as if Haki had failed
BROWSER_LEFT = frozenset(
    {"starlette.websockets.WebSocketDisconnect", "starlette.websockets.WebSocketDisconnected"}
)


class BrowserLeft(logging.Filter):
    """Leaves out the log records of a browser that went away."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return exc is None or exception_kind(exc) not in BROWSER_LEFT


def configure(level: int = logging.WARNING) -> None:
    """Send the app's log (Flet's included) to standard error, without
    exception messages. Called once, by main.py."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(WithoutMessages(FORMAT))
    handler.addFilter(BrowserLeft())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # urllib3 warns of each retry, quoting the error (the server's address,
    # the path); the sync client says what failed itself, in its own words
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    _uvicorn_alike()


def _uvicorn_alike() -> None:
    """The web server under Flet (uvicorn) sets up its own log handlers as
    it starts, from a default configuration that prints exception messages
    and keeps an access log (addresses). Change that default before it is
    used: its errors are formatted as ours, and its access log goes nowhere.
    (On a phone there is no uvicorn, and nothing to change.)"""
    try:
        from uvicorn.config import LOGGING_CONFIG
    except ImportError:  # pragma: no cover - the phone build
        return
    LOGGING_CONFIG["formatters"]["default"] = {"()": f"{__name__}.WithoutMessages", "fmt": FORMAT}
    LOGGING_CONFIG.setdefault("filters", {})["browser_left"] = {"()": f"{__name__}.BrowserLeft"}
    LOGGING_CONFIG["handlers"]["default"]["filters"] = ["browser_left"]
    LOGGING_CONFIG["handlers"]["access"] = {"class": "logging.NullHandler"}
