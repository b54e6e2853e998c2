"""Where to get help: organisations and channels, narrowed by destination.

A contact is shown only with the source it was checked against and when;
an entry without one says so, so no reader acts on a number we guessed."""

from __future__ import annotations

from urllib.parse import urlencode

import flet as ft

from app.core.articles import TranslationStatus
from app.core.help import HelpEntry, HelpKind
from app.ui.components import in_own_direction, notice, screen
from app.ui.labels import help_kind_label
from app.ui.session import UiSession
from app.ui.views.rights import chip

KIND_ICONS = {
    HelpKind.UNION: ft.Icons.GROUPS_OUTLINED,
    HelpKind.GOVERNMENT: ft.Icons.ACCOUNT_BALANCE_OUTLINED,
    HelpKind.EMBASSY: ft.Icons.FLAG_OUTLINED,
    HelpKind.NGO: ft.Icons.VOLUNTEER_ACTIVISM_OUTLINED,
    HelpKind.INTERNATIONAL: ft.Icons.PUBLIC,
    HelpKind.ONLINE: ft.Icons.LANGUAGE,
}


def help_route(country: str | None) -> str:
    return "/help" + (f"?{urlencode({'country': country})}" if country else "")


def entry_card(ui: UiSession, entry: HelpEntry) -> ft.Control:
    _ = ui._
    lang, text = entry.text_for(ui.content_chain)
    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(KIND_ICONS[entry.kind]),
                ft.Text(help_kind_label(entry.kind, _), theme_style=ft.TextThemeStyle.LABEL_LARGE),
            ]
        ),
        # in English for lack of Arabic, say: kept in its own order
        ft.Text(in_own_direction(ui, text.name, lang), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(in_own_direction(ui, text.what, lang)),
    ]
    if lang != ui.language.code:
        rows.append(
            ft.Text(ui.language_name(lang, alone=True), theme_style=ft.TextThemeStyle.BODY_SMALL)
        )
    if text.translation is TranslationStatus.MACHINE:
        rows.append(
            ft.Semantics(
                identifier=f"help-{entry.id}-machine",
                content=ft.Row(
                    [
                        ft.Icon(ft.Icons.SMART_TOY_OUTLINED, size=18),
                        ft.Text(
                            _("Machine translation: a person has not checked it yet."),
                            theme_style=ft.TextThemeStyle.BODY_SMALL,
                            expand=True,
                        ),
                    ],
                ),
            )
        )
    for contact in entry.contacts:
        rows.append(
            ft.Text(
                f"{contact.value} — "
                + _("checked on {date} against {source}").format(
                    date=ui.tr.format_date(contact.verified_on), source=contact.source
                ),
                selectable=True,
            )
        )
    if not entry.contacts:
        rows.append(
            ft.Text(
                _(
                    "No contact details yet: Haki shows a phone number or address only "
                    "after checking it at its source."
                ),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
            )
        )
    sources = "; ".join(f"{s.instrument}: {s.article}" for s in entry.sources)
    rows.append(
        ft.Text(
            _("Sources")
            + f": {in_own_direction(ui, sources)}. "  # named in English
            + _("Checked on {date}.").format(date=ui.tr.format_date(entry.verified_on)),
            theme_style=ft.TextThemeStyle.BODY_SMALL,
        )
    )
    return ft.Semantics(
        identifier=f"help-{entry.id}",
        content=ft.Card(content=ft.Container(ft.Column(rows, spacing=6), padding=16)),
    )


def help_view(ui: UiSession, country: str | None = None) -> ft.View:
    _ = ui._
    entries = ui.context.store.help_entries()
    countries = ui.tr.by_country_name({c for e in entries for c in e.countries if c != "*"})
    chips = [chip(ui, "help-country-all", _("All countries"), country is None, help_route(None))]
    chips += [
        chip(ui, f"help-country-{c}", ui.tr.country_name(c), country == c, help_route(c))
        for c in countries
    ]
    controls: list[ft.Control] = [
        notice(
            ft.Icons.SHIELD_OUTLINED,
            _(
                "Think about your safety first. If you are in danger now, go to a safe place "
                "and ask people you trust for help."
            ),
        ),
        ft.Row(chips, wrap=True),
    ]
    shown = [e for e in entries if e.helps_in(country)]
    # the entries for the chosen country first, then the ones for everywhere
    shown.sort(key=lambda e: ("*" in e.countries, e.kind.value, e.id))
    controls += [entry_card(ui, e) for e in shown]
    return screen(ui, help_route(country), _("Where to get help"), controls, back=True)
