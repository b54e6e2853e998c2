"""First run: choose a language, shown by the languages' own names. The
phone's own language, when Haki speaks it, comes first and asks the question."""

from __future__ import annotations

import flet as ft

from app.ui.components import READING_WIDTH
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

    question = ft.Text(ui._("Choose your language"), theme_style=ft.TextThemeStyle.TITLE_LARGE)
    choices = ft.Container(language_list(ui, on_choose=chosen, mark_current=False))

    async def ask_in_the_phones_language() -> None:
        """The question in English is no help to most readers: ask it in
        the first of the phone's languages that Haki speaks, and list that
        language first. Nothing about the phone is kept."""
        try:
            info = await ui.page.get_device_info()
        except Exception:  # an old client, or the session closed: keep the list as it is
            return
        tags = [locale.language_code for locale in getattr(info, "locales", None) or []]
        code = ui.context.registry.first_spoken(tags)
        if code is None or code == ui.language.code:
            return
        with ui.drawing:
            question.value = ui.gettext_in(code)("Choose your language")
            choices.content = language_list(ui, on_choose=chosen, mark_current=False, first=code)
            # asked in Arabic or Urdu, read from the right, as every screen after
            body.rtl = ui.context.registry.get(code).rtl
        ui.update()

    body = ft.Container(
        width=READING_WIDTH,
        content=ft.Column(
            [
                ft.Icon(ft.Icons.TRANSLATE, size=48),
                ft.Text("Haki", theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
                question,
                choices,
            ]
        ),
    )
    ui.page.run_task(ask_in_the_phones_language)
    return ft.View(
        route="/welcome",
        padding=24,
        scroll=ft.ScrollMode.AUTO,
        # on a laptop, in the middle at reading width, as every other screen
        # (components.screen): stretched across 1,280 px, the names sat far
        # from their circles
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        controls=[body],
    )
