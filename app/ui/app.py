"""The Flet entry: one `main(page)` per browser session or window."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from flet.utils.platform_utils import is_linux_server

from app import paths
from app.startup import Preparation
from app.ui import theme
from app.ui.routes import views_for
from app.ui.session import UiSession, initial_language


#: Flet imports a control's module the first time it is used; the theme's
#: alone takes ~100 ms. Touching these while the browser loads the web
#: client keeps that work off the path to the first screen.
FIRST_SCREEN_CONTROLS = (
    "Theme", "TextTheme", "TextStyle", "View", "AppBar", "NavigationBar",
    "NavigationBarDestination", "ListView", "ListTile", "Semantics", "Text", "Icon",
    "Markdown", "Container", "Row", "Column", "Divider", "TextButton",
)


def warm_up() -> None:
    for name in FIRST_SCREEN_CONTROLS:
        getattr(ft, name)


def make_main(preparation: Preparation) -> Callable[[ft.Page], None]:
    def main(page: ft.Page) -> None:
        page.title = "Haki"
        context = preparation.get()
        registry = context.registry
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


def run(preparation: Preparation) -> None:
    settings = preparation.settings
    if is_linux_server():
        print(f"Haki is serving its web UI at http://{settings.host}:{settings.port}/", flush=True)
    ft.run(
        make_main(preparation),
        view=ft.AppView.FLET_APP,
        host=settings.host,
        port=settings.port,
        no_cdn=True,
        assets_dir=str(paths.ASSETS_DIR),
    )
