"""Statistics safe to publish, from the coded parts of the reports.

Which tables. The ICLS 2018 guidelines (forced labour; international labour
migration) ask for figures disaggregated by sex, age group, country of
origin (citizenship), country of destination, economic activity and
migration status, and in time. So: reports by category, crossed with each
of sex, age band, origin, destination, sector, month (when it started) and
migration status; the same by ILO forced-labour indicator; and the
recruitment-cost band (SDG 10.7.1) by corridor (origin and destination)
and sex.

How they are kept safe (see server.suppress for the method):
- a value held by fewer reports than the threshold (a country, a month)
  gets no column of its own: its reports count under "grouped", and a
  corridor with too few reports counts under the all-"grouped" row of the
  cost table. A column of their own would say that someone with that value
  reported. The short lists (sex, age band, migration status, and the
  sexes of a corridor) are given whole instead, held or not: with one
  value grouped or missing, elimination would name it.
- zeros are suppressed like the counts under the threshold, so a
  suppressed count says only "under the threshold"; were zeros shown,
  each suppressed count would be known to be at least 1, and such bounds,
  added up over the tables that share totals, can give counts away.
- every category table carries the same row totals (reports per category)
  and grand total, so those are protected once, as a list with its sum,
  and locked: each table is then protected around them, and if one cannot
  be, the grand total (then another row total) is hidden and all are
  redone. A number shared by two tables is therefore hidden in both or in
  neither.
- the indicator tables add nothing: each indicator row is the sum of the
  rows of the categories pointing to it, shown only where every part of
  the sum is shown. (The number of distinct reports with "abusive
  conditions", which two categories point to, is not published: with the
  two category rows it would tell how many reports named both, a count no
  table protects.) Indicators no category points to are left out.
- the cost table shares two numbers with the category tables: its grand
  total (every report, published) and the reports of each sex (the sums
  of its rows of that sex; the sex table's column totals, when each
  report names one category). Those are protected once, as a list with
  the total, and locked in the sex table and in the cost table, whose rows
  hang from one node per sex (server.suppress.table_network's groups). A
  corridor with too few reports keeps its rows by sex, under "grouped",
  so that the rows of a sex hold every report of that sex.
- with fewer reports in all than the threshold, every table is withheld.
- the server counts reports into the tables only once at least the
  threshold of new ones has arrived, and at most once a week (server.db's
  snapshots), so two versions of the tables never differ by a single
  report, and nobody can choose when the next version is made.

Remaining risk, stated plainly: tables are protected against exact
disclosure from their own margins and the shared ones named above. The
cost table's rows of one origin (or destination) also add up to a column
total of the origin (destination) table when each report names one
category, a link not locked: a reader could work out a hidden row there
when the two tables hide different ones. A reader combining
the inequalities between different tables (a category count cannot exceed
the reports of that sex, for instance) may narrow a suppressed count to an
interval. And anyone can send reports: someone who sends threshold - 1
made-up reports in a week when only one real report arrives learns what
that one said, wherever its counts are shown. Made-up reports reach back
too: enough of them sharing a rare value that one earlier report alone
holds open a column for it in the next version, and the sender, taking
away their own counts, reads that report's categories there (its sex and
corridor in the cost table, with threshold - 1 for each sex); a count
hidden in one version can follow from the next when only the sender's
reports came in between. Only checking who sends (which anonymous
reporting rules out) or adding noise to the counts would close that.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from app.core.codes import INDICATOR_OF, AgeBand, Category, CostBand, MigrationStatus, Sex
from server.suppress import (
    Status,
    Table,
    Unprotectable,
    protect,
    protect_list,
    read_table,
    table_network,
)
from sync.protocol import (
    GROUPED,
    ByDimension,
    CorridorSex,
    CostTable,
    CrossTable,
    StatsAnswer,
)

UNKNOWN = "unknown"

#: disaggregation -> its place in a profile row (server.db.PROFILE)
DIMENSIONS = {
    "sex": 1,
    "age_band": 2,
    "origin": 3,
    "destination": 4,
    "sector": 5,
    "month": 6,
    "migration_status": 7,
}
_ORDER: dict[str, list[str]] = {
    "sex": [s.value for s in Sex],
    "age_band": [a.value for a in AgeBand],
    "migration_status": [m.value for m in MigrationStatus],
}
CATEGORIES = [c.value for c in Category]
INDICATORS = [i.value for i in dict.fromkeys(INDICATOR_OF.values())]
BANDS = [b for b in CostBand]
#: bands in order of size, for the median ("unknown" is not a size)
RANKED_BANDS = [b for b in CostBand if b is not CostBand.UNKNOWN]

Profile = Sequence[object]
K = TypeVar("K")


def _columns(dimension: str, values: Iterable[str]) -> list[str]:
    """A closed list of values (sex, age band, migration status) is given
    whole, whether each value is present or not: were absent ones left out,
    or small ones grouped, a reader could tell which are there by elimination
    (four sexes, three listed: "grouped" is the fourth)."""
    order = _ORDER.get(dimension)
    if order is not None:
        return list(order)
    present = set(values)
    last = [v for v in (UNKNOWN, GROUPED) if v in present]
    return sorted(present - set(last)) + last


def _value(v: object) -> str:
    return UNKNOWN if v is None else str(v)


def _reports(p: Profile) -> int:
    return int(str(p[-1]))


def _totals(keys: Iterable[tuple[K, int]]) -> dict[K, int]:
    """The reports each key holds in all, from (key, reports) pairs."""
    reports: dict[K, int] = defaultdict(int)
    for key, n in keys:
        reports[key] += n
    return reports


def _grouping(keys: Iterable[tuple[object, int]], threshold: int) -> set[object]:
    """The keys held by fewer than `threshold` reports in all."""
    return {k for k, n in _totals(keys).items() if n < threshold}


def category_counts(
    profiles: Sequence[Profile], dimension: str, threshold: int = 1
) -> tuple[list[str], list[list[int]]]:
    """Columns and cells (category x value) of one disaggregation; values
    held by fewer than `threshold` reports go under GROUPED."""
    place = DIMENSIONS[dimension]
    few = (
        set()
        if dimension in _ORDER  # listed whole (see _columns)
        else _grouping(((_value(p[place]), _reports(p)) for p in profiles), threshold)
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in profiles:
        n = _reports(p)
        column = _value(p[place])
        if column in few:
            column = GROUPED
        for category in str(p[0]).split(","):
            counts[category, column] += n
    columns = _columns(dimension, (c for _, c in counts))
    cells = [[counts.get((r, c), 0) for c in columns] for r in CATEGORIES]
    return columns, cells


def _withheld(rows: list[str]) -> CrossTable:
    """A table not published at all: even which columns exist is not said."""
    return CrossTable(
        rows=rows,
        columns=[],
        cells=[[] for _ in rows],
        row_totals=[None] * len(rows),
        column_totals=[],
        total=None,
    )


def _cross(rows: list[str], columns: list[str], table: Table) -> CrossTable:
    return CrossTable(
        rows=rows,
        columns=columns,
        cells=table.cells,
        row_totals=table.row_totals,
        column_totals=table.column_totals,
        total=table.total,
    )


def protect_categories(
    counts: dict[str, tuple[list[str], list[list[int]]]],
    threshold: int,
    column_status: dict[str, list[Status]] | None = None,
) -> dict[str, Table]:
    """Every category table, protected with the same row totals and total;
    a dimension in `column_status` with its column totals locked too (the
    reports of each sex, protected with the cost table)."""
    locked = column_status or {}
    row_totals = [sum(row) for row in next(iter(counts.values()))[1]]
    forced = [False] * (len(row_totals) + 1)
    while True:
        margin = protect_list(row_totals, threshold, forced)
        statuses = [e.status for e in margin.edges]
        tables: dict[str, Table] = {}
        try:
            for dimension, (columns, cells) in counts.items():
                net = table_network(
                    cells, statuses[:-1], statuses[-1], column_status=locked.get(dimension)
                )
                tables[dimension] = read_table(protect(net, threshold), len(cells), len(columns))
            return tables
        except Unprotectable:
            # hide the grand total first (it lets any cycle close through the
            # hubs), then the smallest row total still shown, and redo all
            shown = [
                i for i, s in enumerate(statuses) if s is Status.PUBLISHED and margin.edges[i].value
            ]
            if not shown:  # pragma: no cover - everything hidden is always protected
                raise
            last = len(row_totals)
            forced[last if last in shown else min(shown, key=lambda i: row_totals[i])] = True


def indicator_table(categories: CrossTable) -> CrossTable:
    """Each indicator row as the sum of its categories' rows, shown only
    where every part is shown."""
    index = {c: i for i, c in enumerate(categories.rows)}
    parts = {
        ind: [index[c.value] for c, i in INDICATOR_OF.items() if i.value == ind]
        for ind in INDICATORS
    }

    def add(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    n_cols = len(categories.columns)
    return CrossTable(
        rows=INDICATORS,
        columns=categories.columns,
        cells=[
            [add([categories.cells[r][j] for r in parts[ind]]) for j in range(n_cols)]
            for ind in INDICATORS
        ],
        row_totals=[add([categories.row_totals[r] for r in parts[ind]]) for ind in INDICATORS],
        column_totals=None,
        total=None,
    )


def median_band(counts: Sequence[int]) -> CostBand | None:
    """The band of the middle report among those with a known band (the
    lower middle one when their number is even)."""
    known = [counts[BANDS.index(b)] for b in RANKED_BANDS]
    n = sum(known)
    if n == 0:
        return None
    middle = (n + 1) // 2
    seen = 0
    for band, count in zip(RANKED_BANDS, known, strict=True):
        seen += count
        if seen >= middle:
            return band
    raise AssertionError("unreachable")  # pragma: no cover


#: the most corridors the cost table gives rows of their own: anyone can
#: send reports for made-up corridors, and protecting the table took 40 s
#: for 800 of them (the time grows with the square)
MAX_CORRIDORS = 100


def cost_rows(profiles: Sequence[Profile], threshold: int) -> dict[int, tuple[str, str, str]]:
    """Each profile's row in the cost table, (origin, destination, sex): its
    corridor's when that is among the MAX_CORRIDORS with most reports and
    has at least `threshold`, else the GROUPED corridor's, with its sex all
    the same (so the rows of a sex add up to the reports of that sex, a
    number the sex table shares). Keyed by the profile's position. (A
    corridor's rows are all four sexes, listed whole: see cost_table.)"""
    corridor = {i: (_value(p[3]), _value(p[4])) for i, p in enumerate(profiles)}
    reports = _totals((corridor[i], _reports(p)) for i, p in enumerate(profiles))
    held = sorted((c for c, n in reports.items() if n >= threshold), key=lambda c: (-reports[c], c))
    few = set(reports) - set(held[:MAX_CORRIDORS])
    return {
        i: (*((GROUPED, GROUPED) if corridor[i] in few else corridor[i]), str(p[1]))
        for i, p in enumerate(profiles)
    }


