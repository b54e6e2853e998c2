"""Check a job offer: five questions, answered yes, no or not sure, then the
red flags the answers show, each with the article that explains it and the
way to help. It names warning signs; it never says a job is safe."""

from __future__ import annotations

from decimal import Decimal

import flet as ft

from app.core.job_offer import (
    MINIMUM_WAGES,
    Answer,
    Finding,
    MinimumWage,
    Question,
    findings,
)
from app.store.offer import OfferStore
from app.ui.checklist.common import checklist_store, heading
from app.ui.checklist.labels import question_text, red_flag_text, to_check_text
from app.ui.components import MIN_TOUCH, screen, unread
from app.ui.session import UiSession
from app.ui.views.help import help_route

ROUTE = "/checklist/offer"


def answer_label(answer: Answer, ui: UiSession) -> str:
    return {Answer.YES: ui._("Yes"), Answer.NO: ui._("No"), Answer.UNSURE: ui._("Not sure")}[answer]


def minimum_text(ui: UiSession, minimum: MinimumWage, country: str) -> str:
    """The legal minimum, with the sums owed on top where the law sets them:
    Qatar's 1,000 alone made an offer of 1,200 with no food or housing look
    lawful, when it owes 1,800."""
    _ = ui._

    def money(amount: Decimal) -> str:
        return ui.tr.format_money(amount, minimum.currency)

    if minimum.food is not None and minimum.housing is not None:
        return _(
            "The legal minimum in {country} is {amount} a month as basic pay, plus "
            "{food} for food and {housing} for housing unless the employer gives them: "
            "{total} in all ({source})."
        ).format(
            country=ui.tr.country_name(country),
            amount=money(minimum.amount),
            food=money(minimum.food),
            housing=money(minimum.housing),
            total=money(minimum.amount + minimum.food + minimum.housing),
            source=minimum.source,
        )
    return _("The legal minimum in {country} is {amount} a month ({source}).").format(
        country=ui.tr.country_name(country),
        amount=money(minimum.amount),
        source=minimum.source,
    )


def offer_view(ui: UiSession, show_result: bool = False) -> ft.View:
    _ = ui._
    offers = OfferStore(ui.context.store)
    answers = offers.answers()
    destination = checklist_store(ui).corridor().destination

    rows: dict[Question, list[ft.Semantics]] = {}
    result = ft.Column(spacing=12)

    def choose(question: Question, answer: Answer) -> None:
        """Saved, and shown in place: redrawing the screen took the reader
        back to its top at every answer."""
        offers.set_answer(question, answer)
        answers[question] = answer
        for node in rows[question]:
            assert isinstance(node.content, ft.Chip)
            node.selected = node.content.selected = node.data is answer
        if show_result:
            result.controls = result_controls(ui, answers, destination)
        ui.update(*rows[question], result)

    controls: list[ft.Control] = [
        ft.Text(
            _(
                "Answer these before you sign anything or pay anyone. "
                "Your answers stay on this phone."
            )
        )
    ]
    for i, question in enumerate(Question, start=1):
        asked = f"{ui.tr.format_number(i)}. {question_text(question, _)}"
        # seen here; heard as the name of its answers' group, below: read
        # here too, a screen reader said each question twice over
        controls.append(unread(heading(asked)))
        minimum = MINIMUM_WAGES.get(destination or "")
        under_question: list[ft.Control] = []
        if question is Question.MINIMUM_WAGE and minimum is not None:
            under_question.append(ft.Text(minimum_text(ui, minimum, destination or "")))
        rows[question] = [
            ft.Semantics(
                identifier=f"offer-{question.value}-{answer.value}",
                selected=answers.get(question) is answer,
                data=answer,
                content=ft.Chip(
                    label=answer_label(answer, ui),
                    # Arabic's "لا" alone made a chip 42 px wide
                    label_padding=ft.Padding.symmetric(horizontal=12),
                    selected=answers.get(question) is answer,
                    on_select=lambda _e, q=question, a=answer: choose(q, a),
                ),
            )
            for answer in Answer
        ]
        # a group named by its question: "Yes" alone, five times over, said
        # nothing about what it answered
        controls.append(
            ft.Semantics(
                container=True,
                label=asked,
                content=ft.Column(
                    [*under_question, ft.Row(list(rows[question]), wrap=True)], spacing=12
                ),
            )
        )
    if show_result:
        # the result first: below the questions it opened under the fold of
        # the screen, and the tap seemed to do nothing. Answers changed below
        # change it in place.
        result.controls = result_controls(ui, answers, destination)
        controls = [result, ft.Divider(), *controls]
    else:
        controls.append(
            ft.Semantics(
                identifier="offer-result",
                content=ft.FilledButton(
                    content=_("See what your answers show"),
                    icon=ft.Icons.FACT_CHECK,
                    on_click=lambda _e: ui.go(ROUTE + "?result=1"),
                    height=MIN_TOUCH,
                ),
            )
        )
    # the route says the result is shown: Back from an article opened from it
    # comes back to the result, not to the questions alone
    route = ROUTE + "?result=1" if show_result else ROUTE
    return screen(ui, route, _("Check a job offer"), controls, back=True)


def result_controls(
    ui: UiSession, answers: dict[Question, Answer], destination: str | None
) -> list[ft.Control]:
    _ = ui._
    found = findings(answers, destination)
    red = [f for f in found if f.finding is Finding.RED_FLAG]
    check = [f for f in found if f.finding is Finding.TO_CHECK]
    out: list[ft.Control] = []
    if red:
        out.append(heading(_("Red flags in this offer")))
    for f in red:
        out.append(finding_tile(ui, f.question, f.article_id, red_flag_text(f.question, _), True))
    if check:
        out.append(heading(_("Still to check")))
    for f in check:
        out.append(finding_tile(ui, f.question, f.article_id, to_check_text(f.question, _), False))
    if not red and not check:
        out.append(
            ft.Text(
                _(
                    "Your answers show none of these red flags. Keep checking: "
                    "read your contract again before you sign."
                ),
                key="offer-no-flags",
            )
        )
    out.append(
        ft.Semantics(
            identifier="offer-help",
            content=ft.ListTile(
                leading=ft.Icon(ft.Icons.SUPPORT_AGENT),
                title=ft.Text(_("Where to get help")),
                on_click=lambda _e: ui.go(help_route(destination)),
            ),
        )
    )
    return out


def finding_tile(
    ui: UiSession, question: Question, article_id: str, text: str, red: bool
) -> ft.Control:
    return ft.Semantics(
        identifier=f"offer-flag-{question.value}" if red else f"offer-check-{question.value}",
        content=ft.ListTile(
            leading=ft.Icon(
                ft.Icons.FLAG if red else ft.Icons.HELP_OUTLINE,
                color=ft.Colors.ERROR if red else None,
            ),
            title=ft.Text(text),
            subtitle=ft.Text(ui._("Read why this matters")),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            # Back returns to this result (routes.article_stack)
            on_click=lambda _e: ui.go(f"/rights/{article_id}?from=offer"),
        ),
    )
