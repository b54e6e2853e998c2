"""Small building blocks shared by the views."""

from __future__ import annotations

import asyncio
import contextlib
import unicodedata
from collections.abc import Callable, Sequence

import flet as ft

from app.core.articles import LinkItem, body_blocks, link_list
from app.core.languages import SOURCE_LANGUAGE
from app.ui.session import UiSession

#: (route, identifier, icon, selected icon); labels are translated in `nav_bar`
SECTIONS = (
    ("/rights", "nav-rights", ft.Icons.MENU_BOOK_OUTLINED, ft.Icons.MENU_BOOK),
    ("/checklist", "nav-checklist", ft.Icons.CHECKLIST_OUTLINED, ft.Icons.CHECKLIST),
    ("/report", "nav-report", ft.Icons.REPORT_OUTLINED, ft.Icons.REPORT),
    ("/more", "nav-more", ft.Icons.MORE_HORIZ, ft.Icons.MORE_HORIZ),
)
MIN_TOUCH = 48
READING_WIDTH = 720
#: between the rows of a screen (and of a group of rows drawn as one)
SPACING = 12


#: marks a view whose body reads left to right on a right-to-left screen (an
#: English article for a reader of Arabic); see `page_rtl`
LTR_BODY = "ltr-body"
#: Unicode's left-to-right and right-to-left isolates, and their end (see
#: `in_own_direction`)
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"

#: screens reached from a section that live outside its path
SECTION_OF = {"/help": "/more", "/search": "/rights"}


def section_index(route: str) -> int:
    route = route.split("?", 1)[0]
    route = SECTION_OF.get(route, route)
    for i, (prefix, *_rest) in enumerate(SECTIONS):
        if route == prefix or route.startswith(prefix + "/"):
            return i
    return 0


def nav_bar(ui: UiSession, route: str) -> ft.NavigationBar:
    _ = ui._
    labels = (_("Rights"), _("Checklist"), _("Report"), _("More"))

    def changed(e: ft.Event[ft.NavigationBar]) -> None:
        ui.go(SECTIONS[e.control.selected_index][0])

    return ft.NavigationBar(
        selected_index=section_index(route),
        on_change=changed,
        destinations=[
            ft.NavigationBarDestination(
                label=label,
                # the identifier must sit on both icons, or the selected tab loses it
                icon=ft.Semantics(identifier=ident, content=ft.Icon(icon)),
                selected_icon=ft.Semantics(identifier=ident, content=ft.Icon(selected)),
            )
            for (_route, ident, icon, selected), label in zip(SECTIONS, labels, strict=True)
        ],
    )


def at_reading_width(control: ft.Control) -> ft.Control:
    """`control` at most READING_WIDTH wide, in the middle: lines stay
    readable on a laptop or a projector; on a phone it is the screen's
    width. Each of a list's rows, not the list: a list that narrow left the
    margins of a laptop's screen dead to the mouse wheel."""
    return ft.Container(
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Container(width=READING_WIDTH, content=control),
    )


def is_wide(ui: UiSession) -> bool:
    """Whether the window is wider than a line should be (a laptop, a
    tablet on its side), as the browser or the app last said."""
    width = getattr(ui.page, "width", None)
    return isinstance(width, int | float) and width > READING_WIDTH + 32


