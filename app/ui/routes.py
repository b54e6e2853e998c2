"""The one route table: every screen is reached through here.

A route resolves to a stack of views (so the app bar's back button and the
browser's back button both work); nothing else builds or pushes views.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import flet as ft

from app.core.articles import COUNTRY, Stage, Topic
from app.ui.session import UiSession
from app.ui.views.about import about_view
from app.ui.views.article import article_view
from app.ui.views.help import help_view
from app.ui.views.lock import SETTINGS as LOCK_SETTINGS
from app.ui.views.lock import lock_settings_view, lock_view, no_lock
from app.ui.views.more import more_view
from app.ui.views.rights import rights_view
from app.ui.views.search import search_view
from app.ui.views.shared import is_shared, next_person_view
from app.ui.views.welcome import welcome_view

#: The Checklist and Report sections are imported the first time they are
#: shown (or by `warm_sections` after the first screen): the rights screens a
#: worker opens first do not wait for their modules, nor for pydantic and
#: PyNaCl, which only reports need.
LAZY_SECTIONS = (
    "app.ui.checklist.home",
    "app.ui.checklist.item",
    "app.ui.checklist.corridor",
    "app.ui.checklist.offer",
    "app.ui.checklist.costs",
    "app.ui.checklist.summary",
    "app.ui.report.views",
)


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A view builder from a section that is imported on first use."""

    def build(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return build


def warm_sections() -> None:
    """Import the lazy sections (run in the background once the first screen is up)."""
    for module in LAZY_SECTIONS:
        importlib.import_module(module)


checklist_view = lazy("app.ui.checklist.home", "checklist_view")
item_view = lazy("app.ui.checklist.item", "item_view")
corridor_view = lazy("app.ui.checklist.corridor", "corridor_view")
offer_view = lazy("app.ui.checklist.offer", "offer_view")
costs_view = lazy("app.ui.checklist.costs", "costs_view")
summary_view = lazy("app.ui.checklist.summary", "summary_view")
report_home = lazy("app.ui.report.views", "home_stack")
report_mine = lazy("app.ui.report.views", "mine_stack")
report_step = lazy("app.ui.report.views", "step_stack")
report_sent = lazy("app.ui.report.views", "sent_stack")

#: (session, the path's match, the query string's parameters) -> view stack
Builder = Callable[[UiSession, re.Match[str], dict[str, str]], list[ft.View | None]]

HOME = "/rights"

#: an article's or a checklist item's id, as their routes take it
ID = re.compile(r"[a-z0-9-]+")

ROUTES: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(r"/welcome"), lambda ui, m, q: [welcome_view(ui)]),
    (re.compile(r"/rights"), lambda ui, m, q: rights_stack(ui, q)),
    (
        re.compile(rf"/rights/(?P<id>{ID.pattern})"),
        lambda ui, m, q: [*article_stack(ui, q), article_view(ui, m["id"])],
    ),
    (
        re.compile(rf"/rights/(?P<id>{ID.pattern})/original"),
        # over the translation it was opened from: Back returns to it
        lambda ui, m, q: [
            rights_view(ui),
            article_view(ui, m["id"]),
            article_view(ui, m["id"], original=True),
        ],
    ),
    (
        re.compile(r"/search"),
        # a search link's words, or those the reader typed (UiSession.search)
        lambda ui, m, q: [rights_view(ui), search_view(ui, q.get("q") or ui.search_text)],
    ),
    (re.compile(r"/checklist"), lambda ui, m, q: [checklist_view(ui)]),
    (
        re.compile(rf"/checklist/item/(?P<id>{ID.pattern})"),
        lambda ui, m, q: [checklist_view(ui), item_view(ui, m["id"])],
    ),
    (re.compile(r"/checklist/corridor"), lambda ui, m, q: [checklist_view(ui), corridor_view(ui)]),
    (
        re.compile(r"/checklist/offer"),
        lambda ui, m, q: [checklist_view(ui), offer_view(ui, show_result="result" in q)],
    ),
    (re.compile(r"/checklist/costs"), lambda ui, m, q: [checklist_view(ui), costs_view(ui)]),
    (re.compile(r"/checklist/summary"), lambda ui, m, q: [checklist_view(ui), summary_view(ui)]),
    (re.compile(r"/report"), lambda ui, m, q: report_home(ui)),
    (re.compile(r"/report/mine"), lambda ui, m, q: report_mine(ui)),
    (
        re.compile(r"/report/step/(?P<step>[a-z_]+)"),
        lambda ui, m, q: report_step(ui, m["step"], q),
    ),
    (re.compile(r"/report/sent"), lambda ui, m, q: report_sent(ui)),
    (re.compile(r"/more"), lambda ui, m, q: [more_view(ui)]),
    (
        re.compile(r"/help"),
        lambda ui, m, q: [more_view(ui), help_view(ui, country_param(q))],
    ),
    (re.compile(r"/more/about"), lambda ui, m, q: [more_view(ui), about_view(ui)]),
    (
        re.compile(LOCK_SETTINGS),
        lambda ui, m, q: [more_view(ui), None if no_lock(ui) else lock_settings_view(ui)],
    ),
    (
        re.compile(r"/more/next-person"),
        # only on a shared device: an address typed or kept in another tab
        # does not remove everything on a phone that is not shared
        lambda ui, m, q: [more_view(ui), next_person_view(ui) if is_shared(ui) else None],
    ),
]


