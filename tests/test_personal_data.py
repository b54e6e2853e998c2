"""Removing everything a person entered on the device (a shared laptop at
an information session, a phone someone else may look at): what goes, what
stays, and that no copy is left in any file."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from app import paths
from app.core.checklist import Corridor
from app.core.codes import FeeCategory
from app.core.job_offer import Answer, Question
from app.core.ledger import Earnings, Payment
from app.core.report import Answers, Step
from app.settings import ensure_writable
from app.store.checklist import ChecklistStore
from app.store.drafts import Drafts
from app.store.ledger import LedgerStore
from app.store.offer import OfferStore
from app.store.outbox import Outbox, OutboxState
from app.store.personal import forget_what_was_entered
from app.store.store import UI_LANGUAGE_KEY, Store, open_store
from app.syncing import SERVER_URL_KEY

RECEIVED = "00000000-0000-4000-8000-000000000001"
WAITING = "00000000-0000-4000-8000-000000000002"


def enter_everything(store: Store) -> None:
    """One worker's use of the app, with a planted word in each free text."""
    checklist = ChecklistStore(store)
    checklist.set_corridor(Corridor("KE", "SA", "domestic_work"))
    checklist.set_done("keep-passport-copy", True)
    checklist.set_note("keep-passport-copy", "PLANTED-NOTE copy is with Amina")
    ledger = LedgerStore(store)
    ledger.set_earnings(Earnings(Decimal("1500"), "SAR"))
    ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal("40000"), "KES"))
    ledger.set_rate("KES", "SAR", Decimal("34.5"))
    OfferStore(store).set_answer(Question.FEE_ASKED, Answer.YES)
    Drafts(store).start(Answers(words="PLANTED-DRAFT my boss took my passport"))
    outbox = Outbox(store)
    outbox.add(RECEIVED, '{"x":"PLANTED-RECEIVED"}', "0" * 64)
    outbox.add(WAITING, '{"x":"PLANTED-WAITING"}', "1" * 64)
    outbox.mark_sending([RECEIVED])
    outbox.settle([RECEIVED], [])
    store.set_setting(UI_LANGUAGE_KEY, "sw")
    store.set_setting(SERVER_URL_KEY, "https://reports.example.org")


def on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_everything_entered_goes_and_no_copy_is_left(store: Store, tmp_path: Path):
    enter_everything(store)
    assert b"PLANTED-NOTE" in on_disk(tmp_path)  # the test can see what it looks for

    forget_what_was_entered(store)

    checklist = ChecklistStore(store)
    assert checklist.corridor() == Corridor()
    assert checklist.done_ids() == set() and checklist.notes() == {}
    ledger = LedgerStore(store)
    assert ledger.payments() == [] and ledger.earnings() is None
    assert ledger.rates("SAR") == {}
    assert OfferStore(store).answers() == {}
    assert Drafts(store).latest() is None
    for planted in (b"PLANTED-NOTE", b"PLANTED-DRAFT", b"PLANTED-RECEIVED", b"Amina", b"KES"):
        assert planted not in on_disk(tmp_path), planted
    for path in tmp_path.iterdir():
        if path.name.endswith("-wal"):
            assert path.stat().st_size == 0


def test_what_is_not_the_persons_or_not_sent_yet_stays(store: Store, tmp_path: Path):
    enter_everything(store)
    assert forget_what_was_entered(store) == 1  # the one the person is told of
    # a report not received yet would be lost: it stays, and is still sent
    left = {s.report_id: s.state for s in Outbox(store).statuses()}
    assert left == {WAITING: OutboxState.WAITING}
    assert b"PLANTED-WAITING" in on_disk(tmp_path)
    # the device's settings, not the person's
    assert store.get_setting(UI_LANGUAGE_KEY) == "sw"
    assert store.get_setting(SERVER_URL_KEY) == "https://reports.example.org"
    # and it can be done again, with nothing to remove
    forget_what_was_entered(store)
    assert [s.report_id for s in Outbox(store).statuses()] == [WAITING]


