"""The report screens without a browser: walk the control tree by the
accessibility identifiers, call the handlers, and follow the routes they ask for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import flet as ft
import pytest
from nacl.public import PrivateKey

from app.content.articles import load_articles
from app.core.report import Step
from app.core.report_sealing import open_sealed
from app.settings import Settings
from app.startup import AppContext
from app.store.drafts import Drafts
from app.store.outbox import Outbox
from app.ui.routes import views_for
from app.ui.session import UiSession
from sync.protocol import Envelope
from tests.conftest import ArticleWriter
from tests.test_views import FakePage, identifiers, texts, walk

KEY = PrivateKey.generate()


class Page(FakePage):
    """A page that records the routes handlers ask for."""

    async def push_route(self, route: str) -> None:  # never awaited: run_task records
        raise AssertionError("recorded by run_task")


class Driver:
    """Taps and types on the current route's screens, as a worker would."""

    def __init__(self, ui: UiSession) -> None:
        self.ui = ui
        self.page: Page = ui.page  # type: ignore[assignment]
        self.route = "/report"
        self.views = views_for(ui, self.route)

    def go(self, route: str) -> None:
        self.route = route
        self.views = views_for(self.ui, route)

    def follow(self) -> None:
        """Show the route the last handler asked for."""
        assert self.page.pushed, "no navigation happened"
        self.go(self.page.pushed.pop())

    def node(self, identifier: str) -> ft.Semantics:
        found = [
            c
            for c in walk(self.views[-1])
            if isinstance(c, ft.Semantics) and c.identifier == identifier
        ]
        assert found, f"{identifier} not on {self.route}: {sorted(self.ids())}"
        return found[0]

    def ids(self) -> set[str]:
        return identifiers(self.views[-1:])

    def chosen(self, identifier: str) -> bool:
        """Whether a tile is chosen, as a screen reader hears it: a
        multiple choice's is checked, a single choice's radio is its group's."""
        node = self.node(identifier)
        if node.checked is not None:
            return node.checked
        groups = [
            g
            for g in walk(self.views[-1])
            if isinstance(g, ft.RadioGroup) and any(c is node for c in walk(g))
        ]
        assert len(groups) == 1, identifier
        return groups[0].value == identifier.removeprefix("report-option-")

    def tap(self, identifier: str, *, follow: bool = False) -> None:
        content = self.node(identifier).content
        if isinstance(content, ft.MergeSemantics):  # a single choice's tile
            content = content.content
        handler = content.on_click if not isinstance(content, ft.Checkbox) else None
        if isinstance(content, ft.Checkbox):
            content.value = not content.value
            content.on_change(SimpleNamespace(control=content))
        else:
            assert handler is not None, identifier
            handler(None)
        if follow:
            self.follow()

    def type(self, identifier: str, text: str) -> None:
        field = self.node(identifier).content
        assert isinstance(field, ft.TextField)
        field.value = text
        field.on_change(SimpleNamespace(control=field))

    def error(self, key: str) -> str | None:
        line = self.node(f"report-error-{key}")
        if not line.visible:
            return None
        return next(t for t in texts([line]) if t)  # type: ignore[list-item]

    def next(self) -> None:
        self.tap("report-next", follow=True)

    def to_country(self) -> None:
        """A new report, "too many hours" answered: on the country screen."""
        self.tap("report-start", follow=True)
        self.tap("report-option-hours")
        self.next()


@pytest.fixture
def ui(tmp_path: Path, store, registry, write_article: ArticleWriter) -> UiSession:
    for article in ("retention-of-identity-documents", "withholding-of-wages", "join-a-union"):
        write_article("en", article, title=article.replace("-", " ").title())
    store.replace_content(load_articles(tmp_path / "rights").articles, "abc")
    settings = Settings(
        "127.0.0.1",
        1,
        tmp_path,
        organisation_public_key=bytes(KEY.public_key),
        organisation_name="Test Union",
    )
    context = AppContext(settings, registry, store)
    return UiSession(context, Page(), registry.get("en"))  # type: ignore[arg-type]


