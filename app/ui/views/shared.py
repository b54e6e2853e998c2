"""A device shared at an information session: the switch in More, the
"Next person" button on every screen while it is on, and the screen that
readies the device for the next person (app.store.shared).

Outreach staff pass one laptop or tablet from worker to worker; without
this, the next worker was offered the last one's unfinished report."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import flet as ft

from app.store.shared import SharedDevice, people_counts
from app.ui.components import ROOMY, as_heading, bar_button, labelled, notice, screen
from app.ui.session import UiSession

ROUTE = "/more/next-person"


def is_shared(ui: UiSession) -> bool:
    return SharedDevice(ui.context.store).is_shared()


def next_person_action(ui: UiSession) -> ft.Control:
    """The app bar's button to the hand-over screen."""
    return bar_button(
        "next-person", ft.Icons.SWITCH_ACCOUNT_OUTLINED, ui._("Next person"), lambda: ui.go(ROUTE)
    )


def people_lines(ui: UiSession) -> ft.Control:
    """How many people this device was handed over from: a number a team
    reports after a session, and nothing about who they were."""
    _ = ui._
    today, in_all = people_counts(ui.context.store, dt.date.today())
    return ft.Semantics(
        identifier="people-count",
        content=ft.Column(
            [
                ft.Text(_("People today: {count}").format(count=ui.tr.format_number(today))),
                ft.Text(_("People in all: {count}").format(count=ui.tr.format_number(in_all))),
            ],
            spacing=4,
        ),
    )


def shared_panel(ui: UiSession) -> ft.Control:
    """More's switch for a shared device; while it is on, the way to the
    hand-over screen and the count of people."""
    _ = ui._
    shared = SharedDevice(ui.context.store)
    on = shared.is_shared()

    def switched(e: ft.Event[ft.Switch]) -> None:
        shared.set_shared(bool(e.control.value))
        # in place: drawing the whole screen again took it back to its top,
        # far above the switch, and what the switch did went unseen
        panel.controls = panel_controls(bool(e.control.value))
        ui.update(panel)

    switch = labelled(
        ft.Switch(value=on, on_change=switched),
        _("Many people use this device, one after another"),
        identifier="more-shared",
    )

    def panel_controls(on: bool) -> list[ft.Control]:
        return [*fixed, *(while_shared() if on else [])]

    fixed: list[ft.Control] = [
        as_heading(ft.Text(_("Shared device"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM), 2),
        switch,
        ft.Text(
            _(
                "For an information session. Between people, tap “Next person”: it "
                "removes what the last person entered, and the next person chooses "
                "their language."
            )
        ),
    ]

    def idle_switched(e: ft.Event[ft.Switch]) -> None:
        shared.set_clears_when_idle(bool(e.control.value))

    def while_shared() -> list[ft.Control]:
        minutes = ui.context.settings.shared_clear_after / 60
        idle_label = ui.tr.ngettext(
            "After {count} minute with nobody using it, clear it for the next person",
            "After {count} minutes with nobody using it, clear it for the next person",
            max(1, round(minutes)),
        ).format(count=ui.tr.format_number(as_number(minutes)))
        return [
            labelled(
                ft.Switch(value=shared.clears_when_idle(), on_change=idle_switched),
                idle_label,
                identifier="more-shared-idle",
            ),
            ft.Semantics(
                identifier="more-next-person",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.SWITCH_ACCOUNT_OUTLINED),
                    title=ft.Text(_("Next person")),
                    on_click=lambda _e: ui.go(ROUTE),
                ),
            ),
            people_lines(ui),
        ]

    panel = ft.Column(panel_controls(on))
    return panel


def as_number(value: float) -> int | Decimal:
    """A whole number as one, else to two places (format_number's kinds)."""
    return int(value) if value == int(value) else Decimal(str(round(value, 2)))


def next_person_view(ui: UiSession) -> ft.View:
    _ = ui._

    handed_over = False

    def hand_over() -> None:
        nonlocal handed_over
        with ui.drawing:  # taps come in on threads of their own
            if handed_over:  # a double tap: one person, counted once
                return
            handed_over = True
        if not is_shared(ui):  # turned off in another tab meanwhile
            ui.go("/more")
            return
        clear_for_next_person(ui)

    body: list[ft.Control] = [
        ft.Icon(ft.Icons.SWITCH_ACCOUNT_OUTLINED, size=40),
        as_heading(
            ft.Text(_("Ready for the next person?"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
            1,
        ),
        ft.Text(
            _(
                "This removes what the last person entered on this device: checklist "
                "ticks and notes, costs and pay, answers about the job offer, any "
                "unfinished report, and the reports the organisation has received."
            )
        ),
        notice(
            ft.Icons.OUTBOX_OUTLINED,
            _(
                "Reports not sent yet stay on this device until they are sent. The next "
                "person does not see them, and Haki never shows what is in them."
            ),
        ),
        *waiting_line(ui),
        *others_warning(ui),
        ft.Semantics(
            identifier="next-person-confirm",
            content=ft.FilledButton(
                content=_("Next person"),
                icon=ft.Icons.SWITCH_ACCOUNT_OUTLINED,
                on_click=lambda _e: hand_over(),
                style=ROOMY,
            ),
        ),
        people_lines(ui),
    ]
    if ui.page.web:
        body.append(
            ft.Text(
                _(
                    "In a web browser, Back still shows which screens were opened. Use a "
                    "private window, and close it before the next person."
                )
            )
        )
    return screen(ui, ROUTE, _("Next person"), body, back=True)


def clear_for_next_person(ui: UiSession, *, count: bool = True, now: float | None = None) -> None:
    """Remove what the last person entered (and count them), in every tab
    open, and ask the next person their language: from "Next person", or
    when the device was left unused (app.ui.idle), at `now`
    (time.monotonic())."""
    store = ui.context.store
    SharedDevice(store).hand_over(dt.date.today(), count=count)
    ui.context.activity.cleared(time.monotonic() if now is None else now, store.last_change)
    ui.forget_memory_everywhere()
    ui.ask_language_again()  # the next person reads their own language
    ui.go("/welcome")


def waiting_line(ui: UiSession) -> list[ft.Control]:
    """How many reports, this person's and earlier people's, still wait for
    a connection: so the team knows to connect the device before it leaves
    the session. A number, nothing about whose they are."""
    # here, not at the top: every screen asks whether the device is shared,
    # and the outbox is the report section's
    from app.store.outbox import Outbox, OutboxState

    counts = Outbox(ui.context.store).counts()
    waiting = counts[OutboxState.WAITING] + counts[OutboxState.SENDING]
    if not waiting:
        return []
    return [
        ft.Semantics(
            identifier="next-person-waiting",
            content=ft.Text(
                ui._("Reports waiting to be sent: {count}").format(
                    count=ui.tr.format_number(waiting)
                )
            ),
        )
    ]


def others_warning(ui: UiSession) -> list[ft.Control]:
    """Every screen open on this device shares what is entered (a phone on
    the laptop's wifi, a second tab): the hand-over removes theirs too, an
    unfinished report with it, and says so first. A tab closed is not
    counted, though Flet keeps its session for an hour in case it returns."""
    others = sum(
        1
        for session in list(ui.context.sessions)
        if session is not ui and session.connected and not session.closed
    )
    if not others:
        return []
    return [
        ft.Semantics(
            identifier="next-person-others",
            content=notice(
                ft.Icons.WARNING_AMBER,
                ui._(
                    "Other screens are open on this device. What is entered there, an "
                    "unfinished report too, is removed as well."
                ),
            ),
        )
    ]
