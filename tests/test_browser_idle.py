"""In a real browser: an outreach laptop left with a worker's unfinished
report warns, keeps it when someone taps "I am still here", and clears it
for the next person when nobody does; while someone taps about, it never
warns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app import paths
from app.settings import DEFAULT_CONFIG
from tests import webapp

pytest.importorskip("playwright.sync_api")

#: 12 s unused: the warning after 6
MINUTES = 0.2


def laptop(tmp_path: Path) -> webapp.Server:
    """A shared laptop on which a worker, reading English, began a report."""
    from app.store.drafts import Drafts
    from app.store.shared import SharedDevice
    from app.store.store import UI_LANGUAGE_KEY, open_store

    data = tmp_path / "data"
    data.mkdir()
    store = open_store(paths.db_path(data))
    Drafts(store).start()
    SharedDevice(store).set_shared(True)
    store.set_setting(UI_LANGUAGE_KEY, "en")
    store.close()
    config = tmp_path / "haki.toml"
    shipped = DEFAULT_CONFIG.read_text("utf-8")
    assert "clear_after_minutes = 10" in shipped
    config.write_text(shipped.replace("= 10", f"= {MINUTES}"), "utf-8")
    return webapp.start(["--data-dir", str(data), "--config", str(config)], tmp_path / "log")


def test_a_laptop_left_alone_warns_then_clears_the_unfinished_report(browser, tmp_path):
    server = laptop(tmp_path)
    try:
        page = webapp.open_app(browser, server.url + "/report")
        node = lambda ident: webapp.node(page, ident)  # noqa: E731
        node("report-resume").wait_for(timeout=20_000)
        node("idle-warning").wait_for(timeout=20_000)
        assert "seconds" in node("idle-warning").inner_text()
        node("idle-stay").click()
        node("idle-warning").wait_for(state="detached", timeout=10_000)
        assert node("report-resume").count() == 1  # kept
        # nobody taps again: the device is cleared and the next person asked
        node("language-picker").wait_for(timeout=30_000)
        node("language-en").click()
        node("nav-report").click()
        node("report-start").wait_for(timeout=20_000)
        assert node("report-resume").count() == 0
    finally:
        server.stop()


def test_someone_tapping_about_is_never_warned(browser, tmp_path):
    server = laptop(tmp_path)
    try:
        page = webapp.open_app(browser, server.url + "/rights")
        node = lambda ident: webapp.node(page, ident)  # noqa: E731
        node("nav-rights").wait_for(timeout=20_000)
        # longer than the whole idle time, a tap every 3 s (no change saved)
        end = time.monotonic() + MINUTES * 60 * 1.5
        while time.monotonic() < end:
            node("nav-checklist" if int(time.monotonic()) % 2 else "nav-rights").click()
            page.wait_for_timeout(3_000)
            assert node("idle-warning").count() == 0
        node("nav-report").click()
        node("report-resume").wait_for(timeout=20_000)
    finally:
        server.stop()
