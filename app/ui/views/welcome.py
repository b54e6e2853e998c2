"""First run: choose a language, shown by the languages' own names."""

from __future__ import annotations

import flet as ft

from app.ui.session import UiSession
from app.ui.views.language_list import language_list


def welcome_view(ui: UiSession) -> ft.View:
    def chosen(code: str) -> None:
        asked = (getattr(ui.page, "route", None) or "/").partition("?")[0].rstrip("/")
        ui.set_language(code)  # draws the screen asked for, now in this language
        if asked in ("", "/welcome"):
            ui.go("/rights")
        # else stay: a link or QR code to /help, handed to a worker in trouble,
        # led to the Rights list once a language was chosen

    return ft.View(
        route="/welcome",
        padding=24,
        scroll=ft.ScrollMode.AUTO,
        controls=[
            ft.Icon(ft.Icons.TRANSLATE, size=48),
            ft.Text("Haki", theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
            ft.Text(ui._("Choose your language")),
            language_list(ui, on_choose=chosen, mark_current=False),
        ],
    )
