"""The published statistics: right counts, no small cell, nothing
suppressed that the margins give away, shared numbers hidden alike."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_server_suppression import recoverable

from app.core.codes import INDICATOR_OF, AgeBand, Category, CostBand, MigrationStatus, Sex
from server.stats import CATEGORIES, DIMENSIONS, build_stats, median_band, next_month
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


def truth(profiles, dimension, threshold=1):
    """Category x value counts, values with fewer than `threshold` reports
    counted as "grouped"."""
    place = DIMENSIONS[dimension]

    def value(p):
        return "unknown" if p[place] is None else p[place]

    reports = Counter()
    for p in profiles:
        reports[value(p)] += p[-1]
    closed = dimension in ("sex", "age_band", "migration_status")  # never grouped
    counts = Counter()
    for p in profiles:
        column = value(p) if closed or reports[value(p)] >= threshold else "grouped"
        for c in p[0].split(","):
            counts[c, column] += p[-1]
    return counts


def cost_truth(profiles, threshold):
    """(origin, destination, sex, band) counts, a corridor with fewer than
    `threshold` reports counted in the "grouped" corridor's row of its sex."""
    corridor = Counter()
    for p in profiles:
        corridor[p[3] or "unknown", p[4] or "unknown"] += p[-1]
    counts = Counter()
    for p in profiles:
        o, d, sex = p[3] or "unknown", p[4] or "unknown", p[1]
        if corridor[o, d] < threshold:
            o, d = "grouped", "grouped"
        counts[o, d, sex, p[8]] += p[-1]
    return counts


#: values listed whole, present or not
CLOSED = {v.value for enum in (Sex, AgeBand, MigrationStatus) for v in enum}


def as_cells(table: CrossTable, counts) -> list[list[int]]:
    return [[counts[r, c] for c in table.columns] for r in table.rows]


def check_table(table: CrossTable, cells: list[list[int]], threshold: int) -> None:
    shown = Table(table.cells, table.row_totals, table.column_totals or [], table.total)
    for i, row in enumerate(cells):
        assert table.row_totals[i] in (None, sum(row))
        for j, v in enumerate(row):
            assert table.cells[i][j] in (None, v)
            if v < threshold:  # zeros too: a suppressed count is not known to be >= 1
                assert table.cells[i][j] is None
    for j in range(len(table.columns)):
        assert (table.column_totals or [None] * (j + 1))[j] in (None, sum(r[j] for r in cells))
        # an empty column is left out, unless its list is given whole
        assert sum(r[j] for r in cells) > 0 or table.columns[j] in CLOSED
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
        counts = truth(profiles, dimension, threshold)
        check_table(table, as_cells(table, counts), threshold)
        # a column of its own only for a value at least `threshold` reports hold
        for column in table.columns:
            reports = sum(
                p[-1] for p in profiles if truth([p], dimension)[p[0].split(",")[0], column]
            )
            assert column in CLOSED or column == "grouped" or reports >= threshold, column
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
        counts = cost_truth(profiles, threshold)
        cells = [
            [counts[r.origin, r.destination, str(r.sex), b.value] for b in cost.columns]
            for r in cost.rows
        ]
        assert sum(map(sum, cells)) == len(profiles)  # every report in some row
        corridors = Counter()
        for row, counts_of_row in zip(cost.rows, cells, strict=True):
            corridors[row.origin, row.destination] += sum(counts_of_row)
        for (origin, _destination), n in corridors.items():
            if origin != "grouped":  # the last row takes what is left
                assert n >= threshold
        shown = Table(cost.cells, cost.row_totals, cost.column_totals, cost.total)
        assert cost.total == len(profiles)
        assert recoverable(shown, cells) == []
        for i, row in enumerate(cells):
            assert all(cost.cells[i][j] in (None, v) for j, v in enumerate(row))
            if cost.median_band[i] is not None:
                assert cost.row_totals[i] is not None
                assert cost.median_band[i] == median_band(row)


