"""Haki's web front (app.web_front): the client's files are answered from
the server's first moment, before Flet's app is built; what only Flet can
answer waits for it; Flet's own start and stop still run. Served over real
HTTP by uvicorn on 127.0.0.1, with a small Starlette app standing in for
Flet's (built in a second by FastAPI, it would hide the wait)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from app.web_client import ClientFiles, CompressedCopies
from app.web_front import Front


def write(path: Path, data: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data)
    return path


class StandIn:
    """Flet's app as far as the front sees it: it answers any route with
    "flet", and records its own start and stop (its lifespan)."""

    def __init__(self) -> None:
        self.events: list[str] = []

        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> Iterator[None]:  # type: ignore[misc]
            self.events.append("started")
            yield
            self.events.append("stopped")

        async def anything(request: Request) -> PlainTextResponse:
            return PlainTextResponse(f"flet {request.method} {request.url.path}")

        self.app = Starlette(
            routes=[Route("/{rest:path}", anything, methods=["GET", "HEAD", "POST"])],
            lifespan=lifespan,
        )


@contextlib.contextmanager
def served(front: Front) -> Iterator[str]:
    """`front` served by uvicorn on a free port of 127.0.0.1, lifespan on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(front, log_config=None, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def get(url: str, method: str = "GET", timeout: float = 10) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def client(tmp_path: Path) -> ClientFiles:
    page = tmp_path / "page"
    write(page / "index.html", "the patched page")
    write(page / "assets" / "FontManifest.json", "[]")  # no manifest.json: not made
    web = tmp_path / "web"
    write(web / "flutter_bootstrap.js", "var flutter;")
    write(web / "main.dart.wasm", "the client's code")
    write(web / "index.html", "Flet's page, unpatched")
    write(web / "manifest.json", "{}")
    write(tmp_path / "secret.txt", "not the client's")
    return ClientFiles(CompressedCopies(tmp_path / "cache", {}), page, [web])


def gated(flet: StandIn) -> tuple[threading.Event, Callable[[], Starlette]]:
    """A build of `flet`'s app that ends when the test opens the gate."""
    gate = threading.Event()

    def build() -> Starlette:
        assert gate.wait(20)
        return flet.app

    return gate, build


def test_the_client_is_served_at_once_and_the_rest_when_flets_app_is_built(client):
    flet = StandIn()
    gate, build = gated(flet)
    begin = threading.Event()
    with served(Front(client, build, begin, at_the_latest=60)) as url:
        status, headers, body = get(url + "/")
        assert (status, body) == (200, "the patched page")
        assert headers["cross-origin-embedder-policy"] == "require-corp"  # skwasm needs it
        assert get(url + "/flutter_bootstrap.js")[2] == "var flutter;"
        assert get(url + "/flutter_bootstrap.js", "HEAD")[0] == 200
        assert not begin.is_set()  # nothing slows the page's first files
        assert get(url + "/main.dart.wasm")[2] == "the client's code"
        assert begin.is_set()  # the browser compiles it for a while: start-up work begins

        # a route the client draws: only Flet answers it, once it is there
        answers: list[tuple[int, dict[str, str], str]] = []
        asking = threading.Thread(target=lambda: answers.append(get(url + "/rights/x")))
        asking.start()
        asking.join(0.5)
        assert answers == [] and flet.events == []  # waiting, not refused
        gate.set()
        asking.join(10)
        assert answers[0][0] == 200 and answers[0][2] == "flet GET /rights/x"
        assert get(url + "/index.html", "POST")[2] == "flet POST /index.html"
        assert flet.events == ["started"]
    assert flet.events == ["started", "stopped"]  # Flet's sessions' keeper stopped too


def test_a_request_only_flet_answers_begins_the_work_at_once(client):
    flet = StandIn()
    gate, build = gated(flet)
    gate.set()
    begin = threading.Event()
    with served(Front(client, build, begin, at_the_latest=60)) as url:
        assert get(url + "/report")[2] == "flet GET /report"  # a tab reloaded on a screen
        assert begin.is_set()


def test_with_no_browser_the_work_begins_a_moment_after_the_server_starts(client):
    flet = StandIn()
    gate, build = gated(flet)
    gate.set()
    begin = threading.Event()
    with served(Front(client, build, begin, at_the_latest=0.2)):
        assert begin.wait(5)
        deadline = time.monotonic() + 5
        while flet.events != ["started"]:
            assert time.monotonic() < deadline, "Flet's app was not started"
            time.sleep(0.01)


def test_what_flet_patches_is_never_sent_unpatched_and_nothing_outside_is_sent(client):
    flet = StandIn()
    gate, build = gated(flet)
    gate.set()
    with served(Front(client, build)) as url:
        # the page folder has no manifest.json: Flet's own, not the web's raw one
        assert get(url + "/manifest.json")[2] == "flet GET /manifest.json"
        for outside in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"):
            assert "not the client's" not in get(url + outside)[2]


def test_a_server_stopped_before_flets_app_was_built_stops_at_once(client):
    flet = StandIn()
    gate, build = gated(flet)
    started = time.monotonic()
    with served(Front(client, build, at_the_latest=0)) as url:
        assert get(url + "/")[0] == 200
    assert time.monotonic() - started < 5 and flet.events == []
    gate.set()  # built after all: nothing waits for it
