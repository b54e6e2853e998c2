"""The server's database layer: stored rows give back the envelope sent,
repeats across batches of one group, and the group writer."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from nacl.public import PrivateKey

from server.db import DatabaseError, GroupWriter, envelope_of, open_db, row_of
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
