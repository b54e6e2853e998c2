"""The report wizard: one question per screen, reached through the route
table as /report/step/<step>.

Every screen is drawn from the saved draft, and every answer is saved the
moment it is given, so a reload, a crash or a killed app loses nothing.
Checks run when the worker moves on; what is wrong is said under the
question, and what was typed stays.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence

import flet as ft

from app.core.report import (
    PART_OF,
    Answers,
    Part,
    Problem,
    Step,
    first_step_with_problems,
    next_step,
    previous_step,
    problems,
    progress,
)
from app.store.drafts import Draft, DraftGone, Drafts
from app.ui.components import ErrorLine, big_button, reveal
from app.ui.report.components import ChoiceGroup, Limit, wizard_frame
from app.ui.report.labels import part_label, problem_text
from app.ui.report.nav import HOME, step_route
from app.ui.session import UiSession


class Wizard:
    """One screen of the wizard over one draft."""

    def __init__(self, ui: UiSession, drafts: Drafts, draft: Draft, step: Step) -> None:
        self.ui = ui
        self._ = ui._
        self.drafts = drafts
        self.draft_id = draft.id
        self.answers = draft.answers
        #: the answers as last read or saved: a save writes only what this
        #: screen changed since (another window may have saved meanwhile)
        self._since = copy.deepcopy(draft.answers)
        self.step = step
        self.today = dt.date.today()
        self.errors: dict[str, ErrorLine] = {}
        self.general_error = ErrorLine("report-error-form")
        self.submitted = False
        #: set by a screen that ends with something other than Next (the
        #: review: a consent box above Send), kept in reach below the question
        self.footer: list[ft.Control] = []
        self.primary: ft.Control | None = None
        #: the screen's question, as drawn (see view)
        self.body: list[ft.Control] = []

    # saving -----------------------------------------------------------------
    def save(self, step: Step | None = None) -> bool:
        """Save this screen's answers (and, with `step`, that it is the one
        to show next); False when the screen must not go on: another window
        changed the report meanwhile (it is drawn again as it now is, so
        that the review sent is the review seen), or sent or deleted it (the
        Report tab is shown)."""
        mine = self.answers
        try:
            self.answers = self.drafts.save(
                self.draft_id, mine, step or self.step, since=self._since
            )
        except DraftGone:
            self.ui.go(HOME)
            return False
        self._since = copy.deepcopy(self.answers)
        if self.answers != mine and step is None:
            self.ui.refresh()
            return False
        return True  # moving to `step`, drawn from the stored answers

    def set(self, name: str, value: str | int | None) -> None:
        self.answers.choose(name, value)
        self.save()

    # building blocks ----------------------------------------------------------
    def error_line(self, key: str) -> ft.Control:
        line = self.errors.setdefault(key, ErrorLine(f"report-error-{key}"))
        return line.control

    def limit(self, key: str, most: int) -> Limit:
        """The most characters of a text answer, said on its error line."""
        self.error_line(key)
        too_long = problem_text(Problem.TOO_LONG, self._)
        return Limit(most, self.errors[key], too_long, self.ui.tr.format_number)

    def single(
        self,
        name: str,
        options: Sequence[tuple[str, str, ft.IconData]],
        *,
        after: Callable[[str], None] | None = None,
        compact: bool = False,
    ) -> ChoiceGroup:
        def choose(code: str) -> None:
            self.set(name, code)
            if after is not None:
                after(code)

        return ChoiceGroup(
            options,
            selected=lambda code: getattr(self.answers, name) == code,
            on_choose=choose,
            compact=compact,
        )

    def show_problems(self, found: dict[str, Problem]) -> None:
        general = None
        for key, line in self.errors.items():
            line.show(problem_text(found[key], self._) if key in found else None)
        for key, problem in found.items():
            if key not in self.errors:
                general = problem_text(problem, self._)
        self.general_error.show(general)

    # moving -------------------------------------------------------------------
    def go_next(self) -> None:
        if not self.save():  # moving on from answers another window changed: look first
            return
        found = problems(self.answers, self.step, self.today)
        if found:
            self.show_problems(found)
            # the first message may be out of sight, under Back and Next (a
            # box to tick below a contact field): Next then seemed to do nothing
            first = next((self.errors[k] for k in found if k in self.errors), self.general_error)
            # a line just under the question: back to the top, the question with it
            reveal(self.ui, first.control, from_top=first.control in self.body[:3])
            return
        following = next_step(self.answers, self.step)
        if following is None:
            return
        if self.save(following):
            self.ui.go(step_route(following))

    def go_back(self) -> None:
        before = previous_step(self.answers, self.step)
        if before is None:
            if self.answers == Answers():
                self.drafts.discard(self.draft_id)  # nothing was answered: no draft to keep
            self.ui.go(HOME)
            return
        if self.save(before):
            self.ui.go(step_route(before))

    def send_back_to_problem(self) -> bool:
        """If an earlier screen has a problem, go there and show it."""
        step = first_step_with_problems(self.answers, self.today)
        if step is None or step is self.step:
            return False
        if self.save(step):
            self.ui.go(step_route(step, check=True))
        return True

    # the screen ---------------------------------------------------------------
    def view(self, body: Sequence[ft.Control], *, show_problems: bool) -> ft.View:
        _ = self._
        part = PART_OF[self.step]
        progress_text = _("Part {number} of {total}: {name}").format(
            number=self.ui.tr.format_number(int(part)),
            total=self.ui.tr.format_number(len(Part)),
            name=part_label(part, _),
        )
        actions: list[ft.Control] = [
            big_button("report-back", _("Back"), ft.Icons.ARROW_BACK, self.go_back, filled=False)
        ]
        actions.append(
            self.primary
            or big_button("report-next", _("Next"), ft.Icons.ARROW_FORWARD, self.go_next)
        )
        controls = [*body, self.general_error.control]
        self.body = controls
        if show_problems:
            self.show_problems(problems(self.answers, self.step, self.today))
        return wizard_frame(
            self.ui,
            step_route(self.step),
            progress_text,
            progress(self.answers, self.step),
            controls,
            actions,
            self.footer,
        )
