"""After sending: the warning signs the answers match, each explained with
its rights articles and where to get help. Never a verdict: Haki names
signs; it does not decide whether a situation is forced labour."""

from __future__ import annotations

import flet as ft

from app.core.articles import COUNTRY
from app.core.report_signs import GENERAL_ARTICLES, Sign, warning_signs
from app.ui.components import ROOMY, big_button, notice, screen
from app.ui.report.labels import CATEGORY_ICONS, category_label, reports_list_title
from app.ui.report.nav import MINE, SENT
from app.ui.session import UiSession


def _article_link(ui: UiSession, article_id: str, titles: dict[str, str]) -> ft.Control | None:
    title = titles.get(article_id)
    if title is None:  # not in this content pack: say nothing rather than link nowhere
        return None
    return ft.Semantics(
        identifier=f"report-article-{article_id}",
        content=ft.TextButton(
            content=title,
            icon=ft.Icons.MENU_BOOK,
            on_click=lambda _e: ui.go(f"/rights/{article_id}"),
            style=ROOMY,  # a long title takes two lines
        ),
    )


def _sign_card(ui: UiSession, sign: Sign, titles: dict[str, str]) -> ft.Control:
    _ = ui._
    explanation = (
        _("This is one of the signs the ILO uses to recognise forced labour.")
        if sign.indicator is not None
        else _("This goes against your rights at work.")
    )
    links = [_article_link(ui, a, titles) for a in sign.articles]
    return ft.Semantics(
        identifier=f"report-sign-{sign.category.value}",
        content=ft.Card(
            content=ft.Container(
                ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(CATEGORY_ICONS[sign.category]),
                                ft.Text(
                                    category_label(sign.category, _),
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                    expand=True,
                                ),
                            ]
                        ),
                        ft.Text(explanation),
                        *[link for link in links if link is not None],
                    ],
                    spacing=6,
                ),
                padding=16,
            )
        ),
    )


def sent_view(ui: UiSession, categories: tuple[str, ...], destination: str | None) -> ft.View:
    """The screen once a report is sent, from its categories and destination
    (kept in the session's memory for this screen only)."""
    _ = ui._
    signs = warning_signs(categories)
    country = destination or ""
    help_route = (
        f"/help?country={country}" if COUNTRY.match(country) and country != "*" else "/help"
    )
    titles = {s.id: s.title for s in ui.context.store.article_summaries(ui.content_chain)}
    controls: list[ft.Control] = [
        notice(
            ft.Icons.LOCK_OUTLINE,
            _(
                "Your report is sealed and saved on this device. It will be sent when "
                "there is a connection."
            ),
            identifier="report-sent",
        ),
        ft.Text(_("Warning signs in what you told us"), theme_style=ft.TextThemeStyle.TITLE_LARGE),
        ft.Text(
            _(
                "Haki does not decide whether your situation is forced labour. These are "
                "signs that the law and the ILO look at. A union or a support group can "
                "advise you on what to do next."
            )
        ),
        *[_sign_card(ui, sign, titles) for sign in signs],
        *[link for a in GENERAL_ARTICLES if (link := _article_link(ui, a, titles)) is not None],
        big_button(
            "report-get-help",
            _("Where to get help"),
            ft.Icons.SUPPORT_AGENT,
            lambda: ui.go(help_route),
        ),
        big_button(
            "report-my-reports-after",
            reports_list_title(ui),
            ft.Icons.INBOX_OUTLINED,
            lambda: ui.go(MINE),
            filled=False,
        ),
    ]
    return screen(ui, SENT, _("Report saved"), controls)
