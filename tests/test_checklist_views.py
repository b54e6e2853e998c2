"""The checklist section's screens, built without a browser: which items a
corridor shows, ticking and notes reaching the store, the ledger's checks
on typed amounts, the job-offer result and the summary text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import flet as ft
import pytest

from app.core.checklist import Corridor, Group
from app.core.codes import FeeCategory
from app.core.job_offer import Answer, Question
from app.core.ledger import Earnings, Payment
from app.settings import Settings
from app.startup import AppContext
from app.store.checklist import ChecklistStore
from app.store.ledger import LedgerStore
from app.store.offer import OfferStore
from app.ui.checklist.summary import summary_text
from app.ui.routes import views_for
from app.ui.session import UiSession
from tests.test_checklist_core import item
from tests.test_views import Event, FakePage, find, identifiers, semantics, texts, walk


class RefreshingPage(FakePage):
    push_route = None


@pytest.fixture
def ui(tmp_path: Path, store, registry) -> UiSession:
    ChecklistStore(store).replace_items(
        [
            item("keep-passport-copy"),
            item("domestic-contract", group=Group.JOB_OFFER, sectors=("domestic_work",)),
            item("qatar-only", group=Group.RIGHTS, destinations=("QA",)),
        ]
    )
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store)
    session = UiSession(context, RefreshingPage(), registry.get("en"))  # type: ignore[arg-type]
    session.refreshed = 0  # type: ignore[attr-defined]

    def count() -> None:
        session.refreshed += 1  # type: ignore[attr-defined]

    session.on_refresh = count
    return session


def test_the_corridor_decides_which_items_show(ui):
    ChecklistStore(ui.context.store).set_corridor(Corridor("KE", "SA", "domestic_work"))
    ids = identifiers(views_for(ui, "/checklist"))
    assert {"checklist-item-keep-passport-copy", "checklist-item-domestic-contract"} <= ids
    assert "checklist-item-qatar-only" not in ids
    ChecklistStore(ui.context.store).set_corridor(Corridor("KE", "QA", "construction"))
    ids = identifiers(views_for(ui, "/checklist"))
    assert "checklist-item-qatar-only" in ids and "checklist-item-domestic-contract" not in ids


def test_a_screen_reader_hears_each_question_and_what_is_chosen(ui):
    ChecklistStore(ui.context.store).set_corridor(Corridor("KE", None, None))
    views = views_for(ui, "/checklist/corridor")
    origin, going = semantics(views, "corridor-origin"), semantics(views, "corridor-destination")
    assert (origin.label, origin.value) == ("I come from", "Kenya")
    assert (going.label, going.value) == ("I am going to", None)
    picker = find(views, "corridor-destination")
    assert isinstance(picker, ft.Dropdown) and picker.on_select is not None
    picker.value = "QA"
    picker.on_select(Event(picker))
    assert going.value == "Qatar"
    assert going in ui.page.updated  # type: ignore[attr-defined]
    views = views_for(ui, "/checklist/costs")
    assert semantics(views, "ledger-category").value == "Recruitment or agency fee"


def test_with_no_journey_chosen_the_checklist_invites_a_choice(ui):
    shown = texts(views_for(ui, "/checklist"))
    assert "Your journey" in shown
    assert not any("Not chosen" in t for t in shown)  # "From Not chosen to Not chosen"
    ChecklistStore(ui.context.store).set_corridor(Corridor("KE", None, None))
    shown = texts(views_for(ui, "/checklist"))
    assert any(t.startswith("From Kenya to Not chosen") for t in shown)


def test_ticking_an_item_is_saved_and_counted(ui):
    views = views_for(ui, "/checklist")
    box = find(views, "checklist-item-keep-passport-copy")
    assert isinstance(box, ft.Checkbox) and box.value is False
    # a screen reader names each box by its item, not "Done" for every one
    assert (
        box.semantics_label
        == ChecklistStore(ui.context.store).item("keep-passport-copy", ("en",)).title
    )
    box.value = True
    box.on_change(Event(box))  # type: ignore[misc]
    assert ChecklistStore(ui.context.store).done_ids() == {"keep-passport-copy"}
    assert "1 of 3 done" in texts(views_for(ui, "/checklist"))


def test_a_note_is_kept_on_the_item(ui):
    views = views_for(ui, "/checklist/item/keep-passport-copy")
    note = find(views, "checklist-note")
    assert isinstance(note, ft.TextField)
    note.value = "Copy is with my sister"
    note.on_change(Event(note))  # type: ignore[misc]
    assert ChecklistStore(ui.context.store).note("keep-passport-copy") == "Copy is with my sister"
    assert "You wrote a note" in texts(views_for(ui, "/checklist"))


def test_starting_again_asks_first_and_keeps_the_costs(ui):
    store = ChecklistStore(ui.context.store)
    store.set_done("keep-passport-copy", True)
    store.set_note("keep-passport-copy", "Copy is with my sister")
    views = views_for(ui, "/checklist")
    ask = semantics(views, "checklist-reset-ask")
    assert not ask.visible
    find(views, "checklist-reset").on_click(Event(None))  # type: ignore[attr-defined]
    assert ask.visible  # the question, on the screen; nothing cleared yet
    find(views, "checklist-reset-cancel").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ask.visible and store.done_ids() == {"keep-passport-copy"}
    find(views, "checklist-reset").on_click(Event(None))  # type: ignore[attr-defined]
    find(views, "checklist-reset-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    assert store.done_ids() == set() and store.notes() == {}
    assert ui.refreshed == 1  # type: ignore[attr-defined]  # drawn again, with nothing ticked


def test_an_unknown_item_shows_the_checklist(ui):
    views = views_for(ui, "/checklist/item/no-such-item")
    assert views[-1].route == "/rights"


def test_back_from_an_items_article_returns_to_the_item(ui, tmp_path, write_article):
    import dataclasses

    from app.content.articles import load_articles

    write_article("en", "keep-your-passport")
    ui.context.store.replace_content(load_articles(tmp_path / "rights").articles, "item")
    passport = dataclasses.replace(item("keep-passport-copy"), related=("keep-your-passport",))
    ChecklistStore(ui.context.store).replace_items([passport])
    views = views_for(ui, "/checklist/item/keep-passport-copy")
    find(views, "related-keep-your-passport").on_click(Event(None))  # type: ignore[attr-defined]
    opened = ui.page.pushed[-1]  # type: ignore[attr-defined]
    routes = [v.route for v in views_for(ui, opened)]
    assert routes == [
        "/checklist",
        "/checklist/item/keep-passport-copy",
        "/rights/keep-your-passport",
    ]


def test_a_link_in_an_items_text_opens_its_article(ui):
    """It looked like a link and did nothing: the item gave its text no way
    to open one."""
    import dataclasses

    linked = dataclasses.replace(
        item("keep-passport-copy"), body="Read [your passport](article:keep-your-passport)."
    )
    ChecklistStore(ui.context.store).replace_items([linked])
    views = views_for(ui, "/checklist/item/keep-passport-copy")
    (text,) = [c for c in walk(views[-1]) if isinstance(c, ft.Markdown) and "article:" in c.value]
    text.on_tap_link(Event(text, data="article:keep-your-passport"))  # type: ignore[misc]
    assert ui.page.pushed[-1] == "/rights/keep-your-passport?from=item%3Akeep-passport-copy"  # type: ignore[attr-defined]


def test_a_bad_amount_is_explained_and_kept(ui):
    views = views_for(ui, "/checklist/costs")
    amount = find(views, "ledger-amount")
    add = find(views, "ledger-add")
    assert isinstance(amount, ft.TextField)
    amount.value = "12,34,5"
    amount.update = lambda: None  # type: ignore[method-assign]
    add.on_click(Event(add))  # type: ignore[attr-defined]
    assert amount.error and "number" in str(amount.error)
    assert amount.value == "12,34,5"  # what was typed is not lost
    assert LedgerStore(ui.context.store).payments() == []
    assert ui.refreshed == 0  # type: ignore[attr-defined]


def leave_field(views: list[ft.View], identifier: str, value: str) -> None:
    """Type `value` into the text field `identifier`, then leave it (Tab, or
    a tap elsewhere): what the screen keeps then."""
    field = find(views, identifier)
    assert isinstance(field, ft.TextField)
    field.value = value
    field.on_blur(Event(field))


def test_what_is_typed_in_the_ledger_is_kept_on_leaving_a_field_or_on_enter(ui):
    """A pay typed and never saved was lost when the worker went back to the
    checklist, and Enter (or the phone keyboard's Done) did nothing."""
    ledger = LedgerStore(ui.context.store)
    views = views_for(ui, "/checklist/costs")
    pay = find(views, "ledger-earnings")
    assert isinstance(pay, ft.TextField) and pay.on_blur and pay.on_submit
    pay.value = "900"
    pay.on_blur(Event(pay))
    kept = ledger.earnings()
    assert kept is not None and kept.amount == Decimal(900)
    assert ui.refreshed == 0  # type: ignore[attr-defined]  # said in place: the next tap stays
    assert "900" in " ".join(texts(views[-1:]))  # "Saved: ... a month"
    # a new currency chosen after the amount: kept with it
    currency = find(views, "ledger-earnings-currency")
    assert isinstance(currency, ft.Dropdown)
    currency.value = "QAR"
    currency.on_select(Event(currency))  # type: ignore[misc]
    assert ledger.earnings() == Earnings(Decimal(900), "QAR")
    # an amount that is not one is said so, and nothing changes
    pay.value = "9x"
    pay.update = lambda: None  # type: ignore[method-assign]
    pay.on_blur(Event(pay))
    assert pay.error and ledger.earnings() == Earnings(Decimal(900), "QAR")

    # Enter on the amount paid adds the payment, as the button does
    amount = find(views, "ledger-amount")
    assert isinstance(amount, ft.TextField) and amount.on_submit
    amount.value = "15000"
    amount.on_submit(Event(amount))
    assert [p.amount for p in ledger.payments()] == [Decimal(15000)]

    # a rate typed, then left: kept
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR"))
    views = views_for(ui, "/checklist/costs")
    leave_field(views, "ledger-rate-NPR", "133.5")
    assert ledger.rates("QAR")["NPR"] == Decimal("133.5")


def test_the_total_follows_a_rate_or_pay_kept_as_its_field_is_left(ui):
    """A rate typed and left was kept, but the screen still asked for it
    (and showed no total) until it was drawn again; it is not drawn again
    then, as that would take the tap that left the field."""
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "QAR"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(15000), "QAR"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR"))
    views = views_for(ui, "/checklist/costs")
    assert "ledger-missing-rate" in identifiers(views)
    assert "ledger-total" not in identifiers(views)
    leave_field(views, "ledger-rate-NPR", "133.5")
    assert ui.refreshed == 0  # type: ignore[attr-defined]
    assert "ledger-missing-rate" not in identifiers(views)
    total = find(views, "ledger-total")
    assert (
        isinstance(total, ft.Text) and total.value == "16,123.60\xa0QAR"
    )  # 15,000 + 150,000/133.5
    # a new pay, kept as its field is left: the months follow
    leave_field(views, "ledger-earnings", "16123.60")
    months = find(views, "ledger-months")
    assert isinstance(months, ft.Text) and months.value == "This equals 1 month of your earnings."
    assert ui.refreshed == 0  # type: ignore[attr-defined]


def test_a_pay_kept_as_its_field_is_left_asks_at_once_for_the_rates_it_needs(ui):
    """A first pay, or a pay in another currency, left in its field: the
    rate rows below are for its currency at once, and the total asks for
    them (it asked for rates "below" that only the next drawing showed, or
    kept rows for the old currency). The screen is not drawn again."""
    ledger = LedgerStore(ui.context.store)
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR"))
    views = views_for(ui, "/checklist/costs")
    assert "ledger-rate-NPR" not in identifiers(views)  # no pay yet: nothing to change into
    pay, currency = find(views, "ledger-earnings"), find(views, "ledger-earnings-currency")
    assert isinstance(pay, ft.TextField) and isinstance(currency, ft.Dropdown)
    pay.value, currency.value = "1000", "QAR"
    pay.on_blur(Event(pay))
    assert ledger.earnings() == Earnings(Decimal(1000), "QAR")  # kept
    assert {"ledger-rate-NPR", "ledger-missing-rate"} <= identifiers(views)
    assert "1 QAR is how many NPR?" in texts(views)
    leave_field(views, "ledger-rate-NPR", "36.5")
    total = find(views, "ledger-total")
    assert isinstance(total, ft.Text) and total.value == "4,109.59\xa0QAR"  # 150,000 / 36.5

    # the pay's currency changed in its picker: rows and total follow
    ledger.add_payment(Payment(FeeCategory.DOCUMENTS, Decimal(500), "QAR"))
    views = views_for(ui, "/checklist/costs")
    currency = find(views, "ledger-earnings-currency")
    assert isinstance(currency, ft.Dropdown)
    currency.value = "SAR"
    currency.on_select(Event(currency))
    assert ledger.earnings() == Earnings(Decimal(1000), "SAR")
    shown = texts(views)
    assert "1 SAR is how many NPR?" in shown and "1 SAR is how many QAR?" in shown
    assert "1 QAR is how many NPR?" not in shown
    assert "ledger-total" not in identifiers(views)
    assert "Give the exchange rate for NPR, QAR below to see the total." in shown
    assert ui.refreshed == 0  # type: ignore[attr-defined]

    ledger.clear()  # payments and pay
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(3000), "QAR"))
    views = views_for(ui, "/checklist/costs")
    pay, currency = find(views, "ledger-earnings"), find(views, "ledger-earnings-currency")
    pay.value, currency.value = "1000", "QAR"  # type: ignore[attr-defined]
    pay.on_blur(Event(pay))  # type: ignore[attr-defined]
    assert "Exchange rates" not in texts(views)
    total = find(views, "ledger-total")
    assert isinstance(total, ft.Text) and total.value == "3,000.00\xa0QAR"


