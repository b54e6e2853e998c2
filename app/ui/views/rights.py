"""Rights: every article, grouped by topic, in the reader's language."""

from __future__ import annotations

import itertools

import flet as ft

from app.ui.components import screen
from app.ui.labels import topic_label
from app.ui.session import UiSession
from app.ui.views.search import search_field


def rights_view(ui: UiSession) -> ft.View:
    _ = ui._
    summaries = ui.context.store.article_summaries(ui.content_chain)
    controls: list[ft.Control] = [search_field(ui)]
    for topic, group in itertools.groupby(summaries, key=lambda s: s.topic):
        controls.append(
            ft.Text(
                topic_label(topic, _),
                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                color=ft.Colors.PRIMARY,
            )
        )
        for summary in group:
            subtitle = None
            if summary.lang != ui.language.code:
                subtitle = ft.Text(ui.language_name(summary.lang))
            controls.append(
                ft.Semantics(
                    identifier=f"article-{summary.id}",
                    content=ft.ListTile(
                        title=ft.Text(summary.title),
                        subtitle=subtitle,
                        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                        on_click=lambda _e, aid=summary.id: ui.go(f"/rights/{aid}"),
                    ),
                )
            )
    if len(controls) == 1:
        controls.append(ft.Text(_("No articles are available yet.")))
    return screen(ui, "/rights", _("Your rights"), controls)
