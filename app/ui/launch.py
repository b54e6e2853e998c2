"""Run the Flet app: one `main(page)` per browser session or window.

Kept light on purpose: main.py imports it before the server starts, which
then listens before Flet's web app is built (app.web_front); the views,
catalogs and store are imported in the background by `warm_up`, during
the second the browser spends loading the web client.
"""

from __future__ import annotations

import os
import signal
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import flet as ft
from flet.utils.platform_utils import is_linux_server

from app import addresses, paths
from app.startup import AppContext, Preparation

if TYPE_CHECKING:
    from starlette.types import ASGIApp

#: Flet imports a control's module the first time it is used (the theme's
#: alone takes 65-100 ms); the first screen needs these (a test checks that
#: drawing it after warm_up imports nothing).
FIRST_SCREEN_CONTROLS = (
    "Theme", "TextTheme", "TextStyle", "View", "AppBar", "NavigationBar",
    "NavigationBarDestination", "ListView", "ListTile", "Semantics", "Text", "Icon",
    "Container", "Row", "Column", "TextField", "TextSpan",
)  # fmt: skip


#: what stops a web server: Ctrl+C, and a service manager's or test's stop
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def warm_up(context: AppContext) -> None:
    """Import what the first screen needs, and read the starting language's
    catalogs (compiled once per process, 17 ms for Arabic) and CLDR data
    (country names, number formats: babel loads a locale's data at its first
    use, 10 ms), so main(page) only draws."""
    import app.ui.shell  # noqa: F401
    from app.content.catalogs import translator
    from app.ui.session import initial_language

    for name in FIRST_SCREEN_CONTROLS:
        getattr(ft, name)
    language = initial_language(context) or context.registry.get("en")
    tr = translator(context.registry, paths.TRANSLATIONS_DIR, language.code)
    tr.country_name("QA")
    tr.format_number(1)


def make_main(preparation: Preparation) -> Callable[[ft.Page], None]:
    def main(page: ft.Page) -> None:
        from app.ui.shell import start_session  # already imported by warm_up

        start_session(page, preparation.get())

    return main


def run(preparation: Preparation) -> None:
    settings = preparation.settings
    web = is_linux_server() or os.environ.get("FLET_FORCE_WEB_SERVER", "").lower() in ("1", "true")
    # bound first: a port in use is one line (AddressError), said before
    # anything is served or prepared
    sock = addresses.listen(settings.host, settings.port) if web else None
    if sock is not None:
        begin = threading.Event()  # set by the web server (app.web_front)
        preparation.start(after=begin)
        serve_web(make_main(preparation), sock, settings.host, settings.port, begin)
    else:
        preparation.start()
        ft.run(
            make_main(preparation),
            view=ft.AppView.FLET_APP,
            host=settings.host,
            port=settings.port,
            assets_dir=str(paths.ASSETS_DIR),
        )
    # stopped (Ctrl+C, SIGTERM, the window closed): what was erased in the
    # last seconds must not wait in the WAL for the next start
    preparation.close()


def serve_web(
    main: Callable[[ft.Page], None],
    sock: socket.socket,
    host: str,
    port: int,
    begin: threading.Event,
) -> None:
    """Flet's web app behind Haki's front (app.web_front), which serves the
    client's files from the start, compressed (app.web_client), under
    uvicorn as Flet runs it, with no access log: the addresses of the
    phones an outreach laptop serves are written nowhere."""
    import uvicorn

    from app import web_client
    from app.web_front import Front

    def build_flet_app() -> ASGIApp:
        from app.ui.web_sessions import disconnect_dropped_sessions

        disconnect_dropped_sessions()
        return ft.run(
            main,
            export_asgi_app=True,
            no_cdn=True,
            # its index.html is Haki's page: scripts from this server only, and
            # Flutter drawing on the page's own thread (a worker can freeze it)
            assets_dir=str(paths.ASSETS_DIR),
        )

    copies = web_client.copies_for(paths.ASSETS_DIR)
    if not all(copies.is_fresh(url) for url in copies.sources):
        copies.make_in_background()
    with tempfile.TemporaryDirectory(prefix="haki-page-") as page_dir:
        page = web_client.write_client_page(Path(page_dir), paths.ASSETS_DIR)
        files = web_client.ClientFiles(copies, page, (paths.ASSETS_DIR, web_client.web_dir()))
        print(addresses.serving_line(host, port), flush=True)
        # uvicorn stops on Ctrl+C or SIGTERM, then raises the signal again for
        # the handler that was there before it: by default that killed Haki
        # before it closed its store (run, above). This one lets it return.
        previous = {sig: signal.signal(sig, lambda _sig, _frame: None) for sig in STOP_SIGNALS}
        try:
            config = uvicorn.Config(
                Front(files, build_flet_app, begin),
                ws="websockets-sansio",
                log_level="warning",
                access_log=False,
            )
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