def test_a_rate_no_currencies_have_is_refused_and_an_old_one_asked_again(ui):
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "USD"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR"))
    ledger.set_rate("NPR", "USD", Decimal("1e-22"))  # saved before rates were checked
    for route in ("/checklist/costs", "/checklist/summary"):  # both failed to draw
        views = views_for(ui, route)
    views = views_for(ui, "/checklist/costs")
    assert "ledger-missing-rate" in identifiers(views) and "ledger-total" not in identifiers(views)
    row = next(
        c
        for c in walk(views[-1])
        if isinstance(c, ft.Row)
        and c.controls
        and getattr(c.controls[0], "identifier", None) == "ledger-rate-NPR"
    )
    field, save = find(views, "ledger-rate-NPR"), row.controls[1]
    assert isinstance(field, ft.TextField)
    field.update = lambda: None  # type: ignore[method-assign]
    for typed in ("1e-22", "0.0000000001"):
        field.value = typed
        save.on_click(Event(save))  # type: ignore[attr-defined]
        assert field.error, typed
        assert ledger.rates("USD")["NPR"] == Decimal("1e-22")  # nothing saved
    field.value = "133.5"
    save.on_click(Event(save))  # type: ignore[attr-defined]
    assert ledger.rates("USD")["NPR"] == Decimal("133.5")


