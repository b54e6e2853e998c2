"""The page the web UI is served in: Flet's own, plus a Content-Security-Policy
that lets scripts come only from Haki's server, so the web client cannot
fetch anything from a CDN (the browser tests check no request leaves
127.0.0.1)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import flet_web

from app import paths
from app.content.web_fonts import FLET_FAMILIES_USED, flet_manifest, font_manifest

OURS = paths.ASSETS_DIR / "index.html"
FLET = Path(flet_web.get_package_web_dir()) / "index.html"
#: the blocks Haki adds, each a comment and its tag: the policy, and the
#: script that has Flutter draw on the page's own thread
ADDED = re.compile(
    r"  <!-- Haki: .*?-->\n  (<meta http-equiv=\"Content-Security-Policy\".*?>"
    r"|<script>.*?</script>)\n",
    re.S,
)


def test_the_page_is_flets_own_plus_the_policy_and_one_thread():
    # a Flet upgrade that changes its page fails here: copy it again, then
    # add both blocks back
    ours = OURS.read_text(encoding="utf-8")
    assert len(ADDED.findall(ours)) == 2
    assert ADDED.sub("", ours) == FLET.read_text(encoding="utf-8")


def test_flets_loader_still_takes_the_config_haki_changes():
    # the script sets forceSingleThreadedSkwasm on flutter_bootstrap.js's
    # global flutterConfig as it is assigned: both names must still be there
    bootstrap = (FLET.parent / "flutter_bootstrap.js").read_text(encoding="utf-8")
    assert "var flutterConfig = {" in bootstrap
    assert "config: flutterConfig" in bootstrap
    assert "e.forceSingleThreadedSkwasm" in bootstrap


def test_scripts_may_come_from_this_server_only():
    (policy,) = re.findall(r'content="(script-src [^"]*)"', OURS.read_text(encoding="utf-8"))
    sources = policy.split()[1:]
    assert "'self'" in sources
    # nothing that names another host, and no wildcard
    assert all(s.startswith("'") or s in ("blob:",) for s in sources), sources


def test_the_font_list_is_flets_icons_plus_every_bundled_font(registry):
    # a Flet upgrade that changes its list fails here: run
    # `python -m app.content web-fonts` to write ours again
    ours = json.loads(paths.WEB_FONT_MANIFEST.read_text(encoding="utf-8"))
    assert ours == font_manifest(flet_manifest(), registry)
    families = {entry["family"] for entry in ours}
    assert set(FLET_FAMILIES_USED) <= families  # still in Flet's list, under that name
    assert not any(family.startswith("packages/") for family in families)  # KaTeX, Cupertino
    assert set(registry.fonts) <= families
    for entry in ours[-len(registry.fonts) :]:
        (font,) = entry["fonts"]
        # the client resolves a manifest's paths from /assets/
        assert (paths.ASSETS_DIR / "assets" / font["asset"]).resolve().is_file(), font


def test_haki_draws_nothing_from_the_fonts_it_leaves_out():
    """The font list leaves out Flet's Cupertino icons and the KaTeX fonts
    Markdown draws formulas ($...$) with: no code uses the one, and no
    article or help text has the other's marks."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (paths.ROOT / "app").rglob("*.py"))
    assert "CupertinoIcons" not in code
    assert "latex" not in code.lower()
    for path in paths.CONTENT_DIR.rglob("*.md"):  # articles, help, checklists
        assert "$" not in path.read_text(encoding="utf-8"), path
