"""What the app does before its first screen: warm_up prepares everything
the first screen uses while the browser loads the client, so drawing it
for the first session only draws (bench.startup measures why)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import paths

#: in a fresh interpreter: prepare and warm up, then draw the first screen
#: and print the modules it imported and the CLDR locales it loaded
FIRST_SCREEN = """
import sys
from app import paths, settings
from app.content.registry import load_registry
from app.startup import prepare
from app.ui.launch import warm_up
registry = load_registry(paths.LANGUAGES_FILE)
config = settings.from_args(["--data-dir", sys.argv[1], "--lang", sys.argv[2]], registry.codes)
context = prepare(config, registry)
warm_up(context)
import babel.localedata
modules, locales = set(sys.modules), set(babel.localedata._cache)
from app.ui.routes import views_for
from app.ui.session import UiSession, initial_language
class Page:
    def run_task(self, *args): pass
views = views_for(UiSession(context, Page(), initial_language(context)), "/rights")
assert views, "no first screen"
print(sorted(set(sys.modules) - modules), sorted(set(babel.localedata._cache) - locales))
"""


@pytest.mark.parametrize("lang", ["en", "ar", "am"])
def test_after_warm_up_the_first_screen_imports_nothing_and_loads_no_locale(tmp_path, lang):
    out = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(tmp_path), lang],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        check=True,
    )
    assert out.stdout.strip() == "[] []", f"imported and loaded while drawing: {out.stdout}"


#: in a fresh interpreter: prepare and warm up, then print what of the
#: sections drawn later (and what they bring) was imported
WARM_UP = """
import sys
from app import paths, settings
from app.content.registry import load_registry
from app.startup import prepare
from app.ui.launch import warm_up
registry = load_registry(paths.LANGUAGES_FILE)
config = settings.from_args(["--data-dir", sys.argv[1], "--lang", "en"], registry.codes)
warm_up(prepare(config, registry))
later = ("app.ui.checklist", "app.ui.report", "app.store.drafts", "app.store.outbox",
         "app.store.personal", "app.core.report", "nacl", "pydantic", "sqlite_utils")
print(sorted(m for m in sys.modules if m.startswith(later)))
"""


def test_warm_up_leaves_the_later_sections_for_later(tmp_path):
    """The start imports only what the first screen draws: the checklist and
    report sections (the report's sealing, pydantic, sqlite-utils) come
    after it (routes.warm_sections). A view that imported them at its top
    put about 90 ms more work beside the browser loading the client."""
    subprocess.run(  # a first start imports the content (and needs pydantic)
        [sys.executable, "-c", WARM_UP, str(tmp_path)],
        capture_output=True,
        cwd=paths.ROOT,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        check=True,
    )
    assert out.stdout.strip() == "[]", f"imported before the first screen: {out.stdout}"


def test_start_up_work_once_done_is_kept_out_of_collections(tmp_path, registry):
    """Preparation's work (and in web mode the build of Flet's app) runs
    with quicker turns between threads; once the last is done the default
    comes back and what start-up made is frozen out of garbage collection
    (app.startup.StartupWork), so no full collection pauses a tap on it."""
    import gc

    from app.settings import Settings
    from app.startup import Preparation

    gc.unfreeze()
    before = sys.getswitchinterval()
    try:
        preparation = Preparation(Settings("127.0.0.1", 1, tmp_path), registry).start()
        preparation.get()
        assert gc.get_freeze_count() > 10_000  # the store, the content, the views' modules
        assert sys.getswitchinterval() == before
        preparation.close()
    finally:
        gc.unfreeze()
