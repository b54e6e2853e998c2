"""A quick look at the database file before anything else starts, so that
a file that is not a database ends start-up with one clear line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.errors import StoreError


def check_database_file(path: Path) -> None:
    """Raise StoreError if `path` exists and is not a usable SQLite file.

    Opens read-only: a broken file is reported, never changed.
    """
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot use the database {path}: {exc}") from None
