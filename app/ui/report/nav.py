"""The report section's routes, built in one place (the route table in
app/ui/routes.py maps them to screens)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from app.core.report import Step

HOME = "/report"
MINE = "/report/mine"
SENT = "/report/sent"


def step_route(step: Step, *, check: bool = False) -> str:
    """A wizard screen; with `check`, it opens showing what is wrong on it."""
    return f"/report/step/{step.value}" + ("?check=1" if check else "")


def sent_route(categories: Iterable[str], destination: str | None) -> str:
    """The screen after sending: the warning signs of these coded answers."""
    params = {"signs": ",".join(categories)}
    if destination:
        params["country"] = destination
    return f"{SENT}?{urlencode(params)}"
