"""The web server: the client's files from its first moment, Flet's app for
the rest once it is built.

Flet's web app is a FastAPI app: importing and building it took 0.35 s of
a 0.5 s start here (FastAPI alone 0.2 s), and the browser asks for nothing
only Flet can answer until it has loaded the web client, a second or more
later. So the server listens first and serves the client's files itself
(app.web_client.ClientFiles); what only Flet answers (the websocket, a
route the client draws) waits for Flet's app.

Python runs one thread at a time, so start-up work (building Flet's app;
the store, content and views, app.startup.Preparation) slowed every file
the server sent meanwhile. It begins when the browser asks for the
client's code, which the browser then compiles for a while: by then it has
the page and its first scripts, a dozen small files (the first screen came
0.25 s sooner in headless Chromium). It begins at once for a request only
Flet answers, and a second after the server started in any case.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from app.startup import startup_work
from app.web_client import ClientFiles

#: the client's code: once the browser asks for it, it has the page
CLIENT_CODE = frozenset({"main.dart.wasm", "main.dart.js"})
#: seconds after the server started when start-up work begins anyway
BEGIN_AT_THE_LATEST = 1.0


def build_in_background(build: Callable[[], ASGIApp], built: Future[ASGIApp]) -> None:
    """`build()` in a thread of its own, its app into `built` (start-up
    work: app.startup.StartupWork)."""

    def run() -> None:
        with startup_work():
            built.set_result(build())

    threading.Thread(target=run, name="haki-web-app", daemon=True).start()


class Front:
    """The ASGI app the server runs: a file the client asks for is answered
    at once; anything else goes to Flet's app, which `build` makes in the
    background. `begin` is set when start-up work may begin (see above):
    Preparation waits for it too."""

    def __init__(
        self,
        files: ClientFiles,
        build: Callable[[], ASGIApp],
        begin: threading.Event | None = None,
        at_the_latest: float = BEGIN_AT_THE_LATEST,
    ) -> None:
        self.files = files
        self.build = build
        self.begin = begin or threading.Event()
        self.at_the_latest = at_the_latest
        self.flet: Future[ASGIApp] = Future()
        self._building = False

    def begin_now(self) -> None:
        """Begin start-up work, if not begun yet (on the server's thread)."""
        if not self._building:
            self._building = True
            self.begin.set()
            build_in_background(self.build, self.flet)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["path"].lstrip("/") in CLIENT_CODE:
            self.begin_now()
        if not await self.files.serve(scope, receive, send):
            self.begin_now()
            app = self.flet.result() if self.flet.done() else await asyncio.wrap_future(self.flet)
            await app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """The server's start and stop. The server starts at once; Flet's
        own start (its sessions' keeper) runs when its app is built, and
        its stop before the server's."""
        await receive()  # lifespan.startup
        asyncio.get_running_loop().call_later(self.at_the_latest, self.begin_now)
        await send({"type": "lifespan.startup.complete"})
        stopping: asyncio.Future[Any] = asyncio.ensure_future(receive())
        flet: asyncio.Future[Any] = asyncio.wrap_future(self.flet)
        await asyncio.wait({stopping, flet}, return_when=asyncio.FIRST_COMPLETED)
        if flet.done():
            app = flet.result()  # a Starlette app: its router keeps its lifespan
            async with app.router.lifespan_context(app):
                await stopping
        await send({"type": "lifespan.shutdown.complete"})
