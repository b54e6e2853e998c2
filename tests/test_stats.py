"""`python -m app.content stats`: how complete each language is."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from app import paths
from app.content.articles import load_articles
from app.content.stats import language_stats
from tests.conftest import ArticleWriter, article_text

KEYS = {"articles", "articles_translated_pct", "machine", "reviewed", "ui_translated_pct", "stale"}


def test_counts_translation_status_and_stale_articles(
    tmp_path, registry, write_article: ArticleWriter
):
    write_article("en", "keep-your-passport")
    write_article("en", "no-fees", topic="recruitment_fees")
    write_article("am", "keep-your-passport", translation="machine")
    old = article_text("no-fees", translation="reviewed").replace(
        "next_review = 2027-11-26", "next_review = 2027-01-01"
    )
    write_article("ar", "no-fees", text=old)
    articles = load_articles(tmp_path / "rights").articles
    stats = language_stats(articles, registry, paths.TRANSLATIONS_DIR, dt.date(2027, 6, 1))
    assert stats["en"].articles == 2 and stats["en"].articles_translated_pct == 100.0
    assert stats["en"].ui_translated_pct == 100.0
    am, ar = stats["am"], stats["ar"]
    assert (am.articles, am.articles_translated_pct, am.machine, am.reviewed) == (1, 50.0, 1, 0)
    assert (ar.machine, ar.reviewed, ar.stale) == (0, 1, 1)
    assert am.stale == 0


def test_json_is_keyed_by_language_with_the_documented_keys(registry):
    result = subprocess.run(
        [sys.executable, "-m", "app.content", "stats", "--json"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == registry.codes
    for code, numbers in data.items():
        assert set(numbers) == KEYS, code
    assert data["en"]["articles"] >= 5
