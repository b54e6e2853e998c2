"""Tiny fixtures: the real language registry, a temporary store, and a
writer for mini content folders."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import paths
from app.content.registry import load_registry
from app.core.languages import LanguageRegistry
from app.store.store import Store, open_store


@pytest.fixture(scope="session")
def registry() -> LanguageRegistry:
    return load_registry(paths.LANGUAGES_FILE)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "haki.db")
    yield s
    s.close()


ArticleWriter = Callable[..., Path]


def article_text(
    article_id: str = "keep-your-passport",
    *,
    title: str = "Keep your passport",
    topic: str = "documents",
    translation: str = "source",
    related: str = "[]",
    body: str = "You keep your passport.\n",
    sources: str = '[[sources]]\ninstrument = "ILO C189"\narticle = "Article 9"\n',
) -> str:
    header = textwrap.dedent(
        f"""\
        id = "{article_id}"
        title = "{title}"
        topic = "{topic}"
        stages = ["pre_departure"]
        countries = ["*"]
        last_reviewed = 2026-11-26
        next_review = 2027-11-26
        volatility = "low"
        translation = "{translation}"
        related = {related}
        """
    )
    return f"+++\n{header}\n{sources}+++\n{body}"


@pytest.fixture
def write_article(tmp_path: Path) -> ArticleWriter:
    """write_article(lang, id, **fields) -> path, under tmp_path/rights."""

    def write(lang: str, article_id: str, text: str | None = None, **fields: str) -> Path:
        path = tmp_path / "rights" / lang / f"{article_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else article_text(article_id, **fields), "utf-8")
        return path

    return write


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, launched once per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests import webapp

    with sync_api.sync_playwright() as p:
        b = webapp.launch(p)
        yield b
        b.close()


@pytest.fixture
def browser(chromium):  # type: ignore[no-untyped-def]
    """The module's Chromium; every page a test opened is closed after it. A
    page left open keeps reconnecting to its stopped server, and its renderer
    takes CPU from the tests after it."""
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """A failed browser test says what each of its pages showed, and where a
    page whose renderer hangs was stuck: a timeout alone says neither."""
    report = yield
    if report.when == "call" and report.failed and "browser" in item.fixturenames:
        from tests import webapp

        pages = [p for c in item.funcargs["browser"].contexts for p in c.pages]
        for n, page in enumerate(pages, 1):
            seen = f"{page.url}: {webapp.shown(page)}"
            report.sections.append((f"page {n} of {len(pages)}", seen))
    return report
