"""Phones served by an outreach laptop (`--host 0.0.0.0`): each gets a
store of its own with the laptop's content and nobody's data, and the
reports it could not send move to the laptop's outbox when it goes, or at
the next start after a crash; exactly once."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

import flet as ft
import pytest

from app.addresses import network_address
from app.store.checklist import ChecklistStore
from app.store.drafts import Drafts
from app.store.lock import AppLock
from app.store.outbox import Outbox, OutboxState
from app.store.store import UI_LANGUAGE_KEY, Store
from app.ui.routes import views_for
from app.ui.session import UiSession
from app.visitors import Visitors, is_visitor
from tests import webapp
from tests.test_browser_report import poll
from tests.test_personal_data import enter_everything
from tests.test_views import FakePage, identifiers
from tests.test_views import ui as ui  # noqa: F401 - the fixture

REPORT = "00000000-0000-4000-8000-0000000000a{}"


@pytest.mark.parametrize(
    ("address", "visitor"),
    [
        ("192.168.1.20", True),
        ("10.0.0.7", True),
        ("fe80::1", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("", False),  # no address: the phone or desktop app itself
        (None, False),
        ("not an address", True),
    ],
)
def test_a_visitor_is_a_browser_on_another_device(address: str | None, visitor: bool):
    assert is_visitor(address) is visitor


def test_a_visitor_gets_the_content_and_nobody_s_data(ui, tmp_path: Path):
    main: Store = ui.context.store
    enter_everything(main)
    AppLock(main).set_pin("2468")
    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    mine = visit.context.store
    assert visit.context.visiting and visit.path.parent == tmp_path / "visitors"
    assert stat.S_IMODE(visit.path.stat().st_mode) == 0o600
    # the content is there, ready: no import
    assert [a.id for a in mine.article_summaries(["en"])] == [
        a.id for a in main.article_summaries(["en"])
    ]
    assert mine.article_summaries(["en"])
    # and nothing anyone entered, nor the device's settings
    assert ChecklistStore(mine).notes() == {} and Drafts(mine).latest() is None
    assert Outbox(mine).counts() == dict.fromkeys(OutboxState, 0)
    assert not AppLock(mine).is_set() and mine.get_setting(UI_LANGUAGE_KEY) is None
    files = b"".join(p.read_bytes() for p in visit.path.parent.iterdir())
    for planted in (b"PLANTED-NOTE", b"PLANTED-DRAFT", b"PLANTED-WAITING", b"Amina"):
        assert planted not in files, planted
    # what the visitor enters stays theirs
    ChecklistStore(mine).set_note("keep-passport-copy", "VISITOR-NOTE")
    assert "VISITOR-NOTE" not in str(ChecklistStore(main).notes())
    visitors.leave(visit)
    visitors.leave(visit)  # a second close of the same page: nothing more
    assert not visit.path.exists()


def visitor_reports(visit, count: int) -> None:  # type: ignore[no-untyped-def]
    outbox = Outbox(visit.context.store)
    for i in range(count):
        outbox.add(REPORT.format(i), f'{{"n":{i}}}', str(i) * 64)
    outbox.acknowledge([REPORT.format(0)])  # the server has this one
    outbox.mark_sending([REPORT.format(1)])  # and may have this one


def test_a_visitor_s_unsent_reports_go_to_the_laptop_when_it_leaves(ui):
    main: Store = ui.context.store
    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    visitor_reports(visit, 3)
    visitors.leave(visit)
    assert not visit.path.exists() and not list(visit.path.parent.iterdir())
    outbox = Outbox(main)
    taken = {r.report_id: r.state for r in outbox.unacknowledged()}
    # the one received stays with the server; the one in doubt is asked about
    assert taken == {REPORT.format(1): OutboxState.SENDING, REPORT.format(2): OutboxState.WAITING}
    assert outbox.statuses() == []  # sent from here, never shown here
    assert [r.report_id for r in outbox.due(2e9)] == [REPORT.format(1), REPORT.format(2)]


def test_stores_left_by_a_crash_are_handed_over_at_the_next_start_once(ui):
    main: Store = ui.context.store
    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    visitor_reports(visit, 3)
    visit.context.store.close()  # the laptop stopped with the page open
    damaged = visit.path.with_name("damaged.db")
    damaged.write_bytes(b"not a database at all" * 100)
    assert visitors.recover() == 2
    assert visitors.recover() == 0 and not list(visit.path.parent.iterdir())
    # the same reports handed over twice (a crash after the move) queue once
    again = visitors.arrive()
    visitor_reports(again, 3)
    visitors.leave(again)
    assert len(Outbox(main).unacknowledged()) == 2


def test_a_visitor_is_told_where_what_it_enters_is_kept_and_has_no_pin(ui, registry):
    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    try:
        guest = UiSession(visit.context, FakePage(), registry.get("en"))  # type: ignore[arg-type]
        more = identifiers(views_for(guest, "/more"))
        assert "language-picker" in more
        assert not {"more-shared", "more-lock"} & more
        assert "lock-new" not in identifiers(views_for(guest, "/more/lock"))
        # told where what they enter is kept, where they enter it
        for route in ("/checklist", "/report"):
            assert "visitor-notice" in identifiers(views_for(guest, route)), route
            assert "visitor-notice" not in identifiers(views_for(ui, route)), route
        # the laptop's own screens keep both
        assert {"more-shared", "more-lock"} <= identifiers(views_for(ui, "/more"))
    finally:
        visitors.leave_all()  # as when Haki stops
    assert not visit.path.exists()


# -- in a real browser ------------------------------------------------------


def test_a_phone_served_by_the_laptop_does_not_see_the_laptop_s_report(browser, tmp_path):
    address = network_address()
    if address is None:
        pytest.skip("this machine has no network address other than loopback")
    data = tmp_path / "data"
    server = webapp.start(
        ["--host", "0.0.0.0", "--data-dir", str(data), "--lang", "en"], tmp_path / "log"
    )
    try:
        # the address to give the phones is printed, not 0.0.0.0
        phones_url = server.url.replace("127.0.0.1", address) + "/"
        assert f"for phones on this network, at {phones_url}" in server.log.read_text("utf-8")
        laptop = webapp.open_app(browser, server.url + "/report")
        webapp.node(laptop, "report-start").click()
        webapp.node(laptop, "report-option-hours").click()
        webapp.node(laptop, "report-next").wait_for(timeout=20_000)
        # the laptop's draft is saved in the laptop's store
        assert poll(data, "select count(*) from report_drafts", lambda r: r[0] == 1) == (1,)

        phone = webapp.open_app(browser, server.url.replace("127.0.0.1", address) + "/report")
        webapp.node(phone, "report-start").wait_for(timeout=20_000)
        assert webapp.node(phone, "report-resume").count() == 0  # not the laptop's draft
        visitors = list((data / "visitors").glob("*.db"))
        assert len(visitors) == 1  # the phone's own store
        # the phone's own report is its own; the laptop still has only its own
        webapp.node(phone, "report-start").click()
        webapp.node(phone, "report-option-passport").click()
        webapp.node(phone, "report-next").wait_for(timeout=20_000)
        # the phone reloads its page: a new session, the same store (its
        # browser keeps the key to it), so its unfinished report is still there
        phone.reload(wait_until="load")
        phone.wait_for_function(webapp.FLUTTER_READY, timeout=30_000)
        webapp.enable_semantics(phone)
        chosen = webapp.node(phone, "report-option-passport")
        chosen.wait_for(timeout=20_000)
        assert chosen.get_attribute("aria-checked") == "true"  # the answer it gave
        assert len(list((data / "visitors").glob("*.db"))) == 1  # no second store
        again = webapp.open_app(browser, server.url + "/report")  # a second tab on the laptop
        webapp.node(again, "report-resume").wait_for(timeout=20_000)
        assert poll(data, "select count(*) from report_drafts", lambda r: r[0] == 1) == (1,)
        for page in (phone, laptop, again):
            page.context.close()
    finally:
        server.stop()


def test_a_visitor_whose_store_cannot_be_made_is_told_and_never_gets_the_laptop_s(ui, tmp_path):
    from app.store.errors import StoreError
    from app.ui.shell import cannot_open_here

    (tmp_path / "visitors").write_text("a file where the folder should be")  # as a full disk
    with pytest.raises(StoreError, match="cannot make a visitor's store"):
        Visitors(ui.context).arrive()

    class Page(FakePage):
        def __init__(self) -> None:
            super().__init__(web=True)
            self.controls: list[object] = []
            self.rtl = False

        def add(self, *controls: object) -> None:
            self.controls.extend(controls)

    page = Page()
    cannot_open_here(page, ui.context)  # type: ignore[arg-type]
    ids = identifiers([ft.View(controls=page.controls)])  # type: ignore[arg-type]
    assert ids == {"visitor-cannot-open"}  # nothing else: no screen of the laptop's


def test_a_damaged_or_odd_leftover_never_stops_haki_from_starting(ui):
    import sqlite3

    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    visitor_reports(visit, 3)
    visit.context.store.close()  # stopped with the page open
    with sqlite3.connect(visit.path) as db:  # then the file was damaged inside
        db.execute("pragma wal_checkpoint(truncate)")
        page_size = db.execute("pragma page_size").fetchone()[0]
        root = db.execute(
            "select rootpage from sqlite_master where name = 'outbox_state'"
        ).fetchone()[0]
    with visit.path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)
    (visit.path.parent / "folder.db").mkdir()  # and a folder with a store's name
    assert visitors.recover() == 0  # nothing could be saved, and nothing stopped
    assert not visit.path.exists()


def test_a_visit_ends_with_its_last_session_or_when_idle_for_an_hour(ui):
    from app.visitors import IDLE_SECONDS

    visitors = Visitors(ui.context)
    visit = visitors.arrive()
    assert visitors.come_back("not the key") is None
    again = visitors.come_back(visit.key)  # the page reloaded: a second session
    assert again is visit and visit.sessions == 2
    visitors.leave(visit)  # the first session ended: the store stays
    assert visit.path.exists() and visitors.come_back(visit.key) is visit
    visitors.leave(visit)
    visitors.leave(visit)
    assert not visit.path.exists() and visitors.come_back(visit.key) is None
    # a page that closed without its session ending (Flet did not always say)
    idle = visitors.arrive()
    assert visitors.leave_idle(now=idle.context.activity.last_seen + IDLE_SECONDS / 2) == 0
    # a reader typing a long account draws no page, but saves as they type
    idle.context.activity.last_seen -= 2 * IDLE_SECONDS  # the page was last drawn long ago
    ChecklistStore(idle.context.store).set_note("keep-passport-copy", "typing")
    assert visitors.leave_idle() == 0
    assert visitors.leave_idle(now=idle.context.store.last_change + IDLE_SECONDS + 1) == 1
    assert not idle.path.exists()


def test_a_phone_s_first_report_is_its_number_1_and_it_cannot_move_the_server(ui, registry):
    from app.syncing import SyncService

    main: Store = ui.context.store
    enter_everything(main)  # two reports made on the laptop
    context = dataclasses.replace(ui.context, sync=SyncService(main, "http://127.0.0.1:9"))
    visitors = Visitors(context)
    visit = visitors.arrive()
    try:
        assert Outbox(visit.context.store).add(REPORT.format(7), "{}", "7" * 64) == 1
        guest = UiSession(visit.context, FakePage(), registry.get("en"))  # type: ignore[arg-type]
        mine = identifiers(views_for(guest, "/report/mine"))
        assert "report-send-now" in mine and "report-server-address" not in mine
        laptop = UiSession(context, FakePage(), registry.get("en"))  # type: ignore[arg-type]
        assert "report-server-address" in identifiers(views_for(laptop, "/report/mine"))
    finally:
        visitors.leave_all()


def test_there_is_a_limit_to_the_stores_phones_can_make(ui, monkeypatch):
    from app import visitors as module
    from app.store.errors import StoreError

    monkeypatch.setattr(module, "MAX_OPEN", 2)
    visitors = Visitors(ui.context)
    first, _second = visitors.arrive(), visitors.arrive()
    with pytest.raises(StoreError, match="open already"):
        visitors.arrive()  # the phone is told it cannot open just now
    visitors.leave(first)
    visitors.arrive()  # a place again
    assert len(list(first.path.parent.glob("*.db"))) == 2
    visitors.leave_all()


def quiet_for(visit, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """As if `seconds` had passed since the visit's page was last drawn and
    its store last changed."""
    activity = visit.context.activity
    activity.last_seen -= seconds
    activity.cleared_at -= seconds
    visit.context.store.last_change -= seconds


def test_when_every_place_is_taken_a_quiet_visit_with_nothing_entered_makes_room(ui, monkeypatch):
    """Someone opening page after page on the laptop's wifi keeps the
    room's phones out for minutes, not an hour; a store in which anyone
    entered anything is never ended for room."""
    from app import visitors as module
    from app.store.errors import StoreError

    monkeypatch.setattr(module, "MAX_OPEN", 2)
    visitors = Visitors(ui.context)
    worker, empty = visitors.arrive(), visitors.arrive()
    ChecklistStore(worker.context.store).set_note("keep-passport-copy", "copy at home")
    with pytest.raises(StoreError, match="open already"):
        visitors.arrive()  # the empty page was opened a moment ago: it may be loading
    quiet_for(empty, module.EMPTY_QUIET_SECONDS)
    quiet_for(worker, 2 * module.EMPTY_QUIET_SECONDS)  # quieter still, but not empty
    newcomer = visitors.arrive()
    assert not empty.path.exists() and visitors.come_back(empty.key) is None
    assert worker.path.exists() and visitors.come_back(worker.key) is worker
    with pytest.raises(StoreError, match="open already"):
        visitors.arrive()  # the worker's store and the newcomer's, still in use
    assert newcomer.path.exists()
    visitors.leave_all()
