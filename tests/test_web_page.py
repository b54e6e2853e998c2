"""The page the web UI is served in: Flet's own, plus a Content-Security-Policy
that lets scripts come only from Haki's server, so the web client cannot
fetch anything from a CDN (the browser tests check no request leaves
127.0.0.1)."""

from __future__ import annotations

import re
from pathlib import Path

import flet_web

from app import paths

OURS = paths.ASSETS_DIR / "index.html"
FLET = Path(flet_web.__file__).parent / "web" / "index.html"
#: the block Haki adds: a comment and the meta tag
ADDED = re.compile(
    r"  <!-- Haki: .*?-->\n  <meta http-equiv=\"Content-Security-Policy\".*?>\n", re.S
)


def test_the_page_is_flets_own_plus_the_policy():
    # a Flet upgrade that changes its page fails here: copy it again, then
    # add the policy block back
    ours = OURS.read_text(encoding="utf-8")
    assert len(ADDED.findall(ours)) == 1
    assert ADDED.sub("", ours) == FLET.read_text(encoding="utf-8")


def test_scripts_may_come_from_this_server_only():
    (policy,) = re.findall(r'content="(script-src [^"]*)"', OURS.read_text(encoding="utf-8"))
    sources = policy.split()[1:]
    assert "'self'" in sources
    # nothing that names another host, and no wildcard
    assert all(s.startswith("'") or s in ("blob:",) for s in sources), sources
