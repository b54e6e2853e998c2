"""The report section's routes, built in one place (the route table in
app/ui/routes.py maps them to screens)."""

from __future__ import annotations

from app.core.report import Step

HOME = "/report"
MINE = "/report/mine"
SENT = "/report/sent"


def step_route(step: Step, *, check: bool = False) -> str:
    """A wizard screen; with `check`, it opens showing what is wrong on it."""
    return f"/report/step/{step.value}" + ("?check=1" if check else "")