def test_the_report_tab_offers_to_make_a_report_and_my_reports(ui):
    d = Driver(ui)
    assert {"report-start", "report-my-reports", "nav-report"} <= d.ids()
    assert "report-resume" not in d.ids()
    assert not any(i.startswith("coming-soon") for i in d.ids())


def fill_a_report(d: Driver) -> None:
    """Every screen, with an answer on each (the browser test does the same)."""
    d.tap("report-start", follow=True)
    assert d.route == "/report/step/what"
    d.tap("report-option-passport")
    d.tap("report-option-wages")
    d.tap("report-option-union")
    d.tap("report-option-union")  # changed their mind
    d.next()
    d.tap("report-option-SA")
    d.next()
    assert d.route == "/report/step/region"
    d.tap("report-option-SA-01")
    d.next()
    d.tap("report-option-domestic_work")
    d.next()
    year = dt.date.today().year - 1
    d.tap(f"report-option-year-{year}")
    d.tap("report-option-month-03")
    d.next()
    d.tap("report-option-yes")
    d.next()
    d.tap("report-option-both")
    d.type("report-name-recruiter", "Sunrise Manpower")
    d.type("report-name-employer", "Al-Zahrani Trading")
    d.next()
    d.tap("report-option-female")
    d.next()
    d.tap("report-option-25_34")
    d.next()
    d.tap("report-option-KE")
    d.next()
    d.tap("report-option-work_permit")
    d.next()
    d.tap("report-option-agency")
    d.next()
    d.tap("report-option-amounts")
    d.type("report-costs-paid", "45,000")
    d.type("report-costs-earnings", "1500")
    d.next()
    d.type("report-text", "They keep my passport and have not paid me.")
    d.next()
    d.tap("report-option-contact")
    d.type("report-contact", "+254 712 345 678")
    d.tap("report-contact-consent")
    d.next()
    assert d.route == "/report/step/review"


def test_a_report_made_through_every_screen_ends_as_one_sealed_envelope(ui):
    d = Driver(ui)
    fill_a_report(d)
    shown = texts(d.views[-1:])
    assert "Domestic work" in shown  # readable by the server
    assert "Sunrise Manpower" in shown  # sealed, and the review says so
    assert "Sealed: only Test Union can read this" in shown
    assert "More than 6 months of pay" in shown  # 45000 / 1500 = 30 months, as a band
    assert "30" in shown  # the exact ratio, sealed

    d.tap("report-submit")  # no consent yet
    assert d.error("consent") == "Tick the box to confirm before you send."
    assert not d.page.pushed
    d.tap("report-consent")
    d.tap("report-submit", follow=True)
    assert d.route == "/report/sent"  # nothing of the report in the address

    rows = Outbox(ui.context.store).unacknowledged()
    assert len(rows) == 1
    assert Drafts(ui.context.store).latest() is None
    envelope = Envelope.model_validate_json(rows[0].envelope)
    clear = envelope.clear
    assert [c.value for c in clear.categories] == ["passport", "wages"]
    assert (clear.destination, clear.region, clear.origin) == ("SA", "SA-01", "KE")
    assert clear.month == f"{dt.date.today().year - 1}-03"
    assert clear.cost_band.value == "over_6"
    sealed = open_sealed(envelope.sealed, bytes(KEY))
    assert sealed["rn"] == "Sunrise Manpower" and sealed["c"] == "+254 712 345 678"
    assert sealed["r"] == "30.00"

    # the warning signs, with their articles and help for the destination
    ids = d.ids()
    assert {"report-sent", "report-sign-passport", "report-sign-wages"} <= ids
    assert "report-sign-union" not in ids
    assert "report-article-retention-of-identity-documents" in ids
    d.tap("report-get-help")
    assert d.page.pushed[-1] == "/help?country=SA"
    d.tap("report-article-withholding-of-wages", follow=True)
    assert d.route == "/rights/withholding-of-wages"
    # having moved on, Back to the screen after sending shows the report home:
    # on a shared device the next person must not learn that a report was made
    again = views_for(ui, "/report/sent")
    assert "report-start" in identifiers(again)
    assert not {"report-sent", "report-sign-passport"} & identifiers(again)
    assert "Report saved" not in texts(again)
    ui.last_sent = (("passport",), "SA")
    shown = " ".join(texts(views_for(ui, "/report/sent")))
    for verdict in ("This is forced labour", "this is not forced labour", "You are in forced"):
        assert verdict.lower() not in shown.lower()
    assert "does not decide" in shown

    # My reports: its state, never its content
    d.go("/report/mine")
    assert "report-status-1" in d.ids()
    shown = texts(d.views[-1:])
    assert "Waiting to send" in shown
    assert not any("passport" in t.lower() or "Sunrise" in t for t in shown)


