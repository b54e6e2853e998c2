"""Faults between the outbox and the server, all with real server
processes on 127.0.0.1: the server killed after committing and before
answering, connections dropped before and after the commit, 20 deliveries
of one report at once, one id with two contents, 500/503/429 answers,
timeouts, the client killed mid-batch, and the device clock in 2001 and
2040. In every case each report ends up on the server exactly once, and no
report leaves the outbox's unacknowledged states before the server
acknowledged it."""

from __future__ import annotations

import datetime as dt
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from nacl.public import PrivateKey
from urllib3.util.retry import Retry

from app import paths
from app.store.outbox import Outbox, OutboxState
from app.store.store import Store, open_store
from server.db import iso_week
from server.testing import (
    ROOT,
    FaultProxy,
    ServerProcess,
    check_exactly_once,
    queue,
    server_rows,
    synthetic_envelope,
)
from sync.client import SyncClient
from sync.drain import Backoff, Drain, drain
from sync.protocol import BatchAnswer, Envelope

Y2001 = dt.datetime(2001, 6, 1, tzinfo=dt.UTC).timestamp()
Y2040 = dt.datetime(2040, 6, 1, tzinfo=dt.UTC).timestamp()


@pytest.fixture(scope="module")
def key() -> bytes:
    return bytes(PrivateKey.generate().public_key)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("faults") / "server.db", ["--rate", "0"]) as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(paths.db_path(tmp_path))
    yield s
    s.close()


def make(key: bytes, n: int, seed: int) -> list[Envelope]:
    rng = random.Random(seed)
    return [synthetic_envelope(rng, key) for _ in range(n)]


def fast_client(url: str, retry: Retry | None = None, read: float = 5) -> SyncClient:
    return SyncClient(url, timeout=(2, read), retry=retry)


def test_server_killed_after_commit_before_answering(tmp_path, store, key):
    envs = make(key, 250, 1)
    outbox = Outbox(store)
    queue(outbox, envs)
    srv = ServerProcess(tmp_path / "s.db", ["--rate", "0", "--fault-after-commit", "2"]).start()
    first = drain(outbox, fast_client(srv.url), everything=True)
    assert srv.wait() == -signal.SIGKILL
    assert first.accepted == 100 and first.error  # batch 2 was committed, never answered
    counts = outbox.counts()
    assert counts[OutboxState.RECEIVED] == 100 and counts[OutboxState.SENDING] == 100
    assert len(server_rows(srv.db)) == 200
    srv.start(["--rate", "0"])
    try:
        second = drain(outbox, fast_client(srv.url), everything=True)
    finally:
        srv.kill()
    assert second.confirmed == 100  # reconciled through /missing, not sent again
    assert second.accepted == 50 and second.remaining == 0
    check_exactly_once(outbox, srv.db, envs)


@pytest.mark.parametrize("fault", ["drop_before", "drop_after"])
def test_connection_dropped_retried_by_the_session(store, server, key, fault):
    """urllib3 retries the POST at once: safe, as the server stores a report once."""
    envs = make(key, 100, 2 if fault == "drop_before" else 3)
    outbox = Outbox(store)
    queue(outbox, envs)
    with FaultProxy(server.port, [fault]) as proxy:
        summary = drain(outbox, fast_client(proxy.url), everything=True)
    assert summary.remaining == 0 and summary.error is None
    assert (summary.accepted, summary.duplicate) == (
        (100, 0) if fault == "drop_before" else (0, 100)
    )
    check_exactly_once(outbox, server.db, envs)


@pytest.mark.parametrize("fault", ["drop_before", "drop_after"])
def test_connection_dropped_reconciled_by_the_drain(store, server, key, fault):
    """With no quick retries, the drain asks /missing and resends what is lacking."""
    envs = make(key, 100, 4 if fault == "drop_before" else 5)
    outbox = Outbox(store)
    queue(outbox, envs)
    with FaultProxy(server.port, [fault]) as proxy:
        summary = drain(outbox, fast_client(proxy.url, retry=Retry(0)), everything=True)
    assert summary.remaining == 0 and summary.error is None
    if fault == "drop_before":
        assert (summary.confirmed, summary.accepted) == (0, 100)
    else:
        assert (summary.confirmed, summary.accepted) == (100, 0)
    check_exactly_once(outbox, server.db, envs)


