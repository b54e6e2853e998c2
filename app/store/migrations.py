"""Schema changes, in order, as named sqlite-utils migrations.

Never edit or reorder a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("haki")

#: Keeps Devanagari and Myanmar vowel signs inside words (category M*);
#: the default unicode61 cuts Hindi and Nepali words apart.
FTS_TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"


@migrations(name="0001_settings")
def settings(db: Database) -> None:
    db.table("settings").create({"key": str, "value": str}, pk="key")


@migrations(name="0002_content")
def content(db: Database) -> None:
    db.table("articles").create(
        {
            "id": str,
            "lang": str,
            "title": str,
            "topic": str,
            "stages": str,  # JSON list
            "countries": str,  # JSON list
            "sources": str,  # JSON list of {instrument, article}
            "related": str,  # JSON list of ids
            "last_reviewed": str,  # ISO date
            "translation": str,
            "body": str,
        },
        pk=("id", "lang"),
        not_null={"id", "lang", "title", "topic", "body"},
    )
    db.table("articles").create_index(["lang", "topic"])
    db.table("content_meta").create({"key": str, "value": str}, pk="key")


@migrations(name="0003_content_fts")
def content_fts(db: Database) -> None:
    db.table("articles").enable_fts(["title", "body"], tokenize=FTS_TOKENIZE, create_triggers=True)


@migrations(name="0004_article_review")
def article_review(db: Database) -> None:
    """When each article is due for review, and how volatile its facts are."""
    db.table("articles").add_column("next_review", str)
    db.table("articles").add_column("volatility", str)


@migrations(name="0005_search")
def search(db: Database) -> None:
    """Replace the raw title/body index with normalised ones: a word index
    and a trigram index for scripts written without spaces. They are filled
    at import, so the content hash is cleared to make the next start import."""
    db.table("articles").disable_fts()
    for name, tokenize in (("search_words", FTS_TOKENIZE), ("search_trigram", "trigram")):
        db.execute(
            f"create virtual table {name} using fts5("
            f"title, body, id unindexed, lang unindexed, tokenize={db.quote(tokenize)})"
        )
        # rank = bm25 with a match in the title worth ten in the body; FTS5
        # sorts by its own rank much faster than by a bm25() expression
        db.execute(f"insert into {name}({name}, rank) values ('rank', 'bm25(10.0, 1.0)')")
    db.execute("delete from content_meta where key = 'hash'")


@migrations(name="0006_help")
def help_directory(db: Database) -> None:
    """The help directory; filled at import, so the next start imports."""
    db.table("help_entries").create(
        {
            "id": str,
            "kind": str,
            "countries": str,  # JSON list
            "verified_on": str,  # ISO date
            "sources": str,  # JSON list of {instrument, article}
            "texts": str,  # JSON {lang: {name, what}}
            "contacts": str,  # JSON list of {kind, value, source, verified_on}
        },
        pk="id",
    )
    db.execute("delete from content_meta where key = 'hash'")


@migrations(name="0007_outbox")
def outbox(db: Database) -> None:
    """Sealed reports waiting for the server. `seq` keeps the order they were
    made in; `next_attempt_at` (seconds since the epoch, device clock) is when
    sending may be tried again after a failure."""
    db.execute(
        """create table outbox (
            seq integer primary key autoincrement,
            report_id text not null unique,
            envelope text not null,
            sha256 text not null,
            state text not null default 'waiting',
            attempts integer not null default 0,
            next_attempt_at real not null default 0
        )"""
    )
    db.execute("create index outbox_state on outbox(state, next_attempt_at)")


@migrations(name="0010_ledger")
def ledger(db: Database) -> None:
    """What the worker paid for recruitment. Amounts are Decimal text, never
    REAL, so 250.50 stays 250.50."""
    db.table("ledger_payments").create(
        {
            "id": int,
            "category": str,
            "amount": str,
            "currency": str,
            "paid_on": str,  # ISO date or null
            "receipt": int,
        },
        pk="id",
        not_null={"category", "amount", "currency", "receipt"},
    )


@migrations(name="0009_checklist")
def checklist(db: Database) -> None:
    """The pre-departure checklist: its items (content, replaced at each
    import, so the content hash is cleared to make the next start import)
    and the worker's ticks and notes, which never leave the device."""
    db.table("checklist_items").create(
        {
            "id": str,
            "lang": str,
            "group_code": str,
            "position": int,  # order within the group
            "title": str,
            "why": str,
            "red_flags": str,  # JSON list
            "evidence": str,  # JSON list
            "sources": str,  # JSON list of {instrument, article}
            "origins": str,  # JSON list
            "destinations": str,  # JSON list
            "sectors": str,  # JSON list
            "related": str,  # JSON list of article ids
            "last_reviewed": str,  # ISO date
            "translation": str,
            "body": str,
        },
        pk=("id", "lang"),
        not_null={"id", "lang", "group_code", "position", "title", "why"},
    )
    db.table("checklist_progress").create(
        {"item_id": str, "done": int, "note": str},
        pk="item_id",
        not_null={"done", "note"},
        defaults={"done": 0, "note": ""},
    )
    db.execute("delete from content_meta where key = 'hash'")


@migrations(name="0008_report_drafts")
def report_drafts(db: Database) -> None:
    """Reports being written: the answers (JSON, as typed) and the screen
    reached. A row is deleted in the transaction that queues the sealed
    report, or when the worker discards it. No timestamps: nothing records
    when someone was writing a report."""
    db.execute(
        """create table report_drafts (
            id integer primary key,
            step text not null,
            answers text not null
        )"""
    )


@migrations(name="0011_outbox_state")
def outbox_state(db: Database) -> None:
    """A report's sending state in a narrow table of its own. The state
    changes several times per report while the envelope never does: with
    the state in the outbox row, every change wrote the whole envelope
    again (and, with secure_delete, wiped the old copy)."""
    db.execute("drop index outbox_state")  # the name goes to the table
    db.execute(
        """create table outbox_state (
            seq integer primary key references outbox(seq),
            state text not null default 'waiting',
            attempts integer not null default 0,
            next_attempt_at real not null default 0
        )"""
    )
    db.execute(
        "insert into outbox_state (seq, state, attempts, next_attempt_at) "
        "select seq, state, attempts, next_attempt_at from outbox"
    )
    db.table("outbox").transform(drop={"state", "attempts", "next_attempt_at"})
    db.execute("create index outbox_state_due on outbox_state(state, next_attempt_at)")


@migrations(name="0012_attendance")
def attendance(db: Database) -> None:
    """How many people used a shared device, day by day (app.store.shared):
    a count and a date, nothing about anyone."""
    db.execute(
        """create table attendance (
            day text primary key,
            people integer not null default 0
        )"""
    )


@migrations(name="0013_handling")
def handling(db: Database) -> None:
    """What the organisation has done with a received report (read, acting,
    closed: app.core.codes.Handling), as its server last said; null until it
    says anything."""
    db.execute("alter table outbox_state add column handling text")


@migrations(name="0014_unlisted")
def unlisted(db: Database) -> None:
    """Reports still to be sent that Haki no longer shows: those of the
    person before on a shared device, or on a phone opened without its PIN
    (app.store.personal.unlist_unsent). They are sent all the same, and
    removed once the server has them."""
    db.execute("alter table outbox_state add column unlisted integer not null default 0")


@migrations(name="0015_unlisted_index")
def unlisted_index(db: Database) -> None:
    """The few reports not shown, found without reading every received one:
    each answer to a batch removes those it settled."""
    db.execute("create index outbox_state_unlisted on outbox_state(state) where unlisted = 1")
