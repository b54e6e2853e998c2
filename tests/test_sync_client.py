"""What the sync client puts on the wire besides the batch: the same few
headers from every install, nothing about the device."""

from __future__ import annotations

import socket
import threading

from sync.client import USER_AGENT, SyncClient, batch_body


def request_head(send) -> list[str]:  # type: ignore[no-untyped-def]
    """The request line and headers `send(client)` makes, as a socket on
    127.0.0.1 received them (it answers an empty batch answer)."""
    seen: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def answer() -> None:
            conn, _ = listener.accept()
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                seen.append(data.split(b"\r\n\r\n", 1)[0])
                body = b'{"results":[]}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                )

        thread = threading.Thread(target=answer)
        thread.start()
        client = SyncClient(f"http://127.0.0.1:{port}")
        try:
            send(client)
        finally:
            client.close()
            thread.join(10)
    return seen[0].decode().split("\r\n")


def test_a_batch_carries_only_the_protocol_headers():
    body = batch_body(['{"report_id":"x"}'])
    line, *headers = request_head(lambda c: c.post_batch(body, []))
    assert line == "POST /api/v1/reports HTTP/1.1"
    named = dict(h.split(": ", 1) for h in headers)
    assert named.pop("User-Agent") == USER_AGENT == "haki"
    assert named.pop("Content-Type") == "application/json"
    assert named.pop("Content-Encoding") == "gzip"
    assert int(named.pop("Content-Length")) == len(body)
    named.pop("Host")
    # what is left says nothing: at most that the answer may come unencoded
    assert set(named) <= {"Accept-Encoding"}
    assert named.get("Accept-Encoding", "identity") == "identity"


def test_the_gzip_body_holds_no_time():
    # gzip's header has a modification time: it must be zero, or every batch
    # would carry the device clock
    body = batch_body(['{"a":1}'])
    assert body[:2] == b"\x1f\x8b" and body[4:8] == b"\x00\x00\x00\x00"
