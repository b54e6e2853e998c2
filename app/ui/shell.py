"""One session's UI: language, theme, and the views the route table gives."""

from __future__ import annotations

import flet as ft

from app.startup import AppContext
from app.ui import theme
from app.ui.routes import views_for
from app.ui.session import UiSession, initial_language


def start_session(page: ft.Page, context: AppContext) -> None:
    registry = context.registry
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
    # first screen with the reader's own font only, then every other script
    # (names in the language list, a fallback article) while they read
    theme.apply(page, ui.language, registry, all_fonts=not ui.language_chosen)
    render()
    if ui.language_chosen:
        page.fonts = theme.font_assets(registry)
        page.update()
