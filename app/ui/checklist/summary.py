"""A summary the worker can keep: the journey, the checklist with ticks and
notes, the job-offer answers and the cost ledger, as plain text in their
language, to copy, share or print. Nothing is sent anywhere by Haki."""

from __future__ import annotations

import datetime as dt
import logging

import flet as ft

from app.core.checklist import Corridor, by_group, for_corridor, overall
from app.core.job_offer import Question
from app.store.offer import OfferStore
from app.ui.checklist.common import checklist_store, corridor_text, ledger_store
from app.ui.checklist.home import progress_text
from app.ui.checklist.labels import fee_label, group_label, months_text, question_text
from app.ui.checklist.offer import answer_label
from app.ui.components import MIN_TOUCH, screen
from app.ui.session import UiSession

ROUTE = "/checklist/summary"

log = logging.getLogger(__name__)


def summary_text(ui: UiSession, today: dt.date) -> str:
    _ = ui._
    store = checklist_store(ui)
    corridor = store.corridor()
    items = for_corridor(store.items(ui.content_chain), corridor)
    done = store.done_ids()
    notes = store.notes()
    lines = [_("Haki: my preparation"), _("Made on {date}").format(date=ui.tr.format_date(today))]
    if corridor != Corridor():  # "From Not chosen to Not chosen" says nothing
        lines.append(corridor_text(ui, corridor))
    lines.append("")
    # gettext calls stay outside f-strings, where the extractor finds them
    checklist, note, offer = _("Checklist"), _("Note"), _("Check a job offer")
    costs, pay, paid = _("What recruitment costs you"), _("Monthly pay"), _("You paid in total")
    total = overall(items, done)
    lines.append(f"{checklist}: {progress_text(ui, total.done, total.total)}")
    for group, members in by_group(items).items():
        lines += ["", f"## {group_label(group, _)}"]
        for item in members:
            lines.append(f"[{'x' if item.id in done else ' '}] {item.title}")
            if notes.get(item.id):
                lines.append(f"    {note}: {notes[item.id]}")
    answers = OfferStore(ui.context.store).answers()
    if answers:
        lines += ["", f"## {offer}"]
        for question in Question:
            if question in answers:
                lines.append(
                    f"- {question_text(question, _)} {answer_label(answers[question], ui)}"
                )
    ledger = ledger_store(ui)
    payments = ledger.payments()
    if payments:
        lines += ["", f"## {costs}"]
        for p in payments:
            when = ui.tr.format_date(p.paid_on) if p.paid_on else _("Date not given")
            receipt = _("Receipt kept") if p.receipt else _("No receipt")
            lines.append(
                f"- {fee_label(p.category, _)}: {ui.tr.format_money(p.amount, p.currency)}"
                f" · {when} · {receipt}"
            )
        summary = ledger.summary()
        earnings = ledger.earnings()
        if earnings is not None:
            lines.append(f"{pay}: {ui.tr.format_money(earnings.amount, earnings.currency)}")
        if summary.total is not None and summary.months is not None and earnings is not None:
            lines.append(f"{paid}: {ui.tr.format_money(summary.total, earnings.currency)}")
            lines.append(months_text(ui.tr, summary.months))
        lines.append(
            _(
                "Under the ILO's fair recruitment principles, workers should not pay "
                "recruitment fees or related costs."
            )
        )
    return "\n".join(lines)


def summary_view(ui: UiSession) -> ft.View:
    _ = ui._
    text = summary_text(ui, dt.date.today())

    async def copy(_e: object) -> None:
        try:
            await ft.Clipboard().set(text)
        except RuntimeError:
            # no clipboard here (a browser on a page served over plain http,
            # as on an outreach laptop's network): the client's error would
            # replace the whole screen; the text stays on it to select
            log.info("copying is not available here")
            said = _("Haki cannot copy here. Select the text below and copy it yourself.")
        else:
            said = _("Copied. You can paste it in a message.")
        ui.show_dialog(ft.SnackBar(ft.Text(said)))

    async def share(e: object) -> None:
        try:
            await ft.Share().share_text(text)
        except RuntimeError:
            # no way to share on this device: the client's error would
            # replace the whole screen; copy instead, and say so
            log.info("sharing is not available here: copied instead")
            await copy(e)

    buttons: list[ft.Control] = [
        ft.Semantics(
            identifier="summary-copy",
            content=ft.FilledButton(
                content=_("Copy"), icon=ft.Icons.COPY, on_click=copy, height=MIN_TOUCH
            ),
        )
    ]
    # Not in a browser: a page served over plain http (workers' phones on an
    # outreach laptop's network) cannot share, nor can most desktop browsers,
    # and there the web client may open the computer's mail program with the
    # text instead (it does where it runs as JavaScript, with CanvasKit)
    if not ui.page.web:
        buttons.append(
            ft.Semantics(
                identifier="summary-share",
                content=ft.OutlinedButton(
                    content=_("Share"), icon=ft.Icons.SHARE, on_click=share, height=MIN_TOUCH
                ),
            )
        )
    return screen(
        ui,
        ROUTE,
        _("Summary to keep"),
        [
            ft.Text(
                _(
                    "Copy this or share it to keep it somewhere safe. Think before you "
                    "share it: it shows what you paid and your notes."
                )
            ),
            ft.Row(buttons, wrap=True),
            ft.Container(
                border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
                border_radius=8,
                padding=12,
                # not selectable (Copy is above): Flutter's web client gives
                # a screen reader an empty text box for selectable text
                content=ft.Semantics(identifier="summary-text", content=ft.Text(text)),
            ),
        ],
        back=True,
    )
