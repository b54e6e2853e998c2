"""The web client's font list: the part of Flet's that Haki uses, plus
every font Haki bundles.

Fonts given to a Flet page (`page.fonts`) load while the first screen is
already drawn: in the web build, a first screen in Amharic or Arabic
showed empty boxes for about a third of a second, and the client asked
the server for a fallback font it does not have (a 404). The fonts named
in the client's `FontManifest.json` are loaded before it draws anything,
in parallel with the rest of the client (1.8 MB of fonts beside the
client's own, once; the browser keeps them).

Flet serves `assets/assets/FontManifest.json` from the app's assets in
place of its own, so ours repeats the Flet entries Haki needs (its icon
font) and adds Haki's. Flet's list also names 17 KaTeX fonts (formulas in
Markdown) and the Cupertino icons, which Haki never shows: each page load
fetched and parsed 0.8 MB of them before the first screen (18 requests,
0.4 MB gzipped, for every phone a laptop serves). A Flet upgrade that
changes the entries we keep fails a test: run
`python -m app.content web-fonts` to write ours again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.languages import LanguageRegistry

#: where the client looks for a manifest's font files, from the assets/
#: folder it fetches the manifest from; Haki's fonts are in /fonts
FONTS_FROM_MANIFEST = "../fonts/"
#: the families of Flet's list that Haki draws with (Material icons)
FLET_FAMILIES_USED = ("MaterialIcons",)


def font_manifest(
    flet_entries: list[dict[str, Any]], registry: LanguageRegistry
) -> list[dict[str, Any]]:
    """Flet's entries that Haki uses, then one family per bundled font, under
    the family name the theme uses."""
    ours = [
        {"family": family, "fonts": [{"asset": FONTS_FROM_MANIFEST + file}]}
        for family, file in registry.fonts.items()
    ]
    used = [entry for entry in flet_entries if entry["family"] in FLET_FAMILIES_USED]
    return [*used, *ours]


def flet_manifest() -> list[dict[str, Any]]:
    """The manifest the installed Flet web client ships with."""
    import flet_web

    path = Path(flet_web.get_package_web_dir()) / "assets" / "FontManifest.json"
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def manifest_text(registry: LanguageRegistry) -> str:
    return json.dumps(font_manifest(flet_manifest(), registry), indent=1, ensure_ascii=False) + "\n"
