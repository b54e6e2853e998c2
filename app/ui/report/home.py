"""The Report tab: make a report (or resume or delete an unfinished one),
and "My reports", which shows each report's state and never its content."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.core.codes import Handling
from app.store.drafts import Drafts
from app.store.outbox import Outbox, OutboxState, ReportStatus
from app.ui.components import ask_first, big_button, notice, screen, visitor_notice
from app.ui.report.components import hint
from app.ui.report.labels import (
    HANDLING_ICONS,
    STATE_ICONS,
    handling_label,
    organisation_name,
    reports_list_title,
    state_label,
)
from app.ui.report.nav import HOME, MINE, step_route
from app.ui.report.sending import sending_panel
from app.ui.session import UiSession
from app.ui.views.shared import is_shared


def home_view(ui: UiSession) -> ft.View:
    _ = ui._
    drafts = Drafts(ui.context.store)
    draft = drafts.latest()
    organisation = organisation_name(ui)
    controls: list[ft.Control] = [
        *visitor_notice(ui),
        ft.Icon(ft.Icons.SHIELD_OUTLINED, size=40),
        ft.Text(_("Report abuse safely"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
        ft.Text(
            _(
                "Answer a few short questions, one at a time. You can stop whenever you "
                "want: your answers stay on this device until you send or delete them."
            )
        ),
        hint(
            _(
                "Your report is sent without your name. What you write, names and contact "
                "details are sealed so that only {organisation} can read them."
            ).format(organisation=organisation)
        ),
    ]
    if ui.context.settings.organisation_contact:  # a worker may want to talk first
        controls.append(
            hint(contact_line(ui), ft.Icons.CONTACT_PHONE_OUTLINED),
        )
    if draft is None:

        def start() -> None:
            new = drafts.start()
            ui.go(step_route(new.step))

        controls.append(big_button("report-start", _("Make a report"), ft.Icons.EDIT_NOTE, start))
    else:

        def resume() -> None:
            ui.go(step_route(draft.step))

        def discard() -> None:
            drafts.discard(draft.id)
            ui.refresh()

        controls += [
            notice(
                ft.Icons.HISTORY,
                _("You have a report you did not finish."),
                identifier="report-draft-notice",
            ),
            big_button("report-resume", _("Continue my report"), ft.Icons.PLAY_ARROW, resume),
            # asked first: a slip would lose what the worker wrote, for good
            ask_first(
                ui,
                "report-discard",
                _("Delete it"),
                ft.Icons.DELETE_OUTLINE,
                _("Delete this unfinished report?"),
                _(
                    "Everything you wrote in it is removed from this phone, and it cannot "
                    "be brought back."
                ),
                _("Delete it"),
                discard,
            ),
        ]
    count = len(Outbox(ui.context.store).statuses())
    controls += [
        ft.Divider(),
        ft.Semantics(
            identifier="report-my-reports",
            content=ft.ListTile(
                leading=ft.Icon(ft.Icons.INBOX_OUTLINED),
                title=ft.Text(reports_list_title(ui)),
                trailing=ft.Text(ui.tr.format_number(count)),
                on_click=lambda _e: ui.go(MINE),
            ),
        ),
        ft.Semantics(
            identifier="report-help",
            content=ft.ListTile(
                leading=ft.Icon(ft.Icons.SUPPORT_AGENT),
                title=ft.Text(_("Where to get help")),
                on_click=lambda _e: ui.go("/help"),
            ),
        ),
    ]
    return screen(ui, HOME, _("Report"), controls)


def my_reports_view(ui: UiSession) -> ft.View:
    _ = ui._
    listing = ft.Column(spacing=0)
    outbox = Outbox(ui.context.store)
    shared = is_shared(ui)

    def fill() -> list[ft.Control]:
        """Each report's state, as the outbox has it now; the controls that
        changed (the sending panel redraws them in place as news comes)."""
        statuses = outbox.statuses()
        # numbered among those shown (oldest 1), not by the outbox's sequence:
        # after received ones are removed, "Report 7" would still say that
        # six were sent before
        listing.controls = [
            status_row(ui, s, len(statuses) - i) for i, s in enumerate(statuses)
        ] or [
            ft.Semantics(
                identifier="report-none",
                content=ft.Text(
                    _("There are no reports on this device.")
                    if is_shared(ui)
                    else _("You have not sent any reports.")
                ),
            )
        ]
        # the Semantics hides, not what it wraps (see ask_first)
        forget.visible = any(s.state is OutboxState.RECEIVED for s in statuses)
        # not on a shared device: the reports waiting there may be someone
        # else's, and the next worker could have deleted them unsent
        withdraw.visible = not shared and any(s.state is OutboxState.WAITING for s in statuses)
        return [listing, forget, withdraw]

    def removed() -> None:
        outbox.forget_received()
        ui.update(*fill())

    def withdrawn() -> None:
        outbox.withdraw_waiting()
        ui.refresh()  # the sending status too: "your reports are kept safe here" no more

    forget = ft.Semantics(identifier="report-forget-panel", content=forget_panel(ui, removed))
    withdraw = ft.Semantics(
        identifier="report-withdraw-panel", content=withdraw_panel(ui, withdrawn)
    )
    fill()
    controls: list[ft.Control] = [
        hint(
            _(
                "Once a report is sealed, Haki never shows what it says again, not even "
                "to you: only whether it has arrived."
            )
        ),
        *sending_panel(ui, fill),
        listing,
        forget,
        withdraw,
    ]
    return screen(ui, MINE, reports_list_title(ui), controls, back=True)


def forget_panel(ui: UiSession, remove: Callable[[], None]) -> ft.Column:
    """Remove the received reports from this phone, asked first."""
    _ = ui._
    return ft.Column(
        [
            ft.Divider(),
            hint(
                _(
                    "The organisation has the reports it received. You can remove them "
                    "from this phone, so that no one who looks at it sees that you sent them."
                ),
                ft.Icons.VISIBILITY_OFF_OUTLINED,
            ),
            ask_first(
                ui,
                "report-forget",
                _("Remove received reports from this phone"),
                ft.Icons.DELETE_SWEEP_OUTLINED,
                _("Remove the received reports?"),
                _(
                    "The organisation keeps them. This phone will no longer show them. "
                    "Reports not yet received stay here until they are sent."
                ),
                _("Remove"),
                remove,
            ),
        ]
    )


def withdraw_panel(ui: UiSession, remove: Callable[[], None]) -> ft.Column:
    """Delete the reports not received yet, asked first: for a worker whose
    phone someone may look at before the reports could go."""
    _ = ui._
    return ft.Column(
        [
            ft.Divider(),
            hint(
                _(
                    "Reports not sent yet are still on this phone. If someone may look at "
                    "it, you can delete them: then they are never sent."
                ),
                ft.Icons.VISIBILITY_OFF_OUTLINED,
            ),
            ask_first(
                ui,
                "report-withdraw",
                _("Delete reports not sent yet"),
                ft.Icons.DELETE_FOREVER_OUTLINED,
                _("Delete the reports not sent yet?"),
                _("Haki will not send them, and they cannot be brought back."),
                _("Delete them"),
                remove,
            ),
        ]
    )


def status_row(ui: UiSession, status: ReportStatus, number: int) -> ft.Control:
    _ = ui._
    icon, words = STATE_ICONS[status.state], state_label(status.state, _)
    handling = HANDLINGS.get(status.handling or "")
    if status.state is OutboxState.RECEIVED and handling is not None:
        # what the organisation has done with it, as its server last said
        icon, words = HANDLING_ICONS[handling], handling_label(handling, _)
    if handling is Handling.ASK_CONTACT and status.state is OutboxState.RECEIVED:
        # how: the organisation's own line, or the places that help
        words += "\n" + contact_line(ui)
    return ft.Semantics(
        # by the number shown, not the outbox's sequence: an identifier is
        # there for any accessibility service to read, and "report-status-7"
        # alone would tell that six reports came before it
        identifier=f"report-status-{number}",
        content=ft.ListTile(
            leading=ft.Icon(icon),
            title=ft.Text(_("Report {number}").format(number=ui.tr.format_number(number))),
            subtitle=ft.Text(words),
            on_click=(lambda _e: ui.go("/help")) if handling is Handling.ASK_CONTACT else None,
        ),
    )


def contact_line(ui: UiSession) -> str:
    """How to reach the organisation that receives reports: its contact
    line from the configuration, or, if it gave none, where to look."""
    contact = ui.context.settings.organisation_contact
    if contact:
        return ui._("Contact {organisation}: {contact}").format(
            organisation=organisation_name(ui), contact=contact
        )
    # the name the screen goes by, in the reader's language
    return ui._("See “{where}”.").format(where=ui._("Where to get help"))


#: the values a server may send, by value (an unknown one shows as received)
HANDLINGS = {h.value: h for h in Handling}
