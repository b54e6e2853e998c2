"""A Flet page that lays out new text all the time, for bench.renderer:
40 lines of 3-8 words, each word at a size never used before, redrawn
every 10 ms inside a turning box, so the page's thread lays out text while
the renderer draws the frame before.

    python bench/churn_app.py --port P [--assets DIR] [--renderer auto|canvaskit|skwasm]

With --assets Haki's assets folder, it is served in Haki's web page
(assets/index.html: Flutter told to draw on the page's own thread); without,
in Flet's own.
"""

from __future__ import annotations

import argparse
import asyncio
import random

import flet as ft

WORDS = ["pay", "wages", "contract", "passport", "rest", "day", "kazi", "haki", "fees"]


async def churn(page: ft.Page) -> None:
    rng = random.Random()
    lines = [ft.Text() for _ in range(40)]
    box = ft.Container(ft.Column(lines), rotate=ft.Rotate(0))
    page.add(box)
    turn = 0
    while True:
        turn += 1
        for line in lines:
            line.spans = [
                ft.TextSpan(
                    rng.choice(WORDS) + " ",
                    ft.TextStyle(size=round(rng.uniform(8, 40), 2), italic=rng.random() < 0.3),
                )
                for _ in range(rng.randint(3, 8))
            ]
        box.rotate = ft.Rotate(turn * 0.05)
        page.update()
        await asyncio.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--assets")
    parser.add_argument("--renderer", type=ft.WebRenderer, default=ft.WebRenderer.AUTO)
    args = parser.parse_args()
    ft.run(
        churn,
        host="127.0.0.1",
        port=args.port,
        no_cdn=True,
        web_renderer=args.renderer,
        assets_dir=args.assets,
    )


if __name__ == "__main__":
    main()
