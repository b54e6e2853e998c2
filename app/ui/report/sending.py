"""Sending, on the "My reports" screen: where reports go, how sending is
going, and "Send now". Sending itself runs in the background (app.syncing):
this screen only asks for it and shows what happened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import flet as ft

from app.store.outbox import Outbox, OutboxState
from app.syncing import ServerUrlError, SyncService
from app.ui.components import MIN_TOUCH
from app.ui.report.nav import MINE
from app.ui.session import UiSession
from sync.errors import InDoubt, NotHaki

if TYPE_CHECKING:  # sync.drain is imported when sending starts, not before
    from sync.drain import SyncProgress


def status_text(ui: UiSession) -> str:
    _ = ui._
    sync = ui.context.sync
    progress = sync.last if sync is not None else None
    if sync is None or not sync.started:
        return _("Sending starts a few seconds after Haki opens.")
    outbox = Outbox(ui.context.store)
    counts = outbox.counts(shown_only=True)
    unsent = counts[OutboxState.WAITING] or counts[OutboxState.SENDING]
    if not unsent:  # sent, or deleted by the worker: say nothing of reports kept here
        # (nor of those no longer shown, which may be going out now)
        return _("Everything that could be sent has been sent.")
    if progress is not None and _passing(sync, progress):
        # no numbers: a pass also sends reports not shown here (someone
        # else's, app.store.outbox.unlist_unsent), and its count would tell
        return _("Sending…")
    if progress is None:
        return _("Waiting to send.")
    if progress.phase == "stopped":
        cause = progress.summary.stopped_by if progress.summary is not None else None
        if isinstance(cause, NotHaki):  # the address is wrong: trying again will not help
            return _(
                "This address does not answer as a Haki server. Check it under "
                "“{where}”. Your reports are kept safe here."
            ).format(where=_("Where reports are sent"))
        if isinstance(cause, InDoubt):  # it was reached, then the answer did not come
            return _(
                "Sending stopped before the server answered. Haki will ask the server "
                "what it received and try again by itself."
            )
        return _(
            "Haki could not reach the server. Your reports are kept safe here, and "
            "Haki will try again by itself."
        )
    # made after the last pass, or put off until later by it
    return _("Waiting to send.")


def _passing(sync: SyncService, progress: SyncProgress | None) -> bool:
    """Whether a pass over the outbox is under way (`progress`: the last
    news from `sync`, read once by the caller)."""
    return sync.sending and progress is not None and progress.phase not in ("done", "stopped")


def sending_panel(
    ui: UiSession, refill: Callable[[], Sequence[ft.Control]] = lambda: ()
) -> list[ft.Control]:
    """How sending goes, "Send now" and the server's address. As news comes,
    the status line and what `refill` redraws (the reports' states) change
    in place: redrawing the whole screen from the sending thread would
    undo what the reader was doing on it (a question asked before removing
    reports, a server address half typed)."""
    _ = ui._
    sync = ui.context.sync
    if sync is None:
        return []
    status = ft.Text(status_text(ui))
    # turning while a pass runs: a "Send now" that failed at once left the
    # same words as before, and seemed not to have tried
    busy = ft.ProgressRing(width=20, height=20, stroke_width=3, visible=_passing(sync, sync.last))

    def changed(_progress: object) -> None:
        # called on the sending thread
        with ui.drawing:
            if not (ui.page.route or "").startswith(MINE):
                return  # drawn afresh from the outbox when the reader comes back
            status.value = status_text(ui)
            busy.visible = _passing(sync, sync.last)
            ui.update(status, busy, *refill())

    def send_now() -> None:
        busy.visible = True
        ui.update(busy)
        sync.send_now()

    ui.follow_sending(changed)
    # where reports go is the laptop's to say, not a phone's it serves
    # (app.visitors): a phone could send the laptop's requests anywhere
    where = [] if ui.context.visiting else [server_address(ui, sync)]
    return [
        ft.Row(
            [busy, ft.Semantics(identifier="report-sync-status", content=status, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Semantics(
            identifier="report-send-now",
            content=ft.FilledButton(
                content=_("Send now"),
                icon=ft.Icons.SEND,
                on_click=lambda _e: send_now(),
                height=MIN_TOUCH,
            ),
        ),
        *where,
    ]


def server_address(ui: UiSession, sync: SyncService) -> ft.Control:
    """The server's address, to read and change ("Where reports are sent")."""
    _ = ui._
    address = ft.TextField(
        label=_("Server address"), value=sync.server_url, keyboard_type=ft.KeyboardType.URL
    )

    def save_address(_e: object) -> None:
        try:
            address.value = sync.set_server_url(address.value or "")
            address.error = None
        except ServerUrlError:
            address.error = _("Type a web address that starts with http:// or https://")
        ui.update(address)

    return ft.ExpansionTile(
        title=ft.Text(_("Where reports are sent")),
        controls=[
            # room above the field for its label, which was cut at the tile's edge
            ft.Container(
                ft.Semantics(identifier="report-server-address", content=address),
                padding=ft.Padding.only(top=8),
            ),
            ft.Semantics(
                identifier="report-server-save",
                content=ft.OutlinedButton(
                    content=_("Save address"), on_click=save_address, height=MIN_TOUCH
                ),
            ),
        ],
    )
