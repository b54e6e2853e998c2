"""The checklist in the local store: items by language, corridor, ticks and
notes, against a real SQLite file."""

from __future__ import annotations

import dataclasses

from sqlite_utils import Database

from app.core.articles import Source
from app.core.checklist import Corridor, Group
from app.store.checklist import ChecklistStore
from app.store.migrations import migrations
from app.store.store import Store, open_store
from tests.test_checklist_core import item


def test_items_round_trip_with_every_field(store):
    original = dataclasses.replace(
        item("copy-your-passport", destinations=("SA", "QA"), sectors=("domestic_work",)),
        red_flags=("Someone wants to keep your passport",),
        evidence=("A paper copy", "A photo on your phone"),
        sources=(Source("ILO C189", "Article 9"), Source("ILO Indicators", "Retention")),
        related=("keep-your-passport",),
        body="More about *copies*.\n",
        title="Make copies — ናሙና",
    )
    checklist = ChecklistStore(store)
    assert checklist.replace_items([original]) == 1
    assert checklist.items(("en",)) == [original]
    assert checklist.item("copy-your-passport", ("en",)) == original


def test_items_fall_back_per_item_along_the_chain(store):
    checklist = ChecklistStore(store)
    checklist.replace_items(
        [
            item("copy-your-passport", lang="en"),
            item("copy-your-passport", lang="sw"),
            item("save-contacts", lang="en", group=Group.CONTACTS),
            item("save-contacts", lang="fr", group=Group.CONTACTS),
        ]
    )
    chosen = checklist.items(("sw", "en"))
    assert [(i.id, i.lang) for i in chosen] == [
        ("copy-your-passport", "sw"),
        ("save-contacts", "en"),
    ]
    assert checklist.item("save-contacts", ("fr", "en")).lang == "fr"
    assert checklist.item("save-contacts", ("am", "en")).lang == "en"
    assert checklist.item("no-such-item", ("en",)) is None
    assert checklist.items(()) == []


def test_items_are_in_group_order_then_order(store):
    checklist = ChecklistStore(store)
    checklist.replace_items(
        [
            item("know-signs", group=Group.RIGHTS, order=1),
            item("copy-passport", group=Group.DOCUMENTS, order=2),
            item("passport-valid", group=Group.DOCUMENTS, order=1),
            item("no-fees", group=Group.MONEY, order=1),
        ]
    )
    assert [i.id for i in checklist.items(("en",))] == [
        "passport-valid",
        "copy-passport",
        "no-fees",
        "know-signs",
    ]


def test_replacing_items_keeps_ticks_and_notes(store):
    checklist = ChecklistStore(store)
    checklist.replace_items([item("a"), item("b")])
    checklist.set_done("a", True)
    checklist.set_note("b", "Asked the agency on Monday")
    checklist.replace_items([item("a")])
    assert [i.id for i in checklist.items(("en",))] == ["a"]
    assert checklist.done_ids() == {"a"}
    assert checklist.note("b") == "Asked the agency on Monday"


def test_corridor_starts_unchosen_and_is_kept_in_settings(store):
    checklist = ChecklistStore(store)
    assert checklist.corridor() == Corridor(None, None, None)
    checklist.set_corridor(Corridor("KE", "SA", "domestic_work"))
    assert checklist.corridor() == Corridor("KE", "SA", "domestic_work")
    assert store.get_setting("checklist.origin") == "KE"
    assert store.get_setting("checklist.destination") == "SA"
    assert store.get_setting("checklist.sector") == "domestic_work"
    checklist.set_corridor(Corridor("KE", None, "domestic_work"))
    assert checklist.corridor() == Corridor("KE", None, "domestic_work")
    assert store.get_setting("checklist.destination") is None


def test_ticks_and_notes(store):
    checklist = ChecklistStore(store)
    assert checklist.done_ids() == set()
    assert checklist.note("a") == ""
    assert checklist.notes() == {}
    checklist.set_done("a", True)
    checklist.set_done("b", True)
    checklist.set_done("b", False)
    checklist.set_note("a", "Copy given to my sister")
    checklist.set_note("c", "Ask about insurance")
    checklist.set_note("c", "")
    assert checklist.done_ids() == {"a"}
    assert checklist.note("a") == "Copy given to my sister"
    assert checklist.notes() == {"a": "Copy given to my sister"}
    checklist.set_done("a", False)  # unticking keeps the note
    assert checklist.note("a") == "Copy given to my sister"


def test_reset_clears_ticks_and_notes_and_keeps_the_corridor(store):
    checklist = ChecklistStore(store)
    checklist.replace_items([item("a")])
    checklist.set_corridor(Corridor("NP", "QA", "construction"))
    checklist.set_done("a", True)
    checklist.set_note("a", "done at the office")
    checklist.reset()
    assert checklist.done_ids() == set()
    assert checklist.notes() == {}
    assert checklist.corridor() == Corridor("NP", "QA", "construction")
    assert [i.id for i in checklist.items(("en",))] == ["a"]


def test_everything_persists_across_reopening_the_file(tmp_path):
    path = tmp_path / "haki.db"
    first = open_store(path)
    checklist = ChecklistStore(first)
    checklist.replace_items([item("a"), item("a", lang="sw"), item("b")])
    checklist.set_corridor(Corridor("PH", "AE", None))
    checklist.set_done("b", True)
    checklist.set_note("a", "Photo saved")
    first.close()

    again = ChecklistStore(open_store(path))
    assert [(i.id, i.lang) for i in again.items(("sw", "en"))] == [("a", "sw"), ("b", "en")]
    assert again.corridor() == Corridor("PH", "AE", None)
    assert again.done_ids() == {"b"}
    assert again.notes() == {"a": "Photo saved"}
    again.store.close()


def test_upgrade_from_the_previous_schema_keeps_data_and_asks_for_an_import(tmp_path):
    path = tmp_path / "haki.db"
    old = Database(path)
    migrations.apply(old, stop_before="0009_checklist")
    assert "checklist_items" not in old.table_names()
    old_store = Store(old.conn)
    old_store.set_setting("ui_language", "sw")
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
    assert "0009_checklist" in [m.name for m in migrations.applied(store.db)]
    assert store.get_setting("ui_language") == "sw"
    assert store.db.execute("select count(*) from articles").fetchone()[0] == 1
    assert store.content_hash() is None  # the next start imports the checklist
    checklist = ChecklistStore(store)
    assert checklist.items(("en",)) == []
    assert checklist.corridor() == Corridor()
    checklist.set_done("a", True)
    assert checklist.done_ids() == {"a"}
    store.close()
