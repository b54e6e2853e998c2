"""A shared device left unused is cleared for the next person, after a
warning a tap dismisses; a device not shared, locked, or showing the
language choice is left alone."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time
from pathlib import Path

import flet as ft
import pytest

from app.core.idle import Activity, IdleRule, Stage
from app.settings import DEFAULT_CONFIG, SettingsError, from_args, read_config
from app.store.checklist import ChecklistStore
from app.store.drafts import Drafts
from app.store.shared import SharedDevice, people_counts
from app.ui.idle import IdleWatch, by_person
from app.ui.routes import views_for
from tests.test_views import Event, find, identifiers, texts
from tests.test_views import ui as ui  # noqa: F401 - the fixture

TEN_MINUTES = IdleRule(600.0)


def test_the_warning_comes_in_the_last_minute_then_the_clearing():
    assert TEN_MINUTES.stage(0) == (Stage.IN_USE, 600.0)
    assert TEN_MINUTES.stage(539.0)[0] is Stage.IN_USE
    assert TEN_MINUTES.stage(541.5) == (Stage.WARN, 58.5)
    assert TEN_MINUTES.stage(600.0) == (Stage.CLEAR, 0.0)
    assert TEN_MINUTES.stage(10_000.0) == (Stage.CLEAR, 0.0)
    # a short time warns for half of it, and is looked at often enough
    short = IdleRule(6.0)
    assert short.warn_for == 3.0 and short.tick <= 1.0
    assert short.stage(2.9)[0] is Stage.IN_USE and short.stage(3.1)[0] is Stage.WARN
    # where nothing is to be cleared, a look now and then
    assert TEN_MINUTES.slow_tick == 30.0 and short.slow_tick == 1.5


def test_use_is_a_tap_or_a_change_to_what_is_saved():
    activity = Activity.starting(100.0)
    assert activity.idle_for(150.0, last_change=90.0) == 50.0
    assert activity.idle_for(150.0, last_change=140.0) == 10.0  # a note saved
    activity.seen(145.0)
    activity.seen(120.0)  # an older event handled late changes nothing
    assert activity.idle_for(150.0, last_change=90.0) == 5.0
    # nothing entered since Haki started, or since the last clearing
    assert not activity.entered_since_cleared(last_change=90.0)
    assert activity.entered_since_cleared(last_change=140.0)
    activity.cleared(200.0, last_change=199.0)
    assert not activity.entered_since_cleared(last_change=199.0)
    assert activity.idle_for(200.0, last_change=0.0) == 0.0


def test_the_idle_time_comes_from_the_configuration(tmp_path: Path):
    assert read_config(DEFAULT_CONFIG).shared_clear_minutes == 10
    key = base64.b64encode(b"k" * 32).decode()
    path = tmp_path / "haki.toml"
    path.write_text(
        f'[reports]\norganisation_public_key = "{key}"\n[shared_device]\n'
        "clear_after_minutes = 2.5\n",
        "utf-8",
    )
    settings = from_args(["--config", str(path), "--data-dir", str(tmp_path / "d")], ["en"])
    assert settings.shared_clear_after == 150.0
    for wrong in ("0", "-1", '"ten"', "true", "2000", "nan"):
        path.write_text(
            f'[reports]\norganisation_public_key = "{key}"\n[shared_device]\n'
            f"clear_after_minutes = {wrong}\n",
            "utf-8",
        )
        with pytest.raises(SettingsError, match=re.escape("clear_after_minutes is a number")):
            read_config(path)


def test_what_a_person_does_counts_and_what_the_browser_does_not():
    page = object()
    assert by_person(ft.Button("Next"), "click", page)
    assert by_person(page, "route_change", page)
    assert by_person(page, "keyboard_event", page)
    for browser_event in ("connect", "disconnect", "app_lifecycle_state_change", "resize"):
        assert not by_person(page, browser_event, page)
    assert not by_person(ft.Connectivity(), "change", page)  # the network came back
    assert not by_person(None, "click", page)  # a control already gone


def shared_with_a_draft(ui) -> tuple[IdleWatch, float]:  # type: ignore[no-untyped-def]
    """A shared device on which someone started a report and a note a
    moment ago; the watch and the time of that moment."""
    store = ui.context.store
    SharedDevice(store).set_shared(True)
    Drafts(store).start()
    ChecklistStore(store).set_note("keep-passport-copy", "Copy is with my sister")
    now = time.monotonic()
    ui.context.activity.seen(now)
    return IdleWatch(ui, TEN_MINUTES), now


def test_a_shared_device_left_alone_warns_then_is_cleared_and_counted(ui):
    watch, start = shared_with_a_draft(ui)
    store = ui.context.store
    assert watch.check(start + 60) is Stage.IN_USE and ui.page.dialogs == []

    # half a second off the whole: (start + 570) - start is not always 570
    # in floating point, and 30.000000000002 seconds left is shown as 31
    assert watch.check(start + 570.5) is Stage.WARN
    [dialog] = ui.page.dialogs
    assert dialog.modal and dialog.open
    assert "30" in watch.countdown.value  # the seconds left, in Amharic digits' place
    assert watch.check(start + 580.5) is Stage.WARN
    assert ui.page.dialogs == [dialog]  # counted down in place, not shown twice
    assert "20" in watch.countdown.value

    assert watch.check(start + 601) is Stage.CLEAR
    assert not dialog.open
    assert Drafts(store).latest() is None and ChecklistStore(store).notes() == {}
    assert ui.page.pushed[-1] == "/welcome" and not ui.language_chosen
    # someone entered something: a person came, and is counted
    assert people_counts(store, dt.date.today()) == (1, 1)
    # the language choice is left alone: nothing of a person's is on it
    assert watch.check(start + 5000) is Stage.IN_USE


def test_a_tap_on_i_am_still_here_keeps_everything(ui):
    watch, start = shared_with_a_draft(ui)
    watch.check(start + 570)
    [dialog] = ui.page.dialogs
    stay = find([dialog], "idle-stay")
    stay.on_click(Event(stay))  # type: ignore[attr-defined]
    assert not dialog.open
    # the time starts again from the tap
    assert watch.check(time.monotonic() + 60) is Stage.IN_USE
    assert Drafts(ui.context.store).latest() is not None


def test_a_device_cleared_with_nothing_entered_counts_nobody(ui):
    store = ui.context.store
    SharedDevice(store).set_shared(True)
    watch = IdleWatch(ui, TEN_MINUTES)
    ui.context.activity.cleared(time.monotonic(), store.last_change)
    assert watch.check(time.monotonic() + 601) is Stage.CLEAR
    assert people_counts(store, dt.date.today()) == (0, 0)


def test_two_screens_of_one_device_clear_it_once(ui):
    from app.ui.session import UiSession
    from tests.test_views import FakePage

    watch, start = shared_with_a_draft(ui)
    projector = UiSession(ui.context, FakePage(), ui.language)  # type: ignore[arg-type]
    other = IdleWatch(projector, TEN_MINUTES)
    assert watch.check(start + 601) is Stage.CLEAR
    # the projector's look comes a moment later: the device is in use again
    assert other.check(start + 602) is Stage.IN_USE
    assert people_counts(ui.context.store, dt.date.today()) == (1, 1)


@pytest.mark.parametrize("why", ["not shared", "switched off", "locked", "choosing a language"])
def test_left_alone_when_there_is_nothing_to_clear_or_it_is_not_wanted(ui, why):
    watch, start = shared_with_a_draft(ui)
    shared = SharedDevice(ui.context.store)
    if why == "not shared":
        shared.set_shared(False)
    elif why == "switched off":
        shared.set_clears_when_idle(False)
    elif why == "locked":
        ui.locked = True
    else:
        ui.language_chosen = False
    assert watch.check(start + 10_000) is Stage.IN_USE
    assert ui.page.dialogs == [] and Drafts(ui.context.store).latest() is not None


def test_the_switch_is_under_shared_device_and_says_the_minutes(ui):
    store = ui.context.store
    assert "more-shared-idle" not in identifiers(views_for(ui, "/more"))
    SharedDevice(store).set_shared(True)
    more = views_for(ui, "/more")
    switch = find(more, "more-shared-idle")
    assert switch.value is True  # type: ignore[attr-defined]
    assert any("10" in t for t in texts(more))
    switch.value = False  # type: ignore[attr-defined]
    switch.on_change(Event(switch))  # type: ignore[attr-defined]
    assert not SharedDevice(store).clears_when_idle()
    # the switch is the device's: a hand-over leaves it as it is
    SharedDevice(store).hand_over(dt.date.today())
    assert not SharedDevice(store).clears_when_idle()
