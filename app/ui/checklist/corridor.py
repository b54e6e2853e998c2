"""Choose where you come from, where you go and the work you will do: the
checklist then shows only what applies. It can be changed at any time."""

from __future__ import annotations

import flet as ft

from app.core.checklist import Corridor
from app.core.codes import Sector
from app.core.corridors import DESTINATIONS, ORIGINS, OTHER_COUNTRY
from app.ui.checklist.common import checklist_store
from app.ui.components import MIN_TOUCH, named_picker, screen
from app.ui.labels import sector_label
from app.ui.session import UiSession


def country_dropdown(
    ui: UiSession, ident: str, label: str, codes: tuple[str, ...], value: str | None
) -> ft.Dropdown:
    options = [
        ft.DropdownOption(key=c, text=ui.tr.country_name(c)) for c in ui.tr.by_country_name(codes)
    ]
    options.append(ft.DropdownOption(key=OTHER_COUNTRY, text=ui._("Another country")))
    return ft.Dropdown(label=label, options=options, value=value, expand=True, key=ident)


def corridor_view(ui: UiSession) -> ft.View:
    _ = ui._
    store = checklist_store(ui)
    current = store.corridor()
    labels = {"origin": _("I come from"), "destination": _("I am going to"), "sector": _("My work")}
    origin = country_dropdown(ui, "origin", labels["origin"], ORIGINS, current.origin)
    destination = country_dropdown(
        ui, "destination", labels["destination"], DESTINATIONS, current.destination
    )
    sector = ft.Dropdown(
        label=labels["sector"],
        options=[ft.DropdownOption(key=s.value, text=sector_label(s, _)) for s in Sector],
        value=current.sector,
        expand=True,
    )

    def save(_e: ft.Event[ft.Button]) -> None:
        store.set_corridor(
            Corridor(origin.value or None, destination.value or None, sector.value or None)
        )
        ui.go("/checklist")

    return screen(
        ui,
        "/checklist/corridor",
        _("Your journey"),
        [
            ft.Text(_("The checklist shows what matters for your journey and your work.")),
            *[
                named_picker(ui, f"corridor-{name}", labels[name], field)
                for name, field in (
                    ("origin", origin),
                    ("destination", destination),
                    ("sector", sector),
                )
            ],
            ft.Semantics(
                identifier="corridor-save",
                content=ft.FilledButton(
                    content=_("Show my checklist"),
                    icon=ft.Icons.CHECK,
                    on_click=save,
                    height=MIN_TOUCH,
                ),
            ),
        ],
        back=True,
    )
