"""More: where to get help, About, and the language choice.

Help comes first: a worker in trouble who opens More finds it at once,
not below the thirteen languages (on a phone they filled the screen)."""

from __future__ import annotations

import flet as ft

from app.ui.components import screen
from app.ui.session import UiSession
from app.ui.views.language_list import language_list


def more_view(ui: UiSession) -> ft.View:
    _ = ui._
    return screen(
        ui,
        "/more",
        _("More"),
        [
            ft.Semantics(
                identifier="more-help",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.SUPPORT_AGENT),
                    title=ft.Text(_("Where to get help")),
                    on_click=lambda _e: ui.go("/help"),
                ),
            ),
            ft.Semantics(
                identifier="more-about",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.INFO_OUTLINE),
                    title=ft.Text(_("About Haki")),
                    on_click=lambda _e: ui.go("/more/about"),
                ),
            ),
            ft.Divider(),
            ft.Text(_("Language"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            language_list(ui, on_choose=ui.set_language),
        ],
    )
