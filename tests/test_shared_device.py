"""A device shared at an information session: "Next person" removes what
the last person entered, counts them, and lets the next one choose their
language; it is on every screen while the device is shared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from app.core.report import Step
from app.store import migrations
from app.store.checklist import ChecklistStore
from app.store.drafts import Drafts
from app.store.outbox import Outbox, OutboxState
from app.store.personal import forget_what_was_entered
from app.store.shared import SHARED_KEY, SharedDevice, people_counts
from app.store.store import UI_LANGUAGE_KEY, Store, open_store
from app.ui.routes import views_for
from app.ui.session import UiSession
from tests.test_personal_data import WAITING, enter_everything, on_disk
from tests.test_unlisted import unlisted
from tests.test_views import Event, FakePage, find, identifiers, texts
from tests.test_views import ui as ui  # noqa: F401 - the fixture

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)


def test_handing_over_removes_what_the_last_person_entered(store: Store, tmp_path: Path):
    enter_everything(store)
    shared = SharedDevice(store)
    shared.set_shared(True)
    assert shared.hand_over(MONDAY) == 1  # the report not received yet stays
    assert ChecklistStore(store).notes() == {} and Drafts(store).latest() is None
    # to be sent, but not shown to the next person
    assert Outbox(store).counts()[OutboxState.WAITING] == 1 and unlisted(Outbox(store)) == 1
    assert Outbox(store).statuses() == []
    assert [r.report_id for r in Outbox(store).due(2e9)] == [WAITING]
    for planted in (b"PLANTED-NOTE", b"PLANTED-DRAFT", b"PLANTED-RECEIVED"):
        assert planted not in on_disk(tmp_path), planted
    # the next person chooses their language: the last one's said where they came from
    assert store.get_setting(UI_LANGUAGE_KEY) is None
    assert store.get_setting(SHARED_KEY) == "1"  # the device's setting, not the person's


def test_people_are_counted_day_by_day_and_the_count_outlives_forgetting(store: Store):
    shared = SharedDevice(store)
    assert people_counts(store, MONDAY) == (0, 0)
    shared.hand_over(MONDAY)
    shared.hand_over(MONDAY)
    shared.hand_over(TUESDAY)
    assert people_counts(store, MONDAY) == (2, 3)
    assert people_counts(store, TUESDAY) == (1, 3)
    # removing what one person entered is not a person handed over, and
    # the count is the device's: it stays
    forget_what_was_entered(store)
    assert people_counts(store, TUESDAY) == (1, 3)
    # a date and a number: nothing else is kept
    rows = list(store.conn.execute("select * from attendance order by day"))
    assert rows == [("2026-11-23", 2), ("2026-11-24", 1)]


def test_a_device_is_not_shared_until_it_is_said_to_be(store: Store):
    shared = SharedDevice(store)
    assert not shared.is_shared()
    shared.set_shared(True)
    assert shared.is_shared()
    shared.set_shared(False)
    assert not shared.is_shared()


def test_a_store_from_before_0012_can_count_people_and_keeps_its_settings(tmp_path: Path):
    path = tmp_path / "haki.db"
    old = Database(path)
    migrations.migrations.apply(old, stop_before="0012_attendance")
    old["settings"].insert({"key": SHARED_KEY, "value": "1"})
    old.close()
    store = open_store(path)
    try:
        SharedDevice(store).hand_over(MONDAY)
        assert people_counts(store, MONDAY) == (1, 1)
        assert SharedDevice(store).is_shared()
    finally:
        store.close()


# -- the screens ------------------------------------------------------------

SCREENS = ("/rights", "/rights/keep-your-passport", "/checklist", "/report", "/more", "/help")


def next_person_on(ui: UiSession, route: str) -> bool:
    return "next-person" in identifiers(views_for(ui, route)[-1:])


def test_next_person_is_on_every_screen_once_the_device_is_shared(ui):
    drafts = Drafts(ui.context.store)
    drafts.start()
    wizard = "/report/step/" + Step.WHAT.value
    assert not any(next_person_on(ui, r) for r in (*SCREENS, wizard))
    more = views_for(ui, "/more")
    assert "more-next-person" not in identifiers(more)
    switch = find(more, "more-shared")
    switch.value = True  # type: ignore[attr-defined]
    switch.on_change(Event(switch))  # type: ignore[attr-defined]
    assert SharedDevice(ui.context.store).is_shared()
    assert [r for r in (*SCREENS, wizard) if not next_person_on(ui, r)] == []
    assert "more-next-person" in identifiers(views_for(ui, "/more"))
    # not on the screen it leads to
    assert not next_person_on(ui, "/more/next-person")
    find(views_for(ui, "/rights"), "next-person").on_click(Event(None))  # type: ignore[attr-defined]
    assert ui.page.pushed[-1] == "/more/next-person"


def test_next_person_clears_every_tab_and_asks_the_next_one_their_language(ui):
    store = ui.context.store
    SharedDevice(store).set_shared(True)
    ui.set_language("ar")  # the last person read Arabic, right to left
    ChecklistStore(store).set_note("keep-passport-copy", "Copy is with my sister")
    Drafts(store).start()
    other_tab = UiSession(ui.context, FakePage(), ui.language)  # type: ignore[arg-type]
    ui.context.sessions.add(other_tab)
    other_tab.search_text = "escape visa"
    assert "report-resume" in identifiers(views_for(ui, "/report"))

    views = views_for(ui, "/more/next-person")
    assert "1" not in " ".join(texts(views[-1:]))  # nobody counted yet
    find(views, "next-person-confirm").on_click(Event(None))  # type: ignore[attr-defined]

    assert ChecklistStore(store).notes() == {} and Drafts(store).latest() is None
    assert other_tab.search_text == ""
    assert ui.page.pushed[-1] == "/welcome"
    # asked as on a new device: not in Arabic, nor right to left
    assert ui.language.code == "en" and not ui.language.rtl and not ui.language_chosen
    assert store.get_setting(UI_LANGUAGE_KEY) is None
    assert other_tab.language.code == "ar"  # the other tab (a projector) keeps its own
    # whatever screen is asked for, the language comes first
    assert [v.route for v in views_for(ui, "/report")] == ["/welcome"]
    find(views_for(ui, "/welcome"), "language-en").on_click(Event(None))  # type: ignore[attr-defined]
    report = identifiers(views_for(ui, "/report"))
    assert "report-start" in report and "report-resume" not in report
    assert people_counts(store, dt.date.today()) == (1, 1)
    counted = " ".join(texts(views_for(ui, "/more/next-person")[-1:]))
    assert "1" in counted


def test_a_shared_devices_reports_are_not_called_the_readers_own(ui):
    """The next worker on a shared laptop saw "My reports: 1", made by
    someone else; there they are the device's reports."""
    _ = ui._
    mine, device = _("My reports"), _("Reports on this device")
    assert mine != device  # the reader's language has both
    assert mine in texts(views_for(ui, "/report")) and device not in texts(views_for(ui, "/report"))
    SharedDevice(ui.context.store).set_shared(True)
    for route in ("/report", "/report/mine"):
        shown = texts(views_for(ui, route))
        assert device in shown and mine not in shown, route
    assert _("There are no reports on this device.") in texts(views_for(ui, "/report/mine"))


