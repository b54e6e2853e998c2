"""Helpers for tests and benchmarks (never used by the running server).

- `synthetic_envelope`: a realistic sealed report (coded clear part, about
  160 characters of the worker's own words plus names, sealed with PyNaCl).
- `ServerProcess`: a real `python -m server` on a free port of 127.0.0.1,
  that can be killed (SIGKILL) and started again on the same file.
- `ServerThread`: an app from `build_app` served by uvicorn on 127.0.0.1
  in a thread of this process, for tests that give it a clock of their own.
- `FaultProxy`: a TCP proxy in front of it that drops connections before
  or after the server answered, answers 500/503/429 itself, or stalls.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import requests
from nacl.public import PublicKey, SealedBox

from app.core.codes import (
    AgeBand,
    Category,
    CostBand,
    MigrationStatus,
    Sector,
    Sex,
    indicators_of,
)
from app.store.outbox import Outbox, OutboxState
from server.db import COLUMNS, envelope_of
from sync.protocol import ClearPart, Envelope

ROOT = Path(__file__).resolve().parent.parent

_TEXT = (
    "the agent took my passport and said I owe him money for the visa and the flight "
    "we work from six in the morning until late at night with no day of rest and the "
    "employer has not paid the salary for three months we are not allowed to leave the "
    "house and my phone was taken they said if I complain they will send me back"
)
_WORDS = _TEXT.split(" ")
_NAMES = ["Maria Santos", "Ram Bahadur", "Fatima Begum", "Aster Tadesse", "Siti Rahma"]
_EMPLOYERS = ["Al Noor Cleaning Co", "Gulf Star Contracting", "Green Valley Farms"]
_AGENCIES = ["Sunrise Manpower", "Everest Overseas Agency", "Blue Sky Recruiters"]
_ORIGINS = ["NP", "BD", "PH", "ID", "ET", "KE", "IN", "MM", "PK", "LK"]
_DESTINATIONS = ["QA", "SA", "AE", "KW", "MY", "LB", "JO", "OM", "BH"]


def free_text(rng: random.Random, length: int = 160) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(_WORDS))
    return " ".join(words)[:length]


def synthetic_clear(rng: random.Random) -> ClearPart:
    categories = sorted(rng.sample(list(Category), rng.choice([1, 1, 2, 2, 3])))
    destination = rng.choice(_DESTINATIONS)
    return ClearPart(
        categories=categories,
        indicators=sorted(indicators_of(set(categories))),
        destination=destination,
        origin=rng.choice(_ORIGINS),
        region=None,
        sector=rng.choice(list(Sector)),
        month=f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}",
        age_band=rng.choice(list(AgeBand)),
        sex=rng.choice(list(Sex)),
        migration_status=rng.choice(list(MigrationStatus)),
        cost_band=rng.choice(list(CostBand)),
    )


def seal(sealed: dict[str, object], public_key: bytes) -> str:
    """Compact JSON, deflated when shorter (as the wizard does), sealed."""
    import base64

    text = json.dumps(sealed, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    squeezed = squeezer.compress(text) + squeezer.flush()
    plain = b"\x01" + squeezed if len(squeezed) < len(text) else b"\x00" + text
    return base64.b64encode(SealedBox(PublicKey(public_key)).encrypt(plain)).decode()


def synthetic_envelope(
    rng: random.Random, public_key: bytes, report_id: uuid.UUID | None = None
) -> Envelope:
    """A report as the wizard makes one: 160 characters of own words, the
    recruiter's and employer's names and a phone number, sealed."""
    sealed = {
        "v": 1,
        "lg": "en",
        "t": free_text(rng),
        "rn": rng.choice(_AGENCIES),
        "en": rng.choice(_EMPLOYERS),
        "c": f"{rng.choice(_NAMES)} +977 98{rng.randint(10000000, 99999999)}",
        "cc": 1,
    }
    return Envelope(
        report_id=report_id or uuid.UUID(int=rng.getrandbits(128), version=4),
        clear=synthetic_clear(rng),
        sealed=seal(sealed, public_key),
    )


# A real server -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`python -m server` on 127.0.0.1 in a child process."""

    def __init__(
        self, db: Path, args: Sequence[str] = (), port: int | None = None, module: str = "server"
    ) -> None:
        self.db = db
        #: what runs: `python -m <module> --port P --db PATH [args]`
        self.module = module
        self.args = list(args)
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        #: what the process wrote to stderr, once it has ended
        self.stderr = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, args: Sequence[str] | None = None, timeout: float = 20) -> ServerProcess:
        cmd = [sys.executable, "-m", self.module, "--port", str(self.port), "--db", str(self.db)]
        self.proc = subprocess.Popen(
            cmd + list(self.args if args is None else args),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the server exited with {self.proc.returncode}: {err}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("the server did not start in time")

    def kill(self) -> None:
        """kill -9, as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.wait()

    def wait(self, timeout: float = 10) -> int | None:
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.stderr and not self.proc.stderr.closed:
                self.stderr += self.proc.stderr.read().decode(errors="replace")
                self.proc.stderr.close()
        return code

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.wait()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()


class ServerThread:
    """An app served over real HTTP on a free port of 127.0.0.1 by uvicorn,
    as `python -m server` serves it, but in a thread of this process: the
    test builds the app (with its own clock, limits) and reads the database
    it writes."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.app = app
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = int(self._sock.getsockname()[1])
        config = uvicorn.Config(
            app, access_log=False, log_config=None, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()
        writer = getattr(self.app.state, "writer", None)
        if writer is not None:
            writer.stop()


# A proxy that breaks things --------------------------------------------------


def _read_http_message(sock: socket.socket, head_only: bool = False) -> bytes:
    """One HTTP/1.1 message with a Content-Length body (what our clients and
    server send), or b"" if the peer closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return b""
        body += chunk
    return head + b"\r\n\r\n" + body


def _canned(status: int, reason: str, extra: str = "") -> bytes:
    body = json.dumps({"detail": f"injected {status}"}).encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n{extra}connection: close\r\n\r\n"
    ).encode() + body


class FaultProxy:
    """Forwards HTTP requests one by one to `target_port`; each request
    takes the next fault from `plan` (then "pass" once the plan is spent):

    pass          forward the request and the answer
    drop_before   close the connection without forwarding (the server never sees it)
    drop_after    forward, let the server answer (and commit), close without replying
    hold_after    forward, let the server answer (and commit), then never reply
    500/503/429   answer that status without forwarding (429 and 503 with Retry-After: 1)
    stall         hold the request without answering until the client gives up
    slow          wait 0.3 s, then pass
    """

    def __init__(self, target_port: int, plan: Sequence[str] = ()) -> None:
        self.target_port = target_port
        self.plan = list(plan)
        self.port = free_port()
        self.seen: list[str] = []
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", self.port))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sock.close()

    def _next(self) -> str:
        with self._lock:
            fault = self.plan.pop(0) if self.plan else "pass"
            self.seen.append(fault)
            return fault

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            while True:
                request = _read_http_message(client)
                if not request:
                    return
                fault = self._next()
                if fault == "drop_before":
                    return
                if fault in ("500", "503", "429"):
                    reason = {"500": "Internal Server Error", "503": "Service Unavailable"}
                    extra = "retry-after: 1\r\n" if fault != "500" else ""
                    client.sendall(_canned(int(fault), reason.get(fault, "Too Many"), extra))
                    return
                if fault == "stall":
                    self._stop.wait(30)
                    return
                if fault == "slow":
                    time.sleep(0.3)
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                upstream.sendall(request)
                answer = _read_http_message(upstream)
                if not answer or fault == "drop_after":
                    return
                if fault == "hold_after":
                    self._stop.wait(30)
                    return
                client.sendall(answer)
        except OSError:
            return
        finally:
            client.close()
            if upstream is not None:
                upstream.close()


# Outbox and server checks ------------------------------------------------------


def queue(outbox: Outbox, envelopes: Sequence[Envelope]) -> None:
    """Put envelopes in the outbox as the wizard does (its JSON and hash)."""
    for e in envelopes:
        outbox.add(str(e.report_id), e.model_dump_json(), e.content_hash())


def server_rows(db: Path) -> dict[str, str]:
    """report id -> content hash of every report a server database holds
    (rebuilt from the stored columns, so it also checks they give back the
    envelope that was sent)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(f"select {', '.join(COLUMNS)} from reports").fetchall()
    finally:
        conn.close()
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "a report is stored twice"
    envelopes = [envelope_of(r) for r in rows]
    return {str(e.report_id): e.content_hash() for e in envelopes}


def check_exactly_once(outbox: Outbox, db: Path, envelopes: Sequence[Envelope]) -> None:
    """Every report is on the server exactly once with its content, and the
    outbox marks received only what the server holds."""
    held = server_rows(db)
    for e in envelopes:
        assert held.get(str(e.report_id)) == e.content_hash(), f"{e.report_id} not on the server"
    by_id = {r.report_id: r for r in outbox.statuses()}
    for report_id, row in by_id.items():
        if row.state is OutboxState.RECEIVED:
            assert report_id in held, f"{report_id} marked received but not on the server"


def request_head(send: Callable[[str], object]) -> bytes:
    """The request line and headers of one request, as a socket on
    127.0.0.1 received them (ending in the blank line). `send(url)` makes
    the request; it is answered with an empty batch answer."""
    seen: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def answer() -> None:
            conn, _ = listener.accept()
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                seen.append(data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
                body = b'{"results":[]}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                )

        thread = threading.Thread(target=answer)
        thread.start()
        try:
            send(f"http://127.0.0.1:{listener.getsockname()[1]}")
        finally:
            thread.join(10)
    return seen[0]
