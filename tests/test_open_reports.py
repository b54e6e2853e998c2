"""The organisation's side: make a key pair (`python -m server.keys`) and read
the reports sealed to it (`python -m server.open_reports`) once they have
travelled from the app's outbox to a real server process."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from nacl.public import PrivateKey, PublicKey, SealedBox

from app.core.report import Answers
from app.core.report_sealing import public_key_from_base64
from app.store.drafts import submit_report
from app.store.outbox import Outbox
from app.store.store import open_store
from server.db import open_db
from server.open_reports import FIELDS, cell
from server.testing import ROOT, ServerProcess, synthetic_envelope
from sync.client import SyncClient
from sync.drain import drain

TODAY = dt.date(2026, 11, 27)
WORDS = '=HYPERLINK("http://example.com") ሰላም — they kept my passport'


def run(module: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def new_key(path: Path) -> bytes:
    """The public key `server.keys` prints for the config, read as the app reads it."""
    done = run("server.keys", path)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("organisation_public_key = ")
    return public_key_from_base64(line.split("=", 1)[1].strip().strip('"'))


def answers(words: str, contact: str = "") -> Answers:
    return Answers(
        categories=["passport", "wages"],
        destination="QA",
        sector="construction",
        started_year=2026,
        started_month=5,
        who="employer",
        employer_name="Gulf Star Contracting",
        sex="male",
        age_band="25_34",
        origin="NP",
        words=words,
        follow_up="contact" if contact else "anonymous",
        contact=contact,
        contact_consent=bool(contact),
        consent=True,
    )


def test_the_key_file_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "org.key"
    public = new_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    held = path.read_text()
    body = "".join(line for line in held.splitlines() if not line.startswith("#"))
    assert bytes(PrivateKey(base64.b64decode(body)).public_key) == public

    again = run("server.keys", path)
    assert again.returncode == 2
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1
    assert path.read_text() == held
    # the config line again, from the key kept
    shown = run("server.keys", "--public", path)
    assert shown.returncode == 0 and public_key_from_base64(shown.stdout.split('"')[1]) == public
    assert path.read_text() == held


def test_the_content_signing_key_is_not_taken_for_the_organisations(tmp_path):
    """Both are 32 bytes in a text file: the config line printed from the
    content key would seal every report to a key nobody opens them with."""
    signing = tmp_path / "content-signing.key"
    assert run("server.content", "keygen", signing).returncode == 0
    open_db(tmp_path / "server.db").close()
    for done in (
        run("server.keys", "--public", signing),
        run("server.open_reports", "--db", tmp_path / "server.db", "--key", signing),
    ):
        assert done.returncode == 2
        assert f"{signing} is not the organisation's private key" in done.stderr
        assert "organisation_public_key" not in done.stdout


def test_the_output_is_not_written_through_a_link_and_a_shared_key_is_warned_of(tmp_path):
    key_file = tmp_path / "org.key"
    new_key(key_file)
    open_db(tmp_path / "server.db").close()
    elsewhere = tmp_path / "elsewhere.csv"
    link = tmp_path / "out.csv"
    link.symlink_to(elsewhere)
    done = run("server.open_reports", "--db", tmp_path / "server.db", "--key", key_file,
               "--out", link)  # fmt: skip
    assert done.returncode == 2 and "cannot write" in done.stderr
    assert not elsewhere.exists()
    key_file.chmod(0o644)
    done = run("server.open_reports", "--db", tmp_path / "server.db", "--key", key_file)
    assert done.returncode == 0 and "warning: others on this computer can read" in done.stderr


def test_reports_sent_from_the_app_open_with_the_organisations_key(tmp_path):
    key_file = tmp_path / "org.key"
    public = new_key(key_file)
    store = open_store(tmp_path / "haki.db")
    submit_report(store, answers(WORDS, contact="+977 9812345678"), public, today=TODAY)
    submit_report(store, answers("no pay for three months"), public, today=TODAY)
    with ServerProcess(tmp_path / "server.db", ["--rate", "0"]) as server:
        client = SyncClient(server.url)
        try:
            assert drain(Outbox(store), client, everything=True).remaining == 0
        finally:
            client.close()
        # read while the server runs: it opens the file read-only
        done = run("server.open_reports", "--db", server.db, "--key", key_file)
        contact = run("server.open_reports", "--db", server.db, "--key", key_file, "--contact")
    store.close()
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "server.open_reports: 2 reports, 2 opened"
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == list(FIELDS)
    # one week: in the order of their random ids, not of sending
    first, second = sorted(rows, key=lambda r: r["own_words"] != "'" + WORDS)
    assert first["own_words"] == "'" + WORDS  # shown by a spreadsheet, never run
    assert first["contact"] == "'+977 9812345678" and first["contact_consent"] == "yes"
    assert first["employer_name"] == "Gulf Star Contracting"
    assert (first["categories"], first["destination"], first["opened"]) == (
        "passport; wages",
        "QA",
        "yes",
    )
    assert second["own_words"] == "no pay for three months" and second["contact"] == ""
    assert [r["report_id"] for r in csv.DictReader(io.StringIO(contact.stdout))] == [
        first["report_id"]
    ]


def test_reports_sealed_to_another_key_are_listed_and_counted(tmp_path):
    key_file = tmp_path / "org.key"
    public = new_key(key_file)
    db = open_db(tmp_path / "server.db")
    rng = random.Random(7)
    other = bytes(PrivateKey.generate().public_key)
    mine = [synthetic_envelope(rng, public) for _ in range(3)]
    # and one sealed to the right key by anyone (the key is in the app) with
    # something that is not a report in it
    spoilt = synthetic_envelope(rng, public)
    junk = base64.b64encode(SealedBox(PublicKey(public)).encrypt(b"\x00{not json")).decode()
    spoilt = spoilt.model_copy(update={"sealed": junk})
    db.ingest([*mine, synthetic_envelope(rng, other), spoilt], "2026-W47")
    db.ingest([synthetic_envelope(rng, public)], "2026-W48")
    db.close()

    done = run(
        "server.open_reports",
        "--db",
        tmp_path / "server.db",
        "--key",
        key_file,
        "--format",
        "jsonl",
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "4 opened, 2 could not be opened with this key" in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    # week by week: the database keeps no finer order of arrival
    assert [r["received_week"] for r in records] == ["2026-W47"] * 5 + ["2026-W48"]
    assert sorted(r["opened"] for r in records) == [False, False, True, True, True, True]
    for unopened in (r for r in records if not r["opened"]):
        assert "own_words" not in unopened and unopened["destination"]

    recent = run(
        "server.open_reports", "--db", tmp_path / "server.db", "--key", key_file,
        "--since", "2026-W48", "--contact", "--out", tmp_path / "out.csv",
    )  # fmt: skip
    assert recent.returncode == 0 and recent.stdout == ""
    out = tmp_path / "out.csv"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    (only,) = csv.DictReader(out.open(encoding="utf-8"))
    assert only["received_week"] == "2026-W48" and only["opened"] == "yes" and only["contact"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--db", "{tmp}/none.db", "--key", "{key}"], "no database at"),
        (["--db", "{key}", "--key", "{key}"], "cannot read the database"),
        (["--db", "{db}", "--key", "{db}"], "cannot read the key file"),
        (["--db", "{db}", "--key", "{key}", "--since", "48"], "a week is written 2026-W48"),
    ],
)
def test_what_cannot_be_used_is_one_line_and_exit_2(tmp_path, args, says):
    key_file = tmp_path / "org.key"
    new_key(key_file)
    open_db(tmp_path / "server.db").close()
    names = {"tmp": tmp_path, "key": key_file, "db": tmp_path / "server.db"}
    done = run("server.open_reports", *(a.format(**names) for a in args))
    assert done.returncode == 2
    assert says in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_cells_a_spreadsheet_would_run_are_defused():
    for text in ("=1+1", "+9771234", "-2", "@SUM(A1)", "\t=x"):
        assert cell(text) == "'" + text
    assert cell("they kept my passport") == "they kept my passport"
    assert cell([["visa", "12000", "NPR"], ["medical", "3000", "NPR"]]) == (
        "visa 12000 NPR; medical 3000 NPR"
    )
    assert (cell(None), cell(True), cell(False)) == ("", "yes", "no")
