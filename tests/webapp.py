"""Start a real Haki web server and drive it in Debian's Chromium.

Shared by the browser tests and the start-up benchmark: a server process
on a free 127.0.0.1 port with no DISPLAY (so Flet serves its web client),
and a headless Chromium that records every request the page makes.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from app import paths

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 412, "height": 915}
FLUTTER_READY = "() => !!(window.flet && window.flet.flutterApp)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(
    args: Sequence[str], log: Path, *, script: Path | None = None, timeout: float = 30.0
) -> Server:
    """Run main.py (or another Flet script) with args; wait for HTTP 200."""
    port = free_port()
    cmd = [sys.executable, str(script or paths.ROOT / "main.py"), "--port", str(port), *args]
    fh = log.open("wb")
    proc = subprocess.Popen(
        cmd, stdout=fh, stderr=subprocess.STDOUT, env=server_env(), cwd=paths.ROOT
    )
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    wait_http(server, timeout)
    return server


def wait_http(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited: {server.log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(server.url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.02)
    server.stop()
    raise TimeoutError(f"no HTTP 200 from {server.url} in {timeout}s")


@dataclass
class Requests:
    """Every URL a page asked for, to prove nothing leaves 127.0.0.1."""

    urls: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)
    #: asked for, but stopped by the page's Content-Security-Policy before
    #: any connection was made (the web client's CDN script)
    blocked: list[str] = field(default_factory=list)

    def failed(self) -> list[tuple[str, int]]:
        """Answers the server could not give (a 404: the client asked for a
        fallback font because a glyph was missing from every font it had)."""
        return [(u, s) for u, s in self.responses.items() if s >= 400]

    def remote(self) -> list[str]:
        """Requests that went to another host."""
        return [
            u
            for u in self.urls
            if urlparse(u).hostname not in ("127.0.0.1", None)
            and not u.startswith(("data:", "blob:"))
            and u not in self.blocked
        ]


def launch(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def open_app(  # type: ignore[no-untyped-def]
    browser,
    url: str,
    requests: Requests | None = None,
    frames: list[str] | None = None,
    *,
    debugger: bool = True,
    text_size: int | None = None,
    locale: str | None = None,
):
    """A phone-sized page with the app loaded and its accessibility tree on;
    `frames` collects every WebSocket frame the page sends (see `fill`). Tests
    keep a debugger on it (see `stack`); a benchmark does without.
    `text_size` is the browser's default font size in px (16 unless set), as a
    reader who asked their system for larger text has it. `locale` is the
    language the browser says its user reads (BCP 47; Chromium's own if None)."""
    page = browser.new_page(viewport=PHONE, **({"locale": locale} if locale else {}))
    if debugger:
        watch(page)
    if text_size is not None:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": text_size, "fixed": text_size}})
    if frames is not None:
        page.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(str(f))))
    if requests is not None:
        page.on("request", lambda r: requests.urls.append(r.url))
        page.on("response", lambda r: requests.responses.__setitem__(r.url, r.status))
        page.on(
            "requestfailed",
            lambda r: r.failure == "csp" and requests.blocked.append(r.url),
        )
    page.goto(url, wait_until="load")
    page.wait_for_function(FLUTTER_READY, timeout=30_000)
    enable_semantics(page)
    return page


#: a phone as the browser tells Flutter: Android, touch, 412 px wide. Flutter
#: then sizes controls for fingers (48 px targets), as on a worker's phone;
#: with a desktop browser's defaults it makes them smaller, for a mouse.
PHONE_BROWSER = {
    "viewport": {"width": 412, "height": 839},
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
    "is_mobile": True,
    "has_touch": True,
}


def open_on_phone(browser, url: str):  # type: ignore[no-untyped-def]
    """The app in a browser that says it is a phone, accessibility tree on
    (on a phone Flutter turns it on at a tap, not a click)."""
    page = browser.new_context(**PHONE_BROWSER).new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function(FLUTTER_READY, timeout=30_000)
    enable_semantics(page, by_touch=True)
    return page


#: a laptop with a touch screen, or a tablet in desktop mode, as outreach
#: staff use at an information session: the browser says it is a desktop,
#: so Flutter sizes controls for a mouse unless Haki says otherwise
TOUCH_LAPTOP = {"viewport": {"width": 1280, "height": 800}, "has_touch": True}


def open_on_touch_laptop(browser, url: str):  # type: ignore[no-untyped-def]
    """The app in a desktop browser on a touch screen, accessibility tree on."""
    page = browser.new_context(**TOUCH_LAPTOP).new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function(FLUTTER_READY, timeout=30_000)
    enable_semantics(page)
    return page


