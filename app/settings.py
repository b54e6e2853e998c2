"""Haki's settings: built once at start-up from the command line and the
configuration file (config/haki.toml, or the one --config names), then
passed down.

Nothing else reads the command line, the configuration file or the
environment for settings. `SettingsError` carries a one-line reason;
main.py prints it and exits 2.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import tempfile
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app import paths
from app.core.idle import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8550
#: The shipped configuration (read relative to the package, like all shipped files).
DEFAULT_CONFIG = paths.ROOT / "config" / "haki.toml"
DEFAULT_SERVER_URL = "http://127.0.0.1:8787"
#: the most characters of the organisation's contact line (a phone number, an address)
MAX_CONTACT = 200


class SettingsError(ValueError):
    """A setting that cannot be used, with a reason fit for one line."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    data_dir: Path
    #: start in this UI language and skip the first-run choice
    lang: str | None = None
    #: the receiving organisation's X25519 public key (32 bytes): reports are
    #: sealed to it. None only where no configuration was read (some tests).
    organisation_public_key: bytes | None = None
    organisation_name: str = ""
    #: the organisation's name in other languages, by language code (its
    #: name as readers of Arabic or Nepali know it); organisation_name for the rest
    organisation_names: Mapping[str, str] = field(default_factory=dict)
    #: how a worker reaches the organisation (a phone number, an address), as
    #: the organisation gives it in the configuration; "" if it gives none
    organisation_contact: str = ""
    #: where the sync client sends queued reports
    server_url: str = DEFAULT_SERVER_URL
    #: the Ed25519 public keys content updates must be signed with (none:
    #: no update is taken)
    content_keys: tuple[bytes, ...] = ()
    #: a shared device unused this long (seconds) is cleared for the next
    #: person, after a warning (app.core.idle)
    shared_clear_after: float = DEFAULT_MINUTES * 60

    @property
    def db_path(self) -> Path:
        return paths.db_path(self.data_dir)

    def organisation_in(self, chain: Sequence[str]) -> str:
        """The organisation's name in the first language of `chain` it has
        one in, else its main name ("" if none is set)."""
        for code in chain:
            if code in self.organisation_names:
                return self.organisation_names[code]
        return self.organisation_name


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
    p.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        metavar="PATH",
        help="configuration file: the receiving organisation's public key and the "
        "server to send reports to (default: the shipped config/haki.toml)",
    )
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
    reports = read_config(args.config)
    unknown = sorted(set(reports.organisation_names) - set(languages))
    if unknown:
        raise SettingsError(
            f"configuration {args.config}: organisation_names has a name for "
            f"{', '.join(unknown)}, not a language Haki speaks"
        )
    return Settings(
        host=args.host,
        port=args.port,
        data_dir=data_dir,
        lang=args.lang,
        organisation_public_key=reports.public_key,
        organisation_name=reports.organisation_name,
        organisation_names=reports.organisation_names,
        organisation_contact=reports.organisation_contact,
        server_url=reports.server_url,
        content_keys=reports.content_keys,
        shared_clear_after=reports.shared_clear_minutes * 60,
    )


@dataclass(frozen=True)
class ReportsConfig:
    public_key: bytes
    organisation_name: str
    server_url: str
    organisation_names: Mapping[str, str] = field(default_factory=dict)
    content_keys: tuple[bytes, ...] = ()
    organisation_contact: str = ""
    shared_clear_minutes: float = DEFAULT_MINUTES


def _key(text: object) -> bytes | None:
    """32 bytes from base64 text, or None."""
    if not isinstance(text, str):
        return None
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == 32 else None


