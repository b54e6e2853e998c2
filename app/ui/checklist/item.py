"""One checklist item in full: why it matters, the red flags, what to keep,
the sources, related rights articles, and the worker's private note."""

from __future__ import annotations

import flet as ft

from app.ui.checklist.common import checklist_store, heading
from app.ui.checklist.labels import group_label
from app.ui.components import labelled, markdown_body, notice, screen
from app.ui.session import UiSession
from app.ui.views.article import article_opener, related_articles


def bullet_list(icon: ft.IconData, lines: tuple[str, ...]) -> list[ft.Control]:
    return [
        ft.Row(
            [ft.Icon(icon, size=18), ft.Text(line, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        for line in lines
    ]


def item_view(ui: UiSession, item_id: str) -> ft.View | None:
    _ = ui._
    store = checklist_store(ui)
    item = store.item(item_id, ui.content_chain)
    if item is None:
        return None
    route = f"/checklist/item/{item_id}"
    done = item_id in store.done_ids()

    def ticked(e: ft.Event[ft.Checkbox]) -> None:
        store.set_done(item_id, bool(e.control.value))

    def save_note(e: ft.Event[ft.TextField]) -> None:
        store.set_note(item_id, e.control.value or "")  # all of it: a cut note loses words

    controls: list[ft.Control] = []
    if item.lang != ui.language.code:
        controls.append(
            notice(
                ft.Icons.TRANSLATE,
                _("This item is not in your language yet. It is shown in {language}.").format(
                    language=ui.language_name(item.lang)
                ),
            )
        )
    elif item.translation == "machine":
        controls.append(
            notice(
                ft.Icons.TRANSLATE,
                _("Machine translation: a person has not checked it yet."),
            )
        )
    controls += [
        ft.Text(item.title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
        labelled(
            ft.Checkbox(value=done, on_change=ticked),
            _("Done"),
            identifier=f"checklist-item-{item.id}",
        ),
        heading(_("Why it matters")),
        ft.Text(item.why),
    ]
    if item.red_flags:
        controls.append(heading(_("Red flags")))
        controls += bullet_list(ft.Icons.FLAG_OUTLINED, item.red_flags)
    if item.evidence:
        controls.append(heading(_("What to keep")))
        controls += bullet_list(ft.Icons.INVENTORY_2_OUTLINED, item.evidence)
    if item.body:
        controls += markdown_body(item.body, article_opener(ui, f"item:{item.id}"))
    controls += [
        ft.Semantics(
            identifier="checklist-note",
            # the field's own label is its name for a screen reader (which
            # read the hint as its name); the hint stays under it as it fills
            content=ft.TextField(
                value=store.note(item_id),
                label=_("Your note"),
                multiline=True,
                min_lines=2,
                helper=_("It stays on this phone. Anyone who opens Haki here can read it."),
                helper_max_lines=4,  # the whole sentence, in every language
                on_change=save_note,
            ),
        ),
    ]
    controls += related_articles(ui, item.related, _("Read more"), f"item:{item.id}")
    controls.append(heading(_("Sources")))
    for source in item.sources:
        controls.append(ft.Text(f"{source.instrument}: {source.article}"))
    controls.append(
        ft.Text(
            _("Last reviewed: {date}").format(date=ui.tr.format_date(item.last_reviewed)),
            theme_style=ft.TextThemeStyle.BODY_SMALL,
        )
    )
    return screen(ui, route, group_label(item.group, _), controls, back=True)
