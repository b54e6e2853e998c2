"""Views built without a browser: controls are dataclasses, so we walk the
tree and look for the identifiers the browser tests and screen readers use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import flet as ft
import pytest

from app import paths
from app.content.articles import load_articles
from app.settings import Settings
from app.startup import AppContext
from app.ui.components import LRI, LTR_BODY, PDI
from app.ui.routes import views_for
from app.ui.session import UiSession
from tests.conftest import ArticleWriter, article_text


class FakePage:
    """Only what views touch: navigation requests are recorded."""

    def __init__(self, web: bool = False) -> None:
        self.pushed: list[str] = []
        self.web = web
        #: what handlers sent to the screen (UiSession.update)
        self.updated: list[object] = []

    def update(self, *controls: object) -> None:
        self.updated.extend(controls or (self,))

    def run_task(self, handler, *args):  # type: ignore[no-untyped-def]
        if args:  # a route to go to (UiSession.go); other tasks need a client
            self.pushed.append(args[0])

    def show_dialog(self, dialog: object) -> None:
        if hasattr(dialog, "open"):
            dialog.open = True  # as Flet's page does
        self.dialogs.append(dialog)

    @property
    def dialogs(self) -> list[object]:
        """Dialogs and snack bars shown (UiSession.show_dialog)."""
        return self.__dict__.setdefault("_dialogs", [])


def walk(control: object, *, shown: bool = False) -> Iterator[object]:
    """The control and everything in it; with `shown`, not what is hidden."""
    if shown and getattr(control, "visible", True) is False:
        return
    yield control
    for name in (
        "content",
        "controls",
        "title",
        "subtitle",
        "leading",
        "trailing",
        "appbar",
        "actions",
        "navigation_bar",
        "destinations",
        "icon",
        "selected_icon",
    ):
        child = getattr(control, name, None)
        if isinstance(child, list):
            for c in child:
                yield from walk(c, shown=shown)
        elif isinstance(child, ft.BaseControl):
            yield from walk(child, shown=shown)


def identifiers(views: list[ft.View], *, shown: bool = False) -> set[str]:
    return {
        c.identifier
        for v in views
        for c in walk(v, shown=shown)
        if isinstance(c, ft.Semantics) and c.identifier
    }


def find(views: list[ft.View], ident: str) -> ft.Control:
    """The control a Semantics with this identifier wraps."""
    for v in views:
        for c in walk(v):
            if isinstance(c, ft.Semantics) and c.identifier == ident:
                assert isinstance(c.content, ft.Control)
                return c.content
    raise AssertionError(f"no {ident}")


def semantics(views: list[ft.View], ident: str) -> ft.Semantics:
    return next(
        c for v in views for c in walk(v) if isinstance(c, ft.Semantics) and c.identifier == ident
    )


class Event:
    """What a handler is given: the control it came from."""

    def __init__(self, control: object, data: str | None = None) -> None:
        self.control = control
        self.data = data


def texts(views: list[ft.View]) -> list[str]:
    out = []
    for v in views:
        for c in walk(v):
            if isinstance(c, ft.Text) and isinstance(c.value, str):
                out.append(c.value)
            if isinstance(c, ft.Markdown):
                out.append(c.value)
    return out


@pytest.fixture
def ui(tmp_path: Path, store, registry, write_article: ArticleWriter) -> UiSession:
    write_article("en", "keep-your-passport")
    write_article("en", "no-recruitment-fees", title="No fees", topic="recruitment_fees")
    write_article("am", "keep-your-passport", title="ፓስፖርትዎን ይያዙ", translation="machine")
    store.replace_content(load_articles(tmp_path / "rights").articles, "abc")
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store)
    return UiSession(context, FakePage(), registry.get("am"))  # type: ignore[arg-type]


def test_rights_lists_topics_then_a_topics_articles(ui):
    views = views_for(ui, "/rights")
    ids = identifiers(views)
    assert {"topic-documents", "topic-recruitment_fees"} <= ids
    assert not any(i.startswith("article-") for i in ids)
    assert {"nav-rights", "nav-checklist", "nav-report", "nav-more"} <= ids

    documents = views_for(ui, "/rights?topic=documents")
    assert len(documents) == 2  # the topics underneath, for the back button
    ids = identifiers(documents[-1:])
    assert "article-keep-your-passport" in ids
    assert "article-no-recruitment-fees" not in ids
    assert "nav-rights" in ids


def test_a_fallback_article_says_so_in_the_ui_language(ui):
    views = views_for(ui, "/rights/no-recruitment-fees")
    assert "article-fallback-notice" in identifiers(views)
    # English is named in Amharic too: "English" is not a word an Amharic reader reads
    notice = next(t for t in texts(views[-1:]) if "እንግሊዝኛ" in t)
    assert notice != "This article is not yet available in {language}. It is shown in {fallback}."
    assert "አማርኛ" in notice and "English" not in notice


def test_a_machine_translation_is_labelled_with_the_original_one_tap_away(ui):
    views = views_for(ui, "/rights/keep-your-passport")
    ids = identifiers(views)
    assert {"article-machine-notice", "article-original"} <= ids
    assert "article-fallback-notice" not in ids
    original = views_for(ui, "/rights/keep-your-passport/original")
    assert "You keep your passport." in texts(original[-1:])
    assert "article-machine-notice" not in identifiers(original[-1:])


def test_an_article_shows_sources_and_review_date(ui):
    shown = texts(views_for(ui, "/rights/no-recruitment-fees"))
    assert any("ILO C189: Article 9" in t for t in shown)
    assert any("2026" in t for t in shown)


def test_first_run_shows_only_the_language_choice(ui):
    ui.language_chosen = False
    ids = identifiers(views_for(ui, "/rights"))
    assert "language-picker" in ids and "nav-rights" not in ids


@pytest.mark.parametrize(("asked", "then"), [("/help", None), ("/", "/rights")])
def test_after_the_first_language_choice_the_screen_asked_for_is_shown(ui, asked, then):
    # a link or QR code to /help, handed to a worker in trouble, led to the
    # Rights list once a language was chosen
    ui.language_chosen = False
    ui.page.route = asked  # type: ignore[attr-defined]
    redraws: list[str] = []
    ui.on_language_change = lambda: redraws.append(ui.language.code)
    tile = find(views_for(ui, asked), "language-sw")
    tile.on_click(Event(tile))  # type: ignore[attr-defined]
    assert redraws == ["sw"]  # the page is drawn again at its route, in Swahili
    assert ui.page.pushed == ([then] if then else [])  # type: ignore[attr-defined]


def test_unknown_routes_and_articles_show_the_rights_list(ui):
    for route in ("/nowhere", "/rights/no-such-article"):
        views = views_for(ui, route)
        assert len(views) == 1 and views[0].route == "/rights"


def test_choosing_a_language_is_remembered_and_redraws(ui):
    redraws: list[str] = []
    ui.on_language_change = lambda: redraws.append(ui.language.code)
    ui.set_language("ar")
    assert redraws == ["ar"]
    assert ui.context.store.get_setting("ui_language") == "ar"
    assert ui._("Rights") != "Rights"


def test_about_shows_versions_and_says_the_ui_is_machine_translated(ui):
    shown = texts(views_for(ui, "/more/about"))
    assert "0.1.0" in shown
    assert any(t.startswith("abc") for t in shown)  # the content hash, shortened
    assert ui._("Machine translation: a person has not checked it yet.") in shown
    ui.set_language("en")
    assert "Machine translation: a person has not checked it yet." not in texts(
        views_for(ui, "/more/about")
    )


def test_about_says_when_the_rights_articles_were_last_reviewed(
    ui, tmp_path, write_article: ArticleWriter
):
    ui.set_language("en")
    (shown,) = [t for t in texts(views_for(ui, "/more/about")) if t.startswith("abc\n")]
    assert shown.endswith("Last reviewed: November 26, 2026")
    text = article_text("old-news", title="Old", topic="wages").replace(
        "last_reviewed = 2026-11-26", "last_reviewed = 2026-03-01"
    )
    write_article("en", "old-news", text=text)
    # a translation's own date is not the English original's review
    text = article_text(
        "no-recruitment-fees", title="ክፍያ", topic="recruitment_fees", translation="machine"
    ).replace("last_reviewed = 2026-11-26", "last_reviewed = 2025-01-01")
    write_article("am", "no-recruitment-fees", text=text)
    ui.context.store.replace_content(load_articles(tmp_path / "rights").articles, "abd")
    (shown,) = [t for t in texts(views_for(ui, "/more/about")) if t.startswith("abd\n")]
    assert shown.endswith("Last reviewed: March 1, 2026 – November 26, 2026")


def test_a_stale_article_tells_the_reader(ui, tmp_path, write_article: ArticleWriter):
    text = article_text("old-news", title="Old", topic="wages").replace(
        "last_reviewed = 2026-11-26\nnext_review = 2027-11-26",
        "last_reviewed = 2020-01-01\nnext_review = 2021-01-01",
    )
    write_article("en", "old-news", text=text)
    ui.context.store.replace_content(load_articles(tmp_path / "rights").articles, "abd")
    assert "article-stale-notice" in identifiers(views_for(ui, "/rights/old-news"))
    assert "article-stale-notice" not in identifiers(views_for(ui, "/rights/keep-your-passport"))


def test_search_shows_marked_results_and_suggests_browsing_when_empty(ui):
    views = views_for(ui, "/search?q=%E1%8D%93%E1%88%B5%E1%8D%96%E1%88%AD%E1%89%B5")  # ፓስፖርት
    ids = identifiers(views)
    assert "search-result-keep-your-passport" in ids
    assert "rights-search" in ids
    result = next(
        c
        for c in walk(views[-1])
        if isinstance(c, ft.Semantics) and c.identifier == "search-result-keep-your-passport"
    )
    spans = [s for c in walk(result) if isinstance(c, ft.Text) for s in (c.spans or [])]
    assert any(s.style is not None and s.style.weight == ft.FontWeight.BOLD for s in spans)

    empty = views_for(ui, "/search?q=zebra")
    assert "search-no-results" in identifiers(empty)
    assert not any(i.startswith("search-result-") for i in identifiers(empty))


def test_english_words_keep_their_order_on_an_arabic_screen(ui, registry):
    """On a right-to-left screen an English search result, and every
    source's English name, are isolated as left to right (their full stops
    and brackets were drawn at the wrong end); Arabic's own words are not."""
    ui.set_language("ar")
    views = views_for(ui, "/search?q=passport")
    result = find(views, "search-result-keep-your-passport")
    lines = [
        "".join(s.text or "" for s in c.spans or [])
        for c in walk(result)
        if isinstance(c, ft.Text) and c.spans
    ]
    assert lines and all(line.startswith(LRI) and line.endswith(PDI) for line in lines), lines

    article = views_for(ui, "/rights/keep-your-passport")[-1]
    source_lines = [t for t in texts([article]) if t.startswith(LRI)]
    assert len(source_lines) == 1 and source_lines[0].endswith(PDI)
    assert article.data == LTR_BODY  # English for lack of Arabic: read from the left

    ui.set_language("en")
    plain = views_for(ui, "/rights/keep-your-passport")[-1]
    assert not any(LRI in t for t in texts([plain]))
    assert plain.data != LTR_BODY


