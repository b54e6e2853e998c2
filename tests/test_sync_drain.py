"""Draining the outbox to a real server on 127.0.0.1: batches, reconciling
what is in doubt, conflicts kept, backoff saved, refusals isolated, and
`python -m sync.send`."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.public import PrivateKey

from app import paths
from app.store.outbox import MAX_DELAY, Outbox, OutboxState
from app.store.store import Store, open_store
from server.testing import (
    ROOT,
    ServerProcess,
    check_exactly_once,
    free_port,
    queue,
    server_rows,
    synthetic_envelope,
)
from sync.client import SyncClient
from sync.drain import Backoff, Drain, SyncProgress, drain
from sync.protocol import Envelope
from tests.fake_http import answering

NOW = 1_800_000_000.0  # a fixed device clock (2027)


@pytest.fixture(scope="module")
def key() -> bytes:
    return bytes(PrivateKey.generate().public_key)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    db = tmp_path_factory.mktemp("server") / "server.db"
    with ServerProcess(db, ["--rate", "0"]) as s:
        yield s


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    store = open_store(paths.db_path(tmp_path))
    yield Outbox(store)
    store.close()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[SyncClient]:
    c = SyncClient(server.url, timeout=(2, 10))
    yield c
    c.close()


def make(key: bytes, n: int, seed: int) -> list[Envelope]:
    rng = random.Random(seed)
    return [synthetic_envelope(rng, key) for _ in range(n)]


def test_a_pass_sends_everything_in_batches_of_100(outbox, client, server, key):
    envs = make(key, 250, 1)
    queue(outbox, envs)
    seen: list[SyncProgress] = []
    summary = drain(outbox, client, now=lambda: NOW, on_progress=seen.append)
    assert (summary.accepted, summary.batches, summary.remaining) == (250, 3, 0)
    assert summary.error is None
    assert outbox.counts()[OutboxState.RECEIVED] == 250
    check_exactly_once(outbox, server.db, envs)
    assert [p.done for p in seen if p.phase == "sending"] == [100, 200, 250]
    assert seen[-1].phase == "done" and seen[-1].summary is summary
    again = drain(outbox, client, now=lambda: NOW)
    assert again.batches == 0 and again.accepted == 0


def test_gzip_keeps_a_report_under_320_bytes(outbox, client, key):
    queue(outbox, make(key, 200, 2))
    drain(outbox, client, now=lambda: NOW)
    assert client.bytes_sent / 200 <= 320


def test_reports_in_doubt_are_reconciled_through_missing(outbox, client, server, key):
    envs = make(key, 6, 3)
    queue(outbox, envs)
    # the app stopped after sending three of them, before recording the answer
    client.send([e.model_dump_json() for e in envs[:3]], [str(e.report_id) for e in envs[:3]])
    outbox.mark_sending([str(e.report_id) for e in envs])
    summary = drain(outbox, client, now=lambda: NOW)
    assert summary.confirmed == 3  # held: received without sending them again
    assert summary.accepted == 3 and summary.duplicate == 0
    assert summary.remaining == 0
    check_exactly_once(outbox, server.db, envs)


def test_a_conflict_is_kept_and_shown(outbox, client, server, key, tmp_path):
    first, other = make(key, 2, 4)
    mine = other.model_copy(update={"report_id": first.report_id})
    client.send([first.model_dump_json()], [str(first.report_id)])
    queue(outbox, [mine])
    summary = drain(outbox, client, now=lambda: NOW)
    assert summary.conflict == 1 and summary.remaining == 0
    assert [s.state for s in outbox.statuses()] == [OutboxState.CONFLICT]
    assert server_rows(server.db)[str(first.report_id)] == first.content_hash()


def test_no_server_puts_reports_off_with_full_jitter_backoff(outbox, key):
    queue(outbox, make(key, 150, 5))
    dead = SyncClient(f"http://127.0.0.1:{free_port()}", timeout=(1, 1))
    summary = Drain(
        outbox, dead, now=lambda: NOW, rng=random.Random(1), backoff=Backoff(10, 600)
    ).run()
    assert summary.error and "cannot reach" in summary.error
    rows = outbox.unacknowledged()
    assert len(rows) == 150 and all(r.state is OutboxState.WAITING for r in rows)
    assert all(NOW <= r.next_attempt_at <= NOW + 600 for r in rows)
    assert rows[0].attempts == 1 and rows[-1].attempts == 0  # the second batch never went out
    # a timer pass respects the backoff; a later one sends
    assert outbox.due(NOW, 1000) == []


def test_a_timer_pass_waits_for_the_backoff_and_send_now_does_not(outbox, client, key):
    queue(outbox, make(key, 3, 6))
    ids = [r.report_id for r in outbox.unacknowledged()]
    outbox.retry_at(ids, NOW + 100)
    assert drain(outbox, client, now=lambda: NOW).batches == 0
    assert drain(outbox, client, now=lambda: NOW + 101).accepted == 3


def test_a_report_the_server_refuses_is_isolated_and_kept(outbox, client, key):
    *good, spoilt = make(key, 10, 7)
    queue(outbox, good[:4])
    bad = json.loads(spoilt.model_dump_json())
    bad["schema_version"] = 2  # a version this server does not know
    outbox.add(bad["report_id"], json.dumps(bad), "0" * 64)
    queue(outbox, good[4:])
    summary = drain(outbox, client, now=lambda: NOW)
    assert summary.refused == 1 and summary.accepted == 9
    (left,) = outbox.unacknowledged()
    assert left.report_id == bad["report_id"] and left.state is OutboxState.WAITING
    assert left.next_attempt_at > NOW + 60


@pytest.fixture
def not_haki() -> Iterator[str]:
    """Python's own file server on 127.0.0.1: it answers POST with 501."""
    import http.server
    import threading

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_an_address_that_is_not_a_haki_server_stops_the_pass(outbox, server, key, not_haki):
    """A wrong path (404) or another kind of server (501) is the setting's
    fault, not any report's: the pass stops at once and says why, instead
    of halving the batch down to single reports refused and put off for
    the longest backoff."""
    queue(outbox, make(key, 150, 41))
    for url, status in ((server.url + "/api/v1", 404), (not_haki, 501)):
        c = SyncClient(url, timeout=(2, 10))
        summary = drain(outbox, c, now=lambda: NOW, everything=True)
        c.close()
        assert (summary.batches, summary.refused, summary.remaining) == (0, 0, 150)
        assert f"does not answer as a Haki server ({status}" in (summary.error or "")
        left = outbox.unacknowledged()
        assert {r.state for r in left} == {OutboxState.WAITING}
        assert max(r.next_attempt_at for r in left) < NOW + Backoff().cap
    right = SyncClient(server.url)
    assert drain(outbox, right, now=lambda: NOW + 10**6).accepted == 150
    right.close()


