"""The PIN lock in a real browser: a phone whose owner set a PIN opens on
the PIN's screen, whatever address; the PIN opens the screen asked for;
hiding the tab (as the phone's screen going off, or another app) and
reloading it lock Haki again."""

from __future__ import annotations

import pytest

from app import paths
from app.store.lock import AppLock
from app.store.store import open_store
from tests import webapp

pytest.importorskip("playwright.sync_api")

WAIT = 20_000
PIN = "2468"

#: the page hidden (`true`), as a browser does when its tab is left or the
#: phone's screen goes off, or shown again: Flutter reads the document's
#: visibility (and draws nothing while it is hidden)
SET_HIDDEN = """(hidden) => {
  const state = hidden ? 'hidden' : 'visible';
  Object.defineProperty(document, 'visibilityState', {value: state, configurable: true});
  Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});
  document.dispatchEvent(new Event('visibilitychange'));
}"""


def type_pin(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the PIN field and press Enter (a password field: Flutter
    turns autocorrect off, so webapp.fill's signal does not apply)."""
    field = page.get_by_label("Your PIN")
    field.wait_for(timeout=WAIT)
    field.focus()
    page.wait_for_function(f"({webapp.ACTIVE_IS_INPUT})", timeout=WAIT)
    field.fill(text)
    page.keyboard.press("Enter")


def test_a_pin_keeps_haki_closed_until_it_is_typed_and_again_once_hidden(browser, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(paths.db_path(data))
    AppLock(store).set_pin(PIN)
    store.close()
    server = webapp.start(["--data-dir", str(data), "--lang", "en"], tmp_path / "log")
    try:
        page = webapp.open_app(browser, server.url + "/checklist")
        node = lambda ident: webapp.node(page, ident)  # noqa: E731
        node("lock-pin").wait_for(timeout=WAIT)
        assert node("nav-checklist").count() == 0  # nothing behind the lock
        # nor in the address, which would say what the worker was doing
        page.wait_for_url("**/locked", timeout=WAIT)
        type_pin(page, "1111")
        node("lock-wrong").wait_for(timeout=WAIT)
        type_pin(page, PIN)
        node("nav-checklist").wait_for(timeout=WAIT)  # the screen asked for
        assert node("lock-pin").count() == 0 and "/checklist" in page.url

        page.evaluate(SET_HIDDEN, True)
        page.wait_for_timeout(1000)  # the server hears of it, and locks
        page.evaluate(SET_HIDDEN, False)
        node("lock-pin").wait_for(timeout=WAIT)  # locked again when hidden
        page.wait_for_url("**/locked", timeout=WAIT)
        type_pin(page, PIN)
        node("nav-checklist").wait_for(timeout=WAIT)
        page.wait_for_url("**/checklist", timeout=WAIT)  # where the worker was

        for _ in range(3):  # a new session: locked again
            page.reload(wait_until="load")
            page.wait_for_function(webapp.FLUTTER_READY, timeout=30_000)
            webapp.enable_semantics(page)
            node("lock-pin").wait_for(timeout=WAIT)
    finally:
        server.stop()
    # the old page went away as the reload came: normal, and not logged as
    # a failure (it was, with a traceback of the web server's)
    assert "Traceback" not in server.log.read_text(errors="replace")
