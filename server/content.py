"""Content updates: made and signed by the organisation, served by the server.

    python -m server.content keygen FILE
        make the Ed25519 key pair content is signed with: the private half
        goes into FILE (keep it off the server), and the line for the app's
        config/haki.toml is printed.
    python -m server.content publish --key FILE --version N [--content DIR] [--out DIR]
        check the content tree (default: the bundled content/) as
        `python -m app.content check` does, and publish it signed into the
        folder the server serves (default var/content): files/<sha256> for
        every file, then manifest.json.

The server only hands out what was published; it holds no signing key and
cannot change an update without every device refusing it
(sync.content_protocol).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nacl.signing import SigningKey

from app import paths
from app.content.updates import tree_files
from server.keys import CONTENT_HEADER, KeyFileError, read_private_key, write_key_file
from sync.content_protocol import (
    MAX_FILE_BYTES,
    PATH_PATTERN,
    Manifest,
    SignedManifest,
    digest,
    key_id,
    make_manifest,
    public_key_of,
    sign,
)

DEFAULT_OUT = Path("var") / "content"
MANIFEST = "manifest.json"


class PublishError(Exception):
    """Content that cannot be published; the reason is one line (or the
    content check's lines)."""


# -- publishing --------------------------------------------------------------
def content_files(root: Path) -> dict[str, bytes]:
    """path under `root` (rights/en/x.md) -> bytes, for every file of the
    folders an update carries."""
    return {rel: full.read_bytes() for rel, full in tree_files(root)}


def published_version(out: Path) -> int:
    """The version published in `out` (0: none); PublishError if a manifest
    is there but cannot be read: its version must not be guessed."""
    path = out / MANIFEST
    if not path.exists():
        return 0
    try:
        signed = SignedManifest.model_validate_json(path.read_bytes())
        return Manifest.model_validate_json(signed.manifest).version
    except (OSError, ValueError):
        raise PublishError(
            f"{path} cannot be read, so the version published last is not known; "
            "restore it, or publish into an empty folder"
        ) from None


def check_files(files: dict[str, bytes]) -> None:
    """What the content check does not see, but an update must be: every
    file's name, size and encoding (the server hands files out as text)."""
    for path, data in sorted(files.items()):
        if not PATH_PATTERN.match(path):
            raise PublishError(
                f"{path}: an update cannot carry this file (lower-case names, .md or "
                ".toml files in rights/<lang>/, checklists/<lang>/ and help/)"
            )
        if len(data) > MAX_FILE_BYTES:
            raise PublishError(f"{path}: {len(data):,} bytes, over {MAX_FILE_BYTES:,}")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PublishError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def publish(root: Path, out: Path, signing_key: bytes, version: int, today: dt.date) -> Manifest:
    """Check the tree `root`, and publish it signed into `out`."""
    from app.content.registry import load_registry
    from app.content.tree import check_tree

    tree = check_tree(root / "rights", load_registry(paths.LANGUAGES_FILE))
    if tree.problems:
        lines = "\n".join(str(p) for p in tree.problems)
        raise PublishError(f"{lines}\n{len(tree.problems)} content problems: nothing published")
    if not tree.articles:
        raise PublishError(f"{root / 'rights'}: no articles found; nothing published")
    before = published_version(out)
    if version <= before:
        raise PublishError(
            f"version {version} is not above version {before}, published already: "
            "devices would refuse it"
        )
    tree_files = content_files(root)
    check_files(tree_files)
    manifest = make_manifest(version, today, tree_files)
    signed = sign(manifest, signing_key)
    files = out / "files"
    try:
        files.mkdir(parents=True, exist_ok=True)
        for data in tree_files.values():
            target = files / digest(data)
            if not target.exists():
                _write_new(target, data)
        # last, and at once: a server never serves a manifest whose files are not there
        _write_new(out / MANIFEST, signed.model_dump_json().encode())
    except OSError as exc:
        raise PublishError(f"cannot write into {out}: {exc.strerror or exc}") from None
    return manifest


def _write_new(target: Path, data: bytes) -> None:
    part = target.with_name(target.name + ".part")
    part.write_bytes(data)
    os.replace(part, target)


# -- serving ------------------------------------------------------------------
@dataclass(frozen=True)
class ManifestFile:
    body: bytes
    gzipped: bytes
    etag: str


class PublishedContent:
    """The folder `publish` writes, as the server reads it: the manifest
    read again whenever the file changes (a new version published while
    the server runs), the files by their sha256."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._manifest: ManifestFile | None = None

    def manifest(self) -> ManifestFile | None:
        path = self.folder / MANIFEST
        try:
            st = os.stat(path)
        except OSError:
            return None
        seen = (st.st_mtime_ns, st.st_size)
        with self._lock:
            if seen != self._seen:
                try:
                    body = path.read_bytes()
                except OSError:
                    return None
                etag = '"' + digest(body)[:32] + '"'
                self._manifest = ManifestFile(body, gzip.compress(body, 9, mtime=0), etag)
                self._seen = seen
            return self._manifest

    def file(self, sha256: str) -> str | None:
        """The text of the file with this sha256 (checked by the caller to
        be 64 hex digits), or None."""
        try:
            return (self.folder / "files" / sha256).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None


# -- the command ----------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m server.content",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_key = sub.add_parser("keygen", help="make the key pair content is signed with")
    p_key.add_argument("file", type=Path, metavar="FILE", help="a new file for the private key")
    p_pub = sub.add_parser("publish", help="check and publish the content, signed")
    p_pub.add_argument("--key", type=Path, required=True, help="the signing key's file")
    p_pub.add_argument(
        "--version", type=int, required=True, help="above every version published before"
    )
    p_pub.add_argument(
        "--content", type=Path, default=paths.CONTENT_DIR, help="the content tree to publish"
    )
    p_pub.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the folder served")
    args = parser.parse_args(argv)
    try:
        if args.command == "keygen":
            key = bytes(SigningKey.generate())
            write_key_file(
                args.file, key, CONTENT_HEADER, "devices trusting the old one without updates"
            )
            public = public_key_of(key)
            print(
                f"The signing key is in {args.file}: keep it offline, with a copy somewhere "
                "safe.\nPut its public half under [content] in the app's config/haki.toml:\n\n"
                f'update_keys = ["{base64.b64encode(public).decode("ascii")}"]'
            )
            return 0
        if args.version < 1:
            raise PublishError("--version must be 1 or more")
        key = read_private_key(args.key, CONTENT_HEADER, strict=True)
        manifest = publish(args.content, args.out, key, args.version, dt.date.today())
    except KeyFileError as exc:
        print(f"python -m server.content: {exc}", file=sys.stderr)
        return 2
    except PublishError as exc:
        print(f"python -m server.content: {exc}", file=sys.stderr)
        return 1
    print(
        f"published version {manifest.version}: {len(manifest.files)} files in {args.out}, "
        f"signed by key {key_id(public_key_of(key))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
