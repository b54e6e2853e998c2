"""The last screen: exactly what the server will be able to read (coded
answers only) and what will be sealed for the receiving organisation,
drawn from the same anonymise() the report is made with; a consent box;
Send."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import flet as ft
from babel.dates import format_date

from app.burmese import answers_as_unicode
from app.core.codes import AgeBand, Category, CostBand, MigrationStatus, Sex
from app.core.report import UNDISCLOSED, Problem
from app.core.report_anonymise import InvalidReport, anonymise
from app.core.report_places import region_names
from app.store.drafts import DraftGone, submit_report
from app.ui.components import big_button, labelled
from app.ui.report.components import heading, hint
from app.ui.report.labels import (
    age_label,
    category_label,
    choice_label,
    cost_band_label,
    organisation_name,
    sex_label,
    status_label,
)
from app.ui.report.nav import HOME, SENT
from app.ui.report.wizard import Wizard


def _rows(rows: list[tuple[str, str]]) -> ft.Control:
    return ft.Column(
        [
            ft.Column(
                [
                    ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE),
                    # not selectable: Flutter's web client gives a screen
                    # reader an empty text box for selectable text
                    ft.Text(value),
                ],
                spacing=2,
            )
            for label, value in rows
        ],
        spacing=10,
    )


def _card(
    identifier: str, icon: ft.IconData, title: str, note: str, rows: ft.Control
) -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        content=ft.Card(
            content=ft.Container(
                ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(icon),
                                ft.Text(
                                    title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True
                                ),
                            ]
                        ),
                        # body size: 12 px was too small for Ethiopic
                        ft.Text(note, theme_style=ft.TextThemeStyle.BODY_MEDIUM),
                        rows,
                    ],
                    spacing=10,
                ),
                padding=16,
            )
        ),
    )


def clear_rows(w: Wizard, clear: dict[str, object]) -> list[tuple[str, str]]:
    _ = w._
    tr = w.ui.tr
    n = tr.format_number
    none = _("Not given")

    def country(code: object) -> str:
        return tr.country_name(str(code)) if code else none

    def answered(code: object, label: Callable[[str], str]) -> str:
        """The answer's label, or "Not given" when the question was skipped
        or declined: both leave as "undisclosed", and the review said
        "prefer not to say" for questions the worker had skipped."""
        return label(str(code)) if code and code != UNDISCLOSED else none

    month = clear["month"]
    started = none
    if isinstance(month, str):
        year, number = month.split("-")
        started = tr.in_digits(
            format_date(dt.date(int(year), int(number), 1), "MMMM y", locale=tr.locale)
        )
    region = clear["region"]
    indicators = clear["indicators"]
    assert isinstance(indicators, list)
    categories = clear["categories"]
    assert isinstance(categories, list)
    return [
        # one to a line: the labels have commas of their own ("Too many hours,
        # or no day of rest"), and a Latin comma joined Arabic ones
        (_("What happened"), "\n".join(category_label(Category(c), _) for c in categories)),
        (_("ILO forced-labour indicators these match"), tr.format_number(len(indicators))),
        (_("Country"), country(clear["destination"])),
        (
            _("Region"),
            region_names(str(clear["destination"]), w.ui.language.code).get(str(region), none)
            if region
            else none,
        ),
        (
            _("Type of work"),
            choice_label("sector", str(clear["sector"]), _) if clear["sector"] else none,
        ),
        (_("Started"), started),
        (_("Citizenship"), country(clear["origin"])),
        (_("Age"), answered(clear["age_band"], lambda c: age_label(AgeBand(c), _, n))),
        (_("Sex"), answered(clear["sex"], lambda c: sex_label(Sex(c), _))),
        (
            _("Papers"),
            answered(clear["migration_status"], lambda c: status_label(MigrationStatus(c), _)),
        ),
        (_("Recruitment costs"), cost_band_label(CostBand(str(clear["cost_band"])), _, n)),
    ]


def sealed_rows(w: Wizard, sealed: dict[str, object]) -> list[tuple[str, str]]:
    _ = w._
    rows = [(_("Language of the report"), w.ui.language_name(str(sealed["lg"]), alone=True))]
    rows.append((_("Your own words"), str(sealed.get("t") or _("Nothing written"))))
    if "w" in sealed:
        rows.append((_("Who did it"), choice_label("who", str(sealed["w"]), _)))
    if "rn" in sealed:
        rows.append((_("Recruiter or agency"), str(sealed["rn"])))
    if "en" in sealed:
        rows.append((_("Employer"), str(sealed["en"])))
    if "og" in sealed:
        rows.append((_("Still happening"), choice_label("ongoing", str(sealed["og"]), _)))
    if "hr" in sealed:
        rows.append((_("How you got the job"), choice_label("recruited", str(sealed["hr"]), _)))
    if "r" in sealed:
        months = w.ui.tr.format_number(Decimal(str(sealed["r"])))
        rows.append((_("Costs in months of pay"), months))
    if "l" in sealed and isinstance(sealed["l"], list):
        rows.append((_("Payments from your cost record"), w.ui.tr.format_number(len(sealed["l"]))))
    rows.append((_("How to contact you"), str(sealed.get("c") or _("Nobody: you stay anonymous"))))
    return rows


def review(w: Wizard) -> list[ft.Control]:
    _ = w._
    organisation = organisation_name(w.ui)
    # as it will be sealed: Burmese typed in Zawgyi shown in Unicode (app.burmese)
    preview = answers_as_unicode(dataclasses.replace(w.answers, consent=True))
    try:
        parts = anonymise(preview, w.ui.language.code, w.today)
    except InvalidReport:  # an answer was changed behind the wizard's back (an old draft)
        w.primary = big_button(
            "report-fix",
            _("Some answers need to be changed"),
            ft.Icons.EDIT_OUTLINED,
            lambda: None if w.send_back_to_problem() else None,
        )
        return [heading(_("Check your report before you send it"))]

    def consent_changed(e: ft.Event[ft.Checkbox]) -> None:
        w.answers.consent = bool(e.control.value)
        w.save()

    def send() -> None:
        if w.submitted:
            return
        if w.send_back_to_problem():
            return
        if not w.answers.consent:
            w.show_problems({"consent": Problem.CONSENT_MISSING})
            return
        key = w.ui.context.settings.organisation_public_key
        if key is None:
            w.general_error.show(_("This copy of Haki has no organisation to send reports to."))
            return
        w.submitted = True
        categories, destination = list(w.answers.categories), w.answers.chosen("destination")
        try:
            submit_report(
                w.ui.context.store,
                w.answers,
                key,
                draft_id=w.draft_id,
                lang=w.ui.language.code,
                today=w.today,
            )
        except DraftGone:  # sent from another tab, or a second tap: it is queued once
            w.ui.go(HOME)
            return
        sync = w.ui.context.sync
        if sync is not None and sync.started:
            sync.send_now()  # in the background: the report goes as soon as it can
        w.ui.last_sent = (tuple(categories), destination)
        w.ui.go(SENT)

    body: list[ft.Control] = [
        heading(_("Check your report before you send it")),
        _card(
            "report-review-clear",
            ft.Icons.BAR_CHART,
            _("What the server can read"),
            _(
                "Only these coded answers. They are counted together with other reports; "
                "they do not say who you are."
            ),
            _rows(clear_rows(w, parts.clear)),
        ),
        _card(
            "report-review-sealed",
            ft.Icons.LOCK_OUTLINE,
            _("Sealed: only {organisation} can read this").format(organisation=organisation),
            _("Locked with their key before it leaves this device. The server cannot open it."),
            _rows(sealed_rows(w, parts.sealed)),
        ),
        hint(
            _(
                "After you send it, your answers are deleted from this device. Haki keeps "
                "only the sealed report until it has been delivered."
            ),
            ft.Icons.DELETE_OUTLINE,
        ),
    ]
    # the consent box and Send stay in reach below the review, however long it is
    w.footer = [
        labelled(
            ft.Checkbox(value=w.answers.consent, on_change=consent_changed),
            _("I have checked my report and I want to send it."),
            identifier="report-consent",
        ),
        w.error_line("consent"),
    ]
    w.primary = big_button("report-submit", _("Send report"), ft.Icons.SEND, send)
    return body
