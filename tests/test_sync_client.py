"""What the sync client puts on the wire besides the batch: the same few
headers from every install, nothing about the device."""

from __future__ import annotations

import time

import pytest
from fake_http import answering

from server.testing import request_head
from sync.client import USER_AGENT, SyncClient, batch_body
from sync.errors import Busy, InDoubt, NotHaki, Unreachable


def head_of_a_batch(body: bytes) -> list[str]:
    """The request line and headers of one batch the client posts."""

    def send(url: str) -> None:
        client = SyncClient(url)
        try:
            client.post_batch(body, [])
        finally:
            client.close()

    return request_head(send).decode().rstrip("\r\n").split("\r\n")


def test_a_batch_carries_only_the_protocol_headers():
    body = batch_body(['{"report_id":"x"}'])
    line, *headers = head_of_a_batch(body)
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


@pytest.mark.parametrize("address", ["http://[bad", "http://127.0.0.1:port", "ftp://127.0.0.1"])
def test_an_unusable_address_is_unreachable_not_a_crash(address):
    # python -m sync.send takes the address from the command line
    client = SyncClient(address)
    with pytest.raises(Unreachable, match="not usable"):
        client.missing(["5b0c3f5e-8a3d-4f6e-9c1b-2d7e4a9f0b13"])


def test_an_answer_that_trickles_in_is_given_up_in_doubt():
    """A server sending its answer a byte every so often, each byte within
    the read timeout, held `python -m sync.send` (and the app's sync pass,
    and every pass after it) for good."""
    answer = b'{"results":[' + b" " * 400 + b"]}"
    with answering(200, answer, pace=0.2) as slow:
        client = SyncClient(slow.url, timeout=(1.0, 1.0))
        start = time.monotonic()
        with pytest.raises(InDoubt, match="in time"):
            client.post_batch(b"x", [])
        assert time.monotonic() - start < 3
        client.close()


def test_a_redirect_says_the_address_is_wrong_and_nothing_is_in_doubt():
    """A Haki server never redirects: each pass left the batch in doubt and
    asked /missing again, for good."""
    moved = {"Location": "https://reports.example.org/api/v1/reports"}
    with answering(307, b"", moved) as old_address:
        client = SyncClient(old_address.url)
        with pytest.raises(NotHaki, match="reports.example.org"):
            client.post_batch(b"x", [])
        client.close()
        assert old_address.requests == ["/api/v1/reports"]  # not followed


def test_a_408_is_busy_not_a_wrong_address():
    """The server cuts off a batch that comes too slowly (server --slow):
    from a phone on 2G, another try may be faster; the address is right."""
    body = b'{"detail": "the body did not all come within 60 seconds"}'
    with answering(408, body) as server:
        client = SyncClient(server.url)
        with pytest.raises(Busy, match="408"):
            client.post_batch(b"x", [])
        client.close()
