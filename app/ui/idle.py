"""A shared device left alone is cleared for the next person.

A worker at an information session may start a report on the outreach
laptop and be called away before tapping "Next person". When nobody has
used the device for a while (config: [shared_device] clear_after_minutes),
every screen open on it asks "Is someone still using Haki?" with the
seconds left; if nobody answers, the device is cleared as "Next person"
clears it, and the next person is asked their language. Only on a device
said to be shared, with the switch for this on (More → Shared device), and
never while the PIN lock is shown or the language is being chosen: then
there is nothing of a person's on the screen.

A person uses the device when the screen hears from them (a tap, a key,
a choice, a change of screen) or when what is saved changes; the sender's
work and the screen's own redrawing are not a person.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Any

import flet as ft

from app.core.idle import IdleRule, Stage
from app.logs import exception_kind
from app.store.shared import SharedDevice
from app.ui.session import UiSession

log = logging.getLogger(__name__)

#: events on the page itself that a person causes; the page's others come
#: from the browser (connecting, a tab hidden, the window resized)
PERSON_PAGE_EVENTS = frozenset({"route_change", "view_pop", "keyboard_event"})


def notice_activity(ui: UiSession) -> None:
    """Note the time of every event a person causes on this session's page,
    for the whole device (AppContext.activity). Flet has no hook for every
    event, so its session's dispatch is wrapped, as app.ui.failures wraps its
    error (a test drives a real browser through it)."""
    session = ui.page.session
    dispatch = session.dispatch_event
    activity = ui.context.activity

    async def dispatched(control_id: int, event_name: str, event_data: Any) -> None:
        control = session.index.get(control_id)
        if by_person(control, event_name, ui.page):
            activity.seen(time.monotonic())
        await dispatch(control_id, event_name, event_data)

    session.dispatch_event = dispatched  # type: ignore[method-assign]
    # keys reach the server only when the page has a handler for them:
    # someone typing a long answer on a laptop is using it
    ui.page.on_keyboard_event = lambda _e: None


def by_person(control: object, event_name: str, page: object) -> bool:
    if control is None or isinstance(control, ft.Service):  # connectivity, say
        return False
    if control is page:
        return event_name in PERSON_PAGE_EVENTS
    return True


class IdleWatch:
    """One screen's look, every few seconds, at how long its device has gone
    unused: nothing, the warning with the seconds left, or the clearing."""

    def __init__(self, ui: UiSession, rule: IdleRule) -> None:
        self.ui = ui
        self.rule = rule
        self.dialog: ft.AlertDialog | None = None
        self.countdown = ft.Text()
        #: whether the last look found a device to watch
        self.applied = False

    def applies(self) -> bool:
        ui = self.ui
        if ui.context.visiting or ui.locked or not ui.language_chosen:
            return False
        shared = SharedDevice(ui.context.store)
        return shared.is_shared() and shared.clears_when_idle()

    def idle_stage(self, now: float) -> tuple[Stage, float]:
        context = self.ui.context
        return self.rule.stage(context.activity.idle_for(now, context.store.last_change))

    def check(self, now: float) -> Stage:
        self.applied = self.applies()
        stage, left = self.idle_stage(now) if self.applied else (Stage.IN_USE, 0.0)
        if stage is Stage.IN_USE:
            self.hide_warning()
        elif stage is Stage.WARN:
            self.warn(left)
        else:
            self.clear(now)
        return stage

    def warn(self, left: float) -> None:
        ui = self.ui
        _ = ui._
        seconds = math.ceil(left)
        self.countdown.value = ui.tr.ngettext(
            "In {count} second, Haki removes what was entered on this device, ready for "
            "the next person.",
            "In {count} seconds, Haki removes what was entered on this device, ready for "
            "the next person.",
            seconds,
        ).format(count=ui.tr.format_number(seconds))
        if self.dialog is not None:
            ui.update(self.countdown)
            return
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(_("Is someone still using Haki?")),
            content=ft.Semantics(identifier="idle-warning", content=self.countdown),
            actions=[
                ft.Semantics(
                    identifier="idle-stay",
                    content=ft.FilledButton(
                        content=_("I am still here"), on_click=lambda _e: self.stay()
                    ),
                )
            ],
        )
        ui.show_dialog(self.dialog)

    def stay(self) -> None:
        self.ui.context.activity.seen(time.monotonic())
        self.hide_warning()

    def hide_warning(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and dialog.open:
            dialog.open = False
            self.ui.update(dialog)

    def clear(self, now: float) -> None:
        # here, not at the top: the hand-over screen's module
        from app.ui.views.shared import clear_for_next_person

        activity = self.ui.context.activity
        with activity.lock:
            # another screen on this device may have cleared it just now
            if self.idle_stage(now)[0] is not Stage.CLEAR:
                return
            self.hide_warning()
            entered = activity.entered_since_cleared(self.ui.context.store.last_change)
            log.info("a shared device unused for a while was cleared for the next person")
            clear_for_next_person(self.ui, count=entered, now=now)


async def watch_idle(ui: UiSession, rule: IdleRule) -> None:
    """Look every few seconds until the session ends."""
    watch = IdleWatch(ui, rule)
    while not ui.closed:
        await asyncio.sleep(rule.tick if watch.applied else rule.slow_tick)
        if ui.closed:
            return
        try:
            await asyncio.to_thread(watch.check, time.monotonic())
        except Exception as exc:  # noqa: BLE001 - a page gone, a busy store: next time
            log.warning("the idle check failed: %s", exception_kind(exc))