def test_words_of_another_language_find_its_articles_and_say_so(ui):
    """An outreach worker reading English types a worker's Amharic word: it
    was "Nothing found"; the Amharic article is found, under a line saying
    the words were found in another language."""
    amharic = "/search?q=%E1%8D%93%E1%88%B5%E1%8D%96%E1%88%AD%E1%89%B5"  # ፓስፖርት
    assert "search-other-languages" not in identifiers(views_for(ui, amharic))  # read in Amharic
    ui.set_language("en")
    views = views_for(ui, amharic)
    ids = identifiers(views)
    assert {"search-other-languages", "search-result-keep-your-passport"} <= ids
    assert "search-no-results" not in ids
    assert "search-other-languages" not in identifiers(views_for(ui, "/search?q=passport"))
    nothing = identifiers(views_for(ui, "/search?q=zebra"))
    assert "search-no-results" in nothing and "search-other-languages" not in nothing


def test_typed_words_stay_out_of_the_address(ui):
    """The browser's history on a shared laptop would keep /search?q=...
    for the next person: typed words go to the session's memory."""
    box = find(views_for(ui, "/rights"), "rights-search")
    box.value = "ፓስፖርት"  # type: ignore[attr-defined]  # "passport"
    box.on_submit(Event(box))  # type: ignore[attr-defined]
    assert ui.page.pushed == ["/search"]  # type: ignore[attr-defined]
    assert "search-result-keep-your-passport" in identifiers(views_for(ui, "/search"))
    # a search link's words still open their results
    assert "search-no-results" in identifiers(views_for(ui, "/search?q=zebra"))
    # the words are gone with the rest of what the reader entered
    more = views_for(ui, "/more")
    find(more, "more-forget").on_click(Event(None))  # type: ignore[attr-defined]
    find(more, "more-forget-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    shown = identifiers(views_for(ui, "/search"))
    assert "rights-search" in shown
    assert not any(i.startswith("search-") for i in shown)  # no results, no "nothing found"


def test_a_button_searches_once_a_letter_is_typed(ui):
    """A reader who did not know to press Enter typed, and nothing happened."""
    box = find(views_for(ui, "/rights"), "rights-search")
    assert isinstance(box, ft.TextField) and box.suffix is None  # nothing to search for yet
    box.value = "passport"
    box.on_change(Event(box))  # type: ignore[misc]
    button = box.suffix
    assert isinstance(button, ft.Semantics) and button.identifier == "rights-search-go"
    assert isinstance(button.content, ft.IconButton)
    button.content.on_click(Event(button.content))  # type: ignore[misc]
    assert ui.page.pushed == ["/search"]  # type: ignore[attr-defined]
    # on the results screen, with words in the box, it is there from the start
    again = find(views_for(ui, "/search")[-1:], "rights-search")
    assert isinstance(again, ft.TextField) and again.suffix is not None


def test_browse_by_stage_and_destination(ui, tmp_path, write_article: ArticleWriter):
    qatar = article_text("qatar-minimum-wage", title="Minimum wage in Qatar", topic="wages")
    qatar = qatar.replace('stages = ["pre_departure"]', 'stages = ["in_destination"]')
    qatar = qatar.replace('countries = ["*"]', 'countries = ["QA"]')
    write_article("en", "qatar-minimum-wage", text=qatar)
    ui.context.store.replace_content(load_articles(tmp_path / "rights").articles, "abe")

    def shown(route: str) -> set[str]:
        return identifiers(views_for(ui, route)[-1:])

    every = shown("/rights")
    assert {"topic-wages", "topic-documents", "rights-filters"} <= every
    # folded under one line until the reader opens it
    assert not any(i.startswith(("stage-", "country-")) for i in every)
    views = views_for(ui, "/rights")
    assert semantics(views, "rights-filters").expanded is False
    line = find(views, "rights-filters")
    line.on_click(Event(line))  # type: ignore[attr-defined]
    opened = identifiers(views, shown=True)
    assert {"stage-all", "stage-pre_departure", "country-all", "country-QA"} <= opened
    assert ui.page.updated  # type: ignore[attr-defined]  # drawn in place
    assert semantics(views, "rights-filters").expanded is True
    find(views, "rights-filters").on_click(Event(line))  # type: ignore[attr-defined]
    assert not any(i.startswith("stage-") for i in identifiers(views, shown=True))
    assert semantics(views, "rights-filters").expanded is False

    before = shown("/rights?stage=pre_departure")
    assert "topic-documents" in before and "topic-wages" not in before
    assert "stage-all" in before  # a choice made shows the chips, to undo it
    # what is shown, in the reader's language: "Before you leave · All countries"
    assert "ከመሄድዎ በፊት · ሁሉም አገሮች" in texts(views_for(ui, "/rights?stage=pre_departure"))
    assert "article-keep-your-passport" in shown("/rights?topic=documents&stage=pre_departure")
    assert "article-qatar-minimum-wage" not in shown("/rights?topic=wages&stage=pre_departure")

    elsewhere = shown("/rights?topic=documents&country=SA")
    assert "article-keep-your-passport" in elsewhere  # for every country
    assert "topic-wages" not in shown("/rights?country=SA")
    assert "article-qatar-minimum-wage" in shown("/rights?topic=wages&country=QA")

    # nonsense in the address is ignored, not an error
    assert "article-qatar-minimum-wage" in shown("/rights?topic=wages&stage=x&country=*")
    assert "topic-wages" in shown("/rights?topic=gardening")
    # the country chip is named in the reader's language (Amharic here)
    views = views_for(ui, "/rights?country=SA")
    chips = [c.label for v in views for c in walk(v) if isinstance(c, ft.Chip)]
    assert "ኳታር" in chips


def test_an_article_links_its_related_articles(ui, tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport", related='["no-recruitment-fees"]')
    write_article(
        "am", "keep-your-passport", translation="machine", related='["no-recruitment-fees"]'
    )
    ui.context.store.replace_content(load_articles(tmp_path / "rights").articles, "abf")
    views = views_for(ui, "/rights/keep-your-passport")
    assert "related-no-recruitment-fees" in identifiers(views)
    # Back from the related article returns to this one
    find(views, "related-no-recruitment-fees").on_click(Event(None))  # type: ignore[attr-defined]
    opened = ui.page.pushed[-1]  # type: ignore[attr-defined]
    assert opened == "/rights/no-recruitment-fees?from=keep-your-passport"
    routes = [v.route for v in views_for(ui, opened)]
    assert routes == ["/rights", "/rights/keep-your-passport", "/rights/no-recruitment-fees"]
    # and from the English original to the machine translation it was opened from
    routes = [v.route for v in views_for(ui, "/rights/keep-your-passport/original")]
    assert routes[1:] == ["/rights/keep-your-passport", "/rights/keep-your-passport/original"]
    # a link in the article's text does the same
    body = next(c for c in walk(views[-1]) if isinstance(c, ft.Markdown))
    body.on_tap_link(SimpleNamespace(data="article:no-recruitment-fees"))  # type: ignore[misc]
    assert ui.page.pushed[-1] == opened  # type: ignore[attr-defined]
    # an origin that does not exist is all the topics; the article still shows
    routes = [v.route for v in views_for(ui, "/rights/keep-your-passport?from=no-such-thing")]
    assert routes == ["/rights", "/rights/keep-your-passport"]


def test_help_lists_entries_for_the_chosen_country(ui, registry):
    from app.content.help import load_help

    entries, _ = load_help(paths.HELP_DIR, registry.codes)
    ui.context.store.replace_help(entries)
    every = identifiers(views_for(ui, "/help")[-1:])
    assert {"help-trade-unions", "help-qatar-labour-complaints", "help-saudi-hrsd"} <= every
    qatar = identifiers(views_for(ui, "/help?country=QA")[-1:])
    assert "help-qatar-labour-complaints" in qatar and "help-saudi-hrsd" not in qatar
    shown = texts(views_for(ui, "/help")[-1:])
    assert "የሠራተኛ ማኅበር" in shown  # the Amharic text of the union entry
    more = views_for(ui, "/more")[-1]
    order = [c.identifier for c in walk(more) if isinstance(c, ft.Semantics) and c.identifier]
    # first on More, where a phone shows it at once; the languages follow
    assert order.index("more-help") < order.index("language-picker")


def test_more_removes_everything_entered_after_asking(ui):
    from app.store.checklist import ChecklistStore
    from app.store.drafts import Drafts

    checklist = ChecklistStore(ui.context.store)
    checklist.set_note("keep-passport-copy", "Copy is with my sister")
    Drafts(ui.context.store).start()
    views = views_for(ui, "/more")
    done = semantics(views, "more-forget-done")
    assert not done.visible and not semantics(views, "more-forget-ask").visible
    find(views, "more-forget").on_click(Event(None))  # type: ignore[attr-defined]
    assert semantics(views, "more-forget-ask").visible  # asked; nothing removed yet
    assert checklist.notes() != {}
    find(views, "more-forget-cancel").on_click(Event(None))  # type: ignore[attr-defined]
    assert checklist.notes() != {} and not done.visible
    find(views, "more-forget").on_click(Event(None))  # type: ignore[attr-defined]
    find(views, "more-forget-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    assert checklist.notes() == {} and Drafts(ui.context.store).latest() is None
    assert done.visible  # said on the screen, in place
    assert not semantics(views, "more-forget-done-waiting").visible


def test_removing_everything_says_what_stays_and_clears_every_tab(ui):
    """A report not sent yet stays (it would be lost): "this device no longer
    holds what you entered" would be untrue. And another tab open on the
    same laptop forgets its last search and sent screen too."""
    from app.store.outbox import Outbox

    Outbox(ui.context.store).add("00000000-0000-4000-8000-000000000002", "{}", "1" * 64)
    other_tab = UiSession(ui.context, FakePage(), ui.language)  # type: ignore[arg-type]
    ui.context.sessions.add(other_tab)
    other_tab.search_text = "escape visa"
    other_tab.last_sent = (("passport",), "SA")
    drawn: list[str] = []
    other_tab.on_refresh = lambda: drawn.append("other tab")
    closed_tab = UiSession(ui.context, FakePage(), ui.language)  # type: ignore[arg-type]
    ui.context.sessions.add(closed_tab)
    closed_tab.on_refresh = lambda: 1 / 0  # type: ignore[assignment, return-value]
    views = views_for(ui, "/more")
    find(views, "more-forget").on_click(Event(None))  # type: ignore[attr-defined]
    find(views, "more-forget-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    assert semantics(views, "more-forget-done-waiting").visible
    assert not semantics(views, "more-forget-done").visible
    assert other_tab.search_text == "" and other_tab.last_sent is None
    assert drawn == ["other tab"]  # it no longer shows the search removed


def test_back_from_an_article_returns_where_it_was_opened(ui):
    """The app bar's Back, and a phone's, pop to the view under the article
    (shell.view_pop): the topic's list or the search results it came from,
    not all the topics."""
    listing = views_for(ui, "/rights?topic=documents&stage=pre_departure")
    assert listing[-1].route == "/rights?topic=documents&stage=pre_departure"
    find(listing, "article-keep-your-passport").on_click(Event(None))  # type: ignore[attr-defined]
    opened = ui.page.pushed[-1]  # type: ignore[attr-defined]
    assert opened == "/rights/keep-your-passport?topic=documents&stage=pre_departure"
    stack = views_for(ui, opened)
    assert [v.route for v in stack[:-1]] == ["/rights", listing[-1].route]

    ui.search_text = "ፓስፖርት"  # "passport", typed on the Rights screen
    results = views_for(ui, "/search")
    find(results, "search-result-keep-your-passport").on_click(Event(None))  # type: ignore[attr-defined]
    opened = ui.page.pushed[-1]  # type: ignore[attr-defined]
    stack = views_for(ui, opened)
    assert [v.route for v in stack[:-1]] == ["/rights", "/search"]
    assert "search-result-keep-your-passport" in identifiers(stack[1:2])
    # opened from anywhere else (a link, the report's advice): all the topics
    assert [v.route for v in views_for(ui, "/rights/keep-your-passport")[:-1]] == ["/rights"]


def test_a_long_title_gets_two_lines_in_a_taller_bar():
    # "Ce que le recrutement vous coûte" was cut to "…vous coû…" on a phone
    from app.ui.components import app_bar

    long = app_bar("Ce que le recrutement vous coûte", back=True)
    assert isinstance(long.title, ft.Text) and long.title.max_lines == 2
    assert long.toolbar_height is not None and long.toolbar_height >= 72
    short = app_bar("Vos droits")
    assert short.toolbar_height is None  # Material's own height
    assert isinstance(short.title, ft.Text) and short.title.theme_style is None
    # 24 characters, but Burmese letters are wide: its tops were cut off
    assert app_bar("အလုပ်ခေါ်ယူရေး အခကြေးငွေ").toolbar_height == long.toolbar_height
    assert app_bar("A" * 24).toolbar_height is None


def test_an_article_is_read_heading_by_heading(ui, registry):
    """One Markdown control per heading, paragraph and list, headings marked
    as such: drawn whole, an article was one label to a screen reader."""
    from app.ui.components import markdown_body

    controls = markdown_body("## Your rights\n\nYou keep it.\n\n- One\n- Two\n")
    assert [type(c).__name__ for c in controls] == ["Semantics", "Markdown", "Markdown"]
    heading = controls[0]
    assert isinstance(heading, ft.Semantics) and heading.header and heading.container
    assert heading.heading_level == 2  # under the article's title, level 1
    assert [c.value for c in walk(controls[0]) if isinstance(c, ft.Markdown)] == ["## Your rights"]


def test_an_articles_read_more_list_is_a_button_for_each_link(ui):
    """Reached by Tab and heard as something to open: Markdown's links are
    neither. Tapped, each opens its article."""
    from app.ui.components import markdown_body

    opened: list[str] = []
    body = (
        "Text with [a link](article:inline).\n\n"
        "## Read more\n\n- [Pay](article:pay)\n- [Rest](article:rest)\n"
    )
    controls = markdown_body(body, opened.append)
    assert [type(c).__name__ for c in controls] == ["Markdown", "Semantics", "ListTile", "ListTile"]
    tiles = [c for c in controls if isinstance(c, ft.ListTile)]
    assert [t.title.value for t in tiles] == ["Pay", "Rest"]  # type: ignore[union-attr]
    tiles[1].on_click(None)  # type: ignore[misc]
    assert opened == ["article:rest"]
    # with nothing to open links with (a checklist item), the list stays Markdown
    assert [type(c).__name__ for c in markdown_body(body)][-1] == "Markdown"
    # the eleven warning signs, numbered, each a sentence: a numbered button
    # for each, in every language (the full stop is the script's own)
    from app.content.frontmatter import parse

    for path in sorted(paths.RIGHTS_DIR.glob("*/forced-labour-warning-signs.md")):
        body = parse(path.read_text(encoding="utf-8")).body
        numbered = [
            (c.leading.content.value, c.on_click)  # type: ignore[union-attr]
            for c in markdown_body(body, opened.append)
            if isinstance(c, ft.ListTile) and isinstance(c.leading, ft.Container)
        ]
        assert [n for n, _ in numbered] == [f"{i}." for i in range(1, 12)], path
        numbered[6][1](None)  # type: ignore[misc]
        assert opened[-1] == "article:retention-of-identity-documents", path
    # and the article screen is built whole, so Tab reaches what is far below
    views = views_for(ui, "/rights/keep-your-passport")
    headings = [
        (c.heading_level, texts([c])[0])
        for c in walk(views[-1])
        if isinstance(c, ft.Semantics) and c.header
    ]
    assert headings[:2] == [(1, "ፓስፖርትዎን ይያዙ"), (2, ui._("Sources"))], headings
    lists = [c for c in walk(views[-1]) if isinstance(c, ft.ListView)]
    assert lists and not lists[0].build_controls_on_demand and lists[0].cache_extent


def test_languages_are_named_in_the_readers_language_under_their_own(ui):
    ui.set_language("ar")
    shown = texts(views_for(ui, "/more"))
    assert "English" in shown  # its own name, as a title
    assert "الإنجليزية" in shown and "Arabic" not in shown  # not "English" under it
    ui.set_language("en")
    assert "Arabic" in texts(views_for(ui, "/more"))


def test_a_machine_translation_dates_the_review_of_its_english_original(ui):
    """A person reviewed the English article; "last reviewed" under an
    Amharic machine translation read as a review of the Amharic."""
    shown = " ".join(texts(views_for(ui, "/rights/keep-your-passport")))
    assert "የእንግሊዝኛው ዋና ጽሑፍ መጨረሻ የተገመገመው" in shown  # the English original's review
    english = UiSession(ui.context, FakePage(), ui.context.registry.get("en"))  # type: ignore[arg-type]
    shown = " ".join(texts(views_for(english, "/rights/keep-your-passport")))
    assert "Last reviewed:" in shown and "English original" not in shown


def test_a_misspelt_search_shows_the_results_for_the_words_meant(ui):
    english = UiSession(ui.context, FakePage(), ui.context.registry.get("en"))  # type: ignore[arg-type]
    views = views_for(english, "/search?q=pasport")
    assert "search-result-keep-your-passport" in identifiers(views)
    assert "Results for “passport”" in texts(views)
    assert "search-no-results" not in identifiers(views)
    views = views_for(english, "/search?q=zebra")  # nothing close: said so
    assert "search-no-results" in identifiers(views) and "search-instead" not in identifiers(views)
