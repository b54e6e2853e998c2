"""The Flet entry: one `main(page)` per browser session or window."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from flet.utils.platform_utils import is_linux_server

from app import paths
from app.startup import AppContext
from app.ui import theme
from app.ui.routes import views_for
from app.ui.session import UiSession, initial_language


def make_main(context: AppContext) -> Callable[[ft.Page], None]:
    registry = context.registry

    def main(page: ft.Page) -> None:
        page.title = "Haki"
        chosen = initial_language(context)
        ui = UiSession(context, page, chosen or registry.get("en"))
        ui.language_chosen = chosen is not None

        def render() -> None:
            page.views.clear()
            page.views.extend(views_for(ui, page.route or "/"))
            page.update()

        def language_changed() -> None:
            theme.apply(page, ui.language, registry)
            render()

        async def view_pop(e: ft.ViewPopEvent) -> None:
            if len(page.views) > 1:
                page.views.pop()
                await page.push_route(page.views[-1].route)

        ui.on_language_change = language_changed
        page.on_route_change = lambda _e: render()
        page.on_view_pop = view_pop
        theme.apply(page, ui.language, registry)
        render()

    return main


def run(context: AppContext) -> None:
    settings = context.settings
    if is_linux_server():
        print(f"Haki is serving its web UI at http://{settings.host}:{settings.port}/", flush=True)
    ft.run(
        make_main(context),
        view=ft.AppView.FLET_APP,
        host=settings.host,
        port=settings.port,
        no_cdn=True,
        assets_dir=str(paths.ASSETS_DIR),
    )
