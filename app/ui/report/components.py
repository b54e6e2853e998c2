"""Building blocks of the report screens: large choice tiles with an icon
beside their words, the wizard's frame (progress, Back and Next always in
reach), error lines and text fields that keep what was typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import flet as ft

from app.ui.components import READING_WIDTH, ErrorLine, bar_actions, nav_bar, unread
from app.ui.session import UiSession


class Choice:
    """One tile of a question: tapping it calls `on_tap`; `set_selected`
    redraws it (Flet sends the change after the handler returns).

    A screen reader hears a tile of a single choice as a radio button in
    its group ("2 of 5"), and one of a multiple choice as a checkbox: Flet's
    Semantics can say "checked" but not "one of a group", so a single
    choice carries a real Radio (its group is ChoiceGroup's RadioGroup), and
    the tile's words, icon and radio are merged into one node."""

    def __init__(
        self,
        code: str,
        label: str,
        icon: ft.IconData,
        selected: bool,
        on_tap: Callable[[str], None],
        *,
        multiple: bool = False,
        compact: bool = False,
    ) -> None:
        self.code = code
        self.multiple = multiple
        self.selected = selected
        self._mark: ft.Icon | ft.Radio = (
            ft.Icon(ft.Icons.CHECK_BOX_OUTLINE_BLANK, size=24) if multiple else ft.Radio(value=code)
        )
        self._box = ft.Container(
            content=ft.Row(
                [
                    ft.Icon(icon, size=26),
                    ft.Text(label, expand=not compact, theme_style=ft.TextThemeStyle.BODY_LARGE),
                    self._mark,
                ],
                spacing=14,
                tight=compact,
            ),
            # a tile is about 58 px tall: a thumb, not a fingertip; a radio
            # is 40 px (48 on a phone), where an icon is 26, and a compact
            # tile stays at least 48 px
            padding=ft.Padding.symmetric(
                horizontal=14,
                vertical=(10 if compact else 16) if multiple else (4 if compact else 8),
            ),
            border_radius=12,
            ink=True,
            on_click=lambda _e: on_tap(code),
        )
        # "checked", not "selected": screen readers say "checked" or "not
        # checked"; Flutter's web client says "selected" as aria-current
        self.control = ft.Semantics(
            identifier=f"report-option-{code}",
            content=self._box if multiple else ft.MergeSemantics(content=self._box),
        )
        self.set_selected(selected)

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        if isinstance(self._mark, ft.Icon):
            self.control.checked = selected
            self._mark.icon = ft.Icons.CHECK_BOX if selected else ft.Icons.CHECK_BOX_OUTLINE_BLANK
        self._box.bgcolor = ft.Colors.PRIMARY_CONTAINER if selected else None
        self._box.border = ft.Border.all(
            2 if selected else 1, ft.Colors.PRIMARY if selected else ft.Colors.OUTLINE_VARIANT
        )


class ChoiceGroup:
    """Tiles answering one question; single choice unless `multiple`."""

    def __init__(
        self,
        options: Sequence[tuple[str, str, ft.IconData]],
        selected: Callable[[str], bool],
        on_choose: Callable[[str], None],
        *,
        multiple: bool = False,
        compact: bool = False,
    ) -> None:
        self._selected = selected
        self._on_choose = on_choose
        self.choices = [
            Choice(code, label, icon, selected(code), self._tap, multiple=multiple, compact=compact)
            for code, label, icon in options
        ]
        tiles: list[ft.Control] = [c.control for c in self.choices]
        layout: ft.Control = (
            ft.Row(tiles, wrap=True, spacing=8, run_spacing=8)
            if compact
            else ft.Column(tiles, spacing=8)
        )
        self._radios = None if multiple else ft.RadioGroup(content=layout, on_change=self._radio)
        self.control: ft.Control = self._radios or layout
        self.refresh()

    def _radio(self, e: ft.Event[ft.RadioGroup]) -> None:
        """A tap on a radio itself (not elsewhere on its tile)."""
        if e.control.value:
            self._tap(e.control.value)

    def _tap(self, code: str) -> None:
        self._on_choose(code)
        self.refresh()

    def refresh(self) -> None:
        for choice in self.choices:
            choice.set_selected(self._selected(choice.code))
        if self._radios is not None:
            self._radios.value = next((c.code for c in self.choices if c.selected), None)


@dataclass(frozen=True)
class Limit:
    """The most characters a text answer may have, said rather than
    enforced. Flutter's `max_length` cuts what is pasted past it without a
    word, and a worker's account would lose its end; so the field keeps
    everything, counts, and from the first character too many says so on
    the question's error line, in the words the check on Next uses."""

    most: int
    line: ErrorLine
    too_long: str
    #: a count in the reader's own digits
    number: Callable[[int], str] = str

    def show(self, field: ft.TextField) -> None:
        count = len(field.value or "")
        over = count > self.most
        field.counter = f"{self.number(count)} / {self.number(self.most)}"
        field.counter_style = ft.TextStyle(color=ft.Colors.ERROR) if over else None
        if over:
            self.line.show(self.too_long)
        elif self.line.text.value == self.too_long:
            self.line.show(None)


def text_field(
    identifier: str,
    label: str,
    value: str,
    on_change: Callable[[str], None],
    *,
    multiline: bool = False,
    limit: Limit | None = None,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    question: str | None = None,
) -> tuple[ft.Control, ft.TextField]:
    """A text field that hands every change to `on_change` (which saves it),
    all of it, past its `limit` too. A `question` is written above the
    field, whose `label` is then short: "Name of the recruiter or agency
    (if you want)" as a label took two lines inside a field one line tall,
    in Burmese over its border, and was cut short once it moved onto it."""

    def changed(e: ft.Event[ft.TextField]) -> None:
        on_change(e.control.value or "")
        if limit is not None:
            limit.show(e.control)  # Flet sends the change after the handler returns

    field = ft.TextField(
        label=label,
        value=value,
        multiline=multiline,
        min_lines=5 if multiline else None,
        max_lines=12 if multiline else 1,
        keyboard_type=keyboard,
        on_change=changed,
        error_max_lines=4,
    )
    if limit is not None:
        limit.show(field)
    named = ft.Semantics(identifier=identifier, content=field)
    if question is None:
        return named, field
    return (
        ft.Column(
            [ft.Text(question), named],
            spacing=8,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        ),
        field,
    )


def heading(text: str) -> ft.Control:
    return ft.Text(text, theme_style=ft.TextThemeStyle.HEADLINE_SMALL)


def hint(text: str, icon: ft.IconData = ft.Icons.LOCK_OUTLINE) -> ft.Control:
    return ft.Row(
        [
            ft.Icon(icon, size=20),
            ft.Text(text, expand=True, theme_style=ft.TextThemeStyle.BODY_MEDIUM),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def wizard_frame(
    ui: UiSession,
    route: str,
    progress_text: str,
    progress: float,
    body: Sequence[ft.Control],
    actions: Sequence[ft.Control],
    footer: Sequence[ft.Control] = (),
) -> ft.View:
    """A wizard screen: where you are, the question (scrolling), and Back and
    Next (with any `footer` above them) fixed at the bottom, above the app's
    navigation."""
    return ft.View(
        route=route,
        appbar=ft.AppBar(
            title=ft.Text(ui._("Report")),
            automatically_imply_leading=False,
            actions=bar_actions(ui, route),
        ),
        controls=[
            ft.Container(
                width=READING_WIDTH,
                expand=True,
                content=ft.Column(
                    [
                        ft.Semantics(
                            identifier="report-progress",
                            content=ft.Container(
                                ft.Column(
                                    [
                                        ft.Text(
                                            progress_text,
                                            theme_style=ft.TextThemeStyle.LABEL_LARGE,
                                        ),
                                        # the words say where the worker is
                                        unread(ft.ProgressBar(value=progress, bar_height=6)),
                                    ],
                                    spacing=6,
                                ),
                                padding=ft.Padding.only(left=16, right=16, top=8),
                            ),
                        ),
                        ft.ListView(
                            controls=list(body), padding=ft.Padding.all(16), spacing=12, expand=True
                        ),
                        ft.Container(
                            ft.Column(
                                [
                                    *footer,
                                    # wraps: at large text sizes Back and a long
                                    # label ("Some answers need to be changed") did
                                    # not fit side by side, and Back was pushed off
                                    ft.Row(
                                        list(actions),
                                        alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
                                        wrap=True,
                                        run_spacing=8,
                                    ),
                                ],
                                spacing=4,
                                # the whole width: a wrapping row takes only
                                # what its buttons need, and Next came left
                                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                            ),
                            padding=ft.Padding.symmetric(horizontal=16, vertical=8),
                        ),
                    ],
                    spacing=0,
                    expand=True,
                ),
            )
        ],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        navigation_bar=nav_bar(ui, route),
        padding=0,
    )
