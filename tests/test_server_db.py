"""The server's database layer: stored rows give back the envelope sent,
repeats across batches of one group, and the group writer."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from pathlib import Path

import pytest
from nacl.public import PrivateKey

from app.store.store import open_store
from server.db import (
    COLUMNS,
    INSERT,
    DatabaseError,
    GroupWriter,
    envelope_of,
    open_db,
    row_of,
)
from server.testing import synthetic_envelope
from sync.protocol import Outcome

KEY = bytes(PrivateKey.generate().public_key)


def envelopes(n: int, seed: int = 1):
    rng = random.Random(seed)
    return [synthetic_envelope(rng, KEY) for _ in range(n)]


def test_a_stored_row_gives_back_the_envelope_and_its_hash():
    for e in envelopes(50):
        assert envelope_of(row_of(e, "2026-W01")) == e
        assert envelope_of(row_of(e, "2026-W01")).content_hash() == e.content_hash()


#: the schema servers wrote before version 2 (report ids as text)
SCHEMA_1 = """
create table reports (
    report_id text not null unique, received_week text not null,
    schema_version integer not null, categories text not null, destination text,
    origin text, region text, sector text, month text, age_band text not null,
    sex text not null, migration_status text not null, cost_band text not null,
    sealed text not null
)
"""


def test_a_version_1_database_is_upgraded_with_every_report_kept(tmp_path: Path):
    path = tmp_path / "s.db"
    old = envelopes(30)
    conn = sqlite3.connect(path)
    conn.execute(SCHEMA_1)
    conn.executemany(
        f"insert into reports values ({', '.join('?' * len(COLUMNS))})",
        [(str(e.report_id), *row_of(e, "2026-W01")[1:]) for e in old],
    )
    conn.execute("pragma user_version = 1")
    conn.commit()
    conn.close()

    db = open_db(path)
    assert db.conn.execute("pragma user_version").fetchone()[0] == 3
    rows = db.conn.execute(f"select {', '.join(COLUMNS)} from reports").fetchall()
    assert len(db.profiles()) == len({r[3:13] for r in rows})  # all counted, as before
    assert sorted(envelope_of(r).content_hash() for r in rows) == sorted(
        e.content_hash() for e in old
    )
    assert {type(r[0]) for r in rows} == {bytes}
    # the upgraded rows still make repeats duplicates, and new ids are accepted
    new = envelopes(1, seed=2)
    assert db.ingest([old[0], *new], "2026-W02") == [Outcome.DUPLICATE, Outcome.ACCEPTED]
    assert db.missing([old[1].report_id, envelopes(1, seed=3)[0].report_id]) == [
        envelopes(1, seed=3)[0].report_id
    ]
    db.close()


def test_a_version_2_database_gains_snapshots_and_keeps_its_statistics(tmp_path: Path):
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    conn.execute(SCHEMA_1.replace("report_id text", "report_id blob"))
    conn.executemany(INSERT, [row_of(e, "2026-W01") for e in envelopes(12)])
    conn.execute("pragma user_version = 2")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert db.conn.execute("pragma user_version").fetchone()[0] == 3
    # what was published before the upgrade stays in the tables
    assert sum(p[-1] for p in db.profiles()) == 12
    assert db.take_snapshot(10, "2026-W02") == 1
    db.close()


def test_snapshots_take_reports_only_by_the_threshold_and_once_a_week(tmp_path: Path):
    """Two versions of the statistics never differ by fewer reports than
    the threshold, there is at most one a week, and each counts only weeks
    that are over: nobody can choose the moment the next one is taken, or
    see the total move at one report by reading again and again."""
    db = open_db(tmp_path / "s.db")
    batch = envelopes(40)
    db.ingest(batch[:9], "2026-W01")
    assert db.take_snapshot(10, "2026-W01") == 0 and db.profiles() == []
    db.ingest(batch[9:10], "2026-W01")
    assert db.take_snapshot(10, "2026-W01") == 1  # the first: every report waiting
    assert sum(p[-1] for p in db.profiles()) == 10
    db.ingest(batch[10:25], "2026-W02")  # enough, but their week is not over
    assert db.take_snapshot(10, "2026-W02") == 1
    assert sum(p[-1] for p in db.profiles()) == 10 and db.total() == 25
    db.ingest(batch[25:28], "2026-W03")
    assert db.take_snapshot(10, "2026-W03") == 2  # the week before, never this one
    assert sum(p[-1] for p in db.profiles()) == 25
    db.ingest(batch[28:34], "2026-W03")  # the week over, 9 are too few
    assert db.take_snapshot(10, "2026-W04") == 2
    db.close()
    again = open_db(tmp_path / "s.db")  # kept on disk: a restart starts no new version
    assert again.take_snapshot(10, "2026-W03") == 2
    again.ingest(batch[34:], "2026-W04")
    assert again.take_snapshot(10, "2026-W04") == 2  # W04's six are not over yet
    assert again.take_snapshot(10, "2026-W05") == 3
    assert sum(p[-1] for p in again.profiles()) == 40
    again.close()


def test_repeats_across_the_batches_of_one_transaction(tmp_path: Path):
    db = open_db(tmp_path / "s.db")
    a, b = envelopes(2)
    b_as_a = b.model_copy(update={"report_id": a.report_id})
    got = db.ingest_batches([[a], [a, b_as_a], [b]], "2026-W01")
    assert got == [
        [Outcome.ACCEPTED],
        [Outcome.DUPLICATE, Outcome.CONFLICT],
        [Outcome.ACCEPTED],
    ]
    assert db.total() == 2
    db.close()


def test_a_batch_of_new_and_held_reports_stores_the_new_ones_once(tmp_path: Path):
    """The all-new fast path gives way to sorting: nothing is lost or doubled."""
    db = open_db(tmp_path / "s.db")
    envs = envelopes(6)
    assert db.ingest(envs[:3], "2026-W01") == [Outcome.ACCEPTED] * 3
    got = db.ingest([envs[3], envs[0], envs[4], envs[1], envs[5]], "2026-W02")
    assert got == [Outcome.ACCEPTED, Outcome.DUPLICATE, Outcome.ACCEPTED, Outcome.DUPLICATE,
                   Outcome.ACCEPTED]  # fmt: skip
    assert db.total() == 6
    weeks = dict(db.conn.execute("select report_id, received_week from reports").fetchall())
    assert weeks[envs[0].report_id.bytes] == "2026-W01"  # the first delivery's row is kept
    assert weeks[envs[5].report_id.bytes] == "2026-W02"
    assert db.ingest(envs, "2026-W03") == [Outcome.DUPLICATE] * 6
    assert db.total() == 6
    db.close()


def test_the_group_writer_serialises_concurrent_deliveries(tmp_path: Path):
    db = open_db(tmp_path / "s.db")
    writer = GroupWriter(db, max_group=8)
    (one,) = envelopes(1, 2)
    others = envelopes(30, 3)

    async def main():
        same = [writer.ingest([one], "2026-W01") for _ in range(20)]
        different = [writer.ingest([e], "2026-W01") for e in others]
        return await asyncio.gather(*same, *different)

    results = asyncio.run(main())
    writer.stop()
    firsts = [r[0] for r in results[:20]]
    assert sorted(firsts) == [Outcome.ACCEPTED] + [Outcome.DUPLICATE] * 19
    assert all(r == [Outcome.ACCEPTED] for r in results[20:])
    assert db.total() == 31
    db.close()


def test_the_group_writer_passes_failures_to_every_waiter(tmp_path: Path):
    db = open_db(tmp_path / "s.db")
    db.conn.execute("pragma query_only = on")
    writer = GroupWriter(db)

    async def main():
        return await asyncio.gather(
            *(writer.ingest([e], "2026-W01") for e in envelopes(3, 4)), return_exceptions=True
        )

    results = asyncio.run(main())
    writer.stop()
    assert all(isinstance(r, DatabaseError) for r in results)
    db.close()


def test_a_database_that_cannot_be_opened(tmp_path: Path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(DatabaseError, match="cannot use"):
        open_db(tmp_path / "dir.db")


def test_the_apps_own_store_is_never_taken_for_the_servers(tmp_path: Path):
    """`--db` pointed at a phone's or laptop's haki.db by mistake: the
    server's tables must not be added to it, nor reports mixed in."""
    path = tmp_path / "haki.db"
    open_store(path).close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="is not a Haki server database"):
        open_db(path)
    assert path.read_bytes() == before
    # an empty file, as a deployment may make, is still a new database
    (tmp_path / "empty.db").touch()
    open_db(tmp_path / "empty.db").close()