def test_a_double_tap_hands_over_and_counts_once(ui):
    SharedDevice(ui.context.store).set_shared(True)
    confirm = find(views_for(ui, "/more/next-person"), "next-person-confirm")
    for _ in range(3):
        confirm.on_click(Event(None))  # type: ignore[attr-defined]
    assert people_counts(ui.context.store, dt.date.today()) == (1, 1)


def test_a_device_not_shared_has_no_hand_over_even_by_its_address(ui):
    """The address typed, or kept in a tab from before the switch was
    turned off, removed everything on a phone that is not shared."""
    ChecklistStore(ui.context.store).set_note("keep-passport-copy", "Copy is with my sister")
    assert "next-person-confirm" not in identifiers(views_for(ui, "/more/next-person"))
    shared = SharedDevice(ui.context.store)
    shared.set_shared(True)
    confirm = find(views_for(ui, "/more/next-person"), "next-person-confirm")
    shared.set_shared(False)  # in another tab
    confirm.on_click(Event(None))  # type: ignore[attr-defined]
    assert ChecklistStore(ui.context.store).notes() != {}
    assert people_counts(ui.context.store, dt.date.today()) == (0, 0)


def test_the_next_worker_cannot_delete_the_last_ones_unsent_report(ui):
    Outbox(ui.context.store).add("00000000-0000-4000-8000-000000000002", "{}", "1" * 64)
    assert "report-withdraw" in identifiers(views_for(ui, "/report/mine"), shown=True)
    SharedDevice(ui.context.store).set_shared(True)
    shown = identifiers(views_for(ui, "/report/mine"), shown=True)
    assert "report-withdraw" not in shown and "report-withdraw-panel" not in shown


def test_the_hand_over_says_when_other_screens_will_lose_their_entries_too(ui):
    """A phone on the laptop's wifi, in the middle of a report, lost it
    with no word to the person handing over."""
    SharedDevice(ui.context.store).set_shared(True)
    assert "next-person-others" not in identifiers(views_for(ui, "/more/next-person"))
    phone = UiSession(ui.context, FakePage(), ui.language)  # type: ignore[arg-type]
    ui.context.sessions.add(phone)
    assert "next-person-others" in identifiers(views_for(ui, "/more/next-person"))
    # its tab closed: not open any more, though its session waits for it an hour
    phone.connected = False
    assert "next-person-others" not in identifiers(views_for(ui, "/more/next-person"))
    phone.connected = True
    phone.close()
    assert "next-person-others" not in identifiers(views_for(ui, "/more/next-person"))


def test_the_app_bar_button_is_named_for_a_screen_reader(ui):
    import flet as ft

    SharedDevice(ui.context.store).set_shared(True)
    button = find(views_for(ui, "/rights"), "next-person")
    assert isinstance(button, ft.IconButton) and isinstance(button.icon, ft.Icon)
    assert button.icon.semantics_label == ui._("Next person")


def test_in_a_browser_the_hand_over_says_back_still_shows_the_screens(ui):
    SharedDevice(ui.context.store).set_shared(True)
    words = "Use a private window"
    english = UiSession(ui.context, ui.page, ui.context.registry.get("en"))
    assert not any(
        words in t for t in texts(views_for(english, "/more/next-person"))
    )  # a phone app
    ui.page.web = True
    assert any(words in t for t in texts(views_for(english, "/more/next-person")))
