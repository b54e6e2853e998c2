"""The outbox methods the sync engine added: paging, settling an answer,
keeping reports in doubt, and putting back a batch that never went out."""

from __future__ import annotations

from sqlite_utils import Database

from app.store.migrations import migrations
from app.store.outbox import MAX_DELAY, Outbox, OutboxState
from app.store.store import open_store


def filled(store, n: int = 5) -> tuple[Outbox, list[str]]:
    outbox = Outbox(store)
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(n)]
    for i in ids:
        outbox.add(i, "{}", "0" * 64)
    return outbox, ids


def test_pending_pages_by_seq_and_due_time(store):
    outbox, ids = filled(store)
    first = outbox.pending(0, 2)
    assert [r.report_id for r in first] == ids[:2]
    assert [r.report_id for r in outbox.pending(first[-1].seq, 10)] == ids[2:]
    outbox.retry_at(ids[:1], 500.0)
    assert [r.report_id for r in outbox.pending(0, 10, now=100.0)] == ids[1:]
    assert len(outbox.pending(0, 10, now=600.0)) == 5
    outbox.retry_at(ids[:1], 100.0 + MAX_DELAY * 2)  # a clock that jumped: due
    assert len(outbox.pending(0, 10, now=100.0)) == 5


def test_settle_records_received_and_conflicts_in_one_go(store):
    outbox, ids = filled(store)
    outbox.mark_sending(ids)
    outbox.settle(ids[:3], ids[3:4])
    states = {s.report_id: s.state for s in outbox.statuses()}
    assert [states[i] for i in ids] == [
        OutboxState.RECEIVED,
        OutboxState.RECEIVED,
        OutboxState.RECEIVED,
        OutboxState.CONFLICT,
        OutboxState.SENDING,
    ]
    outbox.settle([], [])  # nothing to do


def test_still_in_doubt_keeps_the_state_and_sets_the_time(store):
    outbox, ids = filled(store, 2)
    outbox.mark_sending(ids[:1])
    outbox.still_in_doubt(ids, 900.0)
    rows = {r.report_id: r for r in outbox.unacknowledged()}
    assert rows[ids[0]].state is OutboxState.SENDING and rows[ids[0]].next_attempt_at == 900.0
    assert rows[ids[1]].next_attempt_at == 0  # only reports in doubt


def test_not_sent_puts_a_marked_batch_back_without_counting_it(store):
    outbox, ids = filled(store, 3)
    outbox.mark_sending(ids[:2])
    outbox.mark_sending(ids[:1])
    outbox.not_sent(ids, 50.0)
    rows = {r.report_id: r for r in outbox.unacknowledged()}
    assert {r.state for r in rows.values()} == {OutboxState.WAITING}
    assert [rows[i].attempts for i in ids] == [1, 0, 0]
    assert {r.next_attempt_at for r in rows.values()} == {50.0}
    outbox.acknowledge(ids[:1])
    outbox.not_sent(ids[:1], 70.0)  # acknowledged reports are never touched
    assert [s.state for s in outbox.statuses() if s.report_id == ids[0]] == [OutboxState.RECEIVED]


def test_in_doubt_lists_reports_marked_sending(store):
    outbox, ids = filled(store, 3)
    outbox.mark_sending(ids[1:])
    assert [r.report_id for r in outbox.in_doubt()] == ids[1:]
    outbox.still_in_doubt(ids[2:], 500.0)
    assert [r.report_id for r in outbox.in_doubt(now=100.0)] == ids[1:2]
    assert [r.report_id for r in outbox.in_doubt(now=600.0)] == ids[1:]


def test_mark_sending_never_reopens_a_settled_report(store):
    outbox, ids = filled(store, 2)
    outbox.settle(ids[:1], ids[1:])
    outbox.mark_sending(ids)
    assert [s.state for s in outbox.statuses()] == [OutboxState.CONFLICT, OutboxState.RECEIVED]
    assert {r.attempts for r in outbox.pending(0, 10)} == set()


def test_settle_can_mark_the_next_batch_in_the_same_transaction(store):
    outbox, ids = filled(store, 4)
    outbox.mark_sending(ids[:2])
    outbox.settle(ids[:1], ids[1:2], sending=ids[2:])
    rows = {r.report_id: r for r in outbox.unacknowledged()}
    assert set(rows) == set(ids[2:])
    assert {r.state for r in rows.values()} == {OutboxState.SENDING}
    assert {r.attempts for r in rows.values()} == {1}