def country_param(params: dict[str, str]) -> str | None:
    country = params.get("country", "")
    return country if COUNTRY.match(country) and country != "*" else None


def rights_stack(ui: UiSession, params: dict[str, str]) -> list[ft.View | None]:
    """The topics, and over them a topic's articles when one is chosen. What
    to browse by comes from the route's query; anything unknown is ignored
    rather than shown as an error."""
    topic_value = params.get("topic", "")
    stage_value = params.get("stage", "")
    topic = Topic(topic_value) if topic_value in {t.value for t in Topic} else None
    stage = Stage(stage_value) if stage_value in {s.value for s in Stage} else None
    where = country_param(params)
    views: list[ft.View | None] = [rights_view(ui, None, stage, where)]
    if topic is not None:
        views.append(rights_view(ui, topic, stage, where))
    return views


def article_stack(ui: UiSession, params: dict[str, str]) -> list[ft.View | None]:
    """What lies under an article, so that Back (the app bar's, or a phone's)
    returns where the reader opened it: the search results (from=search),
    the job-offer check's result (from=offer), another article (from=its
    id), a checklist item (from=item:its id), a topic's list (its topic,
    stage and country), or all the topics. One level only: the address
    stays short, whatever the reader follows."""
    origin = params.get("from", "")
    under: list[ft.View | None]
    if origin == "search":
        return [rights_view(ui), search_view(ui, ui.search_text)]
    if origin == "offer":  # the job-offer check's result, its answers saved
        return [checklist_view(ui), offer_view(ui, show_result=True)]
    if origin.startswith("item:") and ID.fullmatch(origin[5:]):
        under = [checklist_view(ui), item_view(ui, origin[5:])]
    elif ID.fullmatch(origin):
        under = [rights_view(ui), article_view(ui, origin)]
    else:
        return rights_stack(ui, params)
    # an origin that no longer exists: all the topics, as with no origin
    return under if all(v is not None for v in under) else [rights_view(ui)]


def views_for(ui: UiSession, route: str) -> list[ft.View]:
    """The view stack for a route; an unknown route or a missing article
    shows the rights list, nothing is shown before a language is chosen,
    and nothing but the PIN's screen while Haki is locked."""
    path, _, query_string = route.partition("?")
    path = path.rstrip("/") or "/"
    params = {k: v[0] for k, v in parse_qs(query_string).items()}
    if not ui.language_chosen:
        path = "/welcome"
    elif ui.locked:
        return [lock_view(ui)]  # the route stays asked for: the PIN opens it
    if path != "/report/sent":
        ui.last_sent = None  # the screen after sending is shown once, not kept
    for pattern, build in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            views = build(ui, match, params)
            if all(v is not None for v in views):
                return [v for v in views if v is not None]
            break
    return [rights_view(ui)]