def test_the_wal_is_emptied_once_the_writer_is_quiet(tmp_path: Path):
    """The WAL keeps each commit's pages in the order they came, a phone's
    batch in each: once nothing has been written for a moment it is copied
    into the database and emptied, unless a reader holds it, then later."""
    path = tmp_path / "s.db"
    wal = tmp_path / "s.db-wal"
    db = open_db(path)
    writer = GroupWriter(db, scrub_after=0.5)
    batches = [envelopes(4, seed) for seed in range(3)]

    async def send_all() -> bytes:
        for batch in batches:  # three phones, one after another
            await writer.ingest(batch, "2026-W01")
        return wal.read_bytes()  # at once, before the writer is quiet long enough

    written = asyncio.run(send_all())
    ids = [e.report_id.bytes for batch in batches for e in batch]
    assert any(i in written for i in ids)  # the test can see what it looks for
    deadline = time.monotonic() + 10
    while (db.wal_dirty or wal.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert wal.stat().st_size == 0 and not db.wal_dirty
    assert db.total() == 12

    # a reader in the middle of counting: the writer neither waits nor fails
    reader = sqlite3.connect(path)
    reader.execute("begin")
    reader.execute("select count(*) from reports").fetchone()
    asyncio.run(writer.ingest(envelopes(2, 9), "2026-W01"))
    time.sleep(1.5)  # three quiet moments
    assert db.wal_dirty and wal.stat().st_size > 0  # held up, tried again later
    reader.execute("rollback")
    reader.close()
    deadline = time.monotonic() + 10
    while (db.wal_dirty or wal.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert wal.stat().st_size == 0 and not db.wal_dirty
    writer.stop()
    db.close()
