"""The server as a process: its command line, and what it writes (nothing
about requests: no address, no payload, no access log)."""

from __future__ import annotations

import gzip
import random
import socket
import subprocess
import sys
import time

import requests
from nacl.public import PrivateKey

from server.testing import ROOT, ServerProcess, free_port, synthetic_envelope

CANARY = "CANARY-7f3a"


def python(*args: str) -> subprocess.CompletedProcess[str]:
    """Python run in the checkout with `args`, to its end."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


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
        done = python("-m", "server", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr


def test_a_port_in_use_is_one_line_and_no_database(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = tmp_path / "haki.db"
        done = python("-m", "server", "--port", str(port), "--db", str(db))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"python -m server: cannot listen on 127.0.0.1 port {port}: Address already in use"
    ]
    assert list(tmp_path.iterdir()) == []


def test_it_says_where_it_listens_or_what_to_install(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", str(port), "--db", str(tmp_path / "s.db")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert line.startswith(f"Haki's server is listening on http://127.0.0.1:{port}/ (database ")
    # installed as the app is (scripts/run.sh), without the server extra
    no_fastapi = "import sys, runpy; sys.modules['fastapi'] = None; "
    done = python("-c", no_fastapi + "runpy.run_module('server', run_name='__main__')")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "python -m server: fastapi is not installed; the server needs the server extra: "
        ".venv/bin/pip install -e '.[server]'"
    ]


def test_help_names_every_option():
    done = subprocess.run(
        [sys.executable, "-m", "server", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    for option in ("--host", "--port", "--db", "--suppress", "--max-body", "--rate", "--burst"):
        assert option in done.stdout
    assert "TESTS ONLY" in done.stdout


def closed_within(sock: socket.socket, seconds: float) -> bytes:
    """What the server sends before it closes `sock` (raises if it has
    not closed it within `seconds`)."""
    sock.settimeout(seconds)
    got = b""
    while chunk := sock.recv(4096):
        got += chunk
    return got


def test_a_client_too_slow_with_its_headers_or_body_is_cut_off(tmp_path):
    """Connections that send part of a request and stop held the server's
    file handles and memory for as long as they liked."""
    with ServerProcess(tmp_path / "s.db", ["--slow", "1"]) as server:
        host, port = "127.0.0.1", server.port
        start = time.monotonic()
        with socket.create_connection((host, port)) as quiet:  # connects, says nothing
            assert closed_within(quiet, 5) == b""
        with socket.create_connection((host, port)) as trickle:
            trickle.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n")
            assert closed_within(trickle, 5) == b""
        with socket.create_connection((host, port)) as short:
            short.sendall(
                b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                b"\r\nContent-Length: 1000\r\n\r\n" + b"{" * 999
            )
            assert closed_within(short, 5).startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - start < 6
        # a client in time is served as before
        assert requests.get(server.url + "/api/v1/stats", timeout=5).status_code == 200


def test_bodies_being_read_share_a_budget_of_memory():
    """Past it, the next chunk gets 503 and Retry-After; what was held is
    given back when a body is done."""
    import asyncio

    from server.limits import BodyLimit

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    limit = BodyLimit(app, max_bytes=1000, budget=1500)

    async def post(chunks: list[bytes], gate: asyncio.Event | None = None) -> int:
        sent: list[dict] = []

        async def receive():
            chunk = chunks.pop(0)
            if not chunks and gate is not None:
                await gate.wait()
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "headers": [(b"content-length", b"900")]}
        await limit(scope, receive, send)
        return sent[0]["status"]

    async def run() -> list[int]:
        gate = asyncio.Event()
        slow = asyncio.create_task(post([b"x" * 800, b"x" * 100], gate))
        await asyncio.sleep(0.01)  # the slow one holds 800 bytes, waiting
        over = await post([b"y" * 800, b"y" * 100])
        gate.set()
        return [over, await slow, await post([b"z" * 800, b"z" * 100])]

    assert asyncio.run(run()) == [503, 200, 200]
    assert limit.held == 0