def test_below_the_threshold_only_the_total_is_published():
    profiles = [("wages", "female", "18_24", "NP", "QA", None, None, "no_permit", "none", 3)]
    stats = build_stats(profiles, 10)
    assert stats.total == 3
    assert stats.categories.sex.columns == [] and stats.recruitment_cost.rows == []
    assert stats.recruitment_cost.column_totals == [None] * len(CostBand)
    assert stats.recruitment_cost.total is None


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
    assert sex.columns == ["female", "male", "other", "undisclosed"]  # the list, whole
    assert sex.cells[sex.rows.index("wages")] == [40, 60, None, None]
    # a zero looks like any small count
    assert sex.cells[sex.rows.index("fees")] == [40, None, None, None]
    assert sex.row_totals[sex.rows.index("wages")] == 100
    assert sex.column_totals == [80, 60, None, None] and sex.total == 140  # mentions
    ind = stats.indicators.sex
    assert ind.cells[ind.rows.index("withholding_of_wages")] == [40, 60, None, None]
    cost = stats.recruitment_cost
    sexes = [s.value for s in Sex]
    assert [(r.origin, r.destination, str(r.sex)) for r in cost.rows] == [
        *[("BD", "QA", s) for s in sexes],
        *[("NP", "QA", s) for s in sexes],
    ]
    assert cost.median_band == [
        *[None, CostBand.FROM_1_TO_2, None, None],
        *[CostBand.FROM_3_TO_6, None, None, None],
    ]
    assert stats.categories.month.columns == ["2026-01", "2026-02"]


def test_months_no_report_can_truly_give_count_as_unknown():
    """Made-up reports spread over the months up to 2099, ten for each,
    gave the month table thousands of columns, and a GET took minutes."""
    real = ("wages", "male", "25_34", "BD", "QA", "construction", "2026-02", "work_permit", "1_2")
    profiles = [(*real, 40)]
    profiles += [
        (*real[:6], f"{y}-{m:02d}", *real[7:], 10) for y in range(2030, 2099) for m in (1, 7)
    ]
    profiles += [(*real[:6], "1999-12", *real[7:], 10)]
    stats = build_stats(profiles, 10, latest_month=next_month(dt.date(2026, 12, 5)))
    month = stats.categories.month
    assert month.columns == ["2026-02", "unknown"]
    assert month.cells[month.rows.index("wages")] == [40, 10 * (69 * 2 + 1)]
    assert next_month(dt.date(2026, 12, 31)) == "2027-01"
    assert next_month(dt.date(2026, 3, 1)) == "2026-04"
    # a phone whose clock runs a month ahead is still counted in its month
    ahead = [(*real[:6], "2027-01", *real[7:], 12), (*real, 40)]
    assert build_stats(ahead, 10, "2027-01").categories.month.columns == ["2026-02", "2027-01"]


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
    # no male report of health care: that zero is suppressed, and so is the sum
    assert ind.cells[ind.rows.index("abusive_conditions")] == [60, None, None, None]
    profiles.append(
        ("health_care", "male", "25_34", "NP", "QA", None, None, "work_permit", "none", 10)
    )
    ind = build_stats(profiles, 10).indicators.sex
    assert ind.cells[ind.rows.index("abusive_conditions")] == [60, 30, None, None]


def test_small_categories_beside_large_ones_are_hidden_alike_in_every_table():
    """The row totals of "union" (1), "harassment" (1) and "other" (5) are
    hidden, and the same numbers are hidden in every table; no table gives
    them away (with zeros shown, the five "other" reports alone in their
    age cells once left no way to protect them but hiding the grand total)."""
    base = ("NP", "QA", None, None, "work_permit", "none")
    ages = ["under_18", "18_24", "25_34", "35_44", "45_54"]
    profiles = [
        ("union", "female", "25_34", *base, 1),
        ("harassment", "male", "35_44", *base, 1),
        *[("other", "female", age, *base, 1) for age in ages],
        *[("wages", sex, age, *base, 12) for age in ages for sex in ("female", "male")],
    ]
    stats = build_stats(profiles, 10)
    first = stats.categories.sex
    for row in ("union", "harassment", "other"):
        assert first.row_totals[CATEGORIES.index(row)] is None
    for dimension in DIMENSIONS:
        table = getattr(stats.categories, dimension)
        assert (table.row_totals, table.total) == (first.row_totals, first.total)
        cells = as_cells(table, truth_weighted(profiles, dimension))
        check_table(table, cells, 10)
    assert stats.categories.age_band.columns == [a.value for a in AgeBand]  # whole


