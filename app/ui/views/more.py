"""More: where to get help, About, the language choice, and removing what
the reader entered.

Help comes first: a worker in trouble who opens More finds it at once,
not below the thirteen languages (on a phone they filled the screen)."""

from __future__ import annotations

import flet as ft

from app.ui.components import ask_first, notice, reveal, screen
from app.ui.session import UiSession
from app.ui.views.language_list import language_list
from app.ui.views.lock import lock_row, no_lock
from app.ui.views.shared import shared_panel


def more_view(ui: UiSession) -> ft.View:
    _ = ui._
    return screen(
        ui,
        "/more",
        _("More"),
        [
            ft.Semantics(
                identifier="more-help",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.SUPPORT_AGENT),
                    title=ft.Text(_("Where to get help")),
                    on_click=lambda _e: ui.go("/help"),
                ),
            ),
            ft.Semantics(
                identifier="more-about",
                content=ft.ListTile(
                    leading=ft.Icon(ft.Icons.INFO_OUTLINE),
                    title=ft.Text(_("About Haki")),
                    on_click=lambda _e: ui.go("/more/about"),
                ),
            ),
            ft.Divider(),
            ft.Text(_("Language"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            language_list(ui, on_choose=ui.set_language),
            ft.Divider(),
            # not on a phone served by a laptop: it is nobody else's device
            *([] if ui.context.visiting else [shared_panel(ui), ft.Divider()]),
            # not on a shared device: one worker's PIN would lock the next out
            *([] if no_lock(ui) else [lock_row(ui), ft.Divider()]),
            forget_panel(ui),
        ],
    )


def forget_panel(ui: UiSession) -> ft.Control:
    """Remove everything the reader entered (app.store.personal), asked
    first: before a shared laptop goes to the next worker at an information
    session, or when someone else may look at the phone."""
    _ = ui._
    done = notice(
        ft.Icons.CHECK_CIRCLE_OUTLINE,
        _("Done. This device no longer holds what you entered."),
        identifier="more-forget-done",
    )
    # "no longer holds" would be untrue: the reports waiting are still here
    done_but_waiting = notice(
        ft.Icons.CHECK_CIRCLE_OUTLINE,
        _(
            "Done. Everything you entered is removed, except reports not sent yet: "
            "they stay on this device until they are sent. To delete them too, open "
            "Report, then My reports."
        ),
        identifier="more-forget-done-waiting",
    )
    done.visible = done_but_waiting.visible = False
    for said in (done, done_but_waiting):  # to scroll to (reveal)
        said.key = ft.ScrollKey(f"{said.identifier}-{id(said)}")  # type: ignore[attr-defined,call-arg]

    def forget() -> None:
        # here, not at the top: it brings the report section's modules (its
        # sealing with them, about 90 ms), which the first screen does without
        from app.store.personal import forget_what_was_entered

        waiting = forget_what_was_entered(ui.context.store)
        # what the sessions keep in memory (the screen after sending a report,
        # the last search typed)
        ui.forget_memory_everywhere()
        done.visible = not waiting
        done_but_waiting.visible = bool(waiting)
        ui.update(panel)
        # at the foot of More, the answer was drawn under the navigation
        # bar, and nothing on the screen seemed to change
        reveal(ui, done if done.visible else done_but_waiting)

    panel = ft.Column(
        [
            ask_first(
                ui,
                "more-forget",
                _("Remove everything I entered"),
                ft.Icons.DELETE_SWEEP_OUTLINED,
                _("Remove everything you entered on this device?"),
                _(
                    "Your checklist ticks and notes, your costs and pay, your answers about "
                    "the job offer, any unfinished report, and the reports the organisation "
                    "has received. Reports not sent yet stay until they are sent. "
                    "This cannot be undone."
                ),
                _("Remove"),
                forget,
            ),
            done,
            done_but_waiting,
        ]
    )
    return panel