def test_a_batch_over_the_body_limit_goes_in_halves(outbox, key, tmp_path):
    envs = make(key, 100, 8)
    queue(outbox, envs)
    with ServerProcess(tmp_path / "small.db", ["--rate", "0", "--max-body", "20000"]) as small:
        c = SyncClient(small.url, timeout=(2, 10))
        summary = drain(outbox, c, now=lambda: NOW)
        assert summary.accepted == 100 and summary.batches >= 2 and summary.remaining == 0
        check_exactly_once(outbox, small.db, envs)


@pytest.mark.parametrize(
    ("status", "body", "requests_made", "refused"),
    [
        # a firewall, a proxy, plain http to an https port: the whole batch,
        # whatever it holds. One request, and no report is held back for it
        (403, b'{"detail": "nope"}', 1, 0),
        (401, b"<html>log in</html>", 1, 0),
        (400, b"<html>The plain HTTP request was sent to HTTPS port</html>", 1, 0),
        # a Haki server's own reason: halves find the report it refuses
        (422, b'{"detail": "envelopes.0.clear.month: bad"}', 7, 4),
    ],
)
def test_a_refusal_of_the_whole_request_is_not_taken_report_by_report(
    outbox, status, body, requests_made, refused
):
    queue(outbox, make(bytes(PrivateKey.generate().public_key), 4, 11))
    with answering(status, body) as refusing:
        c = SyncClient(refusing.url, timeout=(2, 5))
        summary = drain(outbox, c, now=lambda: NOW)
    assert len(refusing.requests) == requests_made
    assert summary.refused == refused and summary.remaining == 4  # none dropped
    if not refused:
        assert summary.error and str(status) in summary.error


def test_the_clock_far_ahead_or_back_does_not_strand_reports(outbox, client, key):
    queue(outbox, make(key, 2, 9))
    ids = [r.report_id for r in outbox.unacknowledged()]
    outbox.retry_at(ids, NOW + MAX_DELAY * 10)  # set while the clock was years ahead
    assert drain(outbox, client, now=lambda: NOW).accepted == 2


# -- python -m sync.send -----------------------------------------------------------


def send(data_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.send",
            "--data-dir",
            str(data_dir),
            "--server",
            url,
            "--timeout",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def fill(data_dir: Path, envs: list[Envelope]) -> Store:
    store = open_store(paths.db_path(data_dir))
    queue(Outbox(store), envs)
    return store


def test_send_command_exits_0_when_the_outbox_is_empty(tmp_path, server, key):
    fill(tmp_path, make(key, 120, 10)).close()
    done = send(tmp_path, server.url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and "120 accepted" in lines[0] and "0 waiting" in lines[0]
    again = send(tmp_path, server.url)
    assert again.returncode == 0 and "sent 0" in again.stdout


def test_send_command_exits_1_while_reports_remain(tmp_path, key):
    fill(tmp_path, make(key, 3, 11)).close()
    done = send(tmp_path, f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "3 waiting" in done.stdout and "cannot reach" in done.stdout


def test_send_command_refuses_an_address_with_no_scheme(tmp_path, server, key):
    """Not sent over plain http unasked: the reports stay, unsent."""
    fill(tmp_path, make(key, 2, 12)).close()
    done = send(tmp_path, server.url.removeprefix("http://"))
    assert done.returncode == 2 and "is not a server address" in done.stderr
    store = open_store(paths.db_path(tmp_path))
    assert len(Outbox(store).unacknowledged()) == 2
    store.close()


def test_send_command_exits_2_without_a_database(tmp_path, server):
    done = send(tmp_path / "nothing", server.url)
    assert done.returncode == 2 and "no Haki database" in done.stderr


def test_an_https_address_for_a_plain_http_server_leaves_reports_waiting(outbox, server, key):
    """No secure connection means no request left the phone: the reports are
    waiting (a worker can still delete them), not sent and in doubt."""
    envs = make(key, 5, 40)
    queue(outbox, envs)
    client = SyncClient(server.url.replace("http://", "https://"))
    try:
        summary = drain(outbox, client, now=lambda: NOW)
    finally:
        client.close()
    assert summary.error is not None and "cannot reach the server" in summary.error
    counts = outbox.counts()
    assert (counts[OutboxState.WAITING], counts[OutboxState.SENDING]) == (5, 0)
    assert not {str(e.report_id) for e in envs} & set(server_rows(server.db))