def read_config(path: Path) -> ReportsConfig:
    """The [reports] and [content] tables of a configuration file, checked."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read configuration {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"configuration {path} is not valid TOML: {exc}") from None
    reports = data.get("reports")
    if not isinstance(reports, dict):
        raise SettingsError(f"configuration {path} has no [reports] table")
    key_text = reports.get("organisation_public_key")
    if not isinstance(key_text, str):
        raise SettingsError(f"configuration {path}: [reports] needs organisation_public_key")
    key = _key(key_text)
    if key is None:
        raise SettingsError(
            f"configuration {path}: organisation_public_key must be 32 bytes in base64"
        )
    name = reports.get("organisation_name", "")
    url = reports.get("server_url", DEFAULT_SERVER_URL)
    if not isinstance(name, str) or not isinstance(url, str):
        raise SettingsError(f"configuration {path}: organisation_name and server_url are text")
    if not url.startswith(("http://", "https://")):
        raise SettingsError(f"configuration {path}: server_url must start with http:// or https://")
    by_language = _names(reports.get("organisation_names", {}), path, "reports")
    name = name.strip()
    demo = _demo_names(data.get("demo", {}), key, path)
    if demo:  # the demo key: its names, under any the file gives itself
        name = name or demo.get("en", "")
        by_language = {**{c: v for c, v in demo.items() if c != "en"}, **by_language}
    contact = reports.get("organisation_contact", "")
    if not isinstance(contact, str) or "\n" in contact.strip() or len(contact) > MAX_CONTACT:
        raise SettingsError(
            f"configuration {path}: organisation_contact is one line of text, at most "
            f"{MAX_CONTACT} characters"
        )
    content = data.get("content", {})
    texts = content.get("update_keys", []) if isinstance(content, dict) else None
    keys = [_key(t) for t in texts] if isinstance(texts, list) else [None]
    if not isinstance(content, dict) or None in keys:
        raise SettingsError(
            f"configuration {path}: [content] update_keys is a list of Ed25519 public "
            "keys, 32 bytes in base64 each"
        )
    shared = data.get("shared_device", {})
    minutes = (
        shared.get("clear_after_minutes", DEFAULT_MINUTES) if isinstance(shared, dict) else None
    )
    if (
        not isinstance(minutes, int | float)
        or isinstance(minutes, bool)
        or not MIN_MINUTES <= minutes <= MAX_MINUTES
    ):
        raise SettingsError(
            f"configuration {path}: [shared_device] clear_after_minutes is a number of "
            f"minutes from {MIN_MINUTES:g} to {MAX_MINUTES:g}"
        )
    return ReportsConfig(
        key,
        name,
        url.rstrip("/"),
        by_language,
        tuple(k for k in keys if k is not None),
        contact.strip(),
        float(minutes),
    )


def _names(names: object, path: Path, table: str) -> dict[str, str]:
    """A [...organisation_names] table: a name (text) by language code."""
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and v.strip() for v in names.values()
    ):
        raise SettingsError(
            f"configuration {path}: [{table}.organisation_names] gives a name (text) "
            "for each language code"
        )
    return {str(code): v.strip() for code, v in names.items()}


def _demo_names(demo: object, key: bytes, path: Path) -> dict[str, str]:
    """The demo organisation's names, by language code (with "en"), if `key`
    is the demo's own public key; else none. They belong to that key alone:
    an organisation that puts its own key in the file can never show a
    worker the demo's "nobody can read these reports" by forgetting them."""
    demo_key = _key(demo.get("public_key")) if isinstance(demo, dict) else None
    if not isinstance(demo, dict) or (demo and demo_key is None):
        raise SettingsError(f"configuration {path}: [demo] needs public_key, 32 bytes in base64")
    names = _names(demo.get("organisation_names", {}), path, "demo")
    return names if demo_key == key else {}


def ensure_writable(folder: Path) -> None:
    """Create the folder if needed (for its owner only: it holds what a
    worker entered) and prove we can write in it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".haki-write-test-"):
            pass
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise SettingsError(f"cannot write to data folder {folder}: {reason}") from None
    if not os.access(folder, os.W_OK):  # pragma: no cover - caught above on POSIX
        raise SettingsError(f"cannot write to data folder {folder}")
