"""The Store: every read and write of the local database goes through here.

Views never see SQL: they ask the Store for typed values. One connection is
shared by the app's sessions (Flet runs handlers on worker threads), so
every call takes a lock; each call is short.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.burmese import as_unicode
from app.core.articles import (
    Article,
    ArticleHeader,
    ArticleSummary,
    Source,
    Stage,
    Topic,
    TranslationStatus,
    Volatility,
    best_per_id,
    pick_language,
)
from app.core.help import Contact, ContactKind, HelpEntry, HelpKind, HelpText
from app.core.languages import SOURCE_LANGUAGE
from app.core.search import (
    MARK_END,
    MARK_START,
    SearchHit,
    best_hits,
    corrected,
    excerpt_marked,
    mark_substring,
    normalize,
    parse_query,
    plain_text,
    restore_marks,
)
from app.store.errors import StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

#: The names of app.store.migrations, in order (a test keeps them equal).
#: Checked with plain SQL at start-up, so that a store already up to date
#: opens without importing sqlite-utils.
MIGRATIONS = (
    "0001_settings",
    "0002_content",
    "0003_content_fts",
    "0004_article_review",
    "0005_search",
    "0006_help",
    "0007_outbox",
    "0010_ledger",
    "0009_checklist",
    "0008_report_drafts",
    "0011_outbox_state",
    "0012_attendance",
    "0013_handling",
    "0014_unlisted",
    "0015_unlisted_index",
)


#: seconds after the last change to what a person entered before the WAL
#: is scrubbed: long enough that typing does not checkpoint at each letter
SCRUB_DELAY = 3.0
#: the setting that remembers the UI language the reader chose
UI_LANGUAGE_KEY = "ui_language"


class Store:
    """Reads go straight to the connection; writes go through sqlite-utils
    (`db`), on the same connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        #: taken by every call, here and in the feature stores built on this one
        self.lock = threading.RLock()
        self._lock = self.lock
        self.scrub_delay = SCRUB_DELAY
        self._scrub_timer: threading.Timer | None = None
        #: when what a person entered last changed (time.monotonic): a phone's
        #: store is kept while its reader types, not only while pages are drawn
        self.last_change = time.monotonic()
        #: (id, lang) -> an article's title and plain words, as search shows them
        self._words: dict[tuple[str, str], tuple[str, str]] = {}
        #: (content hash, every word of the word index, the same as a set),
        #: for corrected_query
        self._terms: tuple[str | None, list[str], frozenset[str]] | None = None

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils on this store's connection, made at the first write:
        importing it takes ~50 ms, which a start that only reads keeps off
        the way to the first screen."""
        from sqlite_utils import Database

        return Database(self.conn)

    # settings -----------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        with self._lock:
            row = self.conn.execute("select value from settings where key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.set_settings({key: value})

    def set_settings(self, values: Mapping[str, str]) -> None:
        """Several settings, in one transaction."""
        with self.changing():
            self.db.table("settings").upsert_all(
                [{"key": k, "value": v} for k, v in values.items()], pk="key"
            )

    def delete_settings(self, *keys: str) -> None:
        with self.changing():
            self.db.execute(
                f"delete from settings where key in ({', '.join('?' * len(keys))})", keys
            )

    # what a person entered -------------------------------------------------
    @contextmanager
    def changing(self) -> Iterator[None]:
        """One transaction that changes what a person entered (a note, a
        draft, a payment, a setting). The WAL keeps every earlier version of
        the pages it wrote, an erased note's words included, until a
        checkpoint: so the WAL is scrubbed soon after."""
        with self._lock, self.db.atomic():
            yield
        self.last_change = time.monotonic()
        self.scrub_soon()

    def scrub_soon(self) -> None:
        """Scrub once no change has come for `scrub_delay` seconds."""
        with self._lock:
            if self._scrub_timer is not None:
                self._scrub_timer.cancel()
            timer = threading.Timer(self.scrub_delay, self._scrub_quietly)
            timer.daemon = True
            timer.name = "haki-scrub"
            self._scrub_timer = timer
            timer.start()

    def _scrub_quietly(self) -> None:
        try:
            self.scrub()
        except sqlite3.Error as exc:  # closed meanwhile, or the disk failed: next time
            log.warning("WAL scrub failed: %s", type(exc).__name__)

    def scrub(self) -> None:
        """Copy the WAL into the database and truncate it to nothing: after a
        delete (secure_delete overwrites the rows in the file) or a change,
        the older versions of its pages the WAL held are gone from the disk
        too."""
        with self._lock:
            busy, _log, _done = self.conn.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()
        if busy:  # pragma: no cover - one connection: nothing else reads
            log.warning("WAL checkpoint was blocked; it is retried at the next scrub")

    # content -------------------------------------------------------------
    def content_hash(self) -> str | None:
        return self._content_meta("hash")

    def reviewed_between(self) -> tuple[dt.date, dt.date] | None:
        """The oldest and newest review dates of the English originals: how
        fresh the rights information is, for the About screen."""
        with self._lock:
            first, last = self.conn.execute(
                "select min(last_reviewed), max(last_reviewed) from articles where lang = ?",
                [SOURCE_LANGUAGE],
            ).fetchone()
        if not first:
            return None
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def content_stamp(self) -> str | None:
        """The content's stamp (sizes and times) when it was last checked."""
        return self._content_meta("stamp")

    def _content_meta(self, key: str) -> str | None:
        with self._lock:
            row = self.conn.execute(
                "select value from content_meta where key = ?", [key]
            ).fetchone()
        return row[0] if row else None

    def set_content_stamp(self, stamp: str) -> None:
        with self._lock, self.db.atomic():
            self.db.table("content_meta").upsert({"key": "stamp", "value": stamp}, pk="key")

    def replace_content(
        self,
        articles: Iterable[Article],
        content_hash: str,
        trigram_languages: Collection[str] = (),
    ) -> int:
        """Swap the whole content and its search indexes in one transaction;
        returns the count. Languages in `trigram_languages` (scripts with no
        spaces between words) go to the trigram index, the rest to the word
        index."""
        articles = list(articles)
        rows = [_article_row(a) for a in articles]
        with self._lock, self.db.atomic():
            self._words.clear()
            self.db.execute("delete from articles")
            self.db.execute("delete from search_words")
            self.db.execute("delete from search_trigram")
            self.db.table("articles").insert_all(rows)
            for article in articles:
                table = "search_trigram" if article.lang in trigram_languages else "search_words"
                self.db.execute(
                    f"insert into {table} (title, body, id, lang) values (?, ?, ?, ?)",
                    [
                        normalize(article.header.title),
                        normalize(plain_text(article.body)),
                        article.id,
                        article.lang,
                    ],
                )
            self.db.table("content_meta").upsert({"key": "hash", "value": content_hash}, pk="key")
        return len(rows)

    def replace_help(self, entries: Iterable[HelpEntry]) -> int:
        rows = [_help_row(e) for e in entries]
        with self._lock, self.db.atomic():
            self.db.execute("delete from help_entries")
            self.db.table("help_entries").insert_all(rows)
        return len(rows)

    def help_entries(self) -> list[HelpEntry]:
        with self._lock:
            rows = list(self.db.table("help_entries").rows_where(order_by="id"))
        return [_row_help(r) for r in rows]

    def search(
        self, raw: str, chain: Sequence[str], trigram_languages: Collection[str], limit: int = 12
    ) -> list[SearchHit]:
        """Articles matching `raw` in the languages of `chain`, best first."""
        raw = as_unicode(raw)  # Burmese typed in Zawgyi finds the Unicode articles
        word_langs = [c for c in chain if c not in trigram_languages]
        query = parse_query(raw, word_langs)
        gram_langs = [c for c in chain if c in trigram_languages]
        hits: list[SearchHit] = []
        with self._lock:
            if query.words and word_langs:
                hits += self._match("search_words", query.words, word_langs, limit)
            if gram_langs:
                if query.trigram:
                    hits += self._match("search_trigram", query.trigram, gram_langs, limit)
                elif query.substring:
                    hits += self._substring(query.substring, gram_langs, limit)
            return [self._shown(hit) for hit in best_hits(hits, chain, limit)]

    def corrected_query(self, raw: str) -> str | None:
        """`raw` with its misspelt words replaced by the closest ones the word
        index holds (app.core.search.corrected), or None."""
        vocabulary, known = self._vocabulary()
        return corrected(as_unicode(raw), vocabulary, known) if vocabulary else None

    def _vocabulary(self) -> tuple[list[str], frozenset[str]]:
        """Every word of the word index (some 14,000), in a list and a set,
        read once per content."""
        with self._lock:
            stamp = self._content_meta("hash")
            if self._terms is None or self._terms[0] != stamp:
                self.conn.execute(
                    "create virtual table if not exists temp.search_terms "
                    "using fts5vocab(main, search_words, row)"
                )
                terms = [str(r[0]) for r in self.conn.execute("select term from search_terms")]
                self._terms = (stamp, terms, frozenset(terms))
            return self._terms[1], self._terms[2]

    def _match(self, table: str, match: str, langs: Sequence[str], limit: int) -> list[SearchHit]:
        marks = ",".join("?" for _ in langs)
        sql = (
            f"select id, lang, highlight({table}, 0, ?, ?), highlight({table}, 1, ?, ?), rank "
            f"from {table} where {table} match ? and lang in ({marks}) order by rank limit ?"
        )
        args = [MARK_START, MARK_END, MARK_START, MARK_END, match, *langs, limit]
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        return [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def _substring(self, text: str, langs: Sequence[str], limit: int) -> list[SearchHit]:
        """Queries too short for trigrams: a plain scan (small per language)."""
        marks = ",".join("?" for _ in langs)
        rows = self.conn.execute(
            f"select id, lang, title, body from search_trigram "
            f"where lang in ({marks}) and (instr(title, ?) or instr(body, ?)) limit ?",
            [*langs, text, text, limit],
        ).fetchall()
        return [
            SearchHit(r[0], r[1], mark_substring(r[2], text), mark_substring(r[3], text), 0.0)
            for r in rows
        ]

    def _shown(self, hit: SearchHit) -> SearchHit:
        """A hit as the reader sees it. The index holds the text normalized
        (no vowel marks, one alef) and the whole body marked: the marks go
        into the article's own title and words, and a piece of the words
        around the first match is kept."""
        key = (hit.id, hit.lang)
        if key not in self._words:
            row = self.conn.execute(
                "select title, body from articles where id = ? and lang = ?", list(key)
            ).fetchone()
            if row is None:
                return SearchHit(hit.id, hit.lang, hit.title, excerpt_marked(hit.snippet), hit.rank)
            self._words[key] = (row[0], plain_text(row[1]))
        title, words = self._words[key]
        return SearchHit(
            hit.id,
            hit.lang,
            restore_marks(title, hit.title),
            excerpt_marked(restore_marks(words, hit.snippet)),
            hit.rank,
        )

    def article_summaries(self, chain: Sequence[str]) -> list[ArticleSummary]:
        """Every article once, in the first language of `chain` it exists in."""
        marks = ",".join("?" for _ in chain)
        with self._lock:
            rows = self.conn.execute(
                f"select id, lang, title, topic, stages, countries from articles "
                f"where lang in ({marks})",
                list(chain),
            ).fetchall()
        summaries = (
            ArticleSummary(
                r[0],
                r[1],
                r[2],
                Topic(r[3]),
                tuple(Stage(s) for s in json.loads(r[4] or "[]")),
                tuple(json.loads(r[5] or '["*"]')),
            )
            for r in rows
        )
        return best_per_id(summaries, chain)

    def article(self, article_id: str, chain: Sequence[str]) -> Article | None:
        """The article in the first language of `chain` it exists in."""
        with self._lock:
            langs = [
                r[0]
                for r in self.conn.execute("select lang from articles where id = ?", [article_id])
            ]
            lang = pick_language(langs, chain)
            if lang is None:
                return None
            row = next(
                self.db.table("articles").rows_where("id = ? and lang = ?", [article_id, lang])
            )
        return _row_article(row)

    def close(self) -> None:
        """Scrub (a change may be waiting for its scrub), then close."""
        with self._lock:
            if self._scrub_timer is not None:
                self._scrub_timer.cancel()
            self._scrub_quietly()
            self.conn.close()


class StorePart:
    """A feature's share of the store (its own tables): the Store's lock,
    connection and sqlite-utils, for the classes built on it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    @property
    def db(self) -> Database:
        return self.store.db

    def scrub(self) -> None:
        self.store.scrub()

    def changing(self) -> AbstractContextManager[None]:
        return self.store.changing()


def _sources_json(sources: Iterable[Source]) -> str:
    return json.dumps(
        [{"instrument": s.instrument, "article": s.article} for s in sources], ensure_ascii=False
    )


def _sources_from_json(text: str) -> tuple[Source, ...]:
    return tuple(Source(**s) for s in json.loads(text))


def _article_row(article: Article) -> dict[str, object]:
    h = article.header
    return {
        "id": h.id,
        "lang": article.lang,
        "title": h.title,
        "topic": h.topic.value,
        "stages": json.dumps([s.value for s in h.stages]),
        "countries": json.dumps(list(h.countries)),
        "sources": _sources_json(h.sources),
        "related": json.dumps(list(h.related)),
        "last_reviewed": h.last_reviewed.isoformat(),
        "next_review": h.next_review.isoformat(),
        "volatility": h.volatility.value,
        "translation": h.translation.value,
        "body": article.body,
    }


def _row_article(row: dict[str, object]) -> Article:
    """Rebuild an article from a row this store wrote (already validated)."""
    header = ArticleHeader(
        id=str(row["id"]),
        title=str(row["title"]),
        topic=Topic(str(row["topic"])),
        stages=tuple(Stage(s) for s in json.loads(str(row["stages"]))),
        countries=tuple(json.loads(str(row["countries"]))),
        sources=_sources_from_json(str(row["sources"])),
        last_reviewed=dt.date.fromisoformat(str(row["last_reviewed"])),
        next_review=dt.date.fromisoformat(str(row["next_review"])),
        volatility=Volatility(str(row["volatility"])),
        translation=TranslationStatus(str(row["translation"])),
        related=tuple(json.loads(str(row["related"]))),
    )
    return Article(lang=str(row["lang"]), header=header, body=str(row["body"]))


def _help_row(entry: HelpEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "countries": json.dumps(list(entry.countries)),
        "verified_on": entry.verified_on.isoformat(),
        "sources": _sources_json(entry.sources),
        "texts": json.dumps(
            {
                code: {"name": t.name, "what": t.what, "translation": t.translation.value}
                for code, t in entry.texts.items()
            },
            ensure_ascii=False,
        ),
        "contacts": json.dumps(
            [
                {
                    "kind": c.kind.value,
                    "value": c.value,
                    "source": c.source,
                    "verified_on": c.verified_on.isoformat(),
                }
                for c in entry.contacts
            ],
            ensure_ascii=False,
        ),
    }


def _help_text(lang: str, stored: dict[str, str]) -> HelpText:
    # a row stored before texts said how they were translated: every text
    # but the English one was a machine translation
    default = TranslationStatus.SOURCE if lang == SOURCE_LANGUAGE else TranslationStatus.MACHINE
    return HelpText(
        stored["name"], stored["what"], TranslationStatus(stored.get("translation", default))
    )


def _row_help(row: dict[str, object]) -> HelpEntry:
    return HelpEntry(
        id=str(row["id"]),
        kind=HelpKind(str(row["kind"])),
        countries=tuple(json.loads(str(row["countries"]))),
        verified_on=dt.date.fromisoformat(str(row["verified_on"])),
        sources=_sources_from_json(str(row["sources"])),
        texts={c: _help_text(c, t) for c, t in json.loads(str(row["texts"])).items()},
        contacts=tuple(
            Contact(
                ContactKind(c["kind"]),
                c["value"],
                c["source"],
                dt.date.fromisoformat(c["verified_on"]),
            )
            for c in json.loads(str(row["contacts"]))
        ),
    )


def open_store(path: Path) -> Store:
    """Open (creating if needed) the database file and bring its schema up
    to date. Any failure becomes a StoreError with a one-line reason."""
    try:
        _owner_only(path)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("pragma journal_mode = wal")
        # FULL: a queued report survives a power cut (NORMAL may lose the
        # last commits in WAL mode); secure_delete: deleted drafts are
        # overwritten, not left readable in free pages
        conn.execute("pragma synchronous = full")
        conn.execute("pragma secure_delete = on")
        conn.execute("pragma foreign_keys = on")
        store = Store(conn)
        if _pending_migrations(conn):
            from app.store.migrations import migrations

            migrations.apply(store.db)
        if _has_wal(path):  # the app stopped without closing: old pages may be there
            store.scrub()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot use the database {path}: {exc}") from None
    return store


def _owner_only(path: Path) -> None:
    """Make the database file readable by its owner only, before SQLite opens
    it: SQLite gives its -wal and -shm files the database file's mode, and
    on a shared computer the other accounts must not read what a worker
    entered."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot use the database {path}: {exc.strerror}") from None


def _has_wal(path: Path) -> bool:
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def _pending_migrations(conn: sqlite3.Connection) -> bool:
    try:
        applied = {
            r[0]
            for r in conn.execute(
                "select name from _sqlite_migrations where migration_set = 'haki'"
            )
        }
    except sqlite3.OperationalError:  # no such table: a new database
        return True
    return not applied.issuperset(MIGRATIONS)
