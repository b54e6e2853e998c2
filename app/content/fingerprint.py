"""Fingerprints of the bundled content, to import it again only when it
changed, without reading it all at every start.

`content_hash` reads every byte (~16 ms for the shipped content, warm);
`content_stamp` only lists the files with their sizes and modification
times (~6 ms). A start whose stamp matches the one saved with the last
import trusts that import; when the stamp differs (an update, a copied
folder), the hash decides whether anything really changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

#: Bump when the import itself changes, so existing databases re-import.
IMPORT_VERSION = 4  # 3: Urdu and Arabic heh, yeh and kaf searched as one; 4: Myanmar asat


def files_under(root: Path) -> Iterator[tuple[str, str]]:
    """(relative POSIX path, full path) of every file under root, sorted."""
    found = []
    for folder, _dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found += [(prefix + n, os.path.join(folder, n)) for n in names]
    return iter(sorted(found))


def content_hash(root: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256(f"haki-content-v{IMPORT_VERSION}\n".encode())
    for rel, full in files_under(root):
        digest.update(rel.encode() + b"\0")
        with open(full, "rb") as fh:
            digest.update(fh.read() + b"\0")
    return digest.hexdigest()


def content_stamp(root: Path) -> str:
    """sha256 over every file's relative path, size and modification time:
    changes whenever a file is added, removed, resized or written again."""
    digest = hashlib.sha256(f"haki-stamp-v{IMPORT_VERSION}\n".encode())
    for rel, full in files_under(root):
        st = os.stat(full)
        digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.hexdigest()
