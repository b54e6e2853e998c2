"""Start-up time: from process start until the first screen is usable.

    python -m bench.startup [--runs 5]

For Haki (`main.py --lang en`, a data folder already imported) and for a
minimal Flet app listing 40 rows from SQLite, run alternately: start the
process, load the page in headless Chromium, turn on the accessibility tree
and wait for the first list item to be there. Prints the medians and their
ratio (target: Haki <= 1.15x), then the Python work Haki does before its
first screen (target: under 100 ms), measured step by step in a separate
process.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import paths
from tests import webapp

MINIMAL = Path(__file__).with_name("minimal_app.py")
FIRST_ARTICLE = "article-no-recruitment-fees"

#: Runs in a fresh interpreter: what Haki's own code costs before the first
#: screen, once Flet is imported (both apps pay for that).
PYTHON_WORK = """
import sys, time
import flet
t0 = time.perf_counter()
from app import paths, settings
from app.content.registry import load_registry
from app.startup import check_before_start, prepare
from app.ui.launch import warm_up
registry = load_registry(paths.LANGUAGES_FILE)
config = settings.from_args(["--data-dir", sys.argv[1], "--lang", "en"], registry.codes)
check_before_start(config)
t1 = time.perf_counter()
context = prepare(config, registry)
warm_up()
t2 = time.perf_counter()
from app.ui.routes import views_for
from app.ui.session import UiSession, initial_language
class Page:
    def run_task(self, *a): pass
ui = UiSession(context, Page(), initial_language(context))
views = views_for(ui, "/rights")
t3 = time.perf_counter()
print(" ".join(f"{(b - a) * 1000:.1f}" for a, b in ((t0, t1), (t1, t2), (t2, t3))))
"""


def time_to_first_screen(
    browser, args: list[str], script: Path | None, ident: str, log: Path
) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    server = webapp.start(args, log, script=script)
    try:
        page = webapp.open_app(browser, server.url)
        webapp.node(page, ident).wait_for(timeout=30_000)
        elapsed = time.perf_counter() - t0
        page.close()
    finally:
        server.stop()
    return elapsed


def python_work(data_dir: Path, runs: int) -> list[tuple[float, ...]]:
    out = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", PYTHON_WORK, str(data_dir)],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(tuple(float(x) for x in result.stdout.split()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    # Byte-compile Haki as an installed or packaged app would be (flet build
    # does; so does scripts/run.sh), even where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(paths.ROOT / "app", quiet=1)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        haki_args = ["--data-dir", str(tmp / "haki"), "--lang", "en"]
        minimal_args = ["--data-dir", str(tmp / "minimal")]
        haki: list[float] = []
        minimal: list[float] = []
        with sync_playwright() as p:
            browser = webapp.launch(p)
            # warm-up: imports content, creates both databases, fills OS caches
            time_to_first_screen(browser, haki_args, None, FIRST_ARTICLE, tmp / "log")
            time_to_first_screen(browser, minimal_args, MINIMAL, "item-0", tmp / "log")
            for i in range(args.runs):
                haki.append(
                    time_to_first_screen(browser, haki_args, None, FIRST_ARTICLE, tmp / "log")
                )
                minimal.append(
                    time_to_first_screen(browser, minimal_args, MINIMAL, "item-0", tmp / "log")
                )
                print(f"run {i + 1}: haki {haki[-1]:.3f}s  minimal {minimal[-1]:.3f}s", flush=True)
            browser.close()
        work = python_work(tmp / "haki", args.runs)

    h, m = statistics.median(haki), statistics.median(minimal)
    print(f"median time to first usable screen: haki {h:.3f}s, minimal Flet app {m:.3f}s")
    print(f"ratio haki/minimal: {h / m:.3f} (target <= 1.15)")
    before, background, first_view = (statistics.median(c) for c in zip(*work, strict=True))
    print(
        f"Haki's Python work on the path to the first screen (median, Flet imported): "
        f"{before + first_view:.1f} ms = before the server starts {before:.1f} "
        f"+ building the first screen {first_view:.1f} (target < 100 ms)"
    )
    print(
        f"in the background, while the browser loads the client: {background:.1f} ms "
        f"(open the store, check the content, import the views)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
