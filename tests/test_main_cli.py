"""main.py's options: bad ones end in one line and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from app import paths


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
