"""One person's session in the UI: their language, and how to move around.

A Flet web server can hold several browser sessions at once (an outreach
laptop and a projector, say); each gets its own UiSession. Views get the
session and call it; they never reach the store or the page otherwise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flet as ft

from app import paths
from app.content.catalogs import Translator, translator
from app.core.languages import SOURCE_LANGUAGE, Language
from app.startup import AppContext
from app.store.store import UI_LANGUAGE_KEY

if TYPE_CHECKING:
    from app.syncing import Listener

log = logging.getLogger(__name__)

SEARCH_ROUTE = "/search"
#: the address while the PIN lock shows (app.ui.views.lock)
LOCKED_ROUTE = "/locked"


@dataclass(eq=False)  # one per browser tab, held in AppContext.sessions
class UiSession:
    context: AppContext
    page: ft.Page
    language: Language
    tr: Translator = field(init=False)
    #: False until a language was chosen (first run): then only the choice shows
    language_chosen: bool = True
    #: True while the PIN lock asks for the PIN (app.ui.views.lock): then
    #: only its screen shows
    locked: bool = False
    #: called after the language changed, to redraw everything at once
    on_language_change: Callable[[], None] = lambda: None
    #: draws the current route's screens again, after their data changed
    on_refresh: Callable[[], None] = lambda: None
    #: what the screen after sending a report shows (coded categories and the
    #: destination), kept in this session's memory only and forgotten once the
    #: worker moves on: never in the address, where the browser's Back button
    #: would show it to the next person on a shared device
    last_sent: tuple[tuple[str, ...], str | None] | None = None
    #: the words of the last search the reader typed, in this session's
    #: memory only, for the same reason: in the address (/search?q=...), the
    #: browser's history kept them for the next person on a shared laptop.
    #: A search link's ?q= still works; see `search`
    search_text: str = ""
    #: the page's services (connectivity): Flet drops a service that nothing
    #: else refers to, and its events with it
    services: list[ft.Service] = field(default_factory=list)
    #: held while anything changes the page: screens are drawn from handler
    #: threads, the sending thread and the event loop, and two changes at
    #: once can interleave their changes and lose one
    drawing: threading.RLock = field(default_factory=threading.RLock)
    #: the browser tab is gone for good (close)
    closed: bool = False
    #: the page is on a screen now; False from its tab's closing (or a
    #: phone's page put away) until it comes back, up to an hour later
    connected: bool = True
    #: the address of the screen the PIN lock hides, opened again by the PIN
    behind_lock: str | None = None

    def __post_init__(self) -> None:
        self.tr = translator(self.context.registry, paths.TRANSLATIONS_DIR, self.language.code)

    # language -----------------------------------------------------------
    @property
    def _(self) -> Callable[[str], str]:
        return self.tr.gettext

    @property
    def content_chain(self) -> tuple[str, ...]:
        """Where to look for an article, in order."""
        return self.context.registry.chain(self.language.code)

    def gettext_in(self, code: str) -> Callable[[str], str]:
        """A UI string in another language than the reader's (the first-run
        heading in the phone's own language, before any choice)."""
        return translator(self.context.registry, paths.TRANSLATIONS_DIR, code).gettext

    def language_name(self, code: str, *, alone: bool = False, in_lang: str | None = None) -> str:
        """A language's name in the reader's language (CLDR), or in `in_lang`:
        a Nepali reader is told an article is in अङ्ग्रेजी, not "English"; its
        own name where CLDR has none. `alone` (a label, not within a
        sentence) starts it with a capital: "Anglais"."""
        tr = (
            self.tr
            if in_lang is None
            else translator(self.context.registry, paths.TRANSLATIONS_DIR, in_lang)
        )
        name = tr.locale.languages.get(code) or self.context.registry.get(code).native_name
        return name[:1].upper() + name[1:] if alone else name

    def set_language(self, code: str) -> None:
        """Remember the choice and redraw the whole UI in the new language."""
        self.context.store.set_setting(UI_LANGUAGE_KEY, code)
        self.language = self.context.registry.get(code)
        self.tr = translator(self.context.registry, paths.TRANSLATIONS_DIR, code)
        self.language_chosen = True
        self.on_language_change()

    def ask_language_again(self) -> None:
        """Back to the first run's question, for the next person on a shared
        device: asked as on a new device, left to right, not in the last
        person's language and direction."""
        self.language = self.context.registry.get(SOURCE_LANGUAGE)
        self.tr = translator(self.context.registry, paths.TRANSLATIONS_DIR, SOURCE_LANGUAGE)
        self.language_chosen = False
        self.on_language_change()

    def unlock(self) -> None:
        """The right PIN: the screen the lock hid, at its own address."""
        self.locked = False
        behind, self.behind_lock = self.behind_lock, None
        if behind and behind != LOCKED_ROUTE:
            self.go(behind)
        elif getattr(self.page, "route", None) == LOCKED_ROUTE:
            self.go("/")
        else:
            self.refresh()

    # navigation ---------------------------------------------------------
    def go(self, route: str) -> None:
        self.page.run_task(self._go, route)

    def search(self, text: str) -> None:
        """Show the results for typed words, which stay out of the address."""
        self.search_text = text
        if getattr(self.page, "route", None) == SEARCH_ROUTE:
            self.refresh()  # already there: the same address brings no route change
        else:
            self.go(SEARCH_ROUTE)

    async def _go(self, route: str) -> None:
        try:
            await self.page.push_route(route)
        except Exception:
            # Flet only logs a failed task's exception, which would leave the
            # reader on the old screen with nothing said: fail as a handler
            # does (app.ui.failures)
            self.page.session.error("")

    # changing the page: one change at a time (see `drawing`) ---------------
    def show_dialog(self, dialog: ft.DialogControl) -> None:
        with self.drawing:
            self.page.show_dialog(dialog)

    def update(self, *controls: ft.Control) -> None:
        """Send changed controls (or the whole page) to the screen."""
        with self.drawing:
            self.page.update(*controls)

    def refresh(self) -> None:
        """Show the current screen again with fresh data (after a reset, say)."""
        self.on_refresh()

    def follow_sending(self, listener: Listener | None) -> None:
        """Tell `listener` how sending goes, until the session closes; one per
        session (a screen drawn again replaces the last); None stops it."""
        if self.context.sync is not None:
            self.context.sync.listen(id(self), listener)

    def forget_memory(self) -> None:
        """Drop what this session remembers of the reader's doings (the
        screen after sending, the last search): when everything entered is
        removed, and when a tab is reloaded, maybe by the next person."""
        self.last_sent = None
        self.search_text = ""

    def forget_memory_everywhere(self) -> None:
        """`forget_memory` in every tab open, not only this one, after what
        was entered is removed; the other tabs are drawn again, so that none
        still shows what was removed."""
        self.forget_memory()
        for session in list(self.context.sessions):
            if session is not self:
                session.forget_memory()
                try:
                    session.refresh()
                except Exception:  # noqa: BLE001 - its page is gone: nothing to draw
                    log.info("a closed tab was not drawn again")

    def close(self) -> None:
        """The session has ended (its browser tab is gone for good): let go of
        what outlives it, so the sender no longer calls its screens and an
        outreach laptop serving many people over a day does not keep them all."""
        self.closed = True
        self.follow_sending(None)


def initial_language(context: AppContext) -> Language | None:
    """--lang wins; then the remembered choice; None means ask."""
    registry = context.registry
    code = context.settings.lang or context.store.get_setting(UI_LANGUAGE_KEY)
    if code and code in registry:
        return registry.get(code)
    return None
