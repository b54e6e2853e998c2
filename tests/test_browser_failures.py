"""A failure while the app is in use, in a real browser: the database is
held busy by another program while a worker changes the language. The app
says in the worker's language that it did not work and stays usable; once
the database is free the same tap works; the log names the failure
without its message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import paths
from app.content.catalogs import translator
from app.content.registry import load_registry
from app.logs import LEFT_OUT
from tests import webapp

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

WAIT = 20_000
FAILED = "Sorry, that did not work. What you saved before is still here. Please try again."


def test_a_busy_database_is_said_and_survived(browser, tmp_path: Path) -> None:
    registry = load_registry(paths.LANGUAGES_FILE)
    arabic = translator(registry, paths.TRANSLATIONS_DIR, "ar").gettext
    swahili = translator(registry, paths.TRANSLATIONS_DIR, "sw").gettext
    assert arabic(FAILED) != FAILED  # the message is translated
    data = tmp_path / "data"
    log = tmp_path / "server.log"
    server = webapp.start(["--data-dir", str(data), "--lang", "ar"], log)
    try:
        page = webapp.open_app(browser, server.url + "/more")
        node = lambda ident: webapp.node(page, ident)  # noqa: E731
        node("language-sw").wait_for(timeout=WAIT)

        # another program holds the write lock longer than the app waits (5 s)
        busy = sqlite3.connect(data / paths.DB_FILENAME, isolation_level=None)
        try:
            busy.execute("begin immediate")
            node("language-sw").click()
            page.get_by_text(arabic(FAILED)).first.wait_for(timeout=WAIT)
        finally:
            busy.execute("rollback")
            busy.close()

        # still the app, still in Arabic, nothing changed
        assert page.get_by_text("Error running app").count() == 0
        playwright_api.expect(node("nav-more")).to_have_accessible_name(arabic("More"))
        db = sqlite3.connect(data / paths.DB_FILENAME)
        saved = db.execute("select value from settings where key = 'ui_language'").fetchall()
        db.close()
        assert ("sw",) not in saved

        # the database is free again: the same tap works
        node("language-sw").click()
        playwright_api.expect(node("nav-more")).to_have_accessible_name(
            swahili("More"), timeout=WAIT
        )
    finally:
        server.stop()
    text = log.read_text(encoding="utf-8")
    assert "sqlite3.OperationalError at app/store/store.py" in text
    assert LEFT_OUT in text
    assert "database is locked" not in text  # an exception's message never reaches the log
