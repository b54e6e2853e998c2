"""The local store: migrations, WAL, settings, the content index."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys

import pytest
from sqlite_utils import Database

from app import paths
from app.content.articles import load_articles
from app.store.errors import StoreError
from app.store.migrations import migrations
from app.store.store import MIGRATIONS, Store, open_store
from tests.conftest import ArticleWriter

#: every migration, in the order it is applied (checked against the registered ones below)
ALL = list(MIGRATIONS)


def test_migrations_from_an_empty_database(tmp_path):
    store = open_store(tmp_path / "haki.db")
    assert [m.name for m in migrations.applied(store.db)] == ALL
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"settings", "articles", "content_meta", "search_words", "search_trigram"} <= set(
        store.db.table_names()
    )
    assert "articles_fts" not in store.db.table_names()


def test_the_start_up_check_knows_every_migration_in_order():
    assert list(MIGRATIONS) == [m.name for m in migrations._migrations]


def test_a_store_up_to_date_opens_without_sqlite_utils(tmp_path):
    """The first screen only reads: sqlite-utils is imported at the first
    write, not at start-up (bench.startup measures why)."""
    open_store(tmp_path / "haki.db").close()
    code = (
        "import sys; from pathlib import Path; from app.store.store import open_store; "
        f"s = open_store(Path({str(tmp_path / 'haki.db')!r})); s.get_setting('x'); "
        "s.article_summaries(['en']); print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, check=True
    )
    assert out.stdout.strip() == "False"


def test_a_missing_migration_is_applied_at_start_up(tmp_path):
    path = tmp_path / "haki.db"
    open_store(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("delete from _sqlite_migrations where name = '0008_report_drafts'")
        conn.execute("drop table report_drafts")
    store = open_store(path)
    assert store.conn.execute("select count(*) from report_drafts").fetchone()[0] == 0
    assert [m.name for m in migrations.applied(store.db)][-1] == "0008_report_drafts"


def test_opening_twice_applies_nothing_new(tmp_path):
    open_store(tmp_path / "haki.db").close()
    store = open_store(tmp_path / "haki.db")
    assert len(migrations.applied(store.db)) == len(ALL)


@pytest.mark.parametrize("previous", ["0005_search", "0006_help"])
def test_upgrade_from_an_earlier_schema_keeps_data_and_asks_for_a_new_import(tmp_path, previous):
    path = tmp_path / "haki.db"
    old = Database(path)
    migrations.apply(old, stop_before=previous)
    old_store = Store(old.conn)
    old_store.set_setting("ui_language", "am")
    old.table("articles").insert(
        {
            "id": "keep-your-passport",
            "lang": "en",
            "title": "Keep your passport",
            "topic": "documents",
            "body": "Nobody may take your passport.",
        }
    )
    old.table("content_meta").insert({"key": "hash", "value": "old"})
    old.close()

    store = open_store(path)
    assert [m.name for m in migrations.applied(store.db)] == ALL
    assert store.get_setting("ui_language") == "am"
    assert store.db.execute("select count(*) from articles").fetchone()[0] == 1
    assert "articles_fts" not in store.db.table_names()
    assert store.content_hash() is None  # the next start imports into the new indexes


def test_settings_round_trip(store):
    assert store.get_setting("ui_language") is None
    store.set_setting("ui_language", "ar")
    store.set_setting("ui_language", "am")
    assert store.get_setting("ui_language") == "am"


def test_summaries_fall_back_per_article(tmp_path, store, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    write_article("en", "no-recruitment-fees", title="No fees", topic="recruitment_fees")
    write_article("am", "keep-your-passport", title="ፓስፖርትዎን ይያዙ", translation="machine")
    result = load_articles(tmp_path / "rights")
    store.replace_content(result.articles, "hash-1")

    shown = {s.id: (s.lang, s.title) for s in store.article_summaries(("am", "en"))}
    assert shown == {
        "keep-your-passport": ("am", "ፓስፖርትዎን ይያዙ"),
        "no-recruitment-fees": ("en", "No fees"),
    }
    # the fixed topic order puts recruitment fees before documents
    assert [s.id for s in store.article_summaries(("en",))] == [
        "no-recruitment-fees",
        "keep-your-passport",
    ]
    article = store.article("no-recruitment-fees", ("am", "en"))
    assert article is not None and article.lang == "en"
    assert article.header.sources[0].article == "Article 9"
    assert store.article("nothing", ("en",)) is None
    assert store.content_hash() == "hash-1"


def test_replacing_content_drops_what_is_gone(tmp_path, store, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    store.replace_content(load_articles(tmp_path / "rights").articles, "h1")
    store.replace_content([], "h2")
    assert store.article_summaries(("en",)) == []
    for table in ("search_words", "search_trigram"):
        assert store.db.execute(f"select count(*) from {table}").fetchone()[0] == 0


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "haki.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot use the database"):
        open_store(path)
    assert path.read_bytes().startswith(b"this is not sqlite")  # left untouched


def test_store_is_usable_from_another_thread(store):
    import threading

    errors: list[BaseException] = []

    def work() -> None:
        try:
            store.set_setting("k", "v")
        except sqlite3.Error as exc:  # pragma: no cover - the failure we guard against
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert errors == [] and store.get_setting("k") == "v"
