"""The report wizard in a real browser: a full report in English with planted
identifiers (and how long it takes), one in Arabic, right to left, and a
report whose app server is killed with SIGKILL in the middle, restarted on
the same data folder, resumed and finished. Each ends as exactly one sealed
envelope in the outbox; the planted identifiers are nowhere on disk or in
the server's log, and the organisation's private key opens them all."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from nacl.public import PrivateKey

from app import paths
from app.core.report_sealing import open_sealed
from app.store.store import open_store
from bench.reports import make_reports
from server.testing import ServerProcess
from sync.protocol import Envelope
from tests import webapp
from tests.test_report_store import CANARIES, found_in

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

WAIT = 20_000
YEAR = dt.date.today().year - 1


@pytest.fixture(scope="module")
def org_key(tmp_path_factory) -> tuple[PrivateKey, Path]:
    """The receiving organisation's key pair, and a config holding its public half."""
    key = PrivateKey.generate()
    config = tmp_path_factory.mktemp("config") / "haki.toml"
    public = base64.b64encode(bytes(key.public_key)).decode()
    config.write_text(
        f'[reports]\norganisation_name = "Test Union"\norganisation_public_key = "{public}"\n',
        "utf-8",
    )
    return key, config


def start(data: Path, config: Path, lang: str, log: Path, port: int | None = None) -> webapp.Server:
    """main.py on `port` (a free one if None), as webapp.start does."""
    port = port or webapp.free_port()
    cmd = [
        sys.executable,
        str(paths.ROOT / "main.py"),
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--config",
        str(config),
        "--lang",
        lang,
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        env=webapp.server_env(),
        cwd=paths.ROOT,
    )
    server = webapp.Server(proc, f"http://127.0.0.1:{port}", log)
    webapp.wait_http(server, 30)
    return server


class Wizard:
    """Taps through the wizard by accessibility identifiers."""

    def __init__(self, browser, url: str) -> None:  # type: ignore[no-untyped-def]
        self.frames: list[str] = []
        #: the page's console, to say in a failure what it last said
        self.console: list[str] = []
        self.page = webapp.open_app(browser, url, frames=self.frames)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text[:300]}"))

    def node(self, ident: str):  # type: ignore[no-untyped-def]
        return webapp.node(self.page, ident)

    def wait(self, ident: str) -> None:
        try:
            self.node(ident).wait_for(timeout=WAIT)
        except playwright_api.TimeoutError:
            # say what the screen showed instead, or where a page whose
            # renderer hangs is stuck, so a failure in CI can be read
            seen = webapp.shown(self.page)
            said = " | ".join(self.console[-8:]) or "(nothing)"
            raise AssertionError(
                f"no {ident} at {self.page.url}; {seen}. Its console last said: {said}"
            ) from None

    def tap(self, ident: str) -> None:
        self.wait(ident)
        self.node(ident).click()

    def next(self, then: str) -> None:
        """Next, and wait for the following screen: its address, then one of its
        identifiers (the last screen's stay in the page while the new one slides in).

        A tap that lands while Flutter takes the focus from a text field can
        be lost in headless Chromium: no click event reaches the server. Only then is
        Next tapped again; a tap that did reach the server is waited for, however
        slow the machine, since tapping again would skip a screen."""
        before = self.page.url

        def moved(timeout: int) -> None:
            self.page.wait_for_function("(u) => location.href !== u", arg=before, timeout=timeout)

        for attempt in range(3):
            sent = len(self.frames)
            self.tap("report-next")
            try:
                moved(5_000)
                break
            except playwright_api.TimeoutError:
                if any("click" in f for f in self.frames[sent:]) or attempt == 2:
                    moved(WAIT)
                    break
        self.wait(then)

    def type(self, ident: str, text: str) -> None:
        self.wait(ident)
        field = self.node(ident).locator("input, textarea").first
        webapp.fill(self.page, field, text, self.frames)


#: whether the radio button in the tile with this identifier is checked
RADIO_CHECKED = """(ident) => {
  const radio = document.querySelector(
    `[flt-semantics-identifier="${ident}"] [role="radio"]`);
  return !!radio && radio.getAttribute('aria-checked') === 'true';
}"""