def cost_table(
    profiles: Sequence[Profile], threshold: int, sex_status: Sequence[Status] | None
) -> CostTable:
    """The recruitment-cost table, protected with the reports of each sex
    locked to `sex_status` (as the sex table publishes them), or withheld
    (None). Raises Unprotectable when those locks leave a count exposed."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * len(BANDS))
    for i, key in cost_rows(profiles, threshold).items():
        p = profiles[i]
        counts[key][BANDS.index(CostBand(str(p[8])))] += _reports(p)
    sexes = [s.value for s in Sex]
    for o, d, _s in list(counts):  # every sex of a corridor shown, present or not
        for sex in sexes:
            counts[o, d, sex]  # noqa: B018 - the defaultdict makes the row

    def order(k: tuple[str, str, str]) -> tuple[object, ...]:
        last = (UNKNOWN, GROUPED)
        return (k[0] in last, k[0] == GROUPED, k[0], k[1] in last, k[1] == GROUPED, k[1],
                sexes.index(k[2]))  # fmt: skip

    keys = sorted(counts, key=order)
    rows = [CorridorSex(origin=o, destination=d, sex=Sex(s)) for o, d, s in keys]
    cells = [counts[k] for k in keys]
    n = len(BANDS)
    if sex_status is None or not cells:  # withheld: not even which rows exist is said
        return CostTable(
            rows=[],
            columns=BANDS,
            cells=[],
            row_totals=[],
            column_totals=[None] * n,
            total=None,
            median_band=[],
        )
    net = table_network(
        cells,
        total_status=Status.PUBLISHED,
        row_groups=[sexes.index(k[2]) for k in keys],
        group_status=sex_status,
    )
    table = read_table(protect(net, threshold), len(cells), n)
    # a median only where every count in the row is shown (a suppressed one
    # being 0): with counts hidden, two medians and the column totals could
    # pin them
    medians = [
        median_band(cells[i])
        if table.row_totals[i] is not None
        and all(shown is not None for shown, v in zip(table.cells[i], cells[i], strict=True) if v)
        else None
        for i in range(len(rows))
    ]
    return CostTable(
        rows=rows,
        columns=BANDS,
        cells=table.cells,
        row_totals=table.row_totals,
        column_totals=table.column_totals,
        total=table.total,
        median_band=medians,
    )


#: the earliest month a report may say the abuse began in and be counted
#: under it; earlier ones count as "unknown"
EARLIEST_MONTH = "2000-01"


def within_months(profiles: Sequence[Profile], latest: str) -> list[Profile]:
    """The profiles with a month after `latest` (which no report can truly
    give) or before EARLIEST_MONTH counted as "unknown". The months a
    report may carry run to 2099: made-up reports spread over them gave the
    month tables thousands of columns, and protecting those took minutes
    of a GET; now they are about 25 years' worth at most."""
    at = DIMENSIONS["month"]
    out: list[Profile] = []
    for p in profiles:
        month = p[at]
        if month is not None and not EARLIEST_MONTH <= str(month) <= latest:
            p = (*p[:at], None, *p[at + 1 :])
        out.append(p)
    return out


