"""A hash of the bundled content, to import it again only when it changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: Bump when the import itself changes, so existing databases re-import.
IMPORT_VERSION = 2


def content_hash(root: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256(f"haki-content-v{IMPORT_VERSION}\n".encode())
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
