"""One session's UI: language, theme, and the views the route table gives."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import flet as ft

from app.core.idle import IdleRule
from app.startup import AppContext
from app.store.errors import StoreError
from app.store.lock import AppLock
from app.ui import theme
from app.ui.components import page_rtl
from app.ui.failures import keep_session_alive
from app.ui.idle import notice_activity, watch_idle
from app.ui.routes import views_for, warm_sections
from app.ui.session import LOCKED_ROUTE, UiSession, initial_language

if TYPE_CHECKING:
    from app.visitors import Visit, Visitors

log = logging.getLogger(__name__)

#: screens that show text in every script (the language names)
ALL_SCRIPT_ROUTES = ("/welcome", "/more")
#: seconds after the first screen before the other scripts' fonts load
ALL_FONTS_AFTER = 3.0


def start_session(page: ft.Page, context: AppContext) -> None:
    visitors = context.visitors
    if page.web and visitors is not None and _from_elsewhere(page):
        # a phone served by this laptop: a store of its own (app.visitors),
        # found again by the key its browser keeps, once the browser is asked
        page.run_task(visitor_session, page, context, visitors)
        return
    run_session(page, context)


async def visitor_session(page: ft.Page, main: AppContext, visitors: Visitors) -> None:
    """A phone's session: its store again if its browser has the key to
    one (a reload made a new session, and a new store lost the unfinished
    report), else a new one, whose key the browser then keeps."""
    from app.visitors import VISIT_KEY

    prefs = ft.SharedPreferences()
    try:
        key = await prefs.get(VISIT_KEY)
    except Exception:  # a browser that keeps nothing: a store for this page only
        key = None
    visit = visitors.come_back(key) if isinstance(key, str) else None
    if visit is None:
        try:
            visit = visitors.arrive()
        except StoreError:  # the laptop's disk is full, say: never the laptop's store
            log.warning("a phone's store could not be made")
            cannot_open_here(page, main)
            return
        with contextlib.suppress(Exception):
            await prefs.set(VISIT_KEY, visit.key)
    run_session(page, visit.context, visitors, visit)


def run_session(
    page: ft.Page,
    context: AppContext,
    visitors: Visitors | None = None,
    visit: Visit | None = None,
) -> None:
    visitors = visitors or context.visitors
    registry = context.registry
    page.title = "Haki"
    chosen = initial_language(context)
    ui = UiSession(context, page, chosen or registry.get("en"))
    ui.language_chosen = chosen is not None
    ui.locked = AppLock(context.store).is_set()  # a new tab, or Haki opened again
    keep_session_alive(ui)

    all_fonts = False
    drawing = ui.drawing  # every change to the page takes turns (UiSession.drawing)

    def load_all_fonts() -> None:
        nonlocal all_fonts
        if not all_fonts:
            all_fonts = True
            theme.register_fonts(page, registry)

    def render() -> None:
        if visit is not None:
            visit.seen()  # still there: its store is kept (app.visitors)
        with drawing:
            route = page.route or "/"
            if ui.locked and route != LOCKED_ROUTE:
                # the address would say what the lock hides (/report/step/words):
                # it says /locked, and the PIN opens the screen again
                ui.behind_lock = route
                ui.go(LOCKED_ROUTE)
            if not ui.language_chosen or route.startswith(ALL_SCRIPT_ROUTES):
                load_all_fonts()  # language names are written in their own scripts
            page.views.clear()
            page.views.extend(views_for(ui, route))
            page.rtl = page_rtl(ui, page.views)
            page.update()

    async def load_all_fonts_soon() -> None:
        await asyncio.sleep(ALL_FONTS_AFTER)
        with drawing:
            if not all_fonts:
                load_all_fonts()
                page.update()
        # and the sections not imported yet, so their first visit is quick
        await asyncio.to_thread(warm_sections)
        if context.sync is not None:
            # start-up sync, then on a timer; never on the first screen's path
            await asyncio.to_thread(context.sync.start)
        if visitors is not None and visitors.main.sync is not None:
            # a phone's page: the laptop's sender too, which sends what phones
            # left when nobody opens the laptop's own page (app.visitors)
            await asyncio.to_thread(visitors.main.sync.start)

    def connectivity_changed(e: ft.ConnectivityChangeEvent) -> None:
        online = any(c is not ft.ConnectivityType.NONE for c in e.connectivity)
        if online and context.sync is not None and context.sync.started:
            context.sync.send_now()  # back online: send what waited

    def language_changed() -> None:
        nonlocal all_fonts
        # every script: the reader is on a language list
        theme.apply(page, ui.language, registry, all_fonts=True)
        all_fonts = True
        render()

    async def view_pop(e: ft.ViewPopEvent) -> None:
        if len(page.views) > 1:
            page.views.pop()
            await page.push_route(page.views[-1].route)

    def lock_again() -> bool:
        """Locked again, if there is a PIN, before anyone else looks; whether
        that changed anything."""
        if ui.locked or not AppLock(context.store).is_set():
            return False
        ui.locked = True
        return True

    def lifecycle_changed(e: ft.AppLifecycleStateChangeEvent) -> None:
        """Hidden: another app, the screen off, another tab."""
        if e.state is ft.AppLifecycleState.HIDE and lock_again():
            render()

    def reconnected() -> None:
        """The tab was reloaded (or came back after the phone was locked):
        the screen after sending and the last search are not shown again,
        to whoever is looking now, and a PIN is asked for again. The screen
        is drawn again from what is saved: the session's old one came back
        as it was left (a rate kept when its field was left, the total still
        asking for that rate)."""
        ui.connected = True
        ui.forget_memory()
        lock_again()
        render()

    ui.on_language_change = language_changed
    ui.on_refresh = render
    page.on_route_change = lambda _e: render()
    page.on_view_pop = view_pop

    def closed() -> None:
        """The session expired: nobody comes back to it."""
        ui.close()
        if visit is not None and visitors is not None:
            visitors.leave(visit)

    page.on_close = lambda _e: closed()
    page.on_connect = lambda _e: reconnected()
    page.on_disconnect = lambda _e: setattr(ui, "connected", False)
    page.on_app_lifecycle_state_change = lifecycle_changed
    context.sessions.add(ui)
    # Handlers and services before the first drawing, which sends them with
    # it: set after, each was a change of the page of its own, sent once the
    # session's main returned, and the client built the first screen again.
    if not context.visiting:  # a phone's own store is never a shared device's
        notice_activity(ui)
        page.run_task(watch_idle, ui, IdleRule(context.settings.shared_clear_after))
    ui.services.append(ft.Connectivity(on_change=connectivity_changed))
    # The client loads every registered font before it settles, which slowed
    # the first screen by a quarter of a second: start with the reader's own
    # font; load the others when a screen shows other scripts, or once the
    # reader has had a moment with the first screen.
    theme.apply(page, ui.language, registry, all_fonts=False)
    render()
    page.run_task(load_all_fonts_soon)


def cannot_open_here(page: ft.Page, context: AppContext) -> None:
    """A phone that could not get a store of its own is told so, in the
    laptop's language (what the outreach team chose for the session)."""
    registry = context.registry
    ui = UiSession(context, page, initial_language(context) or registry.get("en"))
    page.rtl = ui.language.rtl
    page.add(
        ft.Semantics(
            identifier="visitor-cannot-open",
            content=ft.Text(
                ui._("Haki cannot open on this phone just now. Try again in a few minutes.")
            ),
        )
    )


def _from_elsewhere(page: ft.Page) -> bool:
    # here, not at the top: only a laptop serving phones needs it
    from app.visitors import is_visitor

    return is_visitor(page.client_ip)