#: every control a finger or a screen reader can act on and fully on screen,
#: with its size and the name a screen reader says. A control that reaches
#: the bars at the bottom (from `barTop`: the navigation bar, or the
#: wizard's Back and Next) is left out: the list above them cuts it off.
TARGETS_JS = """(barTop) => {
  const acting = new Set(['button', 'checkbox', 'radio', 'textbox', 'link', 'tab',
                          'switch', 'slider', 'menuitem', 'combobox']);
  const out = [];
  for (const el of document.querySelectorAll('flt-semantics')) {
    const field = el.querySelector(':scope > input, :scope > textarea');
    if (!acting.has(el.getAttribute('role') || '') && !field && !el.hasAttribute('flt-tappable'))
      continue;
    const r = el.getBoundingClientRect();
    const cut = r.top < barTop && r.bottom >= barTop - 24;
    if (r.width === 0 || cut || r.top < 0 || r.bottom > innerHeight || r.left < 0
        || r.right > innerWidth)
      continue;
    const name = (el.getAttribute('aria-label') || el.innerText
                  || (field && field.getAttribute('aria-label')) || '').trim();
    out.push({role: el.getAttribute('role') || 'field', name: name.slice(0, 40),
              width: Math.round(r.width), height: Math.round(r.height)});
  }
  return out;
}"""


