"""The published statistics: right counts, no small cell, nothing
suppressed that the margins give away, shared numbers hidden alike."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_server_suppression import recoverable

from app.core.codes import INDICATOR_OF, AgeBand, Category, CostBand, MigrationStatus, Sex
from server.stats import CATEGORIES, DIMENSIONS, build_stats, median_band
from server.suppress import Table
from sync.protocol import CrossTable

FEW = [Category.WAGES, Category.FEES, Category.PASSPORT, Category.UNSAFE, Category.HEALTH_CARE]


@st.composite
def reports(draw, max_size=120):
    """Profiles as server.db.profiles() gives them, one per report."""
    n = draw(st.integers(0, max_size))
    out = []
    for _ in range(n):
        cats = sorted(draw(st.sets(st.sampled_from(FEW), min_size=1, max_size=3)))
        out.append(
            (
                ",".join(cats),
                draw(st.sampled_from([Sex.FEMALE, Sex.MALE, Sex.OTHER])).value,
                draw(st.sampled_from([AgeBand.AGE_18_24, AgeBand.AGE_25_34])).value,
                draw(st.sampled_from(["NP", "BD", None])),
                draw(st.sampled_from(["QA", "SA"])),
                draw(st.sampled_from(["construction", "domestic_work", None])),
                draw(st.sampled_from(["2026-01", "2026-02", None])),
                draw(
                    st.sampled_from([MigrationStatus.WORK_PERMIT, MigrationStatus.NO_PERMIT])
                ).value,
                draw(st.sampled_from([CostBand.NONE, CostBand.FROM_1_TO_2, CostBand.OVER_6])).value,
                1,
            )
        )
    return out


def truth(profiles, dimension):
    place = DIMENSIONS[dimension]
    counts = Counter()
    for p in profiles:
        for c in p[0].split(","):
            counts[c, "unknown" if p[place] is None else p[place]] += 1
    return counts


def as_cells(table: CrossTable, counts) -> list[list[int]]:
    return [[counts[r, c] for c in table.columns] for r in table.rows]


def check_table(table: CrossTable, cells: list[list[int]], threshold: int) -> None:
    shown = Table(table.cells, table.row_totals, table.column_totals or [], table.total)
    for i, row in enumerate(cells):
        assert table.row_totals[i] in (None, sum(row))
        for j, v in enumerate(row):
            assert table.cells[i][j] in (None, v)
            if 0 < v < threshold:
                assert table.cells[i][j] is None
            if v == 0:
                assert table.cells[i][j] == 0
    for j in range(len(table.columns)):
        assert (table.column_totals or [None] * (j + 1))[j] in (None, sum(r[j] for r in cells))
        assert sum(r[j] for r in cells) > 0  # empty columns are left out
    if cells and table.columns:
        assert recoverable(shown, cells) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles=reports(), threshold=st.sampled_from([3, 5, 10]))
def test_every_published_table_is_safe(profiles, threshold):
    stats = build_stats(profiles, threshold)
    assert stats.total == len(profiles)
    tables = {d: getattr(stats.categories, d) for d in DIMENSIONS}
    if len(profiles) < threshold:
        assert all(t.columns == [] and t.total is None for t in tables.values())
        assert stats.recruitment_cost.rows == []
        return
    for dimension, table in tables.items():
        assert table.rows == CATEGORIES
        check_table(table, as_cells(table, truth(profiles, dimension)), threshold)
    # the row totals and the total are the same numbers in every table: hidden alike
    first = next(iter(tables.values()))
    for table in tables.values():
        assert table.row_totals == first.row_totals and table.total == first.total
    # indicators are sums of published category cells, never more
    for dimension, table in tables.items():
        ind = getattr(stats.indicators, dimension)
        for i, name in enumerate(ind.rows):
            parts = [CATEGORIES.index(c.value) for c, x in INDICATOR_OF.items() if x.value == name]
            for j in range(len(ind.columns)):
                values = [table.cells[p][j] for p in parts]
                expected = None if None in values else sum(values)
                assert ind.cells[i][j] == expected
        assert ind.column_totals is None and ind.total is None
    cost = stats.recruitment_cost
    if cost.rows:
        counts = Counter((p[3] or "unknown", p[4] or "unknown", p[1], p[8]) for p in profiles)
        cells = [
            [counts[r.origin, r.destination, r.sex.value, b.value] for b in cost.columns]
            for r in cost.rows
        ]
        shown = Table(cost.cells, cost.row_totals, cost.column_totals, cost.total)
        assert cost.total == len(profiles)
        assert recoverable(shown, cells) == []
        for i, row in enumerate(cells):
            assert all(cost.cells[i][j] in (None, v) for j, v in enumerate(row))
            if cost.median_band[i] is not None:
                assert None not in cost.cells[i]
                assert cost.median_band[i] == median_band(row)


def test_below_the_threshold_only_the_total_is_published():
    profiles = [("wages", "female", "18_24", "NP", "QA", None, None, "no_permit", "none", 3)]
    stats = build_stats(profiles, 10)
    assert stats.total == 3
    assert stats.categories.sex.columns == [] and stats.recruitment_cost.rows == []
    assert stats.recruitment_cost.column_totals == [None] * len(CostBand)


def test_large_counts_are_published_whole():
    profiles = [
        (
            "fees,wages",
            "female",
            "25_34",
            "NP",
            "QA",
            "domestic_work",
            "2026-01",
            "work_permit",
            "3_6",
            40,
        ),
        ("wages", "male", "25_34", "BD", "QA", "construction", "2026-02", "work_permit", "1_2", 60),
    ]
    stats = build_stats(profiles, 10)
    sex = stats.categories.sex
    assert sex.columns == ["female", "male"]
    assert sex.cells[sex.rows.index("wages")] == [40, 60]
    assert sex.cells[sex.rows.index("fees")] == [40, 0]
    assert sex.row_totals[sex.rows.index("wages")] == 100
    assert sex.column_totals == [80, 60] and sex.total == 140  # mentions
    ind = stats.indicators.sex
    assert ind.cells[ind.rows.index("withholding_of_wages")] == [40, 60]
    cost = stats.recruitment_cost
    assert [(r.origin, r.destination, r.sex.value) for r in cost.rows] == [
        ("BD", "QA", "male"),
        ("NP", "QA", "female"),
    ]
    assert cost.median_band == [CostBand.FROM_1_TO_2, CostBand.FROM_3_TO_6]
    assert stats.categories.month.columns == ["2026-01", "2026-02"]


def test_the_median_band_ignores_unknown_and_takes_the_lower_middle():
    order = list(CostBand)
    counts = [0] * len(order)
    counts[order.index(CostBand.NONE)] = 2
    counts[order.index(CostBand.FROM_2_TO_3)] = 2
    counts[order.index(CostBand.UNKNOWN)] = 50
    assert median_band(counts) == CostBand.NONE
    counts[order.index(CostBand.OVER_6)] = 1
    assert median_band(counts) == CostBand.FROM_2_TO_3
    assert median_band([0] * len(order)) is None


def test_abusive_conditions_counts_both_categories():
    profiles = [
        (
            "health_care,unsafe",
            "female",
            "25_34",
            "NP",
            "QA",
            None,
            None,
            "work_permit",
            "none",
            30,
        ),
        ("unsafe", "male", "25_34", "NP", "QA", None, None, "work_permit", "none", 20),
    ]
    ind = build_stats(profiles, 10).indicators.sex
    assert ind.cells[ind.rows.index("abusive_conditions")] == [60, 20]


def test_a_table_that_cannot_be_protected_around_the_shared_totals_hides_more():
    """The row totals of "union" (1), "harassment" (1) and "other" (5) are
    hidden in every table. In the age table the five "other" reports are
    alone in their cells, so no cell can shrink to hide the totals of 1:
    with the grand total shown there is no way to protect them, and the
    grand total is hidden, in every table alike."""
    base = ("NP", "QA", None, None, "work_permit", "none")
    ages = ["under_18", "18_24", "25_34", "35_44", "45_54"]
    profiles = [
        ("union", "female", "25_34", *base, 1),
        ("harassment", "male", "35_44", *base, 1),
        *[("other", "female", age, *base, 1) for age in ages],
        ("wages", "female", "25_34", *base, 50),
        ("wages", "male", "35_44", *base, 60),
    ]
    stats = build_stats(profiles, 10)
    for dimension in DIMENSIONS:
        table = getattr(stats.categories, dimension)
        assert table.total is None, dimension
        cells = as_cells(table, truth_weighted(profiles, dimension))
        check_table(table, cells, 10)


def truth_weighted(profiles, dimension):
    place = DIMENSIONS[dimension]
    counts = Counter()
    for p in profiles:
        for c in p[0].split(","):
            counts[c, "unknown" if p[place] is None else p[place]] += p[-1]
    return counts