def test_a_typed_currency_is_saved_or_said_to_be_unknown(ui):
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "SAR"))
    views = views_for(ui, "/checklist/costs")
    amount, picker, add = (
        find(views, i) for i in ("ledger-amount", "ledger-currency", "ledger-add")
    )
    assert isinstance(amount, ft.TextField) and isinstance(picker, ft.Dropdown)
    amount.update = lambda: None  # type: ignore[method-assign]
    amount.value, picker.text = "500", "Rs"
    add.on_click(Event(add))  # type: ignore[attr-defined]
    assert amount.error and "3-letter code" in str(amount.error)
    assert ledger.payments() == []
    picker.text = " jpy "
    add.on_click(Event(add))  # type: ignore[attr-defined]
    assert [(p.amount, p.currency) for p in ledger.payments()] == [(Decimal(500), "JPY")]


def test_a_rate_the_wrong_way_round_is_questioned_not_refused(ui):
    """0.027 (NPR per USD's inverse) for 36.5 made 5,555 months of earnings
    with no word said."""
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "USD"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal(150000), "NPR"))
    ledger.set_rate("NPR", "USD", Decimal("133.5"))
    views = views_for(ui, "/checklist/costs")
    assert "ledger-check-numbers" not in identifiers(views)
    # the total is in dollars, the payment was in rupees: said under it
    assert any("changed into USD" in t for t in texts(views))
    ledger.set_rate("NPR", "USD", Decimal("0.0075"))
    views = views_for(ui, "/checklist/costs")
    assert {"ledger-check-numbers", "ledger-total"} <= identifiers(views)