def test_the_review_says_not_given_for_questions_skipped(ui):
    """Skipped or declined, the answer leaves as "undisclosed"; the review
    said "Prefer not to say" for questions the worker had skipped."""
    from app.core.report import Answers

    Drafts(ui.context.store).start(Answers(categories=["passport"], sex="female"))
    d = Driver(ui)
    d.go("/report/step/review")
    shown = texts(d.views[-1:])
    assert "Prefer not to say" not in shown
    assert "Woman" in shown
    assert shown.count("Not given") >= 3  # age, papers, and the other skipped ones


def test_received_reports_can_be_removed_from_the_phone_after_asking(ui):
    outbox = Outbox(ui.context.store)
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(3)]
    for i in ids:
        outbox.add(i, "{}", "0" * 64)
    d = Driver(ui)
    d.go("/report/mine")
    assert not d.node("report-forget-panel").visible  # nothing received yet
    outbox.acknowledge(ids[:2])
    d.go("/report/mine")
    assert {"report-status-1", "report-status-2", "report-status-3"} <= d.ids()
    start = d.node("report-forget")
    asked = d.node("report-forget-ask")
    assert start.visible and not asked.visible

    d.tap("report-forget")
    assert asked.visible and not start.visible
    d.tap("report-forget-cancel")
    assert start.visible and not asked.visible and len(outbox.statuses()) == 3
    d.tap("report-forget")
    d.tap("report-forget-confirm")
    assert [(s.seq, s.state.value) for s in outbox.statuses()] == [(3, "waiting")]
    # the screen says so at once, in place; what is left is numbered afresh,
    # so nothing tells how many were sent before
    assert "report-status-1" in d.ids() and "report-status-3" not in d.ids()
    assert "Report 1" in texts(d.views[-1:]) and "Report 3" not in texts(d.views[-1:])
    assert not d.node("report-forget-panel").visible  # no received report left to remove


def test_reports_not_sent_yet_can_be_deleted_after_asking(ui, tmp_path):
    """Before someone looks at the phone: waiting reports go, never to be
    sent. Received ones stay (their own panel), and so do those in doubt
    (the server may have them) and in conflict."""
    outbox = Outbox(ui.context.store)
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(4)]
    for n, i in enumerate(ids):
        outbox.add(i, f'{{"words":"PLANTED-UNSENT-{n}"}}', "0" * 64)
    outbox.acknowledge(ids[:1])
    outbox.mark_sending(ids[1:2])
    outbox.settle([], ids[2:3])  # the server holds other content under this id
    d = Driver(ui)
    d.go("/report/mine")
    start, asked = d.node("report-withdraw"), d.node("report-withdraw-ask")
    assert d.node("report-withdraw-panel").visible and start.visible and not asked.visible
    d.tap("report-withdraw")
    d.tap("report-withdraw-cancel")
    assert len(outbox.statuses()) == 4
    d.tap("report-withdraw")
    d.tap("report-withdraw-confirm")
    left = [(s.report_id, s.state.value) for s in outbox.statuses()]
    assert left == [(ids[2], "conflict"), (ids[1], "sending"), (ids[0], "received")]
    d.go("/report/mine")
    assert not d.node("report-withdraw-panel").visible  # nothing waiting to delete
    assert "report-status-3" in d.ids() and "report-status-4" not in d.ids()
    files = b"".join(p.read_bytes() for p in tmp_path.glob("*.db*"))
    assert b"PLANTED-UNSENT-0" in files  # the test can see what it looks for
    assert b"PLANTED-UNSENT-3" not in files