def screen(
    ui: UiSession,
    route: str,
    title: str,
    controls: Sequence[ft.Control],
    *,
    back: bool = False,
    build_all: bool = False,
    body_lang: str | None = None,
) -> ft.View:
    """A full screen: app bar, scrolling body, bottom navigation. With
    `build_all`, the body is built whole, not as it scrolls into sight: Tab
    can then reach what lies below a screen of text that holds nothing
    to focus (an article's links, its related articles). `body_lang` is
    the body's language when it may not be the reader's: an English
    article on an Arabic screen is laid out from the left, its bars from
    the right as on every other screen (`page_rtl`)."""
    view = ft.View(
        route=route,
        appbar=app_bar(title, back=back, actions=bar_actions(ui, route)),
        controls=[
            ft.ListView(
                # on a phone the rows are the screen's width already: holding
                # each made the first screen usable about 2% later
                controls=[at_reading_width(c) for c in controls] if is_wide(ui) else list(controls),
                padding=ft.Padding.all(16),
                spacing=SPACING,
                expand=True,
                build_controls_on_demand=not build_all,
                # Flutter lays out only what is near the screen, even
                # when built whole: far below, nothing to focus yet
                cache_extent=100_000 if build_all else None,
            )
        ],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        navigation_bar=nav_bar(ui, route),
        padding=0,
    )
    if body_lang is not None and ui.language.rtl and not ui.context.registry.get(body_lang).rtl:
        # Flutter lays a part out right to left on request, never left to
        # right: the page is left to right while this view is on top, and
        # its bars ask for right to left
        assert view.appbar is not None and view.navigation_bar is not None
        view.appbar.rtl = view.navigation_bar.rtl = True
        view.data = LTR_BODY
    return view


def page_rtl(ui: UiSession, views: Sequence[ft.View]) -> bool:
    """Whether the page is laid out right to left with these views shown:
    as the reader's language is, but for a view whose body reads left to
    right (`screen`'s `body_lang`)."""
    return ui.language.rtl and not (views and views[-1].data == LTR_BODY)


def in_readers_direction(ui: UiSession, control: ft.Control) -> ft.Control:
    """`control`, in the reader's language, laid out right to left when that
    language is, also inside a body that reads left to right (a note in
    Arabic above an English article)."""
    if ui.language.rtl:
        control.rtl = True
    return control


def in_own_direction(ui: UiSession, text: str, lang: str = SOURCE_LANGUAGE) -> str:
    """`text`, in language `lang` (Arabic, or a source's English name),
    kept in its own order on a screen that reads the other way, where its
    closing full stop or bracket was drawn at its start. Unchanged on a
    screen that reads the same way."""
    rtl = ui.context.registry.get(lang).rtl
    if rtl == ui.language.rtl:
        return text
    return f"{RLI if rtl else LRI}{text}{PDI}"


#: a text button 48 px tall from its padding (at the default text size), not
#: from a fixed height: with the phone's text set large a fixed 48 px cut its
#: words in half ("Read the English original" in Arabic and Burmese)
ROOMY = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12, vertical=14))


def named_picker(ui: UiSession, identifier: str, label: str, picker: ft.Dropdown) -> ft.Semantics:
    """A drop-down as a screen reader should hear it: its question and what
    is chosen ("I come from", then "Ethiopia"). The drop-down's own label does not
    reach the reader, and a label given around it hid the choice."""

    def chosen() -> str | None:
        return next((o.text for o in picker.options if o.key == picker.value), None)

    named = ft.Semantics(identifier=identifier, label=label, value=chosen(), content=picker)

    def selected(_e: ft.Event[ft.Dropdown]) -> None:
        named.value = chosen()
        ui.update(named)

    picker.on_select = selected  # the picker's own handler, if any, is replaced
    return named


def labelled(
    box: ft.Checkbox | ft.Switch, label: str, *, identifier: str | None = None
) -> ft.Control:
    """A checkbox and its words, as one row a finger can hit.

    Flet's own label sits beside the box unwrapped: a long one ("I agree
    that <organisation> may contact me") ran off the screen and pushed the
    box out of sight in Arabic. Here the words wrap in a list tile, a tap
    anywhere on it ticks the box, a screen reader hears box and words as
    one, and the row is at least 48 px high even in a desktop browser,
    where Flutter makes a checkbox 40 px. `identifier` names the box."""
    return ft.MergeSemantics(
        content=ft.ListTile(
            leading=ft.Semantics(identifier=identifier, content=box) if identifier else box,
            title=ft.Text(label),
            toggle_inputs=True,
            content_padding=ft.Padding.symmetric(horizontal=4),
        )
    )