def test_adding_payments_shows_months_of_earnings(ui):
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "SAR"))
    # nothing paid written down yet: no "You paid 0.00, 0 months"
    assert "ledger-total" not in identifiers(views_for(ui, "/checklist/costs"))
    for typed in ("1.500", "250.50"):  # "1.500" is 1,500 in every language, as in a report
        views = views_for(ui, "/checklist/costs")
        amount = find(views, "ledger-amount")
        amount.value = typed  # type: ignore[attr-defined]
        add = find(views, "ledger-add")
        add.on_click(Event(add))  # type: ignore[attr-defined]
    assert [p.amount for p in ledger.payments()] == [Decimal(1500), Decimal("250.50")]
    assert {p.currency for p in ledger.payments()} == {"SAR"}
    months = find(views_for(ui, "/checklist/costs"), "ledger-months")
    assert "1.75" in str(months.value)  # type: ignore[attr-defined]
    # said once: a value beside the words had a screen reader say "1.75" twice
    assert semantics(views_for(ui, "/checklist/costs"), "ledger-months").value is None
    assert not any("changed into" in t for t in texts(views_for(ui, "/checklist/costs")))


def test_a_payment_removed_by_a_slip_can_be_brought_back(ui):
    ledger = LedgerStore(ui.context.store)
    ledger.add_payment(Payment(FeeCategory.MEDICAL, Decimal("120.50"), "KES", receipt=True))
    (payment,) = ledger.payments()
    remove = find(views_for(ui, "/checklist/costs"), f"ledger-remove-{payment.id}")
    remove.on_click(Event(remove))  # type: ignore[attr-defined]
    assert ledger.payments() == []
    snack = ui.page.dialogs[-1]  # type: ignore[attr-defined]
    assert isinstance(snack, ft.SnackBar) and snack.action == "Undo"
    snack.on_action(Event(snack))  # type: ignore[misc]
    (back,) = ledger.payments()
    assert back == dataclasses.replace(payment, id=back.id)


