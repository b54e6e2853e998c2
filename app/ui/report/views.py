"""The report section's screens as the route table asks for them."""

from __future__ import annotations

import flet as ft

from app.core.report import Step
from app.store.drafts import DraftGone, Drafts
from app.ui.report.home import home_view, my_reports_view
from app.ui.report.questions import BUILDERS
from app.ui.report.sent import sent_view
from app.ui.report.wizard import Wizard
from app.ui.session import UiSession

__all__ = ["home_stack", "mine_stack", "sent_stack", "step_stack"]


def home_stack(ui: UiSession) -> list[ft.View | None]:
    return [home_view(ui)]


def mine_stack(ui: UiSession) -> list[ft.View | None]:
    return [home_view(ui), my_reports_view(ui)]


def sent_stack(ui: UiSession) -> list[ft.View | None]:
    """The screen after sending, once: reached again (Back, a reload, the
    next person on a shared device) it is the report home, which does not
    say that a report was made."""
    if ui.last_sent is None:
        return [home_view(ui)]
    return [sent_view(ui, *ui.last_sent)]


def step_stack(ui: UiSession, step_value: str, params: dict[str, str]) -> list[ft.View | None]:
    """A wizard screen over the current draft; the report home when there is
    no draft (it was sent or deleted) or the step is unknown."""
    drafts = Drafts(ui.context.store)
    draft = drafts.latest()
    if draft is None or step_value not in {s.value for s in Step}:
        return [home_view(ui)]
    step = Step(step_value)
    if draft.step is not step:
        # reached by the browser's or the phone's Back, not the wizard's:
        # "Continue my report" must open the screen the worker last saw
        try:
            drafts.save(draft.id, draft.answers, step)
        except DraftGone:  # sent from another window just now
            return [home_view(ui)]
    wizard = Wizard(ui, drafts, draft, step)
    return [wizard.view(BUILDERS[wizard.step](wizard), show_problems="check" in params)]