def test_back_keeps_answers_and_nothing_is_lost_on_a_bad_answer(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.tap("report-next")  # nothing chosen
    assert d.error("categories") == "Choose at least one thing that happened."
    assert not d.page.pushed
    d.tap("report-option-fees")
    d.next()
    d.tap("report-back", follow=True)
    assert d.chosen("report-option-fees")
    # jump to costs as a resumed draft would
    d.go("/report/step/costs")
    d.tap("report-option-amounts")
    d.type("report-costs-paid", "a lot")
    d.type("report-costs-earnings", "0")
    d.tap("report-next")
    assert d.error("costs_paid") == "Write a number, for example 1500."
    assert d.error("monthly_earnings") == "Your pay for a month must be more than zero."
    assert not d.page.pushed
    again = Driver(ui)
    again.go("/report/step/costs")  # drawn again from the draft: the text is still there
    assert again.node("report-costs-paid").content.value == "a lot"


def test_two_windows_on_one_report_do_not_erase_each_others_answers(ui):
    """An outreach laptop: the same report open in two tabs, each saving
    every answer as it is given."""
    first = Driver(ui)
    first.tap("report-start", follow=True)
    first.tap("report-option-fees")
    first.go("/report/step/who")
    second = Driver(ui)
    second.go("/report/step/who")
    second.tap("report-option-recruiter")
    second.type("report-name-recruiter", "Agency B")
    first.tap("report-option-both")  # drawn before the other tab's answers
    first.type("report-name-employer", "Boss A")
    draft = Drafts(ui.context.store).latest()
    assert draft is not None
    assert draft.answers.who == "both"
    assert (draft.answers.recruiter_name, draft.answers.employer_name) == ("Agency B", "Boss A")
    assert draft.answers.categories == ["fees"]


def test_a_screen_is_drawn_again_when_another_window_changed_its_report(ui):
    """The review sent must be the review seen: a tick on the consent box
    that brings in another window's answers shows them before Send."""
    from app.ui.report.wizard import Wizard

    drafts = Drafts(ui.context.store)
    draft = drafts.start()
    redrawn: list[bool] = []
    ui.on_refresh = lambda: redrawn.append(True)
    # each window reads the draft for itself
    review = Wizard(ui, drafts, drafts.get(draft.id), Step.REVIEW)  # type: ignore[arg-type]
    other = Wizard(ui, drafts, drafts.get(draft.id), Step.ORIGIN)  # type: ignore[arg-type]
    other.set("origin", "NP")
    assert redrawn == []  # nothing else had changed under the other window
    review.answers.consent = True
    review.save()
    assert redrawn == [True]
    assert (review.answers.origin, review.answers.consent) == ("NP", True)
    review.answers.consent = False
    review.save()  # its own change only: drawn as it is
    assert redrawn == [True]


def test_next_goes_by_the_answers_another_window_saved(ui):
    """Next from a country another tab has since changed: the screen is
    drawn again (it said Saudi Arabia; the report now says Singapore), not
    a region question for a country that has none."""
    first = Driver(ui)
    first.to_country()
    first.tap("report-option-SA")
    second = Driver(ui)
    second.go("/report/step/country")
    second.tap("report-option-SG")
    redrawn: list[bool] = []
    ui.on_refresh = lambda: redrawn.append(True)
    first.tap("report-next")
    assert redrawn == [True] and not first.page.pushed
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.answers.destination == "SG"
    first.go("/report/step/country")  # as drawn again
    first.next()
    assert first.route != "/report/step/region"  # Singapore has no regions to ask about


def test_a_report_sent_from_another_window_takes_this_one_to_the_report_tab(ui):
    first = Driver(ui)
    first.to_country()
    drafts = Drafts(ui.context.store)
    draft = drafts.latest()
    assert draft is not None
    drafts.discard(draft.id)  # sent or deleted in another tab
    first.tap("report-option-QA")  # saves nothing, and says where things stand
    assert first.page.pushed == ["/report"]
    assert drafts.latest() is None


def test_own_words_past_the_limit_are_kept_whole_and_said_to_be_too_long(ui):
    """Flutter's max_length cut a pasted account at 2,000 characters
    without a word; the field now keeps all of it and says so."""
    ui.set_language("fr")
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.go("/report/step/words")  # as a resumed draft would
    field = d.node("report-text").content
    assert field.max_length is None  # nothing cuts what is pasted
    assert field.counter == "0 / 2\u202f000"
    d.type("report-text", "x" * 1999 + "yz")
    assert field.counter == "2\u202f001 / 2\u202f000"
    too_long = d.error("words")
    assert too_long and too_long != "This is too long. Please make it shorter."  # in French
    d.tap("report-next")
    assert not d.page.pushed
    assert d.error("words") == too_long
    again = Driver(ui)
    again.go("/report/step/words")  # drawn again from the draft: every character is there
    assert again.node("report-text").content.value == "x" * 1999 + "yz"
    assert again.error("words") == too_long
    again.type("report-text", "x" * 2000)
    assert again.error("words") is None
    assert again.node("report-text").content.counter_style is None


def test_an_arabic_reader_chooses_the_region_by_its_arabic_name(ui):
    ui.set_language("ar")
    d = Driver(ui)
    d.to_country()
    d.tap("report-option-SA")
    d.next()
    assert d.route == "/report/step/region"
    shown = texts(d.views[-1:])
    assert "الرياض" in shown and "Riyadh" not in shown


def test_messages_are_in_the_readers_language(ui):
    ui.set_language("fr")
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.tap("report-next")
    message = d.error("categories")
    assert message and message != "Choose at least one thing that happened."


def test_a_draft_is_offered_to_resume_or_discard(ui):
    d = Driver(ui)
    d.to_country()
    d.tap("report-option-QA")
    d.next()
    # the worker leaves; later the Report tab offers the draft
    d.go("/report")
    assert {"report-resume", "report-discard"} <= d.ids() and "report-start" not in d.ids()
    d.tap("report-resume", follow=True)
    assert d.route == "/report/step/region"
    assert d.node("report-option-QA-DA")
    d.go("/report")
    d.tap("report-discard")  # asks first
    assert d.node("report-discard-ask").visible
    assert Drafts(ui.context.store).latest() is not None
    d.tap("report-discard-confirm")
    assert Drafts(ui.context.store).latest() is None
    d.go("/report")
    assert "report-start" in d.ids()
    # a wizard address with no draft behind it shows the start
    d.go("/report/step/words")
    assert "report-start" in d.ids()


def test_back_from_an_untouched_first_screen_leaves_no_draft(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.tap("report-back", follow=True)
    assert d.route == "/report" and Drafts(ui.context.store).latest() is None


def test_a_problem_on_an_earlier_screen_sends_the_worker_there(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    draft = Drafts(ui.context.store).latest()
    assert draft is not None
    answers = draft.answers
    answers.categories = ["wages"]
    answers.follow_up = "contact"  # but no contact details
    answers.consent = True
    Drafts(ui.context.store).save(draft.id, answers, Step.REVIEW)
    d.go("/report/step/review")
    d.tap("report-fix", follow=True)
    assert d.route == "/report/step/contact?check=1"
    assert d.error("contact") == "Write how to contact you, or choose to stay anonymous."


def test_an_unknown_destination_skips_the_region_question(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.tap("report-option-other")
    d.next()
    d.tap("report-option-undisclosed")
    d.next()
    assert d.route == "/report/step/sector"
    d.tap("report-back", follow=True)
    assert d.route == "/report/step/country"


def test_every_choice_has_an_icon_and_a_large_target(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    for step in Step:
        if step in (Step.REGION, Step.REVIEW):
            continue
        d.go(f"/report/step/{step.value}")
        for sem in walk(d.views[-1]):
            if isinstance(sem, ft.Semantics) and str(sem.identifier).startswith("report-option-"):
                inside = list(walk(sem))
                assert any(isinstance(c, ft.Icon) for c in inside), sem.identifier
                box = sem.content
                if isinstance(box, ft.MergeSemantics):  # a single choice: one node with its radio
                    box = box.content
                assert isinstance(box, ft.Container) and box.on_click is not None
        assert "report-progress" in d.ids()


def test_costs_are_read_in_the_currency_of_the_destination_or_the_one_chosen(ui):
    from decimal import Decimal

    from app.core.report import cost_ratio

    d = Driver(ui)
    d.tap("report-start", follow=True)
    drafts = Drafts(ui.context.store)
    draft = drafts.latest()
    assert draft is not None
    draft.answers.destination = "KW"
    drafts.save(draft.id, draft.answers, Step.COSTS)
    d.go("/report/step/costs")
    picker = d.node("report-costs-currency").content
    assert isinstance(picker, ft.Dropdown) and picker.value == "KWD"
    d.tap("report-option-amounts")
    d.type("report-costs-paid", "360")
    d.type("report-costs-earnings", "120.000")  # as a Kuwaiti contract writes 120
    saved = drafts.latest().answers  # type: ignore[union-attr]
    assert (saved.costs_currency, saved.costs_point) == ("KWD", ".")
    assert cost_ratio(saved) == Decimal("3.00")
    picker.value = "usd"
    picker.on_select(SimpleNamespace(control=picker))
    saved = drafts.latest().answers  # type: ignore[union-attr]
    assert saved.costs_currency == "USD"
    assert cost_ratio(saved) == Decimal("0.01")  # 360 of 120,000 dollars
    picker.text = "K"  # typing a code in the picker: not taken until whole
    picker.on_text_change(SimpleNamespace(control=picker))
    assert drafts.latest().answers.costs_currency == "USD"  # type: ignore[union-attr]
    picker.text = "jpy"  # then taken (it was read from the list's value only)
    picker.on_text_change(SimpleNamespace(control=picker))
    assert drafts.latest().answers.costs_currency == "JPY"  # type: ignore[union-attr]
    unknown = d.node("report-costs-currency-unknown")
    assert not unknown.visible
    picker.text = "Rs"  # no currency's code: said once the box is left
    picker.on_text_change(SimpleNamespace(control=picker))
    assert not unknown.visible  # maybe still typing
    picker.on_blur(SimpleNamespace(control=picker))
    assert unknown.visible and drafts.latest().answers.costs_currency == "JPY"  # type: ignore[union-attr]
    picker.text = "USD"
    picker.on_text_change(SimpleNamespace(control=picker))
    assert not unknown.visible
    d.go("/report/step/costs")  # drawn again from the draft
    assert d.node("report-costs-currency").content.value == "USD"
    assert d.node("report-costs-earnings").content.value == "120.000"


def test_a_sum_typed_in_french_keeps_its_decimal_comma(ui):
    from decimal import Decimal

    from app.core.report import parse_amount

    ui.set_language("fr")
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.go("/report/step/costs")
    d.tap("report-option-amounts")
    d.type("report-costs-earnings", "120,500")
    saved = Drafts(ui.context.store).latest().answers  # type: ignore[union-attr]
    assert saved.costs_point == ","
    saved.costs_currency = "KWD"
    assert parse_amount(saved.monthly_earnings, "KWD", saved.costs_point) == Decimal("120.5")


def test_the_cost_ledger_from_the_checklist_can_be_attached(ui):
    from decimal import Decimal

    from app.core.codes import FeeCategory
    from app.core.ledger import Earnings, Payment
    from app.store.ledger import LedgerStore

    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.go("/report/step/costs")
    assert "report-option-ledger" not in d.ids()  # nothing recorded yet
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "KES"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(2500), "KES"))
    ledger.add_payment(Payment(FeeCategory.MEDICAL, Decimal(500), "KES"))
    d.go("/report/step/costs")
    d.tap("report-option-ledger")
    d.next()
    draft = Drafts(ui.context.store).latest()
    assert draft is not None
    answers = draft.answers
    answers.categories, answers.consent = ["fees"], True
    Drafts(ui.context.store).save(draft.id, answers, Step.REVIEW)
    d.go("/report/step/review")
    assert "3 to 6 months of pay" in texts(d.views[-1:])
    d.tap("report-submit", follow=True)
    envelope = Envelope.model_validate_json(Outbox(ui.context.store).unacknowledged()[0].envelope)
    assert envelope.clear.cost_band.value == "3_6"
    sealed = open_sealed(envelope.sealed, bytes(KEY))
    assert sealed["r"] == "3.00"
    assert sealed["l"] == [["recruitment_fee", "2500", "KES"], ["medical", "500", "KES"]]


def test_a_single_choice_is_a_group_of_radios_and_a_multiple_one_checkboxes(ui):
    d = Driver(ui)
    d.tap("report-start", follow=True)
    assert not [c for c in walk(d.views[-1]) if isinstance(c, ft.Radio | ft.RadioGroup)]
    d.tap("report-option-hours")
    assert d.node("report-option-hours").checked is True
    d.next()  # the country: one answer
    groups = [c for c in walk(d.views[-1]) if isinstance(c, ft.RadioGroup)]
    radios = [c for c in walk(groups[0]) if isinstance(c, ft.Radio)]
    assert len(groups) == 1 and "SA" in {r.value for r in radios}
    assert d.node("report-option-SA").checked is None  # its radio says it, not a checkbox
    d.tap("report-option-SA")
    assert groups[0].value == "SA" and d.chosen("report-option-SA")
    groups[0].value = "JO"  # a tap on the radio itself
    groups[0].on_change(SimpleNamespace(control=groups[0]))
    assert d.chosen("report-option-JO") and not d.chosen("report-option-SA")
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.answers.destination == "JO"


def test_a_country_typed_in_full_is_taken(ui):
    # typed, not picked from the list: it was ignored, and the report went on
    # with the tile chosen before
    d = Driver(ui)
    d.to_country()
    d.tap("report-option-JO")
    picker = d.node("report-destination-other").content.controls[0]
    assert isinstance(picker, ft.Dropdown)
    picker.text = "  united KINGDOM "
    picker.on_text_change(SimpleNamespace(control=picker))
    assert not d.chosen("report-option-JO")
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.answers.destination == "GB"
    picker.text = "united"  # a part: still being typed, nothing taken
    picker.on_text_change(SimpleNamespace(control=picker))
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.answers.destination == "GB"


def test_the_screen_reached_by_the_phones_back_is_where_continue_goes(ui):
    d = Driver(ui)
    d.to_country()
    assert Drafts(ui.context.store).latest().step.value == "country"  # type: ignore[union-attr]
    views_for(ui, "/report/step/what")  # the system's Back: the route, not the wizard's button
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.step.value == "what"
    assert draft.answers.categories == ["hours"]  # the answers stay


def test_another_country_from_the_full_list(ui):
    d = Driver(ui)
    d.to_country()
    picker = d.node("report-destination-other").content.controls[0]
    assert isinstance(picker, ft.Dropdown)
    assert {o.key for o in picker.options} >= {"FR", "GB", "XK"}
    assert not {"SA", "EU", "ZZ"} & {o.key for o in picker.options}  # tiles, not countries
    picker.value = "GB"
    picker.on_select(SimpleNamespace(control=picker))
    assert not d.chosen("report-option-SA")
    d.next()
    assert d.route == "/report/step/sector"  # no region list for the United Kingdom
    draft = Drafts(ui.context.store).latest()
    assert draft is not None and draft.answers.destination == "GB"


def test_a_names_long_question_is_written_above_its_field(ui):
    """ "Name of the recruiter or agency (if you want)" took two lines
    inside a field one line tall; it is written above the field, whose
    label is the short name of whom it asks about."""
    d = Driver(ui)
    d.tap("report-start", follow=True)
    d.go("/report/step/who")
    d.tap("report-option-both")
    field = d.node("report-name-recruiter").content
    assert isinstance(field, ft.TextField) and field.label == "The recruiter or agency"
    assert "Name of the recruiter or agency (if you want)" in texts(d.views[-1:])