def touch_targets(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    bars = [node(page, i) for i in ("nav-rights", "report-back")]
    tops = [b["y"] for bar in bars if bar.count() and (b := bar.first.bounding_box())]
    bar_top = min(tops, default=page.viewport_size["height"])
    return page.evaluate(TARGETS_JS, bar_top)  # type: ignore[no-any-return]


def wait_in_sight(page, locator, bar, what: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until `locator` is wholly on screen above `bar` (the navigation
    bar, or Back and Next), as a list scrolls it into sight."""
    bar_top = bar.bounding_box()["y"]
    box = None
    for _ in range(30):
        box = locator.bounding_box()
        if box and box["y"] >= 0 and box["y"] + box["height"] <= bar_top:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} is out of sight: {box}, bar at {bar_top}")


def enable_semantics(page, *, by_touch: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Turn on the accessibility tree: a click on Flutter's placeholder, or
    in a phone's browser a tap (the placeholder then covers the page)."""
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=30_000)
    if by_touch:
        size = page.viewport_size
        page.touchscreen.tap(size["width"] / 2, size["height"] / 2)
    else:
        placeholder.dispatch_event("click")
    page.locator("flt-semantics").first.wait_for(state="attached", timeout=10_000)


def node(page, identifier: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[flt-semantics-identifier="{identifier}"]')


#: the first and last column with ink (a dark pixel) in a PNG, and its width;
#: the browser decodes it, so the tests need no image library
INK_JS = """async (png) => {
    const img = new Image();
    img.src = "data:image/png;base64," + png;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, img.width, img.height).data;
    let first = img.width, last = -1;
    for (let i = 0; i < px.length; i += 4) {
        if (px[i] + px[i + 1] + px[i + 2] < 300) {
            const x = (i / 4) % img.width;
            first = Math.min(first, x);
            last = Math.max(last, x);
        }
    }
    return [first, last, img.width];
}"""


def ink(page, locator, settle_s: float = 5.0) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where the words drawn in `locator` begin and end, as fractions of its
    width: a node's box spans the screen whichever side its words sit on.
    Read until two readings agree: a screen still sliding in (a new view,
    or Back) was read half-way, now and then."""
    seen = None
    deadline = time.monotonic() + settle_s
    while True:
        png = base64.b64encode(locator.screenshot()).decode()
        first, last, width = page.evaluate(INK_JS, png)
        assert last >= 0, "nothing drawn there"
        reading = (first / width, (last + 1) / width)
        if reading == seen or time.monotonic() > deadline:
            return reading
        seen = reading
        page.wait_for_timeout(150)


#: how shown() begins for a page whose renderer hangs
HUNG = "the page did not answer in 3 s (its renderer hangs)"


@dataclass
class Debugger:
    """A page's debugger, switched on before the page loads: a renderer busy
    in a loop no longer answers Debugger.enable, but an enabled debugger can
    still pause it, which says where it is stuck."""

    cdp: Any
    #: each wasm or JS script's address by its id, as the page parsed them
    scripts: dict[str, str] = field(default_factory=dict)
    paused: list[dict[str, Any]] = field(default_factory=list)


_DEBUGGERS: weakref.WeakKeyDictionary[Any, Debugger] = weakref.WeakKeyDictionary()


def watch(page) -> None:  # type: ignore[no-untyped-def]
    """Switch a debugger on for a page before it loads (see Debugger)."""
    debugger = Debugger(page.context.new_cdp_session(page))
    debugger.cdp.on(
        "Debugger.scriptParsed",
        lambda e: debugger.scripts.__setitem__(e["scriptId"], e.get("embedderName") or e["url"]),
    )
    debugger.cdp.on("Debugger.paused", lambda e: debugger.paused.append(e))
    debugger.cdp.send("Debugger.enable")
    _DEBUGGERS[page] = debugger


def stack(page, depth: int = 30) -> str:  # type: ignore[no-untyped-def]
    """Where the page's main thread is: its innermost frames, each as
    function@script (skwasm's functions by their names from its symbols)."""
    debugger = _DEBUGGERS.get(page)
    if debugger is None:
        return "(no debugger on this page)"
    debugger.paused.clear()
    try:
        debugger.cdp.send("Debugger.pause")
        for _ in range(50):
            if debugger.paused:
                break
            page.wait_for_timeout(100)
    except Exception as exc:  # noqa: BLE001 - a diagnosis must not hide the failure
        return f"(could not pause it: {type(exc).__name__})"
    if not debugger.paused:
        return "(it did not pause in 5 s)"
    frames = debugger.paused[0]["callFrames"][:depth]
    with contextlib.suppress(Exception):
        debugger.cdp.send("Debugger.resume")
    return " < ".join(_frame_name(debugger, f) for f in frames)


def _frame_name(debugger: Debugger, frame: dict[str, Any]) -> str:
    script = debugger.scripts.get(frame["location"]["scriptId"], "?").rsplit("/", 1)[-1]
    name = frame["functionName"] or "(anonymous)"
    symbols = _symbols(script)
    if name.startswith("$func") and name[5:].isdigit() and symbols:
        name = symbols.get(int(name[5:]), name)
    return f"{name}@{script}:{frame['location'].get('columnNumber', 0)}"


@functools.cache
def _symbols(script: str) -> dict[int, str]:
    """The web client's `<module>.js.symbols` (index:name per line), if any."""
    import flet_web

    folder = Path(flet_web.get_package_web_dir()) / "canvaskit"
    path = folder / (script.removesuffix(".wasm") + ".js.symbols")
    if not script.endswith(".wasm") or not path.exists():
        return {}
    names = {}
    for line in path.read_text("utf-8").splitlines():
        index, _, name = line.partition(":")
        if index.isdigit():
            # emscripten writes "(" as \28, "," as \2c and so on
            names[int(index)] = re.sub(r"\\([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), name)
    return names


def shown(page) -> str:  # type: ignore[no-untyped-def]
    """The identifiers on the screen, to say in a failure what was there
    instead. Asked with a time limit: a page whose renderer hangs never
    answers a plain evaluate(); then it says where the page is stuck."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            "() => Array.from(document.querySelectorAll('[flt-semantics-identifier]'))"
            ".map(e => e.getAttribute('flt-semantics-identifier')).join(' ') || '(none)'",
            timeout=3_000,
        )
    except PlaywrightTimeout:
        return f"{HUNG}; its main thread: {stack(page)}"
    return f"the page shows {handle.json_value()}"


#: whether a text input (Flutter's, for a text field) holds the focus
ACTIVE_IS_INPUT = (
    "() => { const a = document.activeElement;"
    " return !!a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA'); }"
)


def fill(page, field, text: str, frames: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Type into a Flutter text field without losing the text (flet-web.md):
    focus it, wait until Flutter owns the input, fill, and wait until the
    text has reached the server. `frames` comes from `open_app(frames=...)`.
    Filling replaces the whole value, so a try whose text never reached the
    server is simply made again."""
    for attempt in range(3):
        if _fill_once(page, field, text, frames, wait_s=5 if attempt < 2 else 10):
            return
    raise TimeoutError(f"the server never saw {text!r}")


def _fill_once(page, field, text: str, frames: list[str], wait_s: float) -> bool:  # type: ignore[no-untyped-def]
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A field typed into before the screen was drawn again may still hold
    # Flutter's text input, in the same DOM element the new field now uses:
    # focusing that element would type into the old field. Tap the title bar
    # first, as a reader would tap outside, so Flutter lets the old one go,
    # and give it a moment to finish letting go.
    if page.evaluate(ACTIVE_IS_INPUT):
        page.mouse.click(PHONE["width"] / 2, 12)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"() => !({ACTIVE_IS_INPUT})()", timeout=2_000)
        page.wait_for_timeout(200)
    field.focus()
    page.wait_for_function(
        "(el) => document.activeElement === el && el.getAttribute('autocorrect') === 'on'",
        arg=field.element_handle(),
        timeout=20_000,
    )
    field.fill(text)
    for _ in range(int(wait_s / 0.05)):
        if any(text in f for f in frames):
            return True
        page.wait_for_timeout(50)
    return False
