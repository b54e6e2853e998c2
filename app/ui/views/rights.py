"""Rights: every article, grouped by topic, in the reader's language; with
search, and chips to narrow by journey stage and destination country."""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

import flet as ft

from app.core.articles import Stage, destination_countries
from app.ui.components import screen
from app.ui.labels import stage_label, topic_label
from app.ui.session import UiSession
from app.ui.views.search import search_field

#: the stages offered for browsing (transit has no articles of its own yet)
BROWSE_STAGES = (Stage.PRE_DEPARTURE, Stage.IN_DESTINATION, Stage.RETURN)


def rights_route(stage: Stage | None, country: str | None) -> str:
    params = {k: v for k, v in (("stage", stage), ("country", country)) if v}
    return "/rights" + (f"?{urlencode(params)}" if params else "")


def chip(ui: UiSession, ident: str, label: str, selected: bool, route: str) -> ft.Control:
    return ft.Semantics(
        identifier=ident,
        selected=selected,
        content=ft.Chip(label=label, selected=selected, on_select=lambda _e: ui.go(route)),
    )


def rights_view(ui: UiSession, stage: Stage | None = None, country: str | None = None) -> ft.View:
    _ = ui._
    every = ui.context.store.article_summaries(ui.content_chain)
    stage_chips = [chip(ui, "stage-all", _("All"), stage is None, rights_route(None, country))]
    stage_chips += [
        chip(ui, f"stage-{s.value}", stage_label(s, _), stage is s, rights_route(s, country))
        for s in BROWSE_STAGES
    ]
    country_chips = [
        chip(ui, "country-all", _("All countries"), country is None, rights_route(stage, None))
    ]
    country_chips += [
        chip(ui, f"country-{c}", ui.tr.country_name(c), country == c, rights_route(stage, c))
        for c in destination_countries(every)
    ]
    controls: list[ft.Control] = [
        search_field(ui),
        ft.Row(stage_chips, wrap=True),
        ft.Row(country_chips, wrap=True) if len(country_chips) > 1 else ft.Container(),
    ]
    shown = [s for s in every if s.matches(stage, country)]
    for topic, group in itertools.groupby(shown, key=lambda s: s.topic):
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
    if not shown:
        controls.append(ft.Text(_("No articles are available yet.")))
    return screen(ui, "/rights", _("Your rights"), controls)
