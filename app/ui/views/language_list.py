"""The language picker: every language by its own name, large targets."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.ui.session import UiSession


def language_list(
    ui: UiSession,
    on_choose: Callable[[str], None],
    *,
    mark_current: bool = True,
    first: str | None = None,
) -> ft.Control:
    """Every language; `first` (a code) at the top, and each named under its
    own name in that language too (the first run asks in the phone's)."""
    tiles: list[ft.Control] = []
    languages = sorted(ui.context.registry.languages, key=lambda lang: lang.code != first)
    for lang in languages:
        current = mark_current and lang.code == ui.language.code
        # under its own name, its name in the reader's language (not always
        # English: an Arabic screen said "Arabic" under العربية)
        known_as = ui.language_name(lang.code, alone=True, in_lang=first)
        tile = ft.ListTile(
            title=ft.Text(lang.native_name, theme_style=ft.TextThemeStyle.TITLE_LARGE),
            subtitle=ft.Text(known_as) if known_as != lang.native_name else None,
            leading=ft.Icon(ft.Icons.CHECK_CIRCLE if current else ft.Icons.CIRCLE_OUTLINED),
            selected=current,
            on_click=lambda _e, code=lang.code: on_choose(code),
        )
        tiles.append(
            ft.Semantics(identifier=f"language-{lang.code}", selected=current, content=tile)
        )
    return ft.Semantics(identifier="language-picker", container=True, content=ft.Column(tiles))
