"""Every script Haki ships renders from bundled fonts, with no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import paths
from tests import webapp
from tests.fontcheck_app import SAMPLES

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
SCRIPT = Path(__file__).with_name("fontcheck_app.py")


def test_samples_match_the_registry_fonts(registry):
    assert list(SAMPLES) == registry.font_families()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Iterator[dict[str, dict[str, bytes]]]:
    """sample screenshots per script, with and without Haki's fonts."""
    tmp = tmp_path_factory.mktemp("fonts")
    out: dict[str, dict[str, bytes]] = {}
    with playwright_api.sync_playwright() as p:
        browser = webapp.launch(p)
        for mode, extra in (("bundled", []), ("none", ["--no-fonts"])):
            server = webapp.start(extra, tmp / f"{mode}.log", script=SCRIPT)
            try:
                requests = webapp.Requests()
                page = webapp.open_app(browser, server.url, requests)
                for family in SAMPLES:
                    webapp.node(page, f"sample-{family}").wait_for(timeout=20_000)
                page.wait_for_timeout(1500)  # let font files arrive and paint
                out[mode] = {
                    family: webapp.node(page, f"sample-{family}").screenshot() for family in SAMPLES
                }
                assert requests.remote() == [], requests.remote()
                if mode == "bundled":
                    served = {
                        u.rsplit("/", 1)[-1]: s
                        for u, s in requests.responses.items()
                        if u.endswith(".ttf")
                    }
                    out["served"] = {name: str(code).encode() for name, code in served.items()}
                page.close()
            finally:
                server.stop()
        browser.close()
    yield out


@pytest.mark.parametrize("family", list(SAMPLES)[1:])
def test_each_script_renders_differently_from_no_fallback_font(shots, family):
    assert shots["bundled"][family] != shots["none"][family]


def test_every_bundled_font_file_is_served_locally(shots, registry):
    for filename in registry.fonts.values():
        assert shots["served"].get(filename) == b"200", filename
        assert (paths.ASSETS_DIR / "fonts" / filename).exists()
