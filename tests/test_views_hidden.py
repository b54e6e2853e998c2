"""No screen wraps a hidden control in Semantics. The web client cannot
draw that: it shows a red "Semantics.content must be provided and visible"
box where the control would be (it did under "Start again" and the
removal of received reports, until their questions were rebuilt). Hide
the Semantics instead; its content then goes with it."""

from __future__ import annotations

import flet as ft
import pytest

from app.core.report import Step
from app.store.drafts import Drafts
from app.store.outbox import Outbox
from app.ui.routes import views_for
from app.ui.session import UiSession
from tests.test_report_views import ui  # noqa: F401  (the fixture)
from tests.test_views import Event, find, walk

ROUTES = (
    "/rights", "/rights?stage=pre_departure", "/search?q=passport", "/checklist",
    "/checklist/corridor", "/checklist/offer", "/checklist/costs", "/checklist/summary",
    "/report", "/report/mine", "/more", "/more/about", "/help",
    *(f"/report/step/{step.value}" for step in Step),
)  # fmt: skip


def hidden_in_semantics(views: list[ft.View]) -> list[str]:
    return [
        str(c.identifier)
        for v in views
        for c in walk(v)
        if isinstance(c, ft.Semantics)
        and isinstance(c.content, ft.Control)
        and c.content.visible is False
    ]


@pytest.mark.parametrize("route", ROUTES)
def test_no_hidden_control_inside_semantics(ui: UiSession, route: str):  # noqa: F811
    Drafts(ui.context.store).start()
    outbox = Outbox(ui.context.store)
    outbox.add("00000000-0000-4000-8000-000000000001", "{}", "0" * 64)
    assert hidden_in_semantics(views_for(ui, route)) == []


@pytest.mark.parametrize(
    ("route", "ident"),
    [
        ("/checklist", "checklist-reset"),
        ("/more", "more-forget"),
        ("/report/mine", "report-forget"),
    ],
)
def test_nor_after_asking_and_cancelling(ui: UiSession, route: str, ident: str):  # noqa: F811
    outbox = Outbox(ui.context.store)
    outbox.add("00000000-0000-4000-8000-000000000001", "{}", "0" * 64)
    outbox.mark_sending(["00000000-0000-4000-8000-000000000001"])
    outbox.settle(["00000000-0000-4000-8000-000000000001"], [])
    views = views_for(ui, route)
    find(views, ident).on_click(Event(None))  # type: ignore[attr-defined]
    assert hidden_in_semantics(views) == []
    find(views, f"{ident}-cancel").on_click(Event(None))  # type: ignore[attr-defined]
    assert hidden_in_semantics(views) == []
