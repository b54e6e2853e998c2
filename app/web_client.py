"""Serve the web client's files in web mode: from the server's first
moment, before Flet's own app is built (app.web_front), and compressed.

An outreach laptop serves Haki to the workers' phones over its own wifi,
and every phone loads the web client first: with Haki's fonts, 16 MB of
WebAssembly, JavaScript and fonts as Flet serves them, 6 MB gzipped
(measured in headless Chromium). Compressing at each
request would cost the laptop a second of work per phone, so each file is
compressed once, into a per-user cache folder, and served from there to
every browser that accepts gzip. A copy keeps its source's modification
time: when Flet or Haki's own assets change, the copy no longer matches
and is made again; until it exists, the file is served as it is.

    python -m app.web_client     # make the copies now (scripts/run.sh does)
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from stat import S_ISREG

from starlette.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from app import paths

log = logging.getLogger(__name__)

#: what compresses well (fonts and code; images and woff2 are compressed
#: already) and is worth it: above this size, the header costs nothing
SUFFIXES = frozenset({".js", ".mjs", ".wasm", ".ttf", ".otf", ".json"})
MIN_SIZE = 8 * 1024
#: Flet patches these for each app (its settings, Roboto): served only as
#: patched (write_client_page), never from Haki's assets or the copies
PATCHED = frozenset({"index.html", "manifest.json", "assets/FontManifest.json"})
#: not used by a page served from a Python server (Pyodide runs Python in the browser)
SKIPPED_DIRS = ("pyodide/",)
#: the headers Flet adds to every answer (its CustomHeadersMiddleware): the
#: page must stay cross-origin isolated, whichever of us serves the file
FLET_HEADERS = (
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-embedder-policy", b"require-corp"),
    (b"access-control-allow-origin", b"*"),
)


def client_files(web_dir: Path, assets_dir: Path | None) -> dict[str, Path]:
    """URL path -> the file Flet serves for it, for the files worth
    compressing; Haki's assets win over the web client's, as in Flet."""
    files: dict[str, Path] = {}
    for root in (assets_dir, web_dir):
        if root is None or not root.is_dir():
            continue
        for path in root.rglob("*"):
            url = path.relative_to(root).as_posix()
            if (
                url in files
                or url in PATCHED
                or url.startswith(SKIPPED_DIRS)
                or path.suffix not in SUFFIXES
                or not path.is_file()
                or path.stat().st_size < MIN_SIZE
            ):
                continue
            files[url] = path
    return files


class CompressedCopies:
    """The gzipped copies of `sources` (URL path -> file) under `folder`."""

    def __init__(self, folder: Path, sources: Mapping[str, Path]) -> None:
        self.folder = folder
        self.sources = dict(sources)

    def copy_of(self, url: str) -> Path:
        return self.folder / url

    def is_fresh(self, url: str) -> bool:
        """A copy exists and was made from the source as it is now."""
        source = self.sources.get(url)
        if source is None:
            return False
        try:
            return self.copy_of(url).stat().st_mtime_ns == source.stat().st_mtime_ns
        except OSError:
            return False

    def make(self) -> int:
        """Compress what has no fresh copy; how many were made. Each copy is
        written whole, then renamed: a server reading it, or a second Haki
        making it at the same time, never sees half a file."""
        made = 0
        for url, source in self.sources.items():
            if self.is_fresh(url):
                continue
            target = self.copy_of(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(gzip_bytes(source.read_bytes()))
                stat = source.stat()
                os.utime(tmp_name, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                os.replace(tmp_name, target)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
            made += 1
        return made

    def make_in_background(self) -> threading.Thread:
        """`make` in a thread of its own; zlib lets go of the interpreter
        while it compresses, so the server keeps answering meanwhile."""

        def run() -> None:
            try:
                made = self.make()
            except OSError as exc:  # a full disk, a read-only cache: served as they are
                log.warning("the web client's files were not compressed: %s", exc.strerror)
                return
            if made:
                log.info("compressed %d of the web client's files", made)

        thread = threading.Thread(target=run, name="haki-compress", daemon=True)
        thread.start()
        return thread


def gzip_bytes(data: bytes) -> bytes:
    """gzip at level 9: made once, sent to every phone. No file name and no
    time in the header, so the same file always gives the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def accepts_gzip(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"accept-encoding":
            for coding in value.decode("latin-1").lower().split(","):
                token, _, params = coding.strip().partition(";")
                if token.strip() in ("gzip", "*") and params.replace(" ", "") != "q=0":
                    return True
    return False


#: Read and sent in pieces this big (Starlette's are 64 kB): each piece is
#: read in a worker thread, which waits its turn for the interpreter while
#: start-up work runs; the web client's 6 MB took a hundred turns.
CHUNK_SIZE = 1024 * 1024
#: a copy's own headers, beside Flet's
GZIP_HEADERS = ((b"content-encoding", b"gzip"), (b"vary", b"accept-encoding"))


class ClientFiles:
    """The web client's files as Flet serves them, answered by Haki from the
    server's first moment (app.web_front): Flet's page and manifests as
    Flet patches them, then Haki's assets over Flet's web client; a fresh
    gzipped copy to a browser that accepts gzip. Starlette's static files
    answer conditional requests (304) and HEAD, and keep a path inside its
    folder. Anything else (a route the client draws, the websocket) is left
    to Flet."""

    def __init__(self, copies: CompressedCopies, page_dir: Path, roots: Iterable[Path]) -> None:
        self.copies = copies
        self.page = StaticFiles(directory=page_dir, check_dir=False)
        # the copies' folder may not exist yet (made in the background) or
        # ever (a read-only home): then nothing is fresh, and all is sent as is
        self.gzipped = StaticFiles(directory=copies.folder, check_dir=False)
        self.roots = [StaticFiles(directory=root, check_dir=False) for root in roots]

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer a GET or HEAD for one of the files; False if it is not one."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        url = scope["path"].lstrip("/") or "index.html"
        headers: tuple[tuple[bytes, bytes], ...] = FLET_HEADERS
        if url in PATCHED:
            found = self._lookup(self.page, url)
        elif accepts_gzip(scope["headers"]) and self.copies.is_fresh(url):
            found = self._lookup(self.gzipped, url)
            headers = GZIP_HEADERS + FLET_HEADERS
        else:
            found = next(filter(None, (self._lookup(root, url) for root in self.roots)), None)
        if found is None:
            return False
        files, full_path, stat = found

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        response = files.file_response(full_path, stat, scope)
        if isinstance(response, FileResponse):
            response.chunk_size = CHUNK_SIZE
        await response(scope, receive, send_with_headers)
        return True

    @staticmethod
    def _lookup(files: StaticFiles, url: str) -> tuple[StaticFiles, str, os.stat_result] | None:
        full_path, stat = files.lookup_path(url)
        if stat is None or not S_ISREG(stat.st_mode):
            return None
        return files, full_path, stat


def write_client_page(folder: Path, assets_dir: Path | None = paths.ASSETS_DIR) -> Path:
    """Flet's page and manifests as Flet patches them for Haki (the settings
    launch.serve_web gives Flet), by Flet's own functions, into `folder`:
    the page Flet's app serves for a route, byte for byte (a test checks)."""
    from flet.controls.types import RouteUrlStrategy, WebRenderer
    from flet_web import patch_font_manifest_json, patch_index_html, patch_manifest_json

    for url in PATCHED:
        mine = assets_dir / url if assets_dir is not None else None
        source = mine if mine is not None and mine.is_file() else web_dir() / url
        target = folder / url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    patch_index_html(
        index_path=str(folder / "index.html"),
        base_href="/",
        websocket_endpoint_path="/ws",
        app_name=None,
        app_description=None,
        web_renderer=WebRenderer.AUTO,
        route_url_strategy=RouteUrlStrategy.PATH,
        no_cdn=True,
    )
    patch_manifest_json(
        manifest_path=str(folder / "manifest.json"),
        app_name=None,
        app_short_name=None,
        app_description=None,
    )
    patch_font_manifest_json(manifest_path=str(folder / "assets" / "FontManifest.json"))
    return folder


def web_dir() -> Path:
    from flet_web import get_package_web_dir

    return Path(get_package_web_dir())


def cache_folder() -> Path:
    """One folder per Flet web client version, shared by every data folder."""
    from flet_web.version import version

    return paths.cache_dir() / f"web-client-{version}"


def copies_for(assets_dir: Path | None = paths.ASSETS_DIR) -> CompressedCopies:
    return CompressedCopies(cache_folder(), client_files(web_dir(), assets_dir))


def main() -> int:
    """Make the copies now. A cache that cannot be written is no reason to
    stop an install: Haki then serves the files as they are."""
    copies = copies_for()
    try:
        made = copies.make()
    except OSError as exc:
        print(f"haki: the web client's files were not compressed: {exc}", file=sys.stderr)
        return 0
    print(
        f"{made} of the web client's {len(copies.sources)} larger files compressed into "
        f"{copies.folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