def test_an_outbox_from_before_0011_keeps_every_report_and_its_state(tmp_path):
    """Upgrade of a phone's store: the state moves to outbox_state, the
    envelopes stay exactly as they were."""
    path = tmp_path / "haki.db"
    old = Database(path)
    migrations.apply(old, stop_before="0011_outbox_state")
    old.execute("pragma foreign_keys = on")
    rows = [
        ("id-1", '{"a":1}', "h1", "waiting", 0, 0.0),
        ("id-2", '{"a":2}', "h2", "sending", 2, 1700000000.5),
        ("id-3", '{"a":3}', "h3", "received", 1, 0.0),
        ("id-4", '{"a":4}', "h4", "conflict", 1, 0.0),
    ]
    with old.conn:
        old.conn.executemany(
            "insert into outbox (report_id, envelope, sha256, state, attempts, next_attempt_at) "
            "values (?, ?, ?, ?, ?, ?)",
            rows,
        )
    old.close()

    store = open_store(path)
    got = Outbox(store).statuses()
    assert [(s.report_id, s.state.value) for s in reversed(got)] == [(r[0], r[3]) for r in rows]
    doubt = Outbox(store).in_doubt()
    assert [(r.report_id, r.envelope, r.attempts, r.next_attempt_at) for r in doubt] == [
        ("id-2", '{"a":2}', 2, 1700000000.5)
    ]
    assert [r.envelope for r in Outbox(store).unacknowledged()] == ['{"a":1}', '{"a":2}']
    columns = {c.name for c in store.db.table("outbox").columns}
    assert columns == {"seq", "report_id", "envelope", "sha256"}
    # new reports go on after the old ones
    assert Outbox(store).add("id-5", "{}", "h5") == 5


def test_forget_received_deletes_only_what_the_server_holds_and_leaves_no_copy(store, tmp_path):
    outbox = Outbox(store)
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(4)]
    marker = "PLANTED-ENVELOPE-{}"
    for n, i in enumerate(ids):
        outbox.add(i, '{"x":"' + marker.format(n) + '"}', "0" * 64)
    outbox.mark_sending(ids[:3])
    outbox.settle(ids[:2], ids[2:3])  # two received, one conflict; one never sent
    assert outbox.forget_received() == 2
    left = {s.report_id: s.state for s in outbox.statuses()}
    assert left == {ids[2]: OutboxState.CONFLICT, ids[3]: OutboxState.WAITING}
    assert [r.report_id for r in outbox.unacknowledged()] == [ids[3]]
    assert outbox.forget_received() == 0
    # the deleted envelopes are in no file of the data folder: secure_delete
    # overwrote them, and the WAL that held older pages was emptied
    for path in (p for p in tmp_path.iterdir() if p.is_file()):
        data = path.read_bytes()
        for n in (0, 1):
            assert marker.format(n).encode() not in data, path.name
        if path.name.endswith("-wal"):
            assert len(data) == 0
    # what stays is still there, on disk too, after the checkpoint
    disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert marker.format(3).encode() in disk


def test_withdrawn_reports_are_gone_and_a_pass_holding_them_finds_nothing(store):
    """The worker deletes what waits; a sending pass that already read them
    records its answers, marks and puts off into no row, and fails nothing.
    Reports in doubt stay: the server may hold them (a QA pass deleted three
    the server had, telling the worker they would never be sent)."""
    outbox, ids = filled(store, 4)
    outbox.acknowledge(ids[:1])
    outbox.mark_sending(ids[1:2])
    outbox.settle([], ids[2:3])  # a conflict: the server holds other content
    assert outbox.withdraw_waiting() == 1
    outbox.settle(ids[3:], [], ids[3:])  # a pass's answer, after the fact
    outbox.retry_at(ids[3:], 0.0)
    outbox.not_sent(ids[3:], 0.0)
    left = {s.report_id: s.state for s in outbox.statuses()}
    assert left == {
        ids[0]: OutboxState.RECEIVED,
        ids[1]: OutboxState.SENDING,
        ids[2]: OutboxState.CONFLICT,
    }
    assert [r.report_id for r in outbox.pending(0, 100, None)] == [ids[1]]  # in doubt only


def test_next_attempt_is_the_earliest_a_report_is_due(store):
    outbox, ids = filled(store, 3)
    outbox.retry_at(ids, 500.0)
    outbox.retry_at(ids[1:2], 300.0)
    assert outbox.next_attempt_at(now=100.0) == 300.0
    outbox.retry_at(ids[1:2], 100.0 + MAX_DELAY * 2)  # a clock that jumped: due now
    assert outbox.next_attempt_at(now=100.0) == 100.0
    outbox.settle(received=ids, conflicts=[])
    assert outbox.next_attempt_at(now=100.0) is None  # nothing left to send