def test_pay_in_kuwaiti_dinars_is_read_to_the_fils(ui):
    # a Kuwaiti contract writes 120 dinars as "120.000"; shillings group so
    views = views_for(ui, "/checklist/costs")
    amount = find(views, "ledger-earnings")
    currency = find(views, "ledger-earnings-currency")
    amount.value = "120.000"  # type: ignore[attr-defined]
    currency.value = "KWD"  # type: ignore[attr-defined]
    save = find(views, "ledger-earnings-save")
    save.on_click(Event(save))  # type: ignore[attr-defined]
    assert LedgerStore(ui.context.store).earnings() == Earnings(Decimal(120), "KWD")


def test_qatars_minimum_wage_is_given_with_what_is_owed_on_top(ui):
    """1,000 QAR alone made an offer of 1,200 with no food or housing look
    lawful: the law owes 1,800 then (content/rights/en/qatar-minimum-wage.md)."""
    checklist_store = ChecklistStore(ui.context.store)
    checklist_store.set_corridor(Corridor("NP", "QA", "construction"))
    shown = " ".join(texts(views_for(ui, "/checklist/offer")))
    for amount in ("1,000.00", "300.00", "500.00", "1,800.00"):
        assert f"{amount}\u00a0QAR" in shown, amount
    assert "Law No. 17 of 2020" in shown


