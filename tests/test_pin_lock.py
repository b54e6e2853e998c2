"""The PIN lock, for a phone someone else looks through: set in More, asked
for before any screen, wrong tries counted across restarts, a forgotten PIN
opens Haki only by removing what was entered, and a shared device never
keeps one worker's PIN for the next."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from app.core.pin import TRIES, WAIT_SECONDS, digits_of, pin_matches, pin_record, wait_left
from app.store.checklist import ChecklistStore
from app.store.lock import PIN_KEY, AppLock, Attempt
from app.store.shared import SharedDevice
from app.store.store import Store, open_store
from app.ui.routes import views_for
from tests.test_views import Event, find, identifiers, semantics, texts
from tests.test_views import ui as ui  # noqa: F401 - the fixture

REFUSED = Attempt.REFUSED


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("4567", "4567"),
        (" 12345678 ", "12345678"),
        ("٤٥٦٧", "4567"),  # an Arabic keyboard's digits
        ("४५६७", "4567"),  # a Devanagari keyboard's
        ("123", None),
        ("123456789", None),
        ("12a4", None),
        ("", None),
    ],
)
def test_a_pin_is_4_to_8_digits_in_any_script(typed: str, digits: str | None):
    assert digits_of(typed) == digits


def test_only_the_pin_opens_its_record():
    record = pin_record("4567", b"0123456789abcdef")
    assert record.startswith("pbkdf2_sha256$") and "4567$" not in record
    assert pin_matches("4567", record) and pin_matches("٤٥٦٧", record)
    assert not pin_matches("4568", record) and not pin_matches("", record)
    assert not pin_matches("4567", "damaged")
    assert wait_left(TRIES - 1, 100.0, 100.0) == 0
    assert wait_left(TRIES, 100.0, 110.0) == WAIT_SECONDS - 10


def test_wrong_tries_make_the_reader_wait_even_after_a_restart(tmp_path):
    path = tmp_path / "haki.db"
    store = open_store(path)
    lock = AppLock(store)
    lock.set_pin("2468")
    for _ in range(TRIES):  # no PIN at all (a tap on Open with nothing typed): not a try
        assert lock.try_pin("", now=1000.0) is lock.try_pin("12", now=1000.0) is REFUSED
    assert lock.wait_left(now=1000.0) == 0
    for _ in range(TRIES):
        assert lock.try_pin("1111", now=1000.0) is REFUSED
    store.close()
    store = open_store(path)  # Haki started again: the tries are still counted
    lock = AppLock(store)
    assert lock.wait_left(now=1010.0) == WAIT_SECONDS - 10
    assert lock.try_pin("2468", now=1010.0) is REFUSED  # even the right PIN waits
    assert lock.try_pin("2468", now=1000.0 + WAIT_SECONDS) is Attempt.OPEN
    assert lock.wait_left(now=1000.0 + WAIT_SECONDS) == 0  # the count starts again
    lock.remove()
    assert not lock.is_set() and store.get_setting(PIN_KEY) is None
    store.close()


def said(views, identifier: str) -> str:  # type: ignore[no-untyped-def]
    """The words of an error line (components.ErrorLine)."""
    return " ".join(texts([ft.View(controls=[semantics(views, identifier)])]))


def locked_ui(ui, pin: str = "2468"):  # type: ignore[no-untyped-def]
    AppLock(ui.context.store).set_pin(pin)
    ui.locked = True
    return ui


def test_nothing_but_the_pin_screen_shows_while_locked(ui):
    locked_ui(ui)
    for route in ("/rights", "/checklist", "/report", "/more", "/help", "/more/lock"):
        views = views_for(ui, route)
        assert len(views) == 1 and "lock-pin" in identifiers(views), route
        assert not {"nav-rights", "nav-report"} & identifiers(views)


def test_the_right_pin_opens_the_screen_asked_for_and_a_wrong_one_says_so(ui):
    locked_ui(ui)
    views = views_for(ui, "/report")
    field = find(views, "lock-pin")
    find(views, "lock-open").on_click(Event(None))  # type: ignore[attr-defined]
    assert semantics(views, "lock-wrong").visible  # "Use 4 to 8 digits", not a try used
    assert said(views, "lock-wrong") == ui._("Use 4 to 8 digits.")
    assert ui.context.store.get_setting("lock.failures") == "0"
    field.value = "1357"  # type: ignore[attr-defined]
    find(views, "lock-open").on_click(Event(None))  # type: ignore[attr-defined]
    assert ui.locked
    assert semantics(views, "lock-wrong").visible and said(views, "lock-wrong")
    assert field.value == ""  # type: ignore[attr-defined]
    field.value = "2468"  # type: ignore[attr-defined]
    find(views, "lock-open").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ui.locked
    assert "report-start" in identifiers(views_for(ui, "/report"))


def test_a_forgotten_pin_opens_haki_only_without_what_was_entered(ui):
    store: Store = ui.context.store
    ChecklistStore(store).set_note("keep-passport-copy", "Copy is with my sister")
    locked_ui(ui)
    views = views_for(ui, "/checklist")
    find(views, "lock-forgot-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ui.locked and not AppLock(store).is_set()
    assert ChecklistStore(store).notes() == {}


def test_setting_changing_and_turning_off_the_pin_in_more(ui):
    store: Store = ui.context.store
    assert "more-lock" in identifiers(views_for(ui, "/more"))
    views = views_for(ui, "/more/lock")
    assert "lock-off" not in identifiers(views)
    first, again = find(views, "lock-new"), find(views, "lock-again")
    first.value, again.value = "12", "12"  # type: ignore[attr-defined]
    find(views, "lock-save").on_click(Event(None))  # type: ignore[attr-defined]
    assert semantics(views, "lock-problem").visible and not AppLock(store).is_set()
    first.value, again.value = "2468", "2469"  # type: ignore[attr-defined]
    find(views, "lock-save").on_click(Event(None))  # type: ignore[attr-defined]
    assert not AppLock(store).is_set()
    first.value, again.value = "2468", "٢٤٦٨"  # type: ignore[attr-defined]
    find(views, "lock-save").on_click(Event(None))  # type: ignore[attr-defined]
    assert AppLock(store).is_set() and AppLock(store).try_pin("2468") is Attempt.OPEN
    assert not ui.locked  # the reader who set it goes on
    views = views_for(ui, "/more/lock")
    assert "lock-is-on" in identifiers(views)
    find(views, "lock-off").on_click(Event(None))  # type: ignore[attr-defined]
    assert not AppLock(store).is_set()


def test_a_shared_device_has_no_pin_and_hands_over_without_one(ui):
    store: Store = ui.context.store
    AppLock(store).set_pin("2468")  # set before the device was shared
    SharedDevice(store).set_shared(True)
    assert "more-lock" not in identifiers(views_for(ui, "/more"))
    assert "lock-new" not in identifiers(views_for(ui, "/more/lock"))
    SharedDevice(store).hand_over(dt.date(2026, 11, 28))
    assert not AppLock(store).is_set()


def test_the_lock_screen_is_in_the_readers_language(ui):
    locked_ui(ui)  # the fixture's reader reads Amharic
    assert "Haki ተቆልፏል" in texts(views_for(ui, "/rights"))


def test_lock_now_hides_any_screen_behind_the_pin_at_once(ui):
    store: Store = ui.context.store
    assert "lock-now" not in identifiers(views_for(ui, "/rights"))  # no PIN: nothing to lock
    AppLock(store).set_pin("2468")
    for route in ("/rights", "/checklist", "/report", "/more"):
        assert "lock-now" in identifiers(views_for(ui, route)), route
    views = views_for(ui, "/checklist")
    find(views, "lock-now").on_click(Event(None))  # type: ignore[attr-defined]
    assert ui.locked
    views = views_for(ui, "/checklist")
    assert "lock-pin" in identifiers(views) and "nav-checklist" not in identifiers(views)
    find(views, "lock-pin").value = "2468"  # type: ignore[attr-defined]
    find(views, "lock-open").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ui.locked and "nav-checklist" in identifiers(views_for(ui, "/checklist"))
    # on a shared device the bar holds "Next person" instead, and there is no PIN
    SharedDevice(store).set_shared(True)
    ids = identifiers(views_for(ui, "/rights"))
    assert "next-person" in ids and "lock-now" not in ids
