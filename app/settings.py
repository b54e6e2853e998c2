"""Haki's settings: built once at start-up from the command line and passed down.

Nothing else reads the command line or the environment for settings.
`SettingsError` carries a one-line reason; main.py prints it and exits 2.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from app import paths

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8550


class SettingsError(ValueError):
    """A setting that cannot be used, with a reason fit for one line."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    data_dir: Path
    #: start in this UI language and skip the first-run choice
    lang: str | None = None

    @property
    def db_path(self) -> Path:
        return paths.db_path(self.data_dir)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py",
        description="Haki, a worker-rights assistant. With no display it serves "
        "its web UI on this machine; with one it opens a window.",
    )
    p.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to serve on (default {DEFAULT_HOST})"
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder for the local database (default: a per-user data folder)",
    )
    p.add_argument("--lang", metavar="CODE", help="UI language code, e.g. en, ar, am")
    return p


def from_args(argv: Sequence[str] | None, languages: Collection[str]) -> Settings:
    args = parser().parse_args(argv)
    if args.lang is not None and args.lang not in languages:
        raise SettingsError(
            f"unknown language {args.lang!r}; choose one of: {', '.join(sorted(languages))}"
        )
    if not 0 < args.port < 65536:
        raise SettingsError(f"port {args.port} is not between 1 and 65535")
    data_dir = args.data_dir if args.data_dir is not None else paths.default_data_dir()
    ensure_writable(data_dir)
    return Settings(host=args.host, port=args.port, data_dir=data_dir, lang=args.lang)


def ensure_writable(folder: Path) -> None:
    """Create the folder if needed and prove we can write in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".haki-write-test-"):
            pass
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise SettingsError(f"cannot write to data folder {folder}: {reason}") from None
    if not os.access(folder, os.W_OK):  # pragma: no cover - caught above on POSIX
        raise SettingsError(f"cannot write to data folder {folder}")
