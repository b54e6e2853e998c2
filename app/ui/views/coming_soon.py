"""A clear placeholder for sections that a later version brings."""

from __future__ import annotations

import flet as ft

from app.ui.components import MIN_TOUCH, screen
from app.ui.session import UiSession


def coming_soon_view(ui: UiSession, route: str) -> ft.View:
    _ = ui._
    if route == "/checklist":
        title = _("Checklist")
        text = _(
            "A checklist to prepare before you leave, and a calculator for what "
            "recruitment costs you, are coming in a later version."
        )
    else:
        title = _("Report")
        text = _("A safe, anonymous way to report abuse is coming in a later version.")
    return screen(
        ui,
        route,
        title,
        [
            ft.Semantics(
                identifier=f"coming-soon-{route.strip('/')}",
                content=ft.Column(
                    [
                        ft.Icon(ft.Icons.CONSTRUCTION, size=48),
                        ft.Text(_("Coming soon"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
                        ft.Text(text),
                        ft.TextButton(
                            content=_("Where to get help"),
                            icon=ft.Icons.SUPPORT_AGENT,
                            on_click=lambda _e: ui.go("/help"),
                            height=MIN_TOUCH,
                        ),
                        ft.TextButton(
                            content=_("Read your rights"),
                            icon=ft.Icons.MENU_BOOK,
                            on_click=lambda _e: ui.go("/rights"),
                            height=MIN_TOUCH,
                        ),
                    ],
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                ),
            )
        ],
    )
