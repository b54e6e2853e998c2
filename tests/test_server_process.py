"""The server as a process: its command line, and what it writes (nothing
about requests: no address, no payload, no access log)."""

from __future__ import annotations

import gzip
import random
import socket
import subprocess
import sys

import requests
from nacl.public import PrivateKey

from server.testing import ROOT, ServerProcess, synthetic_envelope

CANARY = "CANARY-7f3a"


def test_the_server_logs_no_address_and_no_payload(tmp_path):
    server = ServerProcess(tmp_path / "s.db").start()
    url = server.url + "/api/v1/reports"
    json_ = {"content-type": "application/json"}
    env = synthetic_envelope(random.Random(1), bytes(PrivateKey.generate().public_key))
    try:
        assert requests.post(url, data=f'{{"reports":[{env.model_dump_json()}]}}', headers=json_).ok
        assert (
            requests.post(url, data=f'{{"reports": "{CANARY}"}}', headers=json_).status_code == 422
        )
        assert requests.post(url, data=f"{CANARY} not json", headers=json_).status_code == 400
        bomb = gzip.compress(b" " * (8 * 1024 * 1024))
        headers = {**json_, "content-encoding": "gzip"}
        assert requests.post(url, data=bomb, headers=headers).status_code == 413
        assert requests.get(server.url + "/api/v1/stats").status_code == 200
    finally:
        server.stop()
    assert CANARY not in server.stderr
    assert "127.0.0.1" not in server.stderr and "POST" not in server.stderr
    assert env.sealed[:20] not in server.stderr


def test_command_line_errors_exit_2(tmp_path):
    for args, words in (
        (["--port", "0"], "port"),
        (["--db", "postgresql://x/y"], "PostgreSQL"),
        (["--suppress", "0"], "--suppress"),
        (["--suppress", "2"], "counts of one or two reports"),
        (["--db", str(tmp_path)], "cannot use the database"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr


def test_a_port_in_use_is_one_line_and_no_database(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = tmp_path / "haki.db"
        done = subprocess.run(
            [sys.executable, "-m", "server", "--port", str(port), "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"python -m server: cannot listen on 127.0.0.1 port {port}: Address already in use"
    ]
    assert list(tmp_path.iterdir()) == []


def test_help_names_every_option():
    done = subprocess.run(
        [sys.executable, "-m", "server", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    for option in ("--host", "--port", "--db", "--suppress", "--max-body", "--rate", "--burst"):
        assert option in done.stdout
    assert "TESTS ONLY" in done.stdout