def poll(
    data: Path, sql: str, done: Callable[[tuple[Any, ...]], bool], timeout: float = 20
) -> tuple[Any, ...] | None:
    """The first row `sql` gives in the app's database, read again until
    `done(row)` or the time is up (a connection each time, closed at once)."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.closing(sqlite3.connect(data / "haki.db")) as db:
            row = db.execute(sql).fetchone()
        if (row is not None and done(row)) or time.monotonic() > deadline:
            return row  # type: ignore[no-any-return]
        time.sleep(0.05)


def outbox(data: Path) -> tuple[list[tuple[str, str, str]], int]:
    """(report_id, envelope, state) of every outbox row, and how many drafts."""
    # closed here, not when collected: closing the last connection removes
    # the -wal and -shm files, which must not vanish while the folder is read
    with contextlib.closing(sqlite3.connect(data / "haki.db")) as db:
        rows = db.execute(
            "select report_id, envelope, state from outbox join outbox_state using (seq)"
        ).fetchall()
        drafts = db.execute("select count(*) from report_drafts").fetchone()[0]
    return rows, int(drafts)


def test_a_full_report_in_english_leaves_no_planted_identifier_on_disk(browser, org_key, tmp_path):
    key, config = org_key
    data = tmp_path / "data"
    log = tmp_path / "server.log"
    server = start(data, config, "en", log)
    c = CANARIES
    try:
        w = Wizard(browser, server.url + "/report")
        w.wait("report-start")
        started = time.monotonic()
        w.tap("report-start")
        w.tap("report-option-wages")
        w.tap("report-option-passport")
        # a multiple choice's tiles are checkboxes
        assert w.node("report-option-wages").get_attribute("role") == "checkbox"
        w.next("report-option-SA")
        # where the worker is, read once: the bar's percentage was read after it
        assert w.node("report-progress").get_attribute("aria-label") == (
            "Part 2 of 8: Where and when"
        )
        w.tap("report-option-SA")
        # heard as one radio button of a group, not as a checkbox
        w.page.wait_for_function(RADIO_CHECKED, arg="report-option-SA", timeout=WAIT)
        assert w.node("report-option-JO").locator('[role="radio"]').count() == 1
        assert not w.page.evaluate(RADIO_CHECKED, "report-option-JO")
        w.next("report-option-SA-02")
        w.tap("report-option-SA-02")
        w.next("report-option-domestic_work")
        w.tap("report-option-domestic_work")
        w.next(f"report-option-year-{YEAR}")
        w.tap(f"report-option-year-{YEAR}")
        w.tap("report-option-month-03")
        w.next("report-option-yes")
        w.tap("report-option-yes")
        w.next("report-option-both")
        w.tap("report-option-both")
        w.type("report-name-recruiter", c["agency"])
        w.type("report-name-employer", c["employer"])
        w.next("report-option-female")
        w.tap("report-option-female")
        w.next("report-option-25_34")
        w.tap("report-option-25_34")
        w.next("report-option-KE")
        w.tap("report-option-KE")
        w.next("report-option-work_permit")
        w.tap("report-option-work_permit")
        w.next("report-option-agency")
        w.tap("report-option-agency")
        w.next("report-option-amounts")
        w.tap("report-option-amounts")
        w.wait("report-costs-currency")
        w.type("report-costs-paid", "45,000")
        w.type("report-costs-earnings", "1500")
        # saved with the currency offered for the destination, which says how
        # the sums are read
        draft = poll(
            data,
            "select answers from report_drafts",
            lambda row: json.loads(row[0])["monthly_earnings"] == "1500",
        )
        assert draft is not None and json.loads(draft[0])["costs_currency"] == "SAR"
        w.next("report-text")
        w.type(
            "report-text",
            f"I am {c['name']}. {c['employer']} keeps my passport {c['passport']}. "
            f"Call my sister {c['phone_np']} or {c['phone_ph']} or {c['phone_bd']} "
            f"or {c['phone_ke_local']}.",
        )
        w.next("report-option-contact")
        w.tap("report-option-contact")
        w.type("report-contact", f"{c['phone_ke']} / {c['phone_sa']} / {c['email']}")
        w.tap("report-contact-consent")
        w.next("report-consent")
        w.tap("report-submit")  # without consent: a message, nothing sent
        w.wait("report-error-consent")
        assert outbox(data)[0] == []
        w.tap("report-consent")
        w.tap("report-submit")
        w.wait("report-sent")
        took = time.monotonic() - started
        w.wait("report-sign-passport")
        w.wait("report-sign-wages")
        rows, drafts = outbox(data)
        assert len(rows) == 1 and drafts == 0
        # queued, and sending began at once (no server here: it waits, or is
        # being tried)
        assert rows[0][2] in ("waiting", "sending")
        w.tap("report-my-reports-after")
        w.wait("report-status-1")
    finally:
        server.stop()

    # nothing planted is left in any file of the data folder, or in the log
    for path in sorted(p for p in data.iterdir() if p.is_file()):
        assert found_in(path.read_bytes()) == [], path.name
    assert found_in(log.read_bytes()) == []
    envelope = Envelope.model_validate_json(rows[0][1])
    assert found_in(envelope.clear.model_dump_json().encode()) == []
    assert envelope.clear.region == "SA-02" and envelope.clear.month == f"{YEAR}-03"
    sealed = open_sealed(envelope.sealed, bytes(key))
    assert found_in(json.dumps(sealed).encode()) == [f"{k} (utf-8)" for k in CANARIES]
    print(f"\nA full report (16 screens, every answer given) took {took:.1f} s in the browser")


def test_a_message_under_the_fold_comes_into_sight_on_next(browser, tmp_path):
    """On a phone, in Indonesian, with the shipped configuration's long
    organisation name: the contact screen's box left unticked, Next. Its
    message was under Back and Next, and Next seemed to do nothing."""
    server = webapp.start(["--data-dir", str(tmp_path / "data"), "--lang", "id"], tmp_path / "log")
    try:
        page = webapp.open_on_phone(browser, server.url + "/report")
        webapp.node(page, "report-start").tap()
        webapp.node(page, "report-option-wages").wait_for(timeout=WAIT)
        page.goto(server.url + "/report/step/contact")  # as a resumed draft would
        page.wait_for_function(webapp.FLUTTER_READY, timeout=30_000)
        webapp.enable_semantics(page, by_touch=True)
        webapp.node(page, "report-option-contact").tap()
        webapp.node(page, "report-contact").tap()
        page.keyboard.insert_text("+62 812 3456 7890")
        error = webapp.node(page, "report-error-contact_consent")
        for _ in range(3):  # a tap lost while the field lets go of the focus
            webapp.node(page, "report-next").tap()
            with contextlib.suppress(playwright_api.TimeoutError):
                error.wait_for(timeout=5_000)
                break
        webapp.wait_in_sight(page, error, webapp.node(page, "report-next"), "the message")
    finally:
        server.stop()


def test_a_report_in_arabic_right_to_left(browser, org_key, tmp_path):
    _key, config = org_key
    data = tmp_path / "data"
    server = start(data, config, "ar", tmp_path / "server.log")
    try:
        w = Wizard(browser, server.url + "/report")
        w.wait("report-start")
        assert w.node("nav-report").bounding_box()["x"] > w.node("nav-more").bounding_box()["x"]
        playwright_api.expect(w.node("report-start")).to_contain_text("تقديم بلاغ")
        w.tap("report-start")
        w.tap("report-option-passport")
        w.next("report-option-QA")
        w.tap("report-option-QA")
        w.next("report-option-QA-DA")
        w.tap("report-option-QA-DA")
        # the worker may pass over every other question
        for then in (
            "report-option-domestic_work",
            f"report-option-year-{YEAR}",
            "report-option-yes",
            "report-option-both",
            "report-option-female",
            "report-option-25_34",
            "report-option-KE",
            "report-option-work_permit",
            "report-option-agency",
            "report-option-nothing",
            "report-text",
            "report-option-anonymous",
            "report-consent",
        ):
            w.next(then)
        w.tap("report-consent")
        w.tap("report-submit")
        w.wait("report-sent")
        playwright_api.expect(w.node("report-sent")).to_contain_text("مختوم")
        rows, drafts = outbox(data)
        assert len(rows) == 1 and drafts == 0
        clear = Envelope.model_validate_json(rows[0][1]).clear
        assert [c.value for c in clear.categories] == ["passport"]
        assert (clear.destination, clear.region) == ("QA", "QA-DA")
    finally:
        server.stop()


def test_a_draft_survives_kill_9_and_the_report_is_resumed_and_sent_once(
    browser, org_key, tmp_path
):
    key, config = org_key
    data = tmp_path / "data"
    log = tmp_path / "server.log"
    server = start(data, config, "en", log)
    port = int(server.url.rsplit(":", 1)[1])
    w = Wizard(browser, server.url + "/report")
    page = w.page
    w.tap("report-start")
    w.tap("report-option-hours")
    w.next("report-option-AE")
    w.tap("report-option-AE")
    w.next("report-option-AE-DU")
    w.tap("report-option-AE-DU")
    w.next("report-option-construction")
    w.tap("report-option-construction")
    # on to the free text, typed halfway, and then the app is killed
    for then in (
        f"report-option-year-{YEAR}",
        "report-option-yes",
        "report-option-both",
        "report-option-female",
        "report-option-25_34",
        "report-option-KE",
        "report-option-work_permit",
        "report-option-agency",
        "report-option-nothing",
        "report-text",
    ):
        w.next(then)
    w.type("report-text", "Sixteen hours a day, every day")
    poll(  # until the server has saved it
        data, "select answers from report_drafts", lambda r: "Sixteen hours" in r[0], 10
    )
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(timeout=10)

    server = start(data, config, "en", log, port=port)
    try:
        page.reload(wait_until="load")
        page.wait_for_function(webapp.FLUTTER_READY, timeout=30_000)
        webapp.enable_semantics(page)
        w.tap("nav-report")
        w.tap("report-resume")
        w.wait("report-text")
        # what was typed before the kill is in the field again (Flutter puts the
        # text into the DOM input once it owns it: focus it first)
        text = w.node("report-text").locator("textarea, input").first
        text.focus()
        playwright_api.expect(text).to_have_value("Sixteen hours a day, every day", timeout=WAIT)
        w.type("report-text", "Sixteen hours a day, every day, no rest.")
        w.next("report-option-anonymous")
        w.next("report-consent")
        w.tap("report-consent")
        w.tap("report-submit")
        w.wait("report-sent")
        rows, drafts = outbox(data)
        assert len(rows) == 1 and drafts == 0
        envelope = Envelope.model_validate_json(rows[0][1])
        assert [c.value for c in envelope.clear.categories] == ["hours"]
        assert envelope.clear.region == "AE-DU"
        assert open_sealed(envelope.sealed, bytes(key))["t"] == (
            "Sixteen hours a day, every day, no rest."
        )
        # reloaded, by whoever holds the phone next: the report home, which
        # does not say that a report was made
        page.reload(wait_until="load")
        page.wait_for_function(webapp.FLUTTER_READY, timeout=30_000)
        webapp.enable_semantics(page)
        w.wait("report-my-reports")
        assert w.node("report-sent").count() == 0
    finally:
        server.stop()


def test_coming_back_online_sends_what_waited(browser, org_key, tmp_path):
    """Reports queued while the server could not be reached go out as soon as
    the browser says it is online again: not 15 minutes later on the timer."""
    key, config = org_key
    port = webapp.free_port()
    with_server = tmp_path / "haki.toml"
    with_server.write_text(
        config.read_text("utf-8") + f'server_url = "http://127.0.0.1:{port}"\n', "utf-8"
    )
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(paths.db_path(data))
    make_reports(store, 3, bytes(key.public_key))
    store.close()

    app = start(data, with_server, "en", tmp_path / "app.log")
    try:
        page = webapp.open_app(browser, app.url)
        webapp.node(page, "nav-rights").wait_for(timeout=WAIT)
        # the start-up pass finds no server and puts the reports off
        put_off = poll(
            data, "select count(*) from outbox_state where next_attempt_at > 0", lambda r: r[0] == 3
        )
        assert put_off == (3,), "the start-up pass did not run"

        # statistics move by at least --suppress reports: 3, to see these 3
        with ServerProcess(tmp_path / "server.db", ["--suppress", "3"], port=port) as server:
            page.context.set_offline(True)
            page.wait_for_timeout(500)
            page.context.set_offline(False)
            deadline = time.monotonic() + 15
            total = 0
            while time.monotonic() < deadline and total < 3:
                total = requests.get(server.url + "/api/v1/stats", timeout=5).json()["total"]
                time.sleep(0.2)
            assert total == 3, f"back online, the server got {total} of 3 reports"
        rows, _drafts = outbox(data)
        assert [state for _id, _env, state in rows] == ["received"] * 3

        # received, they can be removed from the phone: asked first, then gone
        for ident in ("nav-report", "report-my-reports", "report-forget"):
            webapp.node(page, ident).click()
        webapp.node(page, "report-forget-confirm").click()
        webapp.node(page, "report-none").wait_for(timeout=WAIT)
        assert outbox(data)[0] == []
    finally:
        app.stop()
