"""main.py's options: bad ones end in one line and exit 2, never a
traceback; and a stop ends in exit 0, with the store closed."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import pytest

from app import paths
from tests import webapp


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    return subprocess.run(
        [sys.executable, str(paths.ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("haki: error: ") and fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_language(tmp_path):
    result = run_main("--lang", "xx", "--data-dir", str(tmp_path))
    assert_one_line_error(result, "unknown language 'xx'; choose one of: am, ar, ")


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_main("--data-dir", str(blocker / "data"))
    assert_one_line_error(result, "cannot write to data folder")


def test_a_data_dir_holding_a_broken_database(tmp_path):
    (tmp_path / "haki.db").write_bytes(b"garbage" * 1000)
    result = run_main("--data-dir", str(tmp_path))
    assert_one_line_error(result, "cannot use the database")
    assert (tmp_path / "haki.db").read_bytes() == b"garbage" * 1000


def test_bad_port(tmp_path):
    result = run_main("--port", "70000", "--data-dir", str(tmp_path))
    assert_one_line_error(result, "port 70000")


def test_a_port_in_use_is_one_line_before_anything_is_served(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_main("--port", str(port), "--data-dir", str(tmp_path), "--lang", "en")
    assert_one_line_error(result, f"cannot listen on 127.0.0.1 port {port}: Address already")
    assert result.stdout == ""  # no "serving at" an address someone else holds


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopped_it_closes_its_store_and_exits_0(tmp_path, stop):
    """A service manager's SIGTERM or a Ctrl+C: the web server stops, then
    the store is closed, which empties the WAL of what was erased last. The
    web server raised the signal again once stopped, which killed Haki
    before that."""
    data = tmp_path / "data"
    server = webapp.start(["--data-dir", str(data), "--lang", "en"], tmp_path / "log")
    deadline = time.monotonic() + 20
    while not (data / "haki.db-wal").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the store is opened in the background
    assert (data / "haki.db-wal").exists()
    server.proc.send_signal(stop)
    assert server.proc.wait(timeout=20) == 0, server.log.read_text(errors="replace")
    assert not (data / "haki.db-wal").exists()
    assert "Traceback" not in server.log.read_text(errors="replace")


def test_stopped_before_its_start_up_work_began_it_exits_at_once(tmp_path):
    """Start-up work waits until a browser asks for the client's code
    (app.web_front): a stop before that does not wait for it to begin."""
    data = tmp_path / "data"
    server = webapp.start(["--data-dir", str(data), "--lang", "en"], tmp_path / "log")
    stopped = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=20) == 0, server.log.read_text(errors="replace")
    assert time.monotonic() - stopped < 2.5  # it waited 3 s for start-up work to begin
    assert not (data / "haki.db-wal").exists()
    assert "Traceback" not in server.log.read_text(errors="replace")
