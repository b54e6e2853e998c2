"""Does the web client keep drawing? Pages that lay out new text all the
time (bench/churn_app.py), a few tabs at once, each asked every second for
an animation frame; a tab that gives none in 5 s is frozen, and its
debugger says where its main thread is stuck.

    python -m bench.renderer [--page haki|flet] [--renderer auto] [--tabs 3] [--seconds 75]

In Flet's own page Chromium gets multi-threaded skwasm, which froze 10 of 18
tabs within 75 s here (flutter/flutter#190039); Haki's page (assets/index.html)
has Flutter draw on the page's own thread. Run this before upgrading Flet or
changing either.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from app import paths
from tests import webapp

CHURN = Path(__file__).with_name("churn_app.py")
#: resolves once the page has drawn its next frame
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => done(true)))"


def frozen_tabs(page_of: str, renderer: str, tabs: int, seconds: float) -> dict[int, str]:
    """Tab number -> when it froze and where, for the tabs that froze."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    frozen: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        args = ["--renderer", renderer]
        if page_of == "haki":
            args += ["--assets", str(paths.ASSETS_DIR)]
        server = webapp.start(args, Path(tmp) / "log", script=CHURN)
        try:
            with sync_playwright() as p:
                browser = webapp.launch(p)
                pages = []
                for _ in range(tabs):
                    # a context each: a renderer process each, so one frozen
                    # tab does not hold up the others
                    page = browser.new_context(viewport=webapp.PHONE).new_page()
                    webapp.watch(page)
                    page.goto(server.url)
                    page.wait_for_function(webapp.FLUTTER_READY, timeout=60_000)
                    pages.append(page)
                print(
                    f"{page_of}'s page: the renderer runs in {len(pages[0].workers)} web worker(s)",
                    flush=True,
                )
                start = time.monotonic()
                while time.monotonic() - start < seconds and len(frozen) < tabs:
                    for n, page in enumerate(pages):
                        if n in frozen:
                            continue
                        try:
                            page.wait_for_function(NEXT_FRAME, timeout=5_000)
                        except PlaywrightTimeout:
                            when = time.monotonic() - start
                            frozen[n] = f"after {when:.0f} s, in {webapp.stack(page, depth=6)}"
                            print(f"tab {n + 1} froze {frozen[n]}", flush=True)
                    time.sleep(1)
                browser.close()
        finally:
            server.stop()
    return frozen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.renderer")
    parser.add_argument("--page", choices=("haki", "flet"), default="haki")
    parser.add_argument("--renderer", default="auto", help="auto, canvaskit, skwasm")
    parser.add_argument("--tabs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=75)
    args = parser.parse_args(argv)
    frozen = frozen_tabs(args.page, args.renderer, args.tabs, args.seconds)
    print(
        f"{args.page}'s page, renderer {args.renderer}: "
        f"{len(frozen)} of {args.tabs} tabs froze in {args.seconds:.0f} s"
    )
    return 1 if frozen else 0


if __name__ == "__main__":
    sys.exit(main())
