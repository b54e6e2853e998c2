"""bench.reports adds made-up reports only to a store it made itself."""

from __future__ import annotations

from app import paths
from app.store.outbox import Outbox, OutboxState
from app.store.store import open_store
from bench.reports import main


def waiting(data_dir) -> int:
    store = open_store(paths.db_path(data_dir))
    try:
        return Outbox(store).counts()[OutboxState.WAITING]
    finally:
        store.close()


def test_it_adds_to_its_own_store_and_never_to_a_devices(tmp_path, capsys):
    own = tmp_path / "bench"
    assert main(["--count", "3", "--data-dir", str(own)]) == 0
    assert main(["--count", "2", "--data-dir", str(own)]) == 0
    assert waiting(own) == 5
    device = tmp_path / "device"  # a worker's store, made by the app
    device.mkdir()
    open_store(paths.db_path(device)).close()
    capsys.readouterr()
    assert main(["--count", "3", "--data-dir", str(device)]) == 2
    assert "holds a store this tool did not make" in capsys.readouterr().err
    assert waiting(device) == 0