def tick_box(
    value: bool, on_change: Callable[[ft.Event[ft.Checkbox]], None], *, name: str
) -> ft.Checkbox:
    """A checkbox with no words beside it (they are in the row it sits in),
    48 px wide and high however Flutter sizes it (40 px in a desktop browser:
    an empty label widens it, and makes it taller); `name` is what a screen
    reader says. No tooltip: its words are beside the box already, and a
    tooltip's name is one more node a screen reader reads out."""
    return ft.Checkbox(
        label=ft.Container(width=MIN_TOUCH - 40, height=MIN_TOUCH),
        value=value,
        on_change=on_change,
        semantics_label=name,
    )


#: a title wider than this many Latin letters may not fit on one line of a
#: phone's app bar
LONG_TITLE = 24


def title_width(title: str) -> float:
    """About how many Latin letters wide `title` is drawn: marks that sit on
    a letter take no room, and a Burmese or Ethiopic letter takes more than
    a Latin one. Counting characters put a 24-character Burmese title on
    one line, and its tops were cut off on a 360-pixel phone."""
    width = 0.0
    for c in title:
        kind = unicodedata.category(c)
        if kind in ("Mn", "Me", "Cf"):
            continue
        point = ord(c)
        if 0x1000 <= point <= 0x109F and kind == "Lo":  # Myanmar letters
            width += 1.6
        elif 0x1200 <= point <= 0x139F:  # Ethiopic syllables
            width += 1.25
        else:
            width += 1
    return width


def bar_button(
    identifier: str, icon: ft.IconData, label: str, on_click: Callable[[], None]
) -> ft.Control:
    """A button in the app bar: an icon named `label` for screen readers,
    and a tooltip. The icon's name is the button's: a tooltip's reached a
    node around it, and the button itself was read as "button"."""
    return ft.Semantics(
        identifier=identifier,
        content=ft.IconButton(
            ft.Icon(icon, semantics_label=label), tooltip=label, on_click=lambda _e: on_click()
        ),
    )


def bar_actions(ui: UiSession, route: str) -> list[ft.Control] | None:
    """The app bar's own button on every screen: "Next person" while the
    device is shared (app.ui.views.shared), where outreach staff find it
    whatever the last worker left open; else "Lock now" while a PIN is set
    (app.ui.views.lock), for a worker someone walks up to."""
    from app.ui.views.lock import lock_now_action
    from app.ui.views.shared import ROUTE, is_shared, next_person_action

    if is_shared(ui):
        return None if route == ROUTE else [next_person_action(ui)]
    action = lock_now_action(ui)
    return None if action is None else [action]


def app_bar(
    title: str, *, back: bool = False, actions: list[ft.Control] | None = None
) -> ft.AppBar:
    """The screen's title, whole: a long one ("Ce que le recrutement vous
    coûte") was cut to "…vous coû…". It takes two lines in a smaller size,
    in a bar tall enough for two lines of any script Haki ships."""
    long = max(len(title), title_width(title)) > LONG_TITLE
    return ft.AppBar(
        title=ft.Text(
            title,
            max_lines=2,
            overflow=ft.TextOverflow.ELLIPSIS,
            theme_style=ft.TextThemeStyle.TITLE_MEDIUM if long else None,
        ),
        automatically_imply_leading=back,
        toolbar_height=72 if long else None,
        actions=actions,
    )


def markdown_body(body: str, open_link: Callable[[str], None] | None = None) -> list[ft.Control]:
    """An article's (or checklist item's) Markdown, one control per heading,
    paragraph and list (app.core.articles.body_blocks), headings marked as
    such, so that a screen reader can stop at each and jump by heading.
    A list of links and nothing else ("Read more", the numbered warning
    signs) is a button for each, reached by Tab and heard as something to
    open (Markdown's links are neither), with its number if it had one;
    `open_link` is given each link's target."""
    controls: list[ft.Control] = []

    def tapped(e: ft.Event[ft.Markdown]) -> None:
        if open_link is not None:
            open_link(str(e.data or ""))

    for is_heading, text in body_blocks(body):
        links = link_list(text) if open_link is not None and not is_heading else None
        if links and open_link is not None:
            controls += [link_tile(link, open_link) for link in links]
            continue
        block: ft.Control = ft.Markdown(
            text, on_tap_link=tapped, extension_set=ft.MarkdownExtensionSet.GITHUB_WEB
        )
        if is_heading:  # "## ..." is a heading of level 2: the article's title is 1
            block = as_heading(block, min(len(text) - len(text.lstrip("#")), 6))
        controls.append(block)
    return controls