# -- what was changed or erased leaves no copy in the WAL ---------------------


def wait_for_scrub(folder: Path, timeout: float = 10.0) -> None:
    wal = folder / "haki.db-wal"
    deadline = time.monotonic() + timeout
    while wal.exists() and wal.stat().st_size and time.monotonic() < deadline:
        time.sleep(0.02)


def test_an_erased_note_or_name_leaves_the_files_soon_after(store: Store, tmp_path: Path):
    """The WAL keeps each earlier version of a page it wrote until a
    checkpoint: without one, an erased note stays readable there for as
    long as the app runs, and after it stops."""
    store.scrub_delay = 0.05
    checklist = ChecklistStore(store)
    checklist.set_note("keep-passport-copy", "PLANTED-ERASED I leave on Sunday")
    drafts = Drafts(store)
    draft = drafts.start()
    drafts.save(draft.id, Answers(employer_name="PLANTED-NAME Tiles"), Step.WHO)
    ledger = LedgerStore(store)
    payment = ledger.add_payment(Payment(FeeCategory.RECRUITMENT_FEE, Decimal("777123"), "KES"))
    checklist.set_note("keep-passport-copy", "")
    drafts.save(draft.id, Answers(employer_name=""), Step.WHO)
    ledger.remove_payment(payment)
    assert b"PLANTED-ERASED" in (tmp_path / "haki.db-wal").read_bytes()  # still there, now
    wait_for_scrub(tmp_path)
    files = on_disk(tmp_path)
    for word in (b"PLANTED-ERASED", b"PLANTED-NAME", b"777123"):
        assert word not in files
    assert checklist.note("keep-passport-copy") == ""  # and what is kept is kept
    assert drafts.get(draft.id) is not None


def test_a_wal_left_by_an_app_that_was_killed_is_scrubbed_at_the_next_start(tmp_path: Path):
    script = (
        "import os, sys; from pathlib import Path\n"
        "from app.store.store import open_store\n"
        "from app.store.checklist import ChecklistStore\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "checklist = ChecklistStore(store)\n"
        "checklist.set_note('keep-passport-copy', 'PLANTED-KILLED')\n"
        "checklist.set_note('keep-passport-copy', '')\n"
        "os._exit(0)  # no close, no scrub: as when the phone kills the app\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "haki.db")], cwd=paths.ROOT, check=True
    )
    assert b"PLANTED-KILLED" in on_disk(tmp_path)
    store = open_store(tmp_path / "haki.db")  # not only at its close: it may run for days
    assert b"PLANTED-KILLED" not in on_disk(tmp_path)
    store.close()


def test_the_database_and_its_data_folder_are_the_owners_alone(tmp_path: Path):
    folder = tmp_path / "new" / "haki"
    ensure_writable(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    old = folder / "old.db"
    old.touch(mode=0o644)
    for name in ("haki.db", "old.db"):
        store = open_store(folder / name)
        store.set_setting("x", "y")
        for path in folder.glob(f"{name}*"):  # -wal and -shm take the file's mode
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        store.close()


def test_stopping_the_app_scrubs_what_was_erased_just_before(tmp_path: Path, registry):
    """A shared laptop shut down a second after a note was erased: main.py
    closes the store once the server stops (Preparation.close), and closing
    scrubs; the next start was the first scrub before."""
    from app.settings import Settings
    from app.startup import Preparation

    preparation = Preparation(Settings("127.0.0.1", 1, tmp_path), registry)
    store = preparation.start().get().store
    store.scrub_delay = 60.0  # not before the stop
    checklist = ChecklistStore(store)
    checklist.set_note("keep-passport-copy", "PLANTED-AT-STOP I leave on Sunday")
    checklist.set_note("keep-passport-copy", "")
    assert b"PLANTED-AT-STOP" in on_disk(tmp_path)
    preparation.close()
    assert b"PLANTED-AT-STOP" not in on_disk(tmp_path)