def truth_weighted(profiles, dimension):
    place = DIMENSIONS[dimension]
    counts = Counter()
    for p in profiles:
        for c in p[0].split(","):
            counts[c, "unknown" if p[place] is None else p[place]] += p[-1]
    return counts


def profiles_of(clears):
    """server.db.profiles() for a list of ClearParts."""
    counts = Counter(
        (
            ",".join(c.categories),
            c.sex.value,
            c.age_band.value,
            c.origin,
            c.destination,
            c.sector.value if c.sector else None,
            c.month,
            c.migration_status.value,
            c.cost_band.value,
        )
        for c in clears
    )
    return [(*k, n) for k, n in counts.items()]


def pinned_row_totals(stats) -> list[str]:
    """The attack a QA pass found against the first version: a suppressed
    category total is at least what its row shows in each table; when these
    lower bounds add up to the published total, every one is exact. The
    categories whose hidden total this pins above zero."""
    tables = [getattr(stats.categories, d) for d in DIMENSIONS]
    first = tables[0]
    if first.total is None:
        return []
    # where zeros are shown, a suppressed count is at least 1
    floor = 1 if any(v == 0 for t in tables for row in t.cells for v in row) else 0
    low = []
    for i in range(len(first.rows)):
        if first.row_totals[i] is not None:
            low.append(first.row_totals[i])
        else:
            low.append(max(sum(floor if v is None else v for v in t.cells[i]) for t in tables))
    if sum(low) != first.total:
        return []
    return [r for i, r in enumerate(first.rows) if first.row_totals[i] is None and low[i] > 0]


def test_lower_bounds_from_every_table_give_no_hidden_total_away():
    import random

    from nacl.public import PrivateKey

    from server.testing import synthetic_envelope

    key = bytes(PrivateKey.generate().public_key)
    for seed in range(40):
        rng = random.Random(seed)
        clears = [synthetic_envelope(rng, key).clear for _ in range(rng.randint(12, 30))]
        stats = build_stats(profiles_of(clears), 10)
        assert pinned_row_totals(stats) == [], seed
        for dimension in ("origin", "destination", "month"):  # 9-10 values: few reports each
            table = getattr(stats.categories, dimension)
            values = Counter(getattr(c, dimension) or "unknown" for c in clears)
            assert all(values[v] >= 10 for v in table.columns if v != "grouped"), dimension


def test_a_lone_report_from_a_country_has_no_column_or_row_of_its_own():
    base = ("wages", "female", "25_34")
    profiles = [
        (*base, "NP", "QA", "construction", "2026-01", "work_permit", "1_2", 40),
        (*base, "ER", "SG", "construction", "2026-01", "work_permit", "3_6", 1),
    ]
    stats = build_stats(profiles, 10)
    assert stats.categories.origin.columns == ["NP", "grouped"]
    assert stats.categories.destination.columns == ["QA", "grouped"]
    cost = stats.recruitment_cost
    assert [(r.origin, r.destination, r.sex) for r in cost.rows] == [
        *[("NP", "QA", s) for s in Sex],  # every sex of a corridor, present or not
        *[("grouped", "grouped", s) for s in Sex],  # the few corridors' reports, by sex
    ]
    assert "ER" not in stats.model_dump_json() and "SG" not in stats.model_dump_json()


def test_no_median_where_a_count_of_its_row_is_hidden():
    """A QA pass pinned all four hidden counts here from two medians and
    the column totals (female 9 and 8, male 7 and 6)."""
    base = ("NP", "QA", "construction", "2026-01", "work_permit")
    profiles = [
        ("wages", "female", "25_34", *base, "1_2", 9),
        ("wages", "female", "25_34", *base, "2_3", 8),
        ("wages", "male", "25_34", *base, "1_2", 7),
        ("wages", "male", "25_34", *base, "2_3", 6),
    ]
    cost = build_stats(profiles, 10).recruitment_cost
    assert [r.sex for r in cost.rows][:2] == [Sex.FEMALE, Sex.MALE]
    assert cost.row_totals[:2] == [17, 13]
    assert cost.median_band[:2] == [None, None]


