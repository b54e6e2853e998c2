"""The background runner: a pass at start-up, on a timer and on demand,
never blocking the caller, reporting progress."""

from __future__ import annotations

import random
import threading
import time

from nacl.public import PrivateKey

from app import paths
from app.store.outbox import Outbox, OutboxState
from app.store.store import open_store
from server.testing import ServerProcess, queue, synthetic_envelope
from sync.drain import Backoff, ProgressCallback, SyncProgress, SyncSummary
from sync.runner import SyncRunner, make_runner


class SlowPass:
    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.calls: list[bool] = []
        self.release = threading.Event()

    def __call__(self, everything: bool, progress: ProgressCallback) -> SyncSummary:
        self.calls.append(everything)
        progress(SyncProgress("sending", 0, 1))
        if self.seconds:
            self.release.wait(self.seconds)
        summary = SyncSummary()
        progress(SyncProgress("done", 1, 1, summary))
        return summary


def test_start_runs_a_pass_that_sends_everything():
    job = SlowPass()
    seen: list[SyncProgress] = []
    runner = SyncRunner(job, interval=60, on_progress=seen.append).start()
    assert runner.wait_idle(5)
    runner.stop()
    assert job.calls == [True]
    assert [p.phase for p in seen] == ["sending", "done"]


def test_trigger_returns_at_once_and_runs_another_pass():
    job = SlowPass(seconds=5)
    runner = SyncRunner(job, interval=60).start()
    time.sleep(0.05)
    started = time.perf_counter()
    runner.trigger()  # a pass is running: this must not wait for it
    assert time.perf_counter() - started < 0.05
    assert runner.running
    job.release.set()
    assert runner.wait_idle(5)
    runner.stop()
    assert job.calls == [True, True]


def test_the_timer_sends_only_what_is_due():
    job = SlowPass()
    runner = SyncRunner(job, interval=0.05).start()
    time.sleep(0.3)
    runner.stop()
    assert job.calls[0] is True and len(job.calls) >= 3
    assert set(job.calls[1:]) == {False}


def test_a_failing_pass_does_not_stop_the_runner():
    calls = []

    def broken(everything: bool, progress: ProgressCallback) -> SyncSummary:
        calls.append(everything)
        raise RuntimeError("boom")

    runner = SyncRunner(broken, interval=60).start()
    assert runner.wait_idle(5)
    runner.trigger()
    assert runner.wait_idle(5)
    runner.stop()
    assert calls == [True, True]


def test_make_runner_drains_a_store_to_a_server(tmp_path):
    key = bytes(PrivateKey.generate().public_key)
    store = open_store(paths.db_path(tmp_path))
    rng = random.Random(3)
    queue(Outbox(store), [synthetic_envelope(rng, key) for _ in range(30)])
    seen: list[SyncProgress] = []
    with ServerProcess(tmp_path / "server.db", ["--rate", "0"]) as server:
        runner = make_runner(store, server.url, interval=60, on_progress=seen.append).start()
        assert runner.wait_idle(20)
        runner.stop()
    assert Outbox(store).counts()[OutboxState.RECEIVED] == 30
    assert seen[-1].phase == "done" and seen[-1].summary and seen[-1].summary.accepted == 30
    assert runner.last is seen[-1].summary
    store.close()


def test_passes_over_one_store_never_overlap(tmp_path):
    """A runner replaced while it sends (a new server address) waits for the
    old pass: the second pass finds nothing left to send."""
    key = bytes(PrivateKey.generate().public_key)
    store = open_store(paths.db_path(tmp_path))
    rng = random.Random(4)
    queue(Outbox(store), [synthetic_envelope(rng, key) for _ in range(300)])
    with ServerProcess(tmp_path / "server.db", ["--rate", "0"]) as server:
        first = make_runner(store, server.url, interval=60).start()
        second = make_runner(store, server.url, interval=60).start()
        assert first.wait_idle(30) and second.wait_idle(30)
        first.stop()
        second.stop()
    assert first.last and second.last
    sent = [
        first.last.accepted + first.last.duplicate,
        second.last.accepted + second.last.duplicate,
    ]
    assert sorted(sent) == [0, 300]
    assert Outbox(store).counts()[OutboxState.RECEIVED] == 300
    store.close()


def test_reports_put_off_go_when_due_not_at_the_next_timer_pass(tmp_path):
    """The server down at start-up: the reports are put off by their backoff
    (here under a second), and the runner wakes for them then, not at its
    timer (15 minutes in the app, 10 here): the server back, they arrive."""
    key = bytes(PrivateKey.generate().public_key)
    store = open_store(paths.db_path(tmp_path))
    rng = random.Random(5)
    queue(Outbox(store), [synthetic_envelope(rng, key) for _ in range(5)])
    server = ServerProcess(tmp_path / "server.db", ["--rate", "0"])  # not started yet
    runner = make_runner(
        store, server.url, interval=600, soonest=0.1, backoff=Backoff(base=1.0, cap=2.0)
    ).start()
    try:
        assert runner.wait_idle(20)
        assert Outbox(store).counts()[OutboxState.WAITING] == 5  # nobody answered
        with server:
            deadline = time.monotonic() + 20
            while Outbox(store).counts()[OutboxState.RECEIVED] < 5:
                assert time.monotonic() < deadline, "the reports waited for the timer"
                time.sleep(0.1)
    finally:
        runner.stop()
        store.close()
