"""`python -m server.keys FILE`: make the organisation's key pair.

The app seals each report's private part (the worker's own words, names,
contact) to the public half, set in its `config/haki.toml`; only the private
half, written to FILE, opens them again (`python -m server.open_reports`).
The file is created readable by its owner only, and never overwritten: a new
key in place of the old one would leave every report sealed to the old one
unreadable for good. Keep it off the server, and keep a copy somewhere safe.

The file is text: comment lines starting with "#", and the 32-byte X25519
private key in base64.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nacl.public import PrivateKey

from app.core.report_sealing import KEY_BYTES

HEADER = (
    "# Haki: the organisation's private key. It opens every report sealed to its\n"
    "# public half. Keep it offline, keep a copy somewhere safe, never share it.\n"
)
#: the content signing key's file (python -m server.content keygen)
CONTENT_HEADER = (
    "# Haki: the key content updates are signed with. Whoever holds it can tell\n"
    "# every device what to show as rights information. Keep it offline.\n"
)
#: each kind of key file Haki writes, by its first line: what it is
KINDS = {
    HEADER.splitlines()[0]: "the organisation's private key (python -m server.keys makes one)",
    CONTENT_HEADER.splitlines()[0]: (
        "a content signing key (python -m server.content keygen makes one)"
    ),
}


class KeyFileError(ValueError):
    """A key file that cannot be written or read; the reason is one line."""


def write_private_key(path: Path) -> bytes:
    """Make a key pair, write its private half to a new file at `path` (mode
    0600), and return the public half."""
    key = PrivateKey.generate()
    write_key_file(path, bytes(key), HEADER, "every report sealed to the old one unreadable")
    return bytes(key.public_key)


def write_key_file(path: Path, key: bytes, header: str, lost: str) -> None:
    """A new key file at `path`, readable by its owner only; never over an
    old one, which would leave `lost`."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(
            f"{path} already exists; a new key there would leave {lost}. Choose another file."
        ) from None
    except OSError as exc:
        raise KeyFileError(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(header + base64.b64encode(key).decode("ascii") + "\n")


def read_private_key(path: Path, header: str = HEADER, *, strict: bool = False) -> bytes:
    """The 32-byte key in a key file (`write_key_file`) that begins with
    `header`. Both kinds of key are 32 bytes: the other kind's file is
    refused by its first line (the content key would open no report, and
    the reports' key would sign content no device takes); with `strict`, so
    is a file without that line (the public half pasted from the config)."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not a key file"
        raise KeyFileError(f"cannot read the key file {path}: {reason}") from None
    lines = [line.strip() for line in text.splitlines()]
    first, wanted = (lines or [""])[0], header.splitlines()[0]
    if first != wanted and (strict or first in KINDS):
        raise KeyFileError(f"{path} is not {KINDS[wanted]}")
    body = "".join(line for line in lines if line and not line.startswith("#"))
    try:
        key = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{path} holds no key in base64") from None
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{path} holds {len(key)} bytes, not a {KEY_BYTES}-byte key")
    return key


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m server.keys",
        description="Make the key pair reports are sealed to: the private key goes into "
        "FILE, and the line for the app's config/haki.toml is printed.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a new file for the private key")
    p.add_argument(
        "--public",
        action="store_true",
        help="make nothing: print the config line for the key already in FILE",
    )
    args = p.parse_args(argv)
    try:
        if args.public:
            public = bytes(PrivateKey(read_private_key(args.file)).public_key)
        else:
            public = write_private_key(args.file)
    except KeyFileError as exc:
        print(f"server.keys: {exc}", file=sys.stderr)
        return 2
    line = f'organisation_public_key = "{base64.b64encode(public).decode("ascii")}"'
    if args.public:
        print(line)
        return 0
    print(
        f"The private key is in {args.file}: keep it off the server and keep a copy somewhere\n"
        "safe; without it no report sealed to this key can ever be read.\n"
        "Put this line under [reports] in the app's config/haki.toml:\n\n" + line
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
