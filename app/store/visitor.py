"""A store of its own for each phone that opens Haki served by an outreach
laptop (app.visitors): the laptop's content, none of anyone's data.

Every table that holds what a person entered, or a setting of the device,
is emptied in the copy before anyone reads it; the content (articles,
their search index, help, checklist items) stays, so the copy needs no
import. When the phone goes, the reports it could not send yet move to the
laptop's outbox, to be sent from there (Outbox.take_over).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.store.outbox import Outbox
from app.store.store import Store, open_store

#: the tables of what people entered and of the device's settings; the
#: rest is content, or sqlite-utils' record of migrations
PERSONAL_TABLES = (
    "outbox_state",  # before outbox: it refers to it
    "outbox",
    "report_drafts",
    "checklist_progress",
    "ledger_payments",
    "attendance",
    "settings",
)


def clone_content(store: Store, path: Path) -> Store:
    """A new store at `path` with `store`'s content and nothing else: its
    copy of the database, with every personal table emptied (secure_delete
    overwrites the rows) and the WAL scrubbed before it is returned."""
    # the copy is the owner's alone from its first byte (as open_store makes it)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with store.lock:
        target = sqlite3.connect(path)
        try:
            store.conn.backup(target)
        finally:
            target.close()
    clone = open_store(path)
    with clone.lock, clone.db.atomic():
        for table in PERSONAL_TABLES:
            clone.conn.execute(f"delete from {table}")
        # and the counters of the rows that were there: a phone's first
        # report numbered 3 told that the laptop had made two
        clone.conn.execute("delete from sqlite_sequence")
    clone.scrub()
    return clone


def hand_reports_to(visitor: Store, main: Store) -> int:
    """Queue in `main` the reports `visitor` could not send (waiting, or in
    doubt: the server may hold them, and the laptop's sending asks it);
    how many were new there. The visitor's store is removed after this."""
    return Outbox(main).take_over(Outbox(visitor).unacknowledged())
