"""The pre-departure checklist as values, and the decisions made about it:
which items apply to a worker's corridor, which language to show each item
in, and how far the worker has got.

An item is one Markdown file per language with a TOML header; reading and
validating files happens in app.content.checklists, ticks and notes live in
app.store.checklist. Nothing here reads a file or a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.core.articles import Source, TranslationStatus, best_of_each

#: matches every country or every sector
ANY = "*"


class Group(StrEnum):
    """The checklist's sections, in the order they are shown."""

    DOCUMENTS = "documents"
    JOB_OFFER = "job_offer"  # job offer and contract
    RECRUITER = "recruiter"
    MONEY = "money"  # money and fees
    HEALTH = "health"
    CONTACTS = "contacts"  # contacts and help
    RIGHTS = "rights"  # know your rights


_GROUP_RANK = {group: i for i, group in enumerate(Group)}

#: fields a translation must share with its English original: it gives the
#: same advice, from the same sources, to the same workers
SHARED_FIELDS = (
    "group", "order", "sources", "origins", "destinations", "sectors", "related",
    "last_reviewed",
)  # fmt: skip


@dataclass(frozen=True)
class ChecklistItem:
    """A validated checklist item in one language."""

    id: str
    lang: str
    group: Group
    order: int  # position within its group, smallest first
    title: str  # the action, short and in the imperative: "Copy your passport"
    why: str  # why it matters, in one to three sentences
    red_flags: tuple[str, ...]
    evidence: tuple[str, ...]  # what to keep
    sources: tuple[Source, ...]
    origins: tuple[str, ...]  # ISO 3166 alpha-2 codes, or ("*",)
    destinations: tuple[str, ...]  # ISO 3166 alpha-2 codes, or ("*",)
    sectors: tuple[str, ...]  # app.core.codes.Sector values, or ("*",)
    related: tuple[str, ...]  # ids of rights articles
    last_reviewed: dt.date
    translation: TranslationStatus
    body: str = ""  # optional Markdown with more detail


@dataclass(frozen=True)
class Corridor:
    """Where the worker comes from, goes to, and the work they will do.
    None is a part not chosen yet."""

    origin: str | None = None
    destination: str | None = None
    sector: str | None = None


def _matches(allowed: Collection[str], chosen: str | None) -> bool:
    return chosen is None or ANY in allowed or chosen in allowed


def applies(item: ChecklistItem, corridor: Corridor) -> bool:
    """Whether the item is for this corridor. "*" matches anything, and a part
    of the corridor not chosen yet matches every item."""
    return (
        _matches(item.origins, corridor.origin)
        and _matches(item.destinations, corridor.destination)
        and _matches(item.sectors, corridor.sector)
    )


def for_corridor(items: Iterable[ChecklistItem], corridor: Corridor) -> list[ChecklistItem]:
    """The items that apply to the corridor, in the order given."""
    return [item for item in items if applies(item, corridor)]


def sort_key(item: ChecklistItem) -> tuple[int, int, str]:
    """Display order: by group, then order within the group, then id."""
    return (_GROUP_RANK[item.group], item.order, item.id)


def best_items(items: Iterable[ChecklistItem], chain: Sequence[str]) -> list[ChecklistItem]:
    """One item per id, in the first language of `chain` it exists in, in
    display order."""
    return sorted(best_of_each(items, chain), key=sort_key)


def by_group(items: Iterable[ChecklistItem]) -> dict[Group, list[ChecklistItem]]:
    """The items of each group in display order; only groups that have items."""
    groups: dict[Group, list[ChecklistItem]] = {}
    for item in sorted(items, key=sort_key):
        groups.setdefault(item.group, []).append(item)
    return groups


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        """Share done, 0.0 to 1.0; 0.0 when there is nothing to do."""
        return self.done / self.total if self.total else 0.0


def overall(items: Iterable[ChecklistItem], done_ids: Collection[str]) -> Progress:
    """How many of these items are ticked. Ticks on items not in `items`
    (another corridor, an item since removed) do not count."""
    ids = {item.id for item in items}
    return Progress(done=len(ids & set(done_ids)), total=len(ids))


def progress_by_group(
    items: Iterable[ChecklistItem], done_ids: Collection[str]
) -> dict[Group, Progress]:
    """Progress in each group, in display order; only groups that have items."""
    return {group: overall(members, done_ids) for group, members in by_group(items).items()}