def sexes_a_reader_knows(stats) -> dict[str, int]:
    """The reports of each sex as a reader works them out when each report
    names one category: from the sex table's column totals, the sums of
    the cost table's rows of each sex, and `total` for the last one."""
    known: dict[str, int] = {}
    table = stats.categories.sex
    for sex, value in zip(table.columns, table.column_totals or [], strict=True):
        if value is not None:
            known[sex] = value
    cost = stats.recruitment_cost
    for sex in Sex:
        totals = [t for r, t in zip(cost.rows, cost.row_totals, strict=True) if r.sex == sex]
        if totals and None not in totals:
            known[sex.value] = sum(totals)
    missing = [s.value for s in Sex if s.value not in known]
    if len(missing) == 1:
        known[missing[0]] = stats.total - sum(known.values())
    return known


def one_category_reports(counts: dict[tuple[str, str, str], int]) -> list[tuple]:
    """Profiles from NP to QA, one category each: (category, sex, band) -> reports."""
    return [
        (cat, sex, "25_34", "NP", "QA", None, None, "work_permit", band, n)
        for (cat, sex, band), n in counts.items()
        if n
    ]


def test_the_sex_table_and_the_cost_table_hide_the_same_sexes():
    """A QA pass found the two tables hiding different sexes: male from the
    cost table, other from the sex table, and `total` gave undisclosed = 3."""
    profiles = one_category_reports(
        {
            ("fees", "female", "1_2"): 32,
            ("fees", "undisclosed", "under_1"): 3,
            ("wages", "other", "none"): 12,
            ("wages", "male", "under_1"): 12,
        }
    )
    stats = build_stats(profiles, 10)
    assert stats.total == 59 and stats.recruitment_cost.rows  # the cost table is published
    assert "undisclosed" not in sexes_a_reader_knows(stats)


def test_no_small_number_of_a_sex_follows_from_the_two_tables_together():
    import random

    sexes = [s.value for s in Sex]
    for seed in range(400):
        rng = random.Random(seed)
        counts = {
            (
                rng.choice(["fees", "wages", "passport"]),
                rng.choice(sexes),
                rng.choice(["none", "1_2"]),
            ): (rng.choice([rng.randint(1, 4), rng.randint(10, 40)]))
            for _ in range(rng.randint(2, 6))
        }
        profiles = one_category_reports(counts)
        stats = build_stats(profiles, 10)
        truth = Counter()
        for p in profiles:
            truth[p[1]] += p[-1]
        for sex, value in sexes_a_reader_knows(stats).items():
            assert value == truth[sex] and not 0 < value < 10, (seed, sex, value)


def test_the_cost_table_gives_rows_to_the_largest_corridors_only():
    """Anyone can send reports for made-up corridors: 800 of them took 40 s
    to protect. The largest keep their rows; the rest count as grouped."""
    from server.stats import MAX_CORRIDORS

    countries = ["BD", "ET", "ID", "IN", "KE", "LK", "MM", "NP", "PH", "PK", "UG", "VN"]
    corridors = [(o, d) for o in countries for d in countries if o != d][: MAX_CORRIDORS + 20]
    profiles = [
        ("wages", "female", "25_34", o, d, None, None, "work_permit", "1_2", 10 + (i < 5) * 10)
        for i, (o, d) in enumerate(corridors)
    ]
    cost = build_stats(profiles, 10).recruitment_cost
    shown = {(r.origin, r.destination) for r in cost.rows} - {("grouped", "grouped")}
    assert len(shown) == MAX_CORRIDORS
    assert set(corridors[:5]) <= shown  # the five with 20 reports
    assert cost.total == sum(p[-1] for p in profiles)
