"""The issue's "done when": 300 reports queued, the server killed with
kill -9 in the middle of sending and restarted, `python -m sync.send` run
until it exits 0: the server's total is exactly 300, and sending again adds
nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from nacl.public import PrivateKey

from app import paths
from app.store.outbox import Outbox, OutboxState
from app.store.store import open_store
from server.testing import (
    ROOT,
    FaultProxy,
    ServerProcess,
    check_exactly_once,
    queue,
    server_rows,
    synthetic_envelope,
)


def send(data_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sync.send", "--data-dir", str(data_dir), "--server", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def total(url: str) -> int:
    return int(requests.get(url + "/api/v1/stats", timeout=30).json()["total"])


@pytest.mark.parametrize("kill", ["after_commit", "from_outside"])
def test_300_reports_survive_a_kill_9_of_the_server(tmp_path, kill):
    key = bytes(PrivateKey.generate().public_key)
    rng = random.Random(300)
    envs = [synthetic_envelope(rng, key) for _ in range(300)]
    data = tmp_path / "device"
    data.mkdir()
    store = open_store(paths.db_path(data))
    queue(Outbox(store), envs)
    store.close()
    db = tmp_path / "server.db"

    if kill == "after_commit":
        # the worst moment: batch 2 committed, its answer never sent
        server = ServerProcess(db, ["--rate", "0", "--fault-after-commit", "2"]).start()
        first = send(data, server.url)
        assert server.wait() == -signal.SIGKILL
    else:
        # kill -9 from outside while batches are on the wire (each slowed down)
        server = ServerProcess(db, ["--rate", "0"]).start()
        with FaultProxy(server.port, ["slow"] * 3) as proxy:
            proc = subprocess.Popen(
                [sys.executable, "-m", "sync.send", "--data-dir", str(data), "--server", proxy.url],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            deadline = time.monotonic() + 30
            while len(server_rows(db)) < 100 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.kill()
            out, err = proc.communicate(timeout=120)
            first = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert first.returncode == 1, (first.stdout, first.stderr)
    assert 0 < len(server_rows(db)) < 300

    server.start(["--rate", "0"])
    try:
        for _ in range(5):
            done = send(data, server.url)
            if done.returncode == 0:
                break
        assert done.returncode == 0, (done.stdout, done.stderr)
        assert total(server.url) == 300
        again = send(data, server.url)
        assert again.returncode == 0 and "sent 0 " in again.stdout
        assert total(server.url) == 300
    finally:
        server.kill()
    store = open_store(paths.db_path(data))
    outbox = Outbox(store)
    assert outbox.counts()[OutboxState.RECEIVED] == 300
    check_exactly_once(outbox, db, envs)
    store.close()
