"""A stand-in for a server that is not Haki's: a firewall, a proxy, an older
or newer server, a hostile one. A real HTTP server on 127.0.0.1 (the
standard library's), giving every GET and POST one fixed answer, and
counting the requests; for the sync client's tests of answers the real
server never gives."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeServer:
    url: str
    #: the paths asked for, in order
    requests: list[str] = field(default_factory=list)


@contextmanager
def answering(
    status: int, body: bytes, headers: Mapping[str, str] | None = None, pace: float = 0
) -> Iterator[FakeServer]:
    """Serve `status` and `body` (JSON unless `headers` say otherwise) to
    every request until the block ends; with `pace`, the body a byte every
    `pace` seconds."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    server = FakeServer("")

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.answer()

        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.answer()

        def answer(self) -> None:
            server.requests.append(self.path)
            self.send_response(status)
            for name, value in sent.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not pace:
                self.wfile.write(body)
                return
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(pace)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