def link_tile(link: LinkItem, open_link: Callable[[str], None]) -> ft.ListTile:
    """A link of a list of links as a button: an article's sign beside it,
    or its number in a numbered list, with the sign every tile that opens
    a screen has (the numbers alone did not say the words can be tapped)."""
    if link.number is None:
        leading: ft.Control = ft.Icon(ft.Icons.ARTICLE_OUTLINED)
    else:
        # as wide for "10." as for "1.", so the words line up; in the size of
        # the words (a tile's leading words are small and grey)
        leading = ft.Container(
            ft.Text(f"{link.number}.", theme_style=ft.TextThemeStyle.BODY_LARGE), width=28
        )
    return ft.ListTile(
        leading=leading,
        title=ft.Text(link.words),
        trailing=None if link.number is None else ft.Icon(ft.Icons.CHEVRON_RIGHT),
        on_click=lambda _e: open_link(link.target),
    )


def as_heading(content: ft.Control, level: int) -> ft.Semantics:
    """`content` as a heading a screen reader can jump to, at its level (1:
    the title)."""
    return ft.Semantics(header=True, heading_level=level, container=True, content=content)


def heading_text(text: str, level: int, style: ft.TextThemeStyle) -> ft.Control:
    return as_heading(ft.Text(text, theme_style=style), level)


def unread(control: ft.Control) -> ft.Control:
    """Drawn, not read to a screen reader: for a progress bar under words
    that say the same (it read the bar's percentage after them: "0 of 49
    done 0")."""
    return ft.Semantics(exclude_semantics=True, content=control)


