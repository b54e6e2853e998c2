"""Start-up time: from process start until the first screen is usable.

    python -m bench.startup [--runs 5]

For Haki (`main.py --lang en`, a data folder already imported), a minimal
Flet app showing one line, a minimal app listing 40 rows from SQLite, and
the same rows in the frame every Haki screen has (app bar, navigation bar
with four sections, an icon on each row: what Haki must draw whatever it
does), all in Haki's web page (Flutter drawing on the page's thread), run in
turn, in a new order each round: start the process, load the page in
headless Chromium, turn on the accessibility tree and wait for the first
item to be there. Prints the medians and their ratios (target: Haki <= 1.15x
the minimal app), the ratio round by round with its standard error (this
machine's speed drifts by more than the gap being measured), then
the Python work Haki does before its first screen (target: under 100 ms),
measured step by step in a separate process.
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import paths
from tests import webapp

MINIMAL = Path(__file__).with_name("minimal_app.py")
FIRST_ARTICLE = "topic-recruitment_fees"

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
warm_up(context)
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
        page = webapp.open_app(browser, server.url, debugger=False)
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
    # and the web client's files gzipped, as scripts/run.sh does at install;
    # made during a measured start, they would compete with it
    from app import web_client

    web_client.copies_for().make()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # name -> (arguments, script, identifier of the first usable item)
        # the yardsticks are served in Haki's web page (not its fonts): in
        # Flet's own, Flutter draws in a web worker, faster to start and
        # liable to freeze (bench.renderer)
        page = tmp / "page"
        page.mkdir()
        shutil.copy(paths.ASSETS_DIR / "index.html", page / "index.html")
        yardstick = ["--page", str(page)]
        apps: dict[str, tuple[list[str], Path | None, str]] = {
            "haki": (["--data-dir", str(tmp / "haki"), "--lang", "en"], None, FIRST_ARTICLE),
            "minimal": (
                ["--data-dir", str(tmp / "m0"), "--rows", "0", *yardstick],
                MINIMAL,
                "item-0",
            ),
            "sqlite40": (
                ["--data-dir", str(tmp / "m40"), "--rows", "40", *yardstick],
                MINIMAL,
                "item-0",
            ),
            "shell40": (
                ["--data-dir", str(tmp / "s40"), "--rows", "40", "--shell", *yardstick],
                MINIMAL,
                "item-0",
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in apps}
        with sync_playwright() as p:
            browser = webapp.launch(p)
            for app_args, script, ident in apps.values():
                # warm-up: imports content, creates the databases, fills OS caches
                time_to_first_screen(browser, app_args, script, ident, tmp / "log")
            order = random.Random(0)
            for i in range(args.runs):
                # a new order each round: no app always runs first, or right
                # after the heaviest one
                for name in order.sample(list(apps), len(apps)):
                    app_args, script, ident = apps[name]
                    times[name].append(
                        time_to_first_screen(browser, app_args, script, ident, tmp / "log")
                    )
                line = "  ".join(f"{name} {t[-1]:.3f}s" for name, t in times.items())
                print(f"run {i + 1}: {line}", flush=True)
            browser.close()
        work = python_work(tmp / "haki", args.runs)

    med = {name: statistics.median(t) for name, t in times.items()}
    print(
        "median time to first usable screen: "
        + ", ".join(f"{name} {m:.3f}s" for name, m in med.items())
    )
    print(
        f"ratio haki/minimal: {med['haki'] / med['minimal']:.3f} (target <= 1.15); "
        f"sqlite40/minimal: {med['sqlite40'] / med['minimal']:.3f}; "
        f"haki/sqlite40: {med['haki'] / med['sqlite40']:.3f}"
    )
    print(
        f"ratio haki/shell40: {med['haki'] / med['shell40']:.3f} "
        f"(shell40/minimal: {med['shell40'] / med['minimal']:.3f}): the same 40 rows in "
        "the frame issue 2 asks of every screen (app bar, navigation bar, icons)"
    )
    # each round's Haki over that round's minimal app: the machine's drift
    # between rounds cancels out, and the spread says how far to trust it
    paired = [h / m for h, m in zip(times["haki"], times["minimal"], strict=True)]
    if len(paired) > 1:
        error = statistics.stdev(paired) / len(paired) ** 0.5
        print(
            f"ratio haki/minimal round by round: mean {statistics.mean(paired):.3f} "
            f"± {error:.3f} (standard error), median {statistics.median(paired):.3f}"
        )
    before, background, first_view = (statistics.median(c) for c in zip(*work, strict=True))
    print(
        f"Haki's Python work on the path to the first screen (median, Flet imported): "
        f"{before + first_view:.1f} ms = before the server starts {before:.1f} "
        f"+ building the first screen {first_view:.1f} (target < 100 ms)"
    )
    print(
        f"in the background, once the browser asks for the client's code: {background:.1f} "
        f"ms (open the store, check the content, import the views; Flet's web app is "
        f"built beside it: app.web_front)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
