"""The checklist in the store: its items (bundled content, replaced at each
import) and the worker's corridor, ticks and notes.

Ticks and notes are the worker's own and never leave the device: nothing
here is read by the sync client. `reset` clears them and keeps the corridor.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from app.core.articles import TranslationStatus
from app.core.checklist import ChecklistItem, Corridor, Group, best_items
from app.store.store import StorePart, _sources_from_json, _sources_json

#: settings keys for the corridor; a missing key is a part not chosen yet
CORRIDOR_KEYS = {
    "origin": "checklist.origin",
    "destination": "checklist.destination",
    "sector": "checklist.sector",
}


class ChecklistStore(StorePart):
    # items ---------------------------------------------------------------
    def replace_items(self, items: Iterable[ChecklistItem]) -> int:
        """Swap every item for these, in one transaction; returns the count.
        Ticks and notes are kept, by id."""
        rows = [_item_row(i) for i in items]
        with self.store.lock, self.db.atomic():
            self.db.execute("delete from checklist_items")
            self.db.table("checklist_items").insert_all(rows)
        return len(rows)

    def items(self, chain: Sequence[str]) -> list[ChecklistItem]:
        """Every item once, in the first language of `chain` it exists in,
        sorted by group (display order), then order in the group."""
        if not chain:
            return []
        marks = ",".join("?" for _ in chain)
        with self.store.lock:
            rows = list(self.db.table("checklist_items").rows_where(f"lang in ({marks})", chain))
        return best_items((_row_item(r) for r in rows), chain)

    def item(self, item_id: str, chain: Sequence[str]) -> ChecklistItem | None:
        """One item in the first language of `chain` it exists in."""
        with self.store.lock:
            rows = list(self.db.table("checklist_items").rows_where("id = ?", [item_id]))
        best = best_items((_row_item(r) for r in rows), chain)
        return best[0] if best else None

    # corridor ------------------------------------------------------------
    def corridor(self) -> Corridor:
        return Corridor(
            **{part: self.store.get_setting(key) for part, key in CORRIDOR_KEYS.items()}
        )

    def set_corridor(self, corridor: Corridor) -> None:
        with self.changing():
            for part, key in CORRIDOR_KEYS.items():
                value = getattr(corridor, part)
                if value is None:
                    self.db.execute("delete from settings where key = ?", [key])
                else:
                    self.db.execute(
                        "insert into settings (key, value) values (?, ?) "
                        "on conflict(key) do update set value = excluded.value",
                        [key, value],
                    )

    # progress ------------------------------------------------------------
    def done_ids(self) -> set[str]:
        with self.store.lock:
            rows = self.conn.execute("select item_id from checklist_progress where done").fetchall()
        return {r[0] for r in rows}

    def set_done(self, item_id: str, done: bool) -> None:
        with self.changing():
            self.db.execute(
                "insert into checklist_progress (item_id, done) values (?, ?) "
                "on conflict(item_id) do update set done = excluded.done",
                [item_id, int(done)],
            )

    def note(self, item_id: str) -> str:
        with self.store.lock:
            row = self.conn.execute(
                "select note from checklist_progress where item_id = ?", [item_id]
            ).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, item_id: str, text: str) -> None:
        with self.changing():
            self.db.execute(
                "insert into checklist_progress (item_id, note) values (?, ?) "
                "on conflict(item_id) do update set note = excluded.note",
                [item_id, text],
            )

    def notes(self) -> dict[str, str]:
        """Every non-empty note, by item id."""
        with self.store.lock:
            rows = self.conn.execute(
                "select item_id, note from checklist_progress where note != '' order by item_id"
            ).fetchall()
        return {str(i): str(n) for i, n in rows}

    def reset(self) -> None:
        """Untick every item and delete every note; the corridor stays."""
        with self.changing():
            self.db.execute("delete from checklist_progress")

    def forget(self) -> None:
        """Everything the worker entered here: ticks, notes and the corridor."""
        with self.changing():
            self.reset()
            self.conn.executemany(
                "delete from settings where key = ?", [(k,) for k in CORRIDOR_KEYS.values()]
            )


def _item_row(item: ChecklistItem) -> dict[str, object]:
    return {
        "id": item.id,
        "lang": item.lang,
        "group_code": item.group.value,
        "position": item.order,
        "title": item.title,
        "why": item.why,
        "red_flags": json.dumps(list(item.red_flags), ensure_ascii=False),
        "evidence": json.dumps(list(item.evidence), ensure_ascii=False),
        "sources": _sources_json(item.sources),
        "origins": json.dumps(list(item.origins)),
        "destinations": json.dumps(list(item.destinations)),
        "sectors": json.dumps(list(item.sectors)),
        "related": json.dumps(list(item.related)),
        "last_reviewed": item.last_reviewed.isoformat(),
        "translation": item.translation.value,
        "body": item.body,
    }


def _row_item(row: dict[str, object]) -> ChecklistItem:
    """Rebuild an item from a row this store wrote (already validated)."""

    def strings(name: str) -> tuple[str, ...]:
        return tuple(json.loads(str(row[name])))

    return ChecklistItem(
        id=str(row["id"]),
        lang=str(row["lang"]),
        group=Group(str(row["group_code"])),
        order=int(str(row["position"])),
        title=str(row["title"]),
        why=str(row["why"]),
        red_flags=strings("red_flags"),
        evidence=strings("evidence"),
        sources=_sources_from_json(str(row["sources"])),
        origins=strings("origins"),
        destinations=strings("destinations"),
        sectors=strings("sectors"),
        related=strings("related"),
        last_reviewed=dt.date.fromisoformat(str(row["last_reviewed"])),
        translation=TranslationStatus(str(row["translation"])),
        body=str(row["body"] or ""),
    )
