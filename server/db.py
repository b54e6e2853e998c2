"""The server's database: one SQLite file, one row per report.

The report id is a unique key, and that unique key is what makes delivery
idempotent. A batch is written in one `begin immediate` transaction (which
takes SQLite's write lock, so concurrent deliveries are serialised by
SQLite itself). The usual batch is all new: its rows are inserted with
`on conflict (report_id) do nothing` and every one went in. When one did
not, that transaction is undone and another sorts the batch: the rows
already held under its ids are read, the new ones inserted, and each
envelope's outcome follows: `accepted` (stored now), `duplicate` (held with
the same content) or `conflict` (held with other content; the first stays).

"Same content" compares the stored columns: the canonical JSON of an
envelope (and so Envelope.content_hash) is a function of exactly those
columns, so comparing them says the same as comparing hashes, without
serialising and hashing every envelope on the hot path.

WAL with synchronous=FULL: a batch is answered only after its commit is on
disk. `GroupWriter` runs the writes on one thread, and batches that arrive
while it writes go together in its next transaction (group commit). Rows
hold the coded clear part, the sealed blob (for the organisation to open)
and the ISO week the server received it, nothing else: no address, no time
finer than a week, nothing from the request.

The WAL itself would keep what the table does not: every commit's pages,
in the order they came, a phone's batch in each, until the file is
rewritten. So once the writer has had nothing to write for SCRUB_AFTER
seconds, the WAL is copied into the database and emptied (a TRUNCATE
checkpoint), and `secure_delete` zeroes what SQLite frees in the database
file. A checkpoint that readers hold up (statistics being counted) is
tried again at the next quiet moment; writes never wait for one.

Report ids are stored as their 16 bytes, not as 36 characters of text: the
key every insert walks, and the smaller keys made inserts about a third
faster. The table is keyed by them alone (`without rowid`), so rows lie in
the order of their random ids: it keeps no order of arrival, which would
tell which reports came together in one batch, from one phone. (Inserts
measured the same: 60,000 rows in batches of 100.)

`snapshot` says which version of the published statistics first counted a
report (null: none yet). A new snapshot takes every report not yet counted
that was received in a week already over (the first: every report), only
once there are at least the suppression threshold of them, and at most once
an ISO week (table `snapshots`), so two versions of the statistics never
differ by fewer reports than that, and which reports the next one counts is
set by the calendar, not by when someone reads them.

Schema versions live in `pragma user_version`; older versions are rebuilt
when the server starts (1: text ids; 2: a rowid table with no snapshots;
their reports count as published already).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from uuid import UUID

from sync.protocol import Envelope, Outcome

SCHEMA_VERSION = 3
#: seconds without a write after which the WAL is emptied (see above)
SCRUB_AFTER = 2.0

#: the week each snapshot was taken in (at most one a week)
_CREATE_SNAPSHOTS = (
    "create table if not exists snapshots (number integer primary key, week text not null)"
)
#: what the organisation has done with a report (app.core.codes.Handling),
#: and the week its staff said so; only for reports it holds
_CREATE_HANDLINGS = (
    "create table if not exists handling (report_id blob not null primary key, "
    "handling text not null, week text not null) without rowid"
)
_CREATE = """
create table reports (
    report_id blob not null primary key,
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
    sealed text not null,
    snapshot integer
) without rowid
"""

COLUMNS = (
    "report_id",
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
#: one row of COLUMNS
INSERT = f"insert into reports ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})"
#: the columns an envelope's content is made of (all but the id and week)
CONTENT = COLUMNS[2:]

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
        envelope.report_id.bytes,
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


def envelope_of(row: Sequence[object]) -> Envelope:
    """The envelope a stored row holds (the order of COLUMNS): its canonical
    JSON, and so its content hash, is the one that was sent."""
    from app.core.codes import Category, indicators_of

    values = dict(zip(COLUMNS, row, strict=True))
    values["report_id"] = UUID(bytes=cast(bytes, values["report_id"]))
    categories = [Category(c) for c in str(values["categories"]).split(",")]
    clear = {k: values[k] for k in CONTENT[2:-1]}
    return Envelope.model_validate(
        {
            "report_id": values["report_id"],
            "schema_version": values["schema_version"],
            "clear": {
                **clear,
                "categories": categories,
                "indicators": sorted(indicators_of(set(categories))),
            },
            "sealed": values["sealed"],
        }
    )


@dataclass
class ReportDB:
    conn: sqlite3.Connection
    #: a second, read-only connection for statistics and /missing: WAL lets
    #: them read while a batch is being written
    reader: sqlite3.Connection | None = None
    #: called after each commit, before the answer (a test-only fault hook)
    after_commit: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        #: whether the WAL may hold pages written since it was last emptied
        self.wal_dirty = False
        self.lock = threading.Lock()
        self.read_lock = threading.Lock() if self.reader is not None else self.lock
        self._read = self.reader if self.reader is not None else self.conn
        self._insert = INSERT + " on conflict (report_id) do nothing"

    def ingest(self, envelopes: Sequence[Envelope], week: str) -> list[Outcome]:
        """Store a batch; one outcome per envelope, in order."""
        return self.ingest_batches([envelopes], week)[0]

    def ingest_batches(
        self, batches: Sequence[Sequence[Envelope]], week: str
    ) -> list[list[Outcome]]:
        """Store several batches in one transaction, in order (a repeat in a
        later batch is a duplicate or conflict of the earlier one)."""
        rows = [row_of(e, week) for batch in batches for e in batch]
        with self.lock:
            try:
                outcomes = self._all_new(rows)
                if outcomes is None:
                    outcomes = self._sorted(rows)
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot store reports: {exc}") from None
            self.wal_dirty = True
        if self.after_commit is not None:
            self.after_commit()
        out, start = [], 0
        for batch in batches:
            out.append(outcomes[start : start + len(batch)])
            start += len(batch)
        return out

    def _all_new(self, rows: Sequence[tuple[object, ...]]) -> list[Outcome] | None:
        """The usual batch: reports never seen. Insert them all in one
        transaction; if any did not go in (sent before, or twice in the
        batch), undo it and return None, for _sorted."""
        try:
            with _transaction(self.conn):
                changes = self.conn.total_changes
                self.conn.executemany(self._insert, rows)
                if self.conn.total_changes - changes != len(rows):
                    raise _NotAllNew
        except _NotAllNew:
            return None
        return [Outcome.ACCEPTED] * len(rows)

    def _sorted(self, rows: Sequence[tuple[object, ...]]) -> list[Outcome]:
        """One transaction: each report against what is held (and earlier in
        the batch): new ones stored, the others duplicate or conflict."""
        outcomes: list[Outcome] = []
        with _transaction(self.conn):
            held = self._contents([cast(bytes, r[0]) for r in rows])
            new = []
            for row in rows:
                report_id, content = cast(bytes, row[0]), row[2:]
                before = held.get(report_id)
                if before is None:
                    held[report_id] = content
                    new.append(row)
                    outcomes.append(Outcome.ACCEPTED)
                else:
                    same = before == content
                    outcomes.append(Outcome.DUPLICATE if same else Outcome.CONFLICT)
            changes = self.conn.total_changes
            self.conn.executemany(self._insert, new)
            if self.conn.total_changes - changes != len(new):  # pragma: no cover
                raise sqlite3.IntegrityError("a report appeared during the transaction")
        return outcomes

    def missing(self, report_ids: Iterable[UUID]) -> list[UUID]:
        """The ids of `report_ids` the server does not hold, in order."""
        ids = list(report_ids)
        with self.read_lock:
            held = set(self._contents([i.bytes for i in ids], (), self._read))
        return [i for i in ids if i.bytes not in held]

    def handling_of(self, report_ids: Iterable[UUID]) -> list[tuple[UUID, str]]:
        """(id, handling) for the ids of `report_ids` the organisation has
        followed up, in the order asked."""
        ids = list(dict.fromkeys(report_ids))
        with self.read_lock:
            found = self._contents([i.bytes for i in ids], ("handling",), self._read, "handling")
        return [(i, str(found[i.bytes][0])) for i in ids if i.bytes in found]

    def set_handling(self, report_ids: Sequence[UUID], handling: str, week: str) -> list[UUID]:
        """Record what the organisation did with these reports, in one
        transaction; returns the ids it does not hold (recorded for none)."""
        with self.lock:
            try:
                with _transaction(self.conn):
                    held = self._contents([i.bytes for i in report_ids], ())
                    self.conn.executemany(
                        "insert into handling (report_id, handling, week) values (?, ?, ?) "
                        "on conflict (report_id) do update set handling = excluded.handling, "
                        "week = excluded.week",
                        [(i.bytes, handling, week) for i in report_ids if i.bytes in held],
                    )
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot record the follow-up: {exc}") from None
            self.wal_dirty = True
        self.scrub_wal()  # rare, and the writer may not be running
        return [i for i in report_ids if i.bytes not in held]

    def total(self) -> int:
        with self.read_lock:
            return int(self._read.execute("select count(*) from reports").fetchone()[0])

    def profiles(self) -> list[tuple[object, ...]]:
        """(categories, sex, age band, origin, destination, sector, month,
        migration status, cost band, count) for each distinct combination,
        over the reports of every snapshot taken."""
        cols = ", ".join(PROFILE)
        with self.read_lock:
            return self._read.execute(
                f"select {cols}, count(*) from reports where snapshot is not null group by {cols}"
            ).fetchall()

    def take_snapshot(self, at_least: int, week: str) -> int:
        """The newest snapshot's number (0: none yet), after taking a new
        one in `week` if none was taken in it and at least `at_least`
        reports are in none: the first snapshot takes every report
        waiting, the later ones only those received in weeks before `week`.

        Later snapshots count whole weeks that are over, never the week
        they are taken in: which reports they count is then fixed by the
        calendar, whoever reads the statistics and whenever. Were each to
        take every report waiting at the first read that found enough, a
        watcher reading again and again would see the total move at the
        very report they saw a phone send. (The first is taken as soon as
        enough have come, so that a new server publishes at once.) And at
        most one a week, or someone could send `at_least - 1` made-up
        reports and have the next real one alone with them in a step."""
        with self.lock:
            try:
                newest = self.conn.execute(
                    "select coalesce(max(snapshot), 0) from reports"
                ).fetchone()[0]
                before = week if newest else "~"  # "~" sorts after every ISO week
                waiting = self.conn.execute(
                    "select count(*) from reports where snapshot is null and received_week < ?",
                    (before,),
                ).fetchone()[0]
                last = self.conn.execute(
                    "select week from snapshots order by number desc limit 1"
                ).fetchone()
                if waiting and waiting >= at_least and (last is None or last[0] != week):
                    newest += 1
                    with _transaction(self.conn):
                        self.conn.execute(
                            "update reports set snapshot = ?"
                            " where snapshot is null and received_week < ?",
                            (newest, before),
                        )
                        self.conn.execute("insert into snapshots values (?, ?)", (newest, week))
                    self.wal_dirty = True
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot take a snapshot: {exc}") from None
        if self.wal_dirty:
            self.scrub_wal()
        return int(newest)

    def scrub_wal(self) -> bool:
        """Copy the WAL into the database file and empty it, if no reader
        holds it up; whether it is empty now. Never waits: a reader in the
        way means another try later (GroupWriter)."""
        with self.lock:
            try:
                self.conn.execute("pragma busy_timeout = 0")
                try:
                    busy = self.conn.execute("pragma wal_checkpoint(truncate)").fetchone()[0]
                finally:
                    self.conn.execute("pragma busy_timeout = 10000")
            except sqlite3.Error:
                busy = 1
            self.wal_dirty = bool(busy)
            return not self.wal_dirty

    def close(self) -> None:
        self.scrub_wal()
        with self.lock:
            self.conn.close()
        if self.reader is not None:
            with self.read_lock:
                self.reader.close()

    def _contents(
        self,
        ids: Sequence[bytes],
        columns: Sequence[str] = CONTENT,
        conn: sqlite3.Connection | None = None,
        table: str = "reports",
    ) -> dict[bytes, tuple[object, ...]]:
        """id -> stored content (or `columns` of `table`), for the ids of
        `ids` the database holds there."""
        out: dict[bytes, tuple[object, ...]] = {}
        wanted = ", ".join(["report_id", *columns])
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in (conn or self.conn).execute(
                f"select {wanted} from {table} where report_id in ({marks})", part
            ):
                out[row[0]] = tuple(row[1:])
        return out


class GroupWriter:
    """Runs ReportDB.ingest_batches on one thread for the event loop.
    Batches that arrive while a transaction is being written wait, and go
    together in the next one (up to `max_group`): one commit, one fsync."""

    def __init__(self, db: ReportDB, max_group: int = 16, scrub_after: float = SCRUB_AFTER) -> None:
        self.db = db
        self.max_group = max_group
        self.scrub_after = scrub_after
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    async def ingest(self, envelopes: Sequence[Envelope], week: str) -> list[Outcome]:
        self._ensure_started()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Outcome]] = loop.create_future()
        self._queue.put(_Job(envelopes, week, loop, future))
        return await future

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(10)
            self._thread = None

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="haki-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                # quiet for a moment after writing: empty the WAL (see above)
                job = self._queue.get(timeout=self.scrub_after if self.db.wal_dirty else None)
            except queue.Empty:
                self.db.scrub_wal()
                continue
            if job is None:
                return
            group = [job]
            while len(group) < self.max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                group.append(more)
            for week in dict.fromkeys(j.week for j in group):
                same = [j for j in group if j.week == week]
                try:
                    results = self.db.ingest_batches([j.envelopes for j in same], week)
                except Exception as exc:  # DatabaseError and anything unforeseen
                    for j in same:
                        j.settle(None, exc)
                    continue
                for j, outcomes in zip(same, results, strict=True):
                    j.settle(outcomes, None)


@dataclass
class _Job:
    envelopes: Sequence[Envelope]
    week: str
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[list[Outcome]]

    def settle(self, outcomes: list[Outcome] | None, error: Exception | None) -> None:
        def apply() -> None:
            if self.future.done():
                return
            if error is not None:
                self.future.set_exception(error)
            else:
                self.future.set_result(outcomes or [])

        with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting
            self.loop.call_soon_threadsafe(apply)


class _NotAllNew(Exception):
    """Undoes the all-new insert of a batch that was not."""


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """`begin immediate` ... commit; rolled back if anything is raised."""
    conn.execute("begin immediate")
    try:
        yield
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:  # a failed commit can leave it open
            conn.execute("rollback")
        raise


def _rebuild(conn: sqlite3.Connection, version: int) -> None:
    """Schema 1 or 2 -> 3: the same rows in the current table (ids as their
    16 bytes, no arrival order, a snapshot column), every report counted as
    published already. One transaction: a server stopped halfway finds the
    old version untouched."""
    with _transaction(conn):
        conn.execute("alter table reports rename to reports_old")
        conn.execute(_CREATE)
        cursor = conn.execute(f"select {', '.join(COLUMNS)} from reports_old")
        while rows := cursor.fetchmany(10_000):
            if version == 1:  # ids were text
                rows = [(UUID(str(r[0])).bytes, *r[1:]) for r in rows]
            conn.executemany(INSERT, rows)
        conn.execute("drop table reports_old")
        conn.execute("update reports set snapshot = 1")
        conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
    conn.execute("vacuum")  # the old table's pages held the order reports came in


def open_read_only(path: Path) -> sqlite3.Connection:
    """The database for reading and nothing else (`server.open_reports`):
    a running server can go on writing meanwhile, and nothing done through
    this connection can change a report."""
    if not path.is_file():
        raise DatabaseError(f"no database at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("pragma busy_timeout = 10000")
        version = conn.execute("pragma user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read the database {path}: {exc}") from None
    if version != SCHEMA_VERSION:
        conn.close()
        if version == 0:
            raise DatabaseError(f"{path} is not a Haki server database")
        raise DatabaseError(
            f"{path} has schema version {version}; start `python -m server --db {path}` "
            f"once to bring it to version {SCHEMA_VERSION}"
        )
    return conn


def stored_reports(conn: sqlite3.Connection, since_week: str = "") -> Iterator[dict[str, object]]:
    """Each stored report as column -> value (the id as a UUID), received in
    `since_week` or later, week by week (the database keeps no finer order)."""
    cursor = conn.execute(
        f"select {', '.join(COLUMNS)} from reports where received_week >= ? "
        "order by received_week, report_id",
        (since_week,),
    )
    while rows := cursor.fetchmany(1000):
        for row in rows:
            values = dict(zip(COLUMNS, row, strict=True))
            values["report_id"] = UUID(bytes=cast(bytes, values["report_id"]))
            yield values


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that holds another program's tables (the app's own
    store, given to --db by mistake), before anything is written to it."""
    if conn.execute("pragma user_version").fetchone()[0] >= 1:
        return
    others = [r[0] for r in conn.execute("select name from sqlite_master limit 3")]
    if others:
        conn.close()
        raise DatabaseError(
            f"{path} is not a Haki server database (it holds other tables: {', '.join(others)})"
        )


def open_db(path: Path) -> ReportDB:
    """Open (creating if needed) the database file, in WAL mode with
    synchronous=FULL, and bring its schema up to date."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # the coded answers are in clear in it: the server's account only
        # (SQLite gives the -wal and -shm files the database file's mode)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _check_ours(conn, path)
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = full")
        conn.execute("pragma busy_timeout = 10000")
        conn.execute("pragma secure_delete = on")
        version = conn.execute("pragma user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{path} has schema version {version}; this server knows {SCHEMA_VERSION}"
            )
        if version < 1:
            with _transaction(conn):
                conn.execute(_CREATE)
                conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
        elif version < SCHEMA_VERSION:
            _rebuild(conn, version)
        conn.execute(_CREATE_SNAPSHOTS)
        conn.execute(_CREATE_HANDLINGS)
        reader = sqlite3.connect(
            f"file:{path.resolve()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        reader.execute("pragma busy_timeout = 10000")
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"cannot use the database {path}: {exc}") from None
    return ReportDB(conn, reader)
