"""The server's database: one SQLite file, one row per report.

The report id is a unique key, and that unique key is what makes
delivery idempotent: a batch is inserted with `on conflict do nothing
returning report_id`, so the rows it returns are the ones stored now
(`accepted`), and for every other id the stored hash is compared with the
batch's (`duplicate` when equal, `conflict` when not; the first stays).
All of it runs in one `begin immediate` transaction, so concurrent
deliveries of the same report are serialised by SQLite itself.

WAL with synchronous=FULL: a batch is answered only after its commit is on
disk. Rows hold the coded clear part, the sealed blob (for the organisation
to open) and the ISO week the server received it, nothing else: no address,
no time finer than a week, nothing from the request.

Schema versions live in `pragma user_version`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from sync.protocol import Envelope, Outcome

SCHEMA_VERSION = 1

_CREATE = """
create table reports (
    report_id text not null unique,
    sha256 text not null,
    received_week text not null,
    schema_version integer not null,
    categories text not null,
    destination text,
    origin text,
    region text,
    sector text,
    month text,
    age_band text not null,
    sex text not null,
    migration_status text not null,
    cost_band text not null,
    sealed text not null
)
"""

COLUMNS = (
    "report_id",
    "sha256",
    "received_week",
    "schema_version",
    "categories",
    "destination",
    "origin",
    "region",
    "sector",
    "month",
    "age_band",
    "sex",
    "migration_status",
    "cost_band",
    "sealed",
)

#: the clear fields statistics are counted by, in the order profiles() gives them
PROFILE = (
    "categories",
    "sex",
    "age_band",
    "origin",
    "destination",
    "sector",
    "month",
    "migration_status",
    "cost_band",
)


class DatabaseError(Exception):
    """The database cannot be opened or written; the reason is one line."""


def iso_week(day: dt.date) -> str:
    """The ISO week a day falls in: "2026-W09"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def row_of(envelope: Envelope, week: str) -> tuple[object, ...]:
    """The stored row of an envelope (the order of COLUMNS). Codes are
    StrEnums, which SQLite stores as their text."""
    c = envelope.clear
    return (
        str(envelope.report_id),
        envelope.content_hash(),
        week,
        envelope.schema_version,
        ",".join(c.categories),
        c.destination,
        c.origin,
        c.region,
        c.sector,
        c.month,
        c.age_band,
        c.sex,
        c.migration_status,
        c.cost_band,
        envelope.sealed,
    )


@dataclass
class ReportDB:
    conn: sqlite3.Connection
    #: called after each commit, before the answer (a test-only fault hook)
    after_commit: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self._inserts: dict[int, str] = {}
        #: bumped by every commit that stored a report (for caches)
        self.generation = 0

    def ingest(self, envelopes: Sequence[Envelope], week: str) -> list[Outcome]:
        """Store a batch; one outcome per envelope, in order."""
        rows = [row_of(e, week) for e in envelopes]
        ids = [str(r[0]) for r in rows]
        hashes = [str(r[1]) for r in rows]
        with self.lock:
            try:
                self.conn.execute("begin immediate")
                try:
                    cursor = self.conn.execute(self._insert_sql(len(rows)), _flat(rows))
                    inserted = {str(r[0]) for r in cursor}
                    stored = dict(self._hashes([i for i in ids if i not in inserted]))
                    self.conn.execute("commit")
                except BaseException:
                    self.conn.execute("rollback")
                    raise
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot store reports: {exc}") from None
            if inserted:
                self.generation += 1
        if self.after_commit is not None:
            self.after_commit()
        outcomes = []
        first: dict[str, str] = {}  # id -> the hash stored now, for repeats within the batch
        for report_id, sha256 in zip(ids, hashes, strict=True):
            if report_id in inserted and report_id not in first:
                first[report_id] = sha256
                outcomes.append(Outcome.ACCEPTED)
            else:
                held = stored.get(report_id, first.get(report_id))
                outcomes.append(Outcome.DUPLICATE if held == sha256 else Outcome.CONFLICT)
        return outcomes

    def missing(self, report_ids: Iterable[UUID]) -> list[UUID]:
        """The ids of `report_ids` the server does not hold, in order."""
        ids = [str(i) for i in report_ids]
        with self.lock:
            held = {r[0] for r in self._hashes(ids)}
        return [UUID(i) for i in ids if i not in held]

    def total(self) -> int:
        with self.lock:
            return int(self.conn.execute("select count(*) from reports").fetchone()[0])

    def profiles(self) -> list[tuple[object, ...]]:
        """(categories, sex, age band, origin, destination, sector, month,
        migration status, cost band, count) for each distinct combination."""
        cols = ", ".join(PROFILE)
        with self.lock:
            return self.conn.execute(
                f"select {cols}, count(*) from reports group by {cols}"
            ).fetchall()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def _insert_sql(self, n: int) -> str:
        sql = self._inserts.get(n)
        if sql is None:
            one = "(" + ",".join("?" * len(COLUMNS)) + ")"
            sql = (
                f"insert into reports ({', '.join(COLUMNS)}) values "
                + ",".join([one] * n)
                + " on conflict (report_id) do nothing returning report_id"
            )
            self._inserts[n] = sql
        return sql

    def _hashes(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if not ids:
            return out
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            out += self.conn.execute(
                f"select report_id, sha256 from reports where report_id in ({marks})", part
            ).fetchall()
        return out


def _flat(rows: Sequence[tuple[object, ...]]) -> list[object]:
    return [v for row in rows for v in row]


def open_db(path: Path) -> ReportDB:
    """Open (creating if needed) the database file, in WAL mode with
    synchronous=FULL, and bring its schema up to date."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = full")
        conn.execute("pragma busy_timeout = 10000")
        version = conn.execute("pragma user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{path} has schema version {version}; this server knows {SCHEMA_VERSION}"
            )
        if version < 1:
            conn.execute("begin immediate")
            conn.execute(_CREATE)
            conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
            conn.execute("commit")
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"cannot use the database {path}: {exc}") from None
    return ReportDB(conn)