def next_month(day: dt.date) -> str:
    """The month after `day`'s, as YYYY-MM: the latest a report from a
    phone whose clock runs ahead may give."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return f"{year:04d}-{month:02d}"


def build_stats(
    profiles: Sequence[Profile], threshold: int, latest_month: str = "9999-12"
) -> StatsAnswer:
    """Every published table, from the profile counts of server.db (the
    reports in its newest snapshot), months after `latest_month` (this
    month, or the next: a phone's clock may be ahead) counted as unknown."""
    profiles = within_months(profiles, latest_month)
    total = sum(_reports(p) for p in profiles)
    counts = {d: category_counts(profiles, d, threshold) for d in DIMENSIONS}
    if total < threshold:
        categories = {d: _withheld(CATEGORIES) for d in counts}
        cost = cost_table(profiles, threshold, None)
    else:
        categories, cost = _protected(profiles, counts, threshold)
    return StatsAnswer(
        total=total,
        threshold=threshold,
        categories=ByDimension(**categories),
        indicators=ByDimension(**{d: indicator_table(t) for d, t in categories.items()}),
        recruitment_cost=cost,
    )


def reports_by_sex(profiles: Sequence[Profile]) -> list[int]:
    counts = _totals((str(p[DIMENSIONS["sex"]]), _reports(p)) for p in profiles)
    return [counts.get(s.value, 0) for s in Sex]


def _protected(
    profiles: Sequence[Profile],
    counts: dict[str, tuple[list[str], list[list[int]]]],
    threshold: int,
) -> tuple[dict[str, CrossTable], CostTable]:
    """The category tables and the cost table, protected together where
    they share numbers: the reports of each sex are the sex table's column
    totals (when each report names one category) and the sums of the cost
    table's rows of each sex. Protected apart, the two once hid different
    sexes, and each gave away what the other hid. So that list is
    protected once with the total every table publishes, and locked in
    both; when a table cannot be protected around it, the smallest sex
    still shown is hidden too and both are redone."""
    sexes = reports_by_sex(profiles)
    forced = [False] * len(sexes)
    while True:
        margin = protect_list(sexes, threshold, forced, total_status=Status.PUBLISHED)
        status = [e.status for e in margin.edges[:-1]]
        shown = [i for i, s in enumerate(status) if s is Status.PUBLISHED and sexes[i]]
        try:
            tables = protect_categories(counts, threshold, {"sex": status})
            try:
                cost = cost_table(profiles, threshold, status)
            except Unprotectable:
                if shown:
                    raise
                cost = cost_table(profiles, threshold, None)  # withheld
        except Unprotectable:
            if not shown:  # pragma: no cover - everything hidden is always protected
                raise
            forced[min(shown, key=lambda i: sexes[i])] = True
            continue
        categories = {d: _cross(CATEGORIES, counts[d][0], t) for d, t in tables.items()}
        return categories, cost
