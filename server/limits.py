"""Two ASGI middlewares that guard the server before any route runs.

`BodyLimit` reads the whole request body, refusing with 413 one whose
Content-Length says it is too big or whose bytes, as they stream in, pass
the limit; a gzip body (Content-Encoding: gzip) is inflated with the same
limit on the inflated size, so a "zip bomb" gets 413 after at most
`max_bytes` of work. Other encodings get 415, a broken gzip stream 400.
The route then sees the plain body. A body that does not all come within
`seconds` gets 408, and while the bodies being read hold more than
`budget` bytes in all, the next chunk gets 503: a client sending 2 MB
bodies a byte short on 300 connections, within the rate limit, held 600
MB of the server's memory for as long as it liked.

`RateLimit` allows each client address `rate` requests per second with
bursts up to `burst` (a token bucket), and answers 429 with Retry-After
beyond that. Addresses are never kept: the buckets are keyed by a keyed
hash of the address, with a random key made at start-up and held only in
memory, and idle buckets are dropped.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import os
import time
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def problem(
    send: Send, status: int, detail: str, headers: dict[str, str] | None = None
) -> None:
    """Answer with a Problem body ({"detail": ...})."""
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class _BadBody(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = {"connection": "close", **(headers or {})}


def inflate(raw: bytes, max_bytes: int) -> bytes:
    """A gzip body, inflated to at most `max_bytes` (else 413)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, max_bytes + 1)
    except zlib.error:
        raise _BadBody(400, "the body is not valid gzip") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise _BadBody(413, f"the inflated body is over {max_bytes} bytes")
    if not inflater.eof:
        raise _BadBody(400, "the gzip body is cut short")
    if inflater.unused_data:
        raise _BadBody(400, "there are bytes after the end of the gzip body")
    return out


class BodyLimit:
    #: bytes all the bodies being read may hold at once
    BUDGET = 64 * 1024 * 1024

    def __init__(
        self, app: ASGIApp, max_bytes: int, seconds: float = 0, budget: int = BUDGET
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.budget = budget
        #: bytes held now by the bodies being read
        self.held = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            encoding, headers = self._check_headers(scope)
            async with asyncio.timeout(self.seconds or None):
                body = await self._read(receive)
            if encoding == "gzip":
                body = inflate(body, self.max_bytes)
        except _BadBody as bad:
            await problem(send, bad.status, bad.detail, bad.headers)
            return
        except TimeoutError:
            detail = f"the body did not all come within {self.seconds:g} seconds"
            await problem(send, 408, detail, {"connection": "close"})
            return
        headers.append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app({**scope, "headers": headers}, replay, send)

    def _check_headers(self, scope: Scope) -> tuple[str, list[tuple[bytes, bytes]]]:
        encoding = ""
        kept = []
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    raise _BadBody(400, "Content-Length is not a number") from None
                if length > self.max_bytes:
                    raise _BadBody(413, f"the body is over {self.max_bytes} bytes")
                continue
            if name == b"content-encoding":
                if encoding != "":
                    # "gzip" then "identity": which one the body is, is a guess
                    raise _BadBody(415, "give one Content-Encoding at most")
                encoding = value.decode("latin-1").strip().lower()
                if encoding not in ("gzip", "identity"):
                    raise _BadBody(415, "the body may be sent as is or with gzip only")
                continue
            kept.append((name, value))
        return encoding or "identity", kept

    async def _read(self, receive: Receive) -> bytes:
        parts = []
        size = 0
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise _BadBody(400, "the client went away")
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:
                    raise _BadBody(413, f"the body is over {self.max_bytes} bytes")
                if self.held + len(chunk) > self.budget:
                    raise _BadBody(503, "the server is busy; try again later", {"retry-after": "5"})
                self.held += len(chunk)
                parts.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(parts)
        finally:
            self.held -= sum(map(len, parts))


class RateLimit:
    #: drop idle buckets when there are more than this many
    MAX_BUCKETS = 50_000

    def __init__(
        self,
        app: ASGIApp,
        rate: float,
        burst: int,
        exempt: frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self.exempt = exempt
        self.clock = clock
        self._key = os.urandom(32)
        self._buckets: dict[bytes, tuple[float, float]] = {}

    def _bucket_key(self, scope: Scope) -> bytes:
        client = scope.get("client")
        address = client[0] if client else ""
        return hashlib.blake2b(address.encode(), key=self._key, digest_size=16).digest()

    def take(self, key: bytes) -> float:
        """Take one token; 0 when allowed, else the seconds until one is due."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate
        self._buckets[key] = (tokens - 1, now)
        if len(self._buckets) > self.MAX_BUCKETS:
            self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        full = self.burst / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope.get("path") in self.exempt:
            await self.app(scope, receive, send)
            return
        wait = self.take(self._bucket_key(scope))
        if wait:
            await problem(
                send,
                429,
                "too many requests from this address; try again later",
                {"retry-after": str(max(1, math.ceil(wait))), "connection": "close"},
            )
            return
        await self.app(scope, receive, send)
