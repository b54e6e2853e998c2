"""Reports not sent yet, when the device passes to someone who may not be
the one who wrote them (the next person on a shared device, whoever opens
a phone without its PIN, or ten wrong PINs when the worker chose so):
still sent, exactly once, but no longer shown, and removed once the
server has them."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.public import PrivateKey
from sqlite_utils import Database

from app import paths
from app.core.pin import ERASE_AFTER, TRIES, WAIT_SECONDS
from app.store import migrations
from app.store.checklist import ChecklistStore
from app.store.lock import AppLock, Attempt
from app.store.outbox import Outbox, OutboxState
from app.store.personal import forget_what_was_entered
from app.store.store import Store, open_store
from app.ui.report.sending import status_text
from app.ui.routes import views_for
from server.testing import ServerProcess, check_exactly_once, queue, synthetic_envelope
from sync.client import SyncClient
from sync.drain import drain
from tests.test_personal_data import WAITING, enter_everything, on_disk
from tests.test_views import Event, find, identifiers, texts
from tests.test_views import ui as ui  # noqa: F401 - the fixture

NOW = 1_800_000_000.0


def unlisted(outbox: Outbox) -> int:
    """How many reports are kept to be sent but not shown."""
    return sum(outbox.counts().values()) - sum(outbox.counts(shown_only=True).values())


def test_unlisted_reports_are_kept_to_send_but_not_shown(store: Store):
    enter_everything(store)
    assert forget_what_was_entered(store, unlist=True) == 1
    outbox = Outbox(store)
    assert outbox.statuses() == [] and unlisted(outbox) == 1
    assert outbox.counts(shown_only=True) == dict.fromkeys(OutboxState, 0)
    assert outbox.counts()[OutboxState.WAITING] == 1
    assert [r.report_id for r in outbox.due(NOW)] == [WAITING]  # still sent
    # a report made afterwards is shown, beside the one that is not
    outbox.add("00000000-0000-4000-8000-000000000003", "{}", "3" * 64)
    assert [s.report_id for s in outbox.statuses()] == ["00000000-0000-4000-8000-000000000003"]
    assert outbox.counts(shown_only=True)[OutboxState.WAITING] == 1
    # removing what one entered on one's own phone (More) leaves them shown
    forget_what_was_entered(store)
    assert len(outbox.statuses()) == 1 and unlisted(outbox) == 1


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("server") / "server.db", ["--rate", "0"]) as s:
        yield s


def test_unlisted_reports_reach_the_server_once_and_then_leave_the_device(
    tmp_path: Path, server: ServerProcess
):
    store = open_store(paths.db_path(tmp_path))
    outbox = Outbox(store)
    key = bytes(PrivateKey.generate().public_key)
    rng = random.Random(7)
    before = [synthetic_envelope(rng, key) for _ in range(3)]
    queue(outbox, before)
    outbox.mark_sending([str(before[0].report_id)])  # in doubt when the phone changed hands
    assert outbox.unlist_unsent() == 3
    after = [synthetic_envelope(rng, key) for _ in range(2)]
    queue(outbox, after)
    client = SyncClient(server.url, timeout=(2, 10))
    try:
        summary = drain(outbox, client, now=lambda: NOW)
    finally:
        client.close()
    assert summary.remaining == 0
    check_exactly_once(outbox, server.db, before + after)
    # the three no one is shown are gone from the device; the new two stay,
    # received, for their sender to follow
    assert unlisted(outbox) == 0
    assert sorted(s.report_id for s in outbox.statuses()) == sorted(str(e.report_id) for e in after)
    assert outbox.counts() == {**dict.fromkeys(OutboxState, 0), OutboxState.RECEIVED: 2}
    store.close()


def test_the_column_is_added_to_a_store_of_the_last_schema(tmp_path: Path):
    path = paths.db_path(tmp_path)
    old = Database(path)
    migrations.migrations.apply(old, stop_before="0014_unlisted")
    old.execute("insert into outbox (seq, report_id, envelope, sha256) values (1, 'r1', '{}', 'x')")
    old.execute("insert into outbox_state (seq) values (1)")
    old.conn.commit()
    old.close()
    store = open_store(path)
    assert [s.report_id for s in Outbox(store).statuses()] == ["r1"]  # shown, as before
    store.close()


# -- ten wrong PINs, when the worker chose so --------------------------------


def wrong_tries(lock: AppLock, count: int, start: float = 1000.0) -> list[Attempt]:
    """`count` wrong PINs, each after the wait the lock asks for."""
    return [lock.try_pin("1111", now=start + i * WAIT_SECONDS) for i in range(count)]


def test_ten_wrong_pins_erase_only_when_the_worker_chose_so(store: Store, tmp_path: Path):
    enter_everything(store)
    lock = AppLock(store)
    lock.set_pin("2468")
    assert not lock.erases() and TRIES < ERASE_AFTER  # the waits come first
    assert set(wrong_tries(lock, ERASE_AFTER + 2)) == {Attempt.REFUSED}
    assert lock.is_set() and ChecklistStore(store).notes()  # nothing removed

    lock.set_pin("2468")  # the tries start again
    lock.set_erases(True)
    tries = wrong_tries(lock, ERASE_AFTER)
    assert tries == [Attempt.REFUSED] * (ERASE_AFTER - 1) + [Attempt.ERASED]
    assert not lock.is_set() and not lock.erases()  # the lock guards nothing now
    assert ChecklistStore(store).notes() == {}
    assert Outbox(store).statuses() == [] and Outbox(store).counts()[OutboxState.WAITING] == 1
    for planted in (b"PLANTED-NOTE", b"PLANTED-DRAFT", b"Amina"):
        assert planted not in on_disk(tmp_path), planted


def test_the_right_pin_between_wrong_ones_starts_the_count_again(store: Store):
    lock = AppLock(store)
    lock.set_pin("2468")
    lock.set_erases(True)
    wrong_tries(lock, ERASE_AFTER - 1)
    assert lock.try_pin("2468", now=1000.0 + ERASE_AFTER * WAIT_SECONDS) is Attempt.OPEN
    assert set(wrong_tries(lock, ERASE_AFTER - 1, start=5000.0)) == {Attempt.REFUSED}
    assert lock.is_set()


def test_the_lock_screen_opens_an_empty_haki_at_the_tenth_wrong_pin(ui):
    store: Store = ui.context.store
    enter_everything(store)
    lock = AppLock(store)
    lock.set_pin("2468")
    # the switch, in the lock's settings
    views = views_for(ui, "/more/lock")
    switch = find(views, "lock-erase")
    switch.value = True  # type: ignore[attr-defined]
    switch.on_change(Event(switch))  # type: ignore[attr-defined]
    assert lock.erases()
    ui.locked = True
    wrong_tries(lock, ERASE_AFTER - 1)  # earlier tries, waited out
    store.set_setting("lock.last_failure", "0")
    views = views_for(ui, "/report")
    field = find(views, "lock-pin")
    field.value = "1111"  # type: ignore[attr-defined]
    find(views, "lock-open").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ui.locked and not lock.is_set()
    mine = views_for(ui, "/report/mine")
    assert "report-none" in identifiers(mine) and ui._("Sending…") not in texts(mine)
    assert ui._("You have not sent any reports.") in texts(mine)


def test_a_forgotten_pin_hides_the_reports_not_sent_yet(ui):
    store: Store = ui.context.store
    enter_everything(store)
    AppLock(store).set_pin("2468")
    ui.locked = True
    views = views_for(ui, "/report")
    find(views, "lock-forgot-confirm").on_click(Event(None))  # type: ignore[attr-defined]
    assert not ui.locked
    assert "report-none" in identifiers(views_for(ui, "/report/mine"))
    assert Outbox(store).counts()[OutboxState.WAITING] == 1


def test_the_hand_over_screen_counts_the_reports_still_to_send(ui):
    from app.store.shared import SharedDevice

    store: Store = ui.context.store
    SharedDevice(store).set_shared(True)
    assert "next-person-waiting" not in identifiers(views_for(ui, "/more/next-person"))
    enter_everything(store)  # one received, one waiting
    views = views_for(ui, "/more/next-person")
    line = ui._("Reports waiting to be sent: {count}").format(count=ui.tr.format_number(1))
    assert "next-person-waiting" in identifiers(views) and line in texts(views)


def test_a_pass_under_way_gives_no_numbers_that_count_reports_not_shown(
    store: Store, registry, server: ServerProcess, tmp_path: Path
):
    from app.settings import Settings
    from app.startup import AppContext
    from app.syncing import SyncService
    from app.ui.session import UiSession
    from server.testing import FaultProxy
    from tests.test_checklist_views import RefreshingPage

    outbox = Outbox(store)
    key = bytes(PrivateKey.generate().public_key)
    rng = random.Random(9)
    # a first batch of the last person's reports is answered, the next one hangs
    queue(outbox, [synthetic_envelope(rng, key) for _ in range(150)])
    outbox.unlist_unsent()
    queue(outbox, [synthetic_envelope(rng, key)])
    proxy = FaultProxy(server.port, ["pass"] + ["stall"] * 5)
    service = SyncService(store, proxy.url)
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store, service)
    ui = UiSession(context, RefreshingPage(), registry.get("en"))  # type: ignore[arg-type]
    sending = threading.Event()
    service.listen("test", lambda p: sending.set() if p.phase == "sending" else None)
    with proxy:
        service.start()
        try:
            assert sending.wait(30)
            # "Sending: 100 of 151" would tell of reports My reports does not list
            assert status_text(ui) == "Sending…"
            assert len(outbox.statuses()) == 1
        finally:
            service.stop()


def test_deleting_one_s_reports_not_sent_leaves_the_ones_not_shown(store: Store):
    enter_everything(store)
    forget_what_was_entered(store, unlist=True)  # someone else's, still to send
    outbox = Outbox(store)
    outbox.add("00000000-0000-4000-8000-000000000009", "{}", "9" * 64)  # the reader's own
    assert outbox.withdraw_waiting() == 1
    assert [r.report_id for r in outbox.due(NOW)] == [WAITING]  # still sent


def test_a_report_not_shown_that_conflicts_is_not_kept(store: Store):
    outbox = Outbox(store)
    outbox.add(WAITING, "{}", "1" * 64)
    outbox.unlist_unsent()
    outbox.mark_sending([WAITING])
    outbox.conflict([WAITING])  # nobody to show it to: it goes
    assert outbox.counts() == dict.fromkeys(OutboxState, 0)
