"""The checklist's pure logic: corridors, language choice, progress."""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.core.articles import Source, TranslationStatus
from app.core.checklist import (
    ChecklistItem,
    Corridor,
    Group,
    Progress,
    applies,
    best_items,
    by_group,
    for_corridor,
    overall,
    progress_by_group,
)


def item(
    item_id: str = "copy-your-passport",
    *,
    lang: str = "en",
    group: Group = Group.DOCUMENTS,
    order: int = 1,
    origins: tuple[str, ...] = ("*",),
    destinations: tuple[str, ...] = ("*",),
    sectors: tuple[str, ...] = ("*",),
) -> ChecklistItem:
    return ChecklistItem(
        id=item_id,
        lang=lang,
        group=group,
        order=order,
        title=f"{item_id} ({lang})",
        why="Because.",
        red_flags=(),
        evidence=(),
        sources=(Source("ILO C189", "Article 9"),),
        origins=origins,
        destinations=destinations,
        sectors=sectors,
        related=(),
        last_reviewed=dt.date(2026, 11, 26),
        translation=TranslationStatus.SOURCE if lang == "en" else TranslationStatus.MACHINE,
    )


def test_groups_are_in_display_order():
    assert [g.value for g in Group] == [
        "documents",
        "job_offer",
        "recruiter",
        "money",
        "health",
        "contacts",
        "rights",
    ]


def test_an_item_for_everyone_applies_to_every_corridor():
    everyone = item()
    assert applies(everyone, Corridor())
    assert applies(everyone, Corridor("KE", "SA", "domestic_work"))


def test_a_corridor_item_applies_only_where_it_says():
    gulf_domestic = item(
        origins=("KE", "PH"), destinations=("SA", "QA"), sectors=("domestic_work",)
    )
    assert applies(gulf_domestic, Corridor("KE", "SA", "domestic_work"))
    assert not applies(gulf_domestic, Corridor("NP", "SA", "domestic_work"))
    assert not applies(gulf_domestic, Corridor("KE", "MY", "domestic_work"))
    assert not applies(gulf_domestic, Corridor("KE", "SA", "construction"))


def test_an_unchosen_part_of_the_corridor_matches_everything():
    gulf_domestic = item(origins=("KE",), destinations=("SA",), sectors=("domestic_work",))
    assert applies(gulf_domestic, Corridor())
    assert applies(gulf_domestic, Corridor(origin="KE"))
    assert applies(gulf_domestic, Corridor(destination="SA", sector=None))
    assert not applies(gulf_domestic, Corridor(sector="construction"))


def test_for_corridor_keeps_the_given_order():
    a, b, c = item("a"), item("b", destinations=("QA",)), item("c")
    assert for_corridor([c, b, a], Corridor(destination="SA")) == [c, a]


def test_best_items_pick_the_first_language_of_the_chain_per_id():
    rows = [
        item("copy-your-passport", lang="en"),
        item("copy-your-passport", lang="sw"),
        item("save-contacts", lang="en", group=Group.CONTACTS),
        item("save-contacts", lang="fr", group=Group.CONTACTS),
    ]
    chosen = best_items(rows, ("sw", "en"))
    assert [(i.id, i.lang) for i in chosen] == [
        ("copy-your-passport", "sw"),
        ("save-contacts", "en"),
    ]


def test_best_items_drop_languages_outside_the_chain():
    assert best_items([item(lang="fr")], ("sw", "en")) == []


def test_best_items_are_sorted_by_group_then_order_then_id():
    rows = [
        item("know-the-signs", group=Group.RIGHTS, order=1),
        item("b-copy", group=Group.DOCUMENTS, order=2),
        item("a-copy", group=Group.DOCUMENTS, order=2),
        item("passport-valid", group=Group.DOCUMENTS, order=1),
        item("get-contract", group=Group.JOB_OFFER, order=1),
    ]
    assert [i.id for i in best_items(rows, ("en",))] == [
        "passport-valid",
        "a-copy",
        "b-copy",
        "get-contract",
        "know-the-signs",
    ]


def test_progress_fraction():
    assert Progress(0, 0).fraction == 0.0
    assert Progress(1, 4).fraction == 0.25
    assert Progress(3, 3).fraction == 1.0


def test_overall_counts_only_ticks_on_these_items():
    items = [item("a"), item("b"), item("c")]
    assert overall(items, {"a", "gone-item"}) == Progress(done=1, total=3)
    assert overall([], {"a"}) == Progress(0, 0)


def test_progress_by_group_in_display_order_and_only_groups_with_items():
    items = [
        item("rights-1", group=Group.RIGHTS),
        item("doc-1", group=Group.DOCUMENTS),
        item("doc-2", group=Group.DOCUMENTS, order=2),
        item("money-1", group=Group.MONEY),
    ]
    progress = progress_by_group(items, {"doc-2", "rights-1"})
    assert list(progress) == [Group.DOCUMENTS, Group.MONEY, Group.RIGHTS]
    assert progress[Group.DOCUMENTS] == Progress(1, 2)
    assert progress[Group.MONEY] == Progress(0, 1)
    assert progress[Group.RIGHTS] == Progress(1, 1)


def test_by_group_sorts_members():
    items = [item("b", order=2), item("a", order=3), item("c", order=1)]
    assert [i.id for i in by_group(items)[Group.DOCUMENTS]] == ["c", "b", "a"]


def test_items_are_values():
    one = item()
    assert one == dataclasses.replace(one)
    assert hash(one) == hash(dataclasses.replace(one))
