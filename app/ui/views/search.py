"""Search: full text in the reader's language and its fallbacks, matched
words in bold, and a way back to browsing when nothing matches."""

from __future__ import annotations

import flet as ft

from app.core.search import split_marks
from app.ui.components import MIN_TOUCH, ROOMY, in_own_direction, screen
from app.ui.session import UiSession


def search_field(ui: UiSession, value: str = "") -> ft.Control:
    """The search box; Enter, or the button at its end, opens the results.
    (Without the button, a reader who did not know to press Enter typed,
    and nothing happened.) The button comes with the first letter typed:
    on the first screen, before anything is typed, it cost about 40 ms of
    start-up in headless Chromium, and it would search for nothing."""

    def submit(_e: object = None) -> None:
        text = (field.value or "").strip()
        if text:
            ui.search(text)

    def go_button() -> ft.Control:
        # named by its icon: the button's node takes the icon's label (a
        # tooltip's name stays on a wrapper, and the button had none)
        return ft.Semantics(
            identifier="rights-search-go",
            content=ft.IconButton(
                ft.Icon(ft.Icons.ARROW_FORWARD, semantics_label=ui._("Search")),
                on_click=submit,
                width=MIN_TOUCH,
                height=MIN_TOUCH,
            ),
        )

    def typed(_e: object) -> None:
        if field.suffix is None and (field.value or "").strip():
            field.suffix = go_button()  # Flet sends it after the handler returns

    field = ft.TextField(
        value=value,
        label=ui._("Search your rights"),
        prefix_icon=ft.Icons.SEARCH,
        on_submit=submit,
        on_change=typed,
        autofocus=bool(value),
        suffix=go_button() if value else None,
    )
    return ft.Semantics(identifier="rights-search", content=field)


def marked(text: str, style: ft.TextThemeStyle | None = None) -> ft.Text:
    """Text with the matched words in bold."""
    return ft.Text(
        spans=[
            ft.TextSpan(piece, style=ft.TextStyle(weight=ft.FontWeight.BOLD) if hit else None)
            for piece, hit in split_marks(text)
        ],
        theme_style=style,
    )


def search_view(ui: UiSession, query: str) -> ft.View:
    _ = ui._
    store = ui.context.store
    # no words yet (the session's were removed, say): only the box to type them
    trigram = ui.context.registry.trigram_languages()
    hits = store.search(query, ui.content_chain, trigram) if query.strip() else []
    controls: list[ft.Control] = [search_field(ui, query)]
    # nothing in the reader's languages: the words may be another's (an
    # outreach worker reading English types what a worker says in Amharic)
    if query.strip() and not hits:
        chain = ui.content_chain
        everywhere = (*chain, *(c for c in ui.context.registry.codes if c not in chain))
        hits = store.search(query, everywhere, trigram)
        if hits:
            controls.append(
                ft.Semantics(
                    identifier="search-other-languages",
                    content=ft.Text(
                        _("Not found in {language}. Found in other languages:").format(
                            language=ui.language.native_name
                        )
                    ),
                )
            )
    # nothing found: maybe a word misspelt ("pasport"); the results for the
    # closest words the articles use, and which words those are
    instead = store.corrected_query(query) if query.strip() and not hits else None
    if instead is not None:
        hits = store.search(instead, ui.content_chain, trigram)
        if hits:
            controls.append(
                ft.Semantics(
                    identifier="search-instead",
                    content=ft.Text(_("Results for “{words}”").format(words=instead)),
                )
            )
    for hit in hits:
        # an English result on an Arabic screen, or an Arabic one on an English screen
        title = in_own_direction(ui, hit.title, hit.lang)
        snippet = in_own_direction(ui, hit.snippet, hit.lang)
        subtitle: list[ft.Control] = [marked(snippet, ft.TextThemeStyle.BODY_SMALL)]
        if hit.lang != ui.language.code:
            subtitle.append(ft.Text(ui.language_name(hit.lang, alone=True)))
        controls.append(
            ft.Semantics(
                identifier=f"search-result-{hit.id}",
                content=ft.ListTile(
                    title=marked(title),
                    subtitle=ft.Column(subtitle, spacing=2),
                    # Back returns to these results (routes.article_stack)
                    on_click=lambda _e, aid=hit.id: ui.go(f"/rights/{aid}?from=search"),
                ),
            )
        )
    if not hits and query.strip():
        controls.append(
            ft.Semantics(
                identifier="search-no-results",
                content=ft.Column(
                    [
                        ft.Text(_("Nothing found for “{query}”.").format(query=query)),
                        ft.Text(_("Try a shorter word, or browse the topics.")),
                        ft.TextButton(
                            content=_("Browse by topic"),
                            icon=ft.Icons.MENU_BOOK,
                            on_click=lambda _e: ui.go("/rights"),
                            style=ROOMY,
                        ),
                    ]
                ),
            )
        )
    return screen(ui, "/search", _("Search"), controls, back=True)
