"""The checklist for the worker's corridor: progress overall and by group,
a box to tick for each item, and the tools that go with it (job-offer
check, recruitment costs, a summary to keep). Ticks and notes stay on the
device."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.core.checklist import ChecklistItem, by_group, for_corridor, overall, progress_by_group
from app.ui.checklist.common import (
    checklist_store,
    corridor_text,
    heading,
    tool_tile,
)
from app.ui.checklist.labels import group_label
from app.ui.components import ask_first, screen, tick_box, unread, visitor_notice
from app.ui.session import UiSession


def progress_text(ui: UiSession, done: int, total: int) -> str:
    return ui.tr.ngettext("{done} of {total} done", "{done} of {total} done", total).format(
        done=ui.tr.format_number(done), total=ui.tr.format_number(total)
    )


def checklist_view(ui: UiSession) -> ft.View:
    _ = ui._
    store = checklist_store(ui)
    corridor = store.corridor()
    chosen = any((corridor.origin, corridor.destination, corridor.sector))
    items = for_corridor(store.items(ui.content_chain), corridor)
    done = store.done_ids()
    notes = store.notes()

    overall_bar = ft.ProgressBar(value=0, height=10, border_radius=5)
    overall_label = ft.Text()
    group_bars: dict[str, tuple[ft.ProgressBar, ft.Text]] = {}

    def refresh_progress() -> None:
        total = overall(items, done)
        overall_bar.value = total.fraction
        overall_label.value = progress_text(ui, total.done, total.total)
        for group, p in progress_by_group(items, done).items():
            bar, label = group_bars[group.value]
            bar.value = p.fraction
            label.value = progress_text(ui, p.done, p.total)

    def ticked(item: ChecklistItem, value: bool) -> None:
        store.set_done(item.id, value)
        if value:
            done.add(item.id)
        else:
            done.discard(item.id)
        refresh_progress()
        ui.update()

    controls: list[ft.Control] = [
        *visitor_notice(ui),
        ft.Semantics(
            identifier="checklist-corridor",
            content=ft.ListTile(
                leading=ft.Icon(ft.Icons.FLIGHT_TAKEOFF),
                # nothing chosen yet: an invitation, not "From Not chosen to
                # Not chosen · Not chosen"
                title=ft.Text(corridor_text(ui, corridor) if chosen else _("Your journey")),
                subtitle=ft.Text(
                    _("Change where you go and your work")
                    if chosen
                    else _("The checklist shows what matters for your journey and your work.")
                ),
                trailing=ft.Icon(ft.Icons.EDIT_OUTLINED),
                on_click=lambda _e: ui.go("/checklist/corridor"),
            ),
        ),
        ft.Semantics(
            identifier="checklist-progress",
            content=ft.Column([overall_label, unread(overall_bar)], spacing=4),
        ),
        tool_tile(
            ui,
            "checklist-offer",
            ft.Icons.FACT_CHECK_OUTLINED,
            _("Check a job offer"),
            _("Five questions to ask before you sign or pay"),
            "/checklist/offer",
        ),
        tool_tile(
            ui,
            "checklist-costs",
            ft.Icons.PAYMENTS_OUTLINED,
            _("What recruitment costs you"),
            _("Write down every payment and see what it adds up to"),
            "/checklist/costs",
        ),
        tool_tile(
            ui,
            "checklist-summary",
            ft.Icons.SUMMARIZE_OUTLINED,
            _("Summary to keep"),
            _("Your checklist and costs as text you can save or share"),
            "/checklist/summary",
        ),
    ]
    for group, members in by_group(items).items():
        bar = ft.ProgressBar(value=0, height=6, border_radius=3)
        label = ft.Text(theme_style=ft.TextThemeStyle.BODY_SMALL)
        group_bars[group.value] = (bar, label)
        controls.append(ft.Divider())
        controls.append(
            ft.Semantics(
                identifier=f"checklist-group-{group.value}",
                content=ft.Column([heading(group_label(group, _)), label, unread(bar)], spacing=4),
            )
        )
        for item in members:
            controls.append(item_row(ui, item, item.id in done, bool(notes.get(item.id)), ticked))
    if not items:
        controls.append(ft.Text(_("No checklist items yet.")))

    def reset() -> None:
        store.reset()
        ui.refresh()

    controls.append(ft.Divider())
    controls.append(
        ask_first(
            ui,
            "checklist-reset",
            _("Start again: clear all ticks and notes"),
            ft.Icons.RESTART_ALT,
            _("Start the checklist again?"),
            _("This clears every tick and every note. Your costs are kept."),
            _("Clear all"),
            reset,
        )
    )
    refresh_progress()
    return screen(ui, "/checklist", _("Checklist"), controls)


def item_row(
    ui: UiSession,
    item: ChecklistItem,
    checked: bool,
    has_note: bool,
    ticked: Callable[[ChecklistItem, bool], None],
) -> ft.Control:
    """A box to tick, the action, and a way into the item's details."""
    subtitle = ui._("You wrote a note") if has_note else None
    return ft.Row(
        [
            ft.Semantics(
                identifier=f"checklist-item-{item.id}",
                content=tick_box(
                    # named by its item: a screen reader said "Done" for every one
                    checked,
                    lambda e: ticked(item, bool(e.control.value)),
                    name=item.title,
                ),
            ),
            ft.Container(
                expand=True,
                content=ft.ListTile(
                    title=ft.Text(item.title),
                    subtitle=ft.Text(subtitle) if subtitle else None,
                    trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                    on_click=lambda _e: ui.go(f"/checklist/item/{item.id}"),
                ),
            ),
        ],
        spacing=0,
    )