def test_the_job_offer_result_links_red_flags_to_articles(ui):
    offers = OfferStore(ui.context.store)
    offers.set_answer(Question.FEE_ASKED, Answer.YES)
    offers.set_answer(Question.KEEP_PASSPORT, Answer.YES)
    views = views_for(ui, "/checklist/offer?result=1")
    ids = identifiers(views)
    assert "offer-flag-fee_asked" in ids
    assert "offer-flag-keep_passport" not in ids
    assert "offer-check-agency_licensed" in ids
    # the result comes first: under the questions it opened out of sight
    order = [c.identifier for c in walk(views[-1]) if isinstance(c, ft.Semantics)]
    assert order.index("offer-flag-fee_asked") < order.index("offer-fee_asked-yes")
    assert "offer-result" not in ids  # the button that asked for it
    tile = find(views, "offer-flag-fee_asked")
    tile.on_click(Event(tile))  # type: ignore[attr-defined]
    assert ui.page.pushed[-1] == "/rights/no-recruitment-fees?from=offer"  # type: ignore[attr-defined]
    # under that article, for Back: this result, drawn again from the saved answers
    from app.ui.routes import article_stack

    under = [v for v in article_stack(ui, {"from": "offer"}) if v is not None]
    # Back pops to the view below and goes to its route: the result's own
    # (with only "/checklist/offer" the result was gone)
    assert [v.route for v in under] == ["/checklist", "/checklist/offer?result=1"]
    assert "offer-flag-fee_asked" in identifiers(under)


def test_an_answer_changes_in_place_with_its_result(ui):
    # redrawing the screen at every answer took the reader back to its top
    views = views_for(ui, "/checklist/offer?result=1")
    assert "offer-flag-fee_asked" not in identifiers(views)
    chip = semantics(views, "offer-fee_asked-yes")
    assert isinstance(chip.content, ft.Chip)
    chip.content.on_select(Event(chip.content))  # type: ignore[misc]
    assert ui.refreshed == 0  # type: ignore[attr-defined]
    assert OfferStore(ui.context.store).answers() == {Question.FEE_ASKED: Answer.YES}
    assert chip.selected and chip.content.selected
    assert "offer-flag-fee_asked" in identifiers(views)  # the result, in place
    no = semantics(views, "offer-fee_asked-no")
    assert isinstance(no.content, ft.Chip)
    no.content.on_select(Event(no.content))  # type: ignore[misc]
    assert not chip.selected and no.selected
    assert "offer-flag-fee_asked" not in identifiers(views)


def test_the_summary_holds_ticks_notes_and_costs(ui):
    checklist = ChecklistStore(ui.context.store)
    checklist.set_corridor(Corridor("KE", "SA", "domestic_work"))
    checklist.set_done("keep-passport-copy", True)
    checklist.set_note("domestic-contract", "Ask for Swahili copy")
    ledger = LedgerStore(ui.context.store)
    ledger.set_earnings(Earnings(Decimal(1000), "SAR"))
    ledger.add_payment(Payment(FeeCategory.MEDICAL, Decimal("250.50"), "SAR", dt.date(2026, 3, 2)))
    text = summary_text(ui, dt.date(2026, 11, 26))
    assert "From Kenya to Saudi Arabia · Domestic work" in text
    assert "[x] keep-passport-copy (en)" in text
    assert "[ ] domestic-contract (en)" in text and "Ask for Swahili copy" in text
    assert "250.50\u00a0SAR" in text and "0.25" in text