def test_twenty_deliveries_of_one_report_at_once(server, key):
    (env,) = make(key, 1, 6)
    body = ('{"reports":[' + env.model_dump_json() + "]}").encode()
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def deliver() -> None:
        start.wait()
        r = requests.post(
            server.url + "/api/v1/reports",
            data=body,
            headers={"content-type": "application/json"},
            timeout=10,
        )
        outcomes.append(BatchAnswer.model_validate_json(r.content).results[0].outcome.value)

    threads = [threading.Thread(target=deliver) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["accepted"] + ["duplicate"] * 19
    assert server_rows(server.db)[str(env.report_id)] == env.content_hash()


def test_same_id_with_other_content_is_a_conflict_on_the_second_device(tmp_path, server, key):
    first, other = make(key, 2, 7)
    second = other.model_copy(update={"report_id": first.report_id})
    results = []
    for name, env in (("a", first), ("b", second)):
        (tmp_path / name).mkdir()
        s = open_store(paths.db_path(tmp_path / name))
        queue(Outbox(s), [env])
        results.append(drain(Outbox(s), fast_client(server.url), everything=True))
        assert [r.state for r in Outbox(s).statuses()] == [
            OutboxState.RECEIVED if name == "a" else OutboxState.CONFLICT
        ]
        s.close()
    assert (results[0].accepted, results[1].conflict) == (1, 1)
    assert server_rows(server.db)[str(first.report_id)] == first.content_hash()


def test_500_503_and_429_put_the_batch_off_then_it_goes(store, server, key):
    envs = make(key, 100, 8)
    outbox = Outbox(store)
    queue(outbox, envs)
    with FaultProxy(server.port, ["500", "503", "429"]) as proxy:
        now = time.time()
        first = Drain(outbox, fast_client(proxy.url), now=lambda: now, everything=True).run()
        assert proxy.seen == ["500", "503", "429"]  # the session's quick retries
        assert first.error and "429" in first.error
        rows = outbox.unacknowledged()
        assert len(rows) == 100 and {r.state for r in rows} == {OutboxState.WAITING}
        assert all(r.next_attempt_at >= now + 1 for r in rows)  # at least Retry-After
        assert drain(outbox, fast_client(proxy.url), now=lambda: now).batches == 0  # not due
        second = drain(outbox, fast_client(proxy.url), everything=True)
    assert second.accepted == 100 and second.remaining == 0
    check_exactly_once(outbox, server.db, envs)


def test_503_then_success_within_one_call(store, server, key):
    envs = make(key, 10, 9)
    outbox = Outbox(store)
    queue(outbox, envs)
    with FaultProxy(server.port, ["503"]) as proxy:
        summary = drain(outbox, fast_client(proxy.url), everything=True)
        assert proxy.seen == ["503", "pass"]
    assert summary.accepted == 10 and summary.error is None


def test_timeouts_are_in_doubt_and_reconciled(store, server, key):
    envs = make(key, 100, 10)
    outbox = Outbox(store)
    queue(outbox, envs)
    # the first post and both quick retries get no answer; /missing and the resend do
    with FaultProxy(server.port, ["stall", "stall", "hold_after"]) as proxy:
        summary = drain(outbox, fast_client(proxy.url, read=0.5), everything=True)
    assert summary.error is None and summary.remaining == 0
    assert summary.confirmed == 100  # the third attempt reached the server
    check_exactly_once(outbox, server.db, envs)


def sync_send(data_dir: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sync.send", "--data-dir", str(data_dir), "--server", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("fault", ["stall", "hold_after"])
def test_client_killed_mid_batch(tmp_path, server, key, fault):
    """Killed while waiting for the answer, before (stall) or after
    (hold_after) the server committed: the next run settles every report."""
    envs = make(key, 100, 11 if fault == "stall" else 12)
    s = open_store(paths.db_path(tmp_path))
    queue(Outbox(s), envs)
    s.close()
    with FaultProxy(server.port, [fault]) as proxy:
        proc = sync_send(tmp_path, proxy.url)
        deadline = time.monotonic() + 20
        while len(proxy.seen) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        if fault == "hold_after":
            ids = {str(e.report_id) for e in envs}
            while not ids <= set(server_rows(server.db)) and time.monotonic() < deadline:
                time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    s = open_store(paths.db_path(tmp_path))
    outbox = Outbox(s)
    assert outbox.counts()[OutboxState.SENDING] == 100  # in doubt, not lost, not received
    again = sync_send(tmp_path, server.url)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, (out, err)
    expected = "100 already on the server" if fault == "hold_after" else "100 accepted"
    assert expected in out
    check_exactly_once(outbox, server.db, envs)
    s.close()


@pytest.mark.parametrize("clock", [Y2001, Y2040], ids=["2001", "2040"])
def test_device_clock_in_2001_or_2040(store, server, key, clock):
    envs = make(key, 20, 13 if clock == Y2001 else 14)
    outbox = Outbox(store)
    queue(outbox, envs)
    # a failure while the clock is wrong saves a next attempt in its time...
    dead = fast_client("http://127.0.0.1:9", retry=Retry(0))
    Drain(outbox, dead, now=lambda: clock, backoff=Backoff(5, 600)).run()
    assert all(clock <= r.next_attempt_at <= clock + 600 for r in outbox.unacknowledged())
    # ...sending with the wrong clock works (no time travels)...
    sent = Drain(outbox, fast_client(server.url), now=lambda: clock, everything=True).run()
    assert sent.accepted == 20
    # ...and the server stamps its own week, never the device's
    week = iso_week(dt.datetime.now(dt.UTC).date())
    conn = sqlite3.connect(server.db)
    ids = [e.report_id.bytes for e in envs]
    weeks = {
        w
        for (w,) in conn.execute(
            f"select received_week from reports where report_id in ({','.join('?' * len(ids))})",
            ids,
        )
    }
    conn.close()
    assert weeks == {week}
    check_exactly_once(outbox, server.db, envs)


@pytest.mark.parametrize("clock", [Y2001, Y2040], ids=["2001", "2040"])
def test_reports_put_off_under_a_wrong_clock_are_due_when_it_is_right(store, server, key, clock):
    envs = make(key, 5, 15 if clock == Y2001 else 16)
    outbox = Outbox(store)
    queue(outbox, envs)
    dead = fast_client("http://127.0.0.1:9", retry=Retry(0))
    Drain(outbox, dead, now=lambda: clock, backoff=Backoff(600, 3600)).run()
    # the clock is corrected; a timer pass (only what is due) sends them
    summary = drain(outbox, fast_client(server.url))
    assert summary.accepted == 5 and summary.remaining == 0
