"""The web client's files, gzipped once and served to browsers that accept
gzip (app.web_client): the same bytes once unpacked, the page still
cross-origin isolated, and a copy made again when its source changes."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from app import paths, web_client
from app.web_client import CompressedCopies, accepts_gzip, client_files
from tests import webapp

BIG = b"function f() { return 1; }\n" * 2000  # 54 kB, compresses well


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_files_worth_compressing_and_whose_they_are(tmp_path: Path):
    web, assets = tmp_path / "web", tmp_path / "assets"
    write(web / "main.dart.wasm", BIG)
    write(web / "canvaskit" / "skwasm.js", BIG)
    write(web / "fonts" / "x.ttf", BIG)
    mine = write(assets / "fonts" / "x.ttf", BIG + b"Haki's own")
    write(web / "tiny.js", b"var a;")  # no gain
    write(web / "icon.png", BIG)  # compressed already
    write(web / "pyodide" / "pyodide.asm.wasm", BIG)  # never asked for
    write(web / "index.html", BIG)  # Flet serves its own patched copy
    write(assets / "assets" / "FontManifest.json", BIG)  # the same
    files = client_files(web, assets)
    assert set(files) == {"main.dart.wasm", "canvaskit/skwasm.js", "fonts/x.ttf"}
    assert files["fonts/x.ttf"] == mine  # Haki's assets win, as in Flet


def test_a_copy_unpacks_to_its_source_and_is_made_again_when_it_changes(tmp_path: Path):
    source = write(tmp_path / "web" / "main.dart.js", BIG)
    copies = CompressedCopies(tmp_path / "cache", {"main.dart.js": source})
    assert not copies.is_fresh("main.dart.js")
    assert copies.make() == 1
    packed = copies.copy_of("main.dart.js").read_bytes()
    assert gzip.decompress(packed) == BIG and len(packed) < len(BIG) / 10
    assert copies.make() == 0  # fresh: not made again
    assert not copies.is_fresh("other.js")  # not a source: never served from here

    source.write_bytes(BIG + b"// a newer Flet")
    os.utime(source, ns=(1, source.stat().st_mtime_ns + 1_000_000_000))
    assert not copies.is_fresh("main.dart.js")  # not served stale meanwhile
    assert copies.make() == 1
    assert gzip.decompress(copies.copy_of("main.dart.js").read_bytes()).endswith(b"newer Flet")
    assert list((tmp_path / "cache").glob(".part-*")) == []  # nothing half-written left


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br, zstd", True),
        ("GZIP", True),
        ("*", True),
        ("br", False),
        ("gzip;q=0, br", False),
        ("gzip; q=0.5", True),
        (None, False),
    ],
)
def test_only_a_browser_that_accepts_gzip_is_sent_it(header, accepted):
    headers = [(b"host", b"x")] + ([(b"accept-encoding", header.encode())] if header else [])
    assert accepts_gzip(headers) is accepted


def get(url: str, **headers: str):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_the_app_serves_the_client_gzipped_and_still_isolated(tmp_path: Path):
    copies = web_client.copies_for()
    copies.make()  # as scripts/run.sh does at install; quick when made
    source = copies.sources["main.dart.wasm"].read_bytes()
    server = webapp.start(["--data-dir", str(tmp_path / "data"), "--lang", "en"], tmp_path / "log")
    try:
        url = server.url + "/main.dart.wasm"
        status, headers, body = get(url, **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "application/wasm"
        assert gzip.decompress(body) == source and len(body) < len(source) / 2
        for name, value in (
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Embedder-Policy", "require-corp"),
        ):
            assert headers[name] == value  # else no skwasm, and Flet's page breaks

        status, headers, body = get(url)  # a browser that does not accept gzip
        assert status == 200 and headers["Content-Encoding"] is None and body == source
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"

        etag = get(url, **{"Accept-Encoding": "gzip"})[1]["ETag"]
        status, headers, body = get(url, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert status == 304 and body == b""  # a phone coming back loads nothing again

        # Flet's patched page is still Flet's: Haki's, with its script policy
        status, headers, body = get(server.url + "/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and b"Content-Security-Policy" in body
        assert headers["Content-Encoding"] is None
        assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"
        # Haki answers it before Flet's app is built, patched by Flet's own
        # functions (write_client_page); a route's page comes from Flet's
        # app itself: the same bytes (a Flet that patches otherwise fails here)
        status, _headers, flets = get(server.url + "/rights/some-topic")
        assert status == 200 and flets == body
        assert b'webSocketEndpoint="/ws"' in body
    finally:
        server.stop()
    # no access log: which phone asked for what is written nowhere
    assert "GET /" not in server.log.read_text(errors="replace")


def test_with_no_cache_folder_to_write_haki_serves_the_files_as_they_are(tmp_path, monkeypatch):
    """A kiosk laptop with a read-only home: no copies, and no crash."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    source = web_client.copies_for().sources["main.dart.wasm"].read_bytes()
    server = webapp.start(["--data-dir", str(tmp_path / "data"), "--lang", "en"], tmp_path / "log")
    try:
        status, headers, body = get(server.url + "/main.dart.wasm", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] is None and body == source
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text(errors="replace")


def test_an_install_goes_on_when_the_copies_cannot_be_written(tmp_path):
    """scripts/run.sh makes the copies under `set -e`: a failure there
    would have stopped the install."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    result = subprocess.run(
        [sys.executable, "-m", "app.web_client"],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "not compressed" in result.stderr and "Traceback" not in result.stderr
