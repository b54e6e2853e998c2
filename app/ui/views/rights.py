"""Rights: every article, grouped by topic, in the reader's language; with
search, and chips to narrow by journey stage and destination country."""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

import flet as ft

from app.core.articles import ArticleSummary, Stage, Topic, destination_countries
from app.ui.components import screen
from app.ui.labels import stage_label, topic_label
from app.ui.session import UiSession
from app.ui.views.search import search_field

#: the stages offered for browsing (transit has no articles of its own yet)
BROWSE_STAGES = (Stage.PRE_DEPARTURE, Stage.IN_DESTINATION, Stage.RETURN)


def rights_route(
    topic: Topic | None = None, stage: Stage | None = None, country: str | None = None
) -> str:
    params = {k: v for k, v in (("topic", topic), ("stage", stage), ("country", country)) if v}
    return "/rights" + (f"?{urlencode(params)}" if params else "")


def article_route(
    article_id: str, topic: Topic | None, stage: Stage | None, country: str | None
) -> str:
    """An article opened from a topic's list: the list's own choices go
    along, so Back (the app bar's, or a phone's) returns to that list, not
    to all the topics (routes.article_stack)."""
    return f"/rights/{article_id}" + rights_route(topic, stage, country).removeprefix("/rights")


def chip(ui: UiSession, ident: str, label: str, selected: bool, route: str) -> ft.Control:
    return ft.Semantics(
        identifier=ident,
        selected=selected,
        content=ft.Chip(label=label, selected=selected, on_select=lambda _e: ui.go(route)),
    )


def filters(
    ui: UiSession,
    every: list[ArticleSummary],
    topic: Topic | None,
    stage: Stage | None,
    country: str | None,
) -> ft.Control:
    """The stage and country chips, folded under one line that says what is
    shown ("All · All countries"); open from the start when one is chosen.

    Unfolded, the chips took five rows of a phone's screen above the topics,
    and a screen reader went through all of them first; they also made the
    first screen usable about 60 ms later in headless Chromium.
    Identifiers: `rights-filters` (the line), `stage-…` and `country-…`.
    """
    _ = ui._
    shown_now = " · ".join(
        (
            stage_label(stage, _) if stage else _("All"),
            ui.tr.country_name(country) if country else _("All countries"),
        )
    )
    chips = ft.Column(visible=False)

    def fill() -> None:
        stage_chips = [
            chip(ui, "stage-all", _("All"), stage is None, rights_route(topic, None, country))
        ]
        stage_chips += [
            chip(
                ui,
                f"stage-{s.value}",
                stage_label(s, _),
                stage is s,
                rights_route(topic, s, country),
            )
            for s in BROWSE_STAGES
        ]
        country_chips = [
            chip(ui, "country-all", _("All countries"), country is None, rights_route(topic, stage))
        ]
        country_chips += [
            chip(
                ui,
                f"country-{c}",
                ui.tr.country_name(c),
                country == c,
                rights_route(topic, stage, c),
            )
            for c in ui.tr.by_country_name(destination_countries(every))
        ]
        chips.controls = [ft.Row(stage_chips, wrap=True)]
        if len(country_chips) > 1:
            chips.controls.append(ft.Row(country_chips, wrap=True))
        chips.visible = True

    line = ft.Semantics(identifier="rights-filters", expanded=False)

    def draw_line() -> None:
        line.expanded = chips.visible
        line.content = ft.ListTile(
            leading=ft.Icon(ft.Icons.TUNE),
            title=ft.Text(_("When and where")),
            subtitle=ft.Text(shown_now),
            trailing=ft.Icon(ft.Icons.EXPAND_LESS if chips.visible else ft.Icons.EXPAND_MORE),
            on_click=toggle,
        )

    def toggle(_e: ft.Event[ft.ListTile]) -> None:
        if chips.visible:
            chips.visible = False
        else:
            fill()
        draw_line()
        ui.update(panel)

    if stage is not None or country is not None:
        fill()
    draw_line()
    panel = ft.Column([line, chips], spacing=4)
    return panel


def rights_view(
    ui: UiSession,
    topic: Topic | None = None,
    stage: Stage | None = None,
    country: str | None = None,
) -> ft.View:
    """Without a topic: the topics, with how many articles each has; with
    one: its articles. Stage and country chips narrow both."""
    _ = ui._
    every = ui.context.store.article_summaries(ui.content_chain)
    controls: list[ft.Control] = [search_field(ui), filters(ui, every, topic, stage, country)]
    shown = [s for s in every if s.matches(stage, country)]
    if topic is None:
        for each, group in itertools.groupby(shown, key=lambda s: s.topic):
            count = len(list(group))
            controls.append(
                ft.Semantics(
                    identifier=f"topic-{each.value}",
                    content=ft.ListTile(
                        leading=ft.Icon(TOPIC_ICONS.get(each, ft.Icons.ARTICLE_OUTLINED)),
                        title=ft.Text(topic_label(each, _)),
                        subtitle=ft.Text(
                            ui.tr.ngettext("{count} article", "{count} articles", count).format(
                                count=ui.tr.format_number(count)
                            )
                        ),
                        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                        on_click=lambda _e, t=each: ui.go(rights_route(t, stage, country)),
                    ),
                )
            )
    else:
        for summary in (s for s in shown if s.topic is topic):
            subtitle = None
            if summary.lang != ui.language.code:
                subtitle = ft.Text(ui.language_name(summary.lang, alone=True))
            controls.append(
                ft.Semantics(
                    identifier=f"article-{summary.id}",
                    content=ft.ListTile(
                        title=ft.Text(summary.title),
                        subtitle=subtitle,
                        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                        on_click=lambda _e, aid=summary.id: ui.go(
                            article_route(aid, topic, stage, country)
                        ),
                    ),
                )
            )
    if len(controls) == 2:
        controls.append(ft.Text(_("No articles are available yet.")))
    if topic is None:
        return screen(ui, "/rights", _("Your rights"), controls)
    return screen(
        ui, rights_route(topic, stage, country), topic_label(topic, _), controls, back=True
    )


#: an icon beside each topic's words, for readers who read little
TOPIC_ICONS = {
    Topic.RECRUITMENT_FEES: ft.Icons.PAYMENTS_OUTLINED,
    Topic.CONTRACT: ft.Icons.DESCRIPTION_OUTLINED,
    Topic.DOCUMENTS: ft.Icons.BADGE_OUTLINED,
    Topic.WAGES: ft.Icons.ACCOUNT_BALANCE_WALLET_OUTLINED,
    Topic.HOURS_REST: ft.Icons.SCHEDULE,
    Topic.FREEDOM_TO_LEAVE: ft.Icons.DOOR_FRONT_DOOR_OUTLINED,
    Topic.CHANGE_EMPLOYER: ft.Icons.SWAP_HORIZ,
    Topic.FORCED_LABOUR_SIGNS: ft.Icons.WARNING_AMBER,
    Topic.VIOLENCE_HARASSMENT: ft.Icons.FRONT_HAND_OUTLINED,
    Topic.FREEDOM_OF_ASSOCIATION: ft.Icons.GROUPS_OUTLINED,
    Topic.SOCIAL_SECURITY: ft.Icons.HEALTH_AND_SAFETY_OUTLINED,
    Topic.HEALTH_SAFETY: ft.Icons.MEDICAL_SERVICES_OUTLINED,
    Topic.COMPLAINTS: ft.Icons.SUPPORT_AGENT,
    Topic.RETURN: ft.Icons.FLIGHT_LAND,
}
