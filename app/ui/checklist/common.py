"""Pieces the checklist section's screens share."""

from __future__ import annotations

import flet as ft

from app.core.checklist import Corridor
from app.core.codes import Sector
from app.core.corridors import OTHER_COUNTRY
from app.store.checklist import ChecklistStore
from app.store.ledger import LedgerStore
from app.ui.labels import sector_label
from app.ui.session import UiSession


def checklist_store(ui: UiSession) -> ChecklistStore:
    return ChecklistStore(ui.context.store)


def ledger_store(ui: UiSession) -> LedgerStore:
    return LedgerStore(ui.context.store)


def country_text(ui: UiSession, code: str | None) -> str:
    if code is None:
        return ui._("Not chosen")
    if code == OTHER_COUNTRY:
        return ui._("Another country")
    return ui.tr.country_name(code)


def corridor_text(ui: UiSession, corridor: Corridor) -> str:
    """ "From Kenya to Saudi Arabia · Domestic work" (in words: the bundled
    fonts have no arrow sign)."""
    sector = sector_label(Sector(corridor.sector), ui._) if corridor.sector else ui._("Not chosen")
    route = ui._("From {origin} to {destination}").format(
        origin=country_text(ui, corridor.origin),
        destination=country_text(ui, corridor.destination),
    )
    return f"{route} · {sector}"


def tool_tile(
    ui: UiSession, ident: str, icon: ft.IconData, title: str, subtitle: str, route: str
) -> ft.Control:
    return ft.Semantics(
        identifier=ident,
        content=ft.ListTile(
            leading=ft.Icon(icon),
            title=ft.Text(title),
            subtitle=ft.Text(subtitle),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda _e: ui.go(route),
        ),
    )


def heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)
