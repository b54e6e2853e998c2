"""A one-screen Flet app that shows a sample in every script Haki ships.

    python tests/fontcheck_app.py --port P [--no-fonts]

With Haki's theme the samples use the bundled fonts; with --no-fonts they
get only what the web client has on its own: Roboto for Latin, and for
every other script empty boxes, since offline it cannot download a
fallback. The font test screenshots both and compares them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flet as ft  # noqa: E402

from app import paths  # noqa: E402
from app.content.registry import load_registry  # noqa: E402
from app.ui import theme  # noqa: E402

SAMPLES = {
    "Roboto": "Your rights",
    "Arabic": "حقوقك في العمل",
    "Ethiopic": "የሥራ መብቶችዎ",
    "Devanagari": "तपाईंको अधिकार",
    "Bengali": "আপনার অধিকার",
    "Myanmar": "သင့်အခွင့်အရေး",
    "Urdu": "آپ کے حقوق",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-fonts", action="store_true")
    args = parser.parse_args()
    registry = load_registry(paths.LANGUAGES_FILE)

    def page_main(page: ft.Page) -> None:
        if not args.no_fonts:
            theme.apply(page, registry.get("en"), registry)
        page.add(
            *[
                ft.Semantics(
                    identifier=f"sample-{family}",
                    content=ft.Text(text, size=32, color=ft.Colors.BLACK),
                )
                for family, text in SAMPLES.items()
            ]
        )

    ft.run(
        page_main,
        host="127.0.0.1",
        port=args.port,
        no_cdn=True,
        assets_dir=str(paths.ASSETS_DIR),
    )


if __name__ == "__main__":
    main()