def notice(icon: ft.IconData, text: str, *, identifier: str | None = None) -> ft.Control:
    """A highlighted line of information (fallback language, machine translation)."""
    box = ft.Container(
        content=ft.Row(
            [ft.Icon(icon), ft.Text(text, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=8,
        padding=12,
    )
    return ft.Semantics(identifier=identifier, content=box) if identifier else box


def visitor_notice(ui: UiSession) -> list[ft.Control]:
    """On a phone served by an outreach laptop (app.visitors), where what
    the reader enters is kept: with this page only, not on their phone."""
    if not ui.context.visiting:
        return []
    return [
        notice(
            ft.Icons.WIFI,
            ui._(
                "This page comes from Haki on another device. Only you see what you "
                "enter here. It is removed an hour after you close this page. A "
                "finished report is still sent."
            ),
            identifier="visitor-notice",
        )
    ]


def reveal(ui: UiSession, control: ft.Control, *, from_top: bool = False) -> None:
    """Scroll the list `control` is in until it shows: something a tap
    opened at the bottom edge of the screen (a question, a result) appeared
    below it, and nothing visible changed. `control` needs a ScrollKey; it
    comes to the top of the list, or with `from_top` the list goes back to
    its start (for a control just under the screen's heading, which would
    otherwise scroll out of sight)."""
    holder = control.parent
    while holder is not None and not isinstance(holder, ft.ListView):
        holder = holder.parent
    key = control.key
    if holder is None or not (from_top or isinstance(key, ft.ScrollKey)):
        return
    listing = holder

    async def scroll() -> None:
        await asyncio.sleep(0.15)  # let the client lay out what was just shown
        with contextlib.suppress(Exception):  # the screen changed meanwhile: nothing to show
            if from_top:
                await listing.scroll_to(offset=0, duration=300)
            elif isinstance(key, ft.ScrollKey):
                await listing.scroll_to(scroll_key=key, duration=300)

    ui.page.run_task(scroll)


def ask_first(
    ui: UiSession,
    ident: str,
    action: str,
    icon: ft.IconData,
    question: str,
    detail: str,
    confirm: str,
    on_confirm: Callable[[], None],
) -> ft.Column:
    """A button for something that cannot be undone, which asks first on the
    screen itself: `question` and `detail`, then Cancel or `confirm`.

    Not in a dialog: a dialog open when the page reconnects to the app (a
    phone on an outreach laptop's wifi that drops for a moment) stays on
    the screen after it is closed, over a screen that no longer answers.
    Identifiers: `ident` (the button), `ident`-ask (the question, shown
    after a tap), `ident`-cancel and `ident`-confirm.
    """
    _ = ui._
    question_box = ft.Column(
        [
            ft.Text(question, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Text(detail),
        ]
    )
    # the Semantics is what hides: the web client cannot draw a Semantics
    # whose content is hidden (it shows a red error box in its place)
    ask = ft.Semantics(
        identifier=f"{ident}-ask",
        content=question_box,
        visible=False,
        # one per question drawn: the screen drawn before may still be in the
        # client's tree (flet's ScrollKey is a lazy dataclass mypy cannot see)
        key=ft.ScrollKey(f"{ident}-ask-{id(question_box)}"),  # type: ignore[call-arg]
    )
    start = ft.Semantics(
        identifier=ident,
        content=ft.TextButton(
            content=action, icon=icon, on_click=lambda _e: asking(True), height=MIN_TOUCH
        ),
    )
    panel = ft.Column([start, ask])

    def asking(shown: bool) -> None:
        ask.visible = shown
        start.visible = not shown
        ui.update(panel)
        if shown:
            reveal(ui, ask)

    def confirmed() -> None:
        asking(False)
        on_confirm()

    question_box.controls.append(
        ft.Row(
            [
                ft.Semantics(
                    identifier=f"{ident}-cancel",
                    content=ft.TextButton(
                        content=_("Cancel"), on_click=lambda _e: asking(False), height=MIN_TOUCH
                    ),
                ),
                ft.Semantics(
                    identifier=f"{ident}-confirm",
                    content=ft.FilledTonalButton(
                        content=confirm,
                        icon=ft.Icons.DELETE_OUTLINE,
                        on_click=lambda _e: confirmed(),
                        height=MIN_TOUCH,
                    ),
                ),
            ],
            wrap=True,
        )
    )
    return panel


class ErrorLine:
    """A line under a question or field that says what is wrong, in the
    reader's words; hidden (the Semantics, see ask_first) until it says something."""

    def __init__(self, identifier: str) -> None:
        self.text = ft.Text(color=ft.Colors.ERROR, visible=False, expand=True)
        self.control = ft.Semantics(
            identifier=identifier,
            # one per line ever drawn: the screen before, with its own lines,
            # may still be in the client's tree while this one comes in
            key=ft.ScrollKey(f"{identifier}-{id(self)}"),  # type: ignore[call-arg]
            live_region=True,
            # the message wraps: cut, it asked Arabic readers to tick a box
            # whose words it no longer showed
            content=ft.Row(
                [ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.ERROR), self.text],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            visible=False,
        )

    def show(self, message: str | None) -> None:
        self.text.value = message or ""
        self.text.visible = bool(message)
        self.control.visible = bool(message)


def big_button(
    identifier: str,
    label: str,
    icon: ft.IconData,
    on_click: Callable[[], None],
    *,
    filled: bool = True,
) -> ft.Control:
    # 56 px tall from its padding, not a fixed height: with the phone's text
    # set large, a fixed height cut "Next" and "Back" in half
    style = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=20, vertical=18))
    kind = ft.FilledButton if filled else ft.OutlinedButton
    return ft.Semantics(
        identifier=identifier,
        content=kind(content=label, icon=icon, on_click=lambda _e: on_click(), style=style),
    )