def test_the_summary_leaves_out_a_journey_not_chosen_yet(ui):
    text = summary_text(ui, dt.date(2026, 11, 26))
    assert "From" not in text and "Not chosen" not in text
    ChecklistStore(ui.context.store).set_corridor(Corridor("KE", None, None))
    assert "From Kenya to Not chosen · Not chosen" in summary_text(ui, dt.date(2026, 11, 26))


@pytest.mark.parametrize("web", [False, True])
def test_share_is_offered_in_the_phone_app_only(ui, web):
    # a browser may have no way to share (plain http, most desktops), and the
    # web client may then open the computer's mail program with the text
    ui.page.web = web
    ids = identifiers(views_for(ui, "/checklist/summary"))
    assert ("summary-share" in ids) is not web
    assert "summary-copy" in ids


def test_one_month_is_said_in_the_singular(ui):
    """ "This equals 1 months" (QA pass): the sentence has plural forms."""
    from app.ui.checklist.labels import months_text

    english = UiSession(ui.context, FakePage(), ui.context.registry.get("en"))  # type: ignore[arg-type]
    said = [months_text(english.tr, Decimal(m)) for m in ("1", "1.00", "3.42", "2")]
    assert said == [
        "This equals 1 month of your earnings.",
        "This equals 1 month of your earnings.",
        "This equals 3.42 months of your earnings.",
        "This equals 2 months of your earnings.",
    ]


def heard(control: object) -> list[str]:
    """What a screen reader says, in order: labels and words, not what is
    excluded from its tree."""
    if isinstance(control, ft.Semantics) and control.exclude_semantics:
        return []
    said: list[str] = []
    if isinstance(control, ft.Semantics) and control.label:
        said.append(control.label)
    if isinstance(control, ft.Text) and isinstance(control.value, str):
        said.append(control.value)
    for name in ("appbar", "content", "controls", "title", "subtitle", "leading", "trailing"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if isinstance(c, ft.BaseControl):
                said += heard(c)
    return said


def test_each_job_offer_question_is_heard_once_before_its_answers(ui):
    """The question was read as a line and again as its answers' group."""
    from app.ui.checklist.labels import question_text

    ChecklistStore(ui.context.store).set_corridor(Corridor("NP", "QA", "construction"))
    said = heard(views_for(ui, "/checklist/offer")[-1])
    for question in Question:
        lines = [i for i, s in enumerate(said) if question_text(question, ui._) in s]
        assert len(lines) == 1, (question, lines)
    # Qatar's minimum wage is heard after the question it belongs to
    wage = next(i for i, s in enumerate(said) if "Law No. 17 of 2020" in s)
    asked = next(i for i, s in enumerate(said) if question_text(Question.MINIMUM_WAGE, ui._) in s)
    assert asked < wage


def test_the_currency_list_names_each_currency_in_the_readers_language(ui):
    """A worker who reads little may not know that ETB is birr: the list
    says "ETB · የኢትዮጵያ ብር" in Amharic; the box keeps the code."""
    ui.set_language("am")
    views = views_for(ui, "/checklist/costs")
    picker = find(views, "ledger-currency")
    assert isinstance(picker, ft.Dropdown)
    shown = {o.key: o.content.value for o in picker.options}  # type: ignore[union-attr]
    assert shown["ETB"] == "ETB · የኢትዮጵያ ብር" and shown["SAR"].startswith("SAR · ")
    assert all(o.text == o.key for o in picker.options)  # what the box shows and reads back
    assert ui.tr.currency_name("XYZ") == "XYZ"  # no name known: the code alone
