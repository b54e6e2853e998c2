"""A deadline for a request's headers, which uvicorn does not have.

Uvicorn closes a connection left idle between requests (its keep-alive
timeout), but not one that sends the start of a request and then a byte now
and then, or nothing: 2,000 such connections from one address were all
still open a minute later, holding 2,000 of the server's file handles, and
the rate limit never saw them (it runs once the headers are in). This
protocol, uvicorn's own with a timer, closes a connection whose request
headers are not all in within `seconds` of the connection opening or of the
request's first byte. The body has its own deadline (server.limits).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def with_header_deadline(seconds: float) -> type[HttpToolsProtocol]:
    """Uvicorn's httptools protocol, closing connections slower than `seconds`."""

    class HeaderDeadline(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            self._arm()
            super().on_message_begin()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

    return HeaderDeadline
