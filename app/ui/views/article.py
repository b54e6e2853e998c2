"""One article: title, body, sources, when it was last checked, and honest
notes when it is shown in a fallback language or is a machine translation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from urllib.parse import urlencode

import flet as ft

from app.core.articles import TranslationStatus
from app.core.languages import SOURCE_LANGUAGE
from app.ui.components import (
    ROOMY,
    heading_text,
    in_own_direction,
    in_readers_direction,
    markdown_body,
    notice,
    screen,
)
from app.ui.labels import topic_label
from app.ui.session import UiSession

LINK_PREFIX = "article:"


def article_view(ui: UiSession, article_id: str, *, original: bool = False) -> ft.View | None:
    _ = ui._
    chain = (SOURCE_LANGUAGE,) if original else ui.content_chain
    article = ui.context.store.article(article_id, chain)
    if article is None:
        return None
    route = f"/rights/{article_id}" + ("/original" if original else "")
    h = article.header

    # the reader's own words (notes, headings) keep the reader's direction
    # when the article's language reads the other way (an English original
    # or fallback for a reader of Arabic)
    def mine(control: ft.Control) -> ft.Control:
        return in_readers_direction(ui, control)

    controls: list[ft.Control] = []

    if article.lang != ui.language.code and not original:
        controls.append(
            mine(
                notice(
                    ft.Icons.TRANSLATE,
                    _(
                        "This article is not yet available in {language}. "
                        "It is shown in {fallback}."
                    ).format(
                        language=ui.language.native_name, fallback=ui.language_name(article.lang)
                    ),
                    identifier="article-fallback-notice",
                ),
            )
        )
    if h.is_stale(dt.date.today()):
        controls.append(
            mine(
                notice(
                    ft.Icons.UPDATE,
                    _(
                        "This article was due for a check on {date}. Some facts may have "
                        "changed: ask a union or your embassy before you act on it."
                    ).format(date=ui.tr.format_date(h.next_review)),
                    identifier="article-stale-notice",
                ),
            )
        )
    if h.translation is TranslationStatus.MACHINE:
        controls.append(
            notice(
                ft.Icons.SMART_TOY_OUTLINED,
                _("Machine translation: a person has not checked it yet."),
                identifier="article-machine-notice",
            )
        )
        controls.append(
            ft.Semantics(
                identifier="article-original",
                content=ft.TextButton(
                    content=_("Read the English original"),
                    icon=ft.Icons.ARTICLE_OUTLINED,
                    on_click=lambda _e: ui.go(f"/rights/{article_id}/original"),
                    style=ROOMY,
                ),
            )
        )

    controls.append(heading_text(h.title, 1, ft.TextThemeStyle.HEADLINE_SMALL))
    controls += markdown_body(article.body, article_opener(ui, article_id))
    controls.append(ft.Divider())
    controls.append(mine(heading_text(_("Sources"), 2, ft.TextThemeStyle.TITLE_MEDIUM)))
    for source in h.sources:
        controls.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.GAVEL, size=18),
                    # named in English in every language
                    ft.Text(
                        in_own_direction(ui, f"{source.instrument}: {source.article}"), expand=True
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        )
    controls += [mine(c) for c in related_articles(ui, h.related, _("Related"), article_id)]
    # a person reviewed the English original on that date, not this machine
    # translation: said so, or the date reads as a review of the translation
    reviewed = (
        _("The English original was last reviewed: {date}")
        if h.translation is TranslationStatus.MACHINE
        else _("Last reviewed: {date}")
    )
    controls.append(
        mine(
            ft.Text(
                reviewed.format(date=ui.tr.format_date(h.last_reviewed)),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
            ),
        )
    )
    return screen(
        ui,
        route,
        topic_label(h.topic, _),
        controls,
        back=True,
        build_all=True,
        body_lang=article.lang,
    )


def article_opener(ui: UiSession, opened_from: str) -> Callable[[str], None]:
    """What a link in a body does: an `article:<id>` link opens that article,
    Back returning to `opened_from` (an article's id, or "item:" and a
    checklist item's); any other link, nothing (Haki works offline)."""

    def open_link(target: str) -> None:
        if target.startswith(LINK_PREFIX):
            ui.go(f"/rights/{target[len(LINK_PREFIX) :]}?{urlencode({'from': opened_from})}")

    return open_link


def related_articles(
    ui: UiSession, ids: Collection[str], title: str, opened_from: str
) -> list[ft.Control]:
    """A heading and a tile for each of these articles (in the reader's
    language where it exists); nothing when none of them exists.
    `opened_from` (an article's id, or "item:" and a checklist item's) is
    where Back returns from them (routes.article_stack)."""
    related = [s for s in ui.context.store.article_summaries(ui.content_chain) if s.id in ids]
    if not related:
        return []
    controls: list[ft.Control] = [heading_text(title, 2, ft.TextThemeStyle.TITLE_MEDIUM)]
    for summary in related:
        controls.append(
            ft.Semantics(
                identifier=f"related-{summary.id}",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.ARTICLE_OUTLINED),
                    title=ft.Text(summary.title),
                    on_click=lambda _e, aid=summary.id: ui.go(
                        f"/rights/{aid}?{urlencode({'from': opened_from})}"
                    ),
                ),
            )
        )
    return controls
