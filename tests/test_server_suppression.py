"""Small-cell suppression: no small count is published, and no suppressed
count can be worked out from what is published.

The check is independent of server.suppress: for each suppressed number it
asks a max-flow whether another table, agreeing with every published number
and keeping every suppressed one at 0 or more, gives that number another
value. If none does, the number is recoverable. (A suppressed zero may be:
that nobody is in a cell discloses nobody.)
"""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.suppress import Status, Unprotectable, protect_list, protect_table, table_network

INF = 10**9

# -- the oracle: feasibility of a table with bounds, by max-flow ------------


def _max_flow(n: int, arcs: list[tuple[int, int, int]], s: int, t: int) -> int:
    cap: dict[tuple[int, int], int] = {}
    adj: list[set[int]] = [set() for _ in range(n)]
    for u, v, c in arcs:
        cap[u, v] = cap.get((u, v), 0) + c
        cap.setdefault((v, u), 0)
        adj[u].add(v)
        adj[v].add(u)
    flow = 0
    while True:
        parent = {s: s}
        queue = deque([s])
        while queue and t not in parent:
            u = queue.popleft()
            for v in adj[u]:
                if v not in parent and cap[u, v] > 0:
                    parent[v] = u
                    queue.append(v)
        if t not in parent:
            return flow
        push, v = INF, t
        while v != s:
            push = min(push, cap[parent[v], v])
            v = parent[v]
        v = t
        while v != s:
            cap[parent[v], v] -= push
            cap[v, parent[v]] += push
            v = parent[v]
        flow += push


def feasible(bounds: dict[tuple[str, int, int], tuple[int, int]], n_rows: int, n_cols: int) -> bool:
    """Is there a table (cells, row totals, column totals, total) within
    `bounds` whose cells add up to its margins? Keys: ("cell", i, j),
    ("row", i, 0), ("col", 0, j), ("total", 0, 0)."""
    # nodes: 0 hub_in, 1 hub_out, rows, columns, then super source and sink
    rows = [2 + i for i in range(n_rows)]
    cols = [2 + n_rows + j for j in range(n_cols)]
    s, t = 2 + n_rows + n_cols, 3 + n_rows + n_cols
    excess = [0] * (4 + n_rows + n_cols)
    arcs = []

    def arc(u: int, v: int, lo: int, hi: int) -> None:
        if lo > hi:
            arcs.append((s, t, 1))  # impossible: never saturable
            excess[s] -= 1
            return
        arcs.append((u, v, hi - lo))
        excess[v] += lo
        excess[u] -= lo

    arc(0, 1, *bounds["total", 0, 0])
    for i in range(n_rows):
        arc(1, rows[i], *bounds["row", i, 0])
        for j in range(n_cols):
            arc(rows[i], cols[j], *bounds["cell", i, j])
    for j in range(n_cols):
        arc(cols[j], 0, *bounds["col", 0, j])
    need = 0
    for node, ex in enumerate(excess[: 2 + n_rows + n_cols]):
        if ex > 0:
            arcs.append((s, node, ex))
            need += ex
        elif ex < 0:
            arcs.append((node, t, -ex))
    if excess[s] < 0:
        return False
    return _max_flow(len(excess), arcs, s, t) == need


def published_bounds(table, n_rows, n_cols):
    entries = {("total", 0, 0): table.total}
    for i in range(n_rows):
        entries["row", i, 0] = table.row_totals[i]
        for j in range(n_cols):
            entries["cell", i, j] = table.cells[i][j]
    for j in range(n_cols):
        entries["col", 0, j] = table.column_totals[j]
    return {k: (v, v) if v is not None else (0, INF) for k, v in entries.items()}


def true_values(cells):
    values = {("total", 0, 0): sum(map(sum, cells))}
    for i, row in enumerate(cells):
        values["row", i, 0] = sum(row)
        for j, v in enumerate(row):
            values["cell", i, j] = v
    for j in range(len(cells[0])):
        values["col", 0, j] = sum(r[j] for r in cells)
    return values


def recoverable(table, cells) -> list[tuple[str, int, int]]:
    """The suppressed numbers a reader can work out exactly."""
    n_rows, n_cols = len(cells), len(cells[0])
    bounds = published_bounds(table, n_rows, n_cols)
    truth = true_values(cells)
    found = []
    for key, (lo, hi) in bounds.items():
        if lo != hi and truth[key] > 0:
            v = truth[key]
            other = False
            for alt in ((v + 1, INF), (0, v - 1)):
                if alt[0] <= alt[1] and feasible({**bounds, key: alt}, n_rows, n_cols):
                    other = True
                    break
            if not other:
                found.append(key)
    return found


# -- the properties ---------------------------------------------------------

small_counts = st.one_of(st.integers(0, 3), st.integers(0, 12), st.integers(0, 40))


@st.composite
def tables(draw):
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(1, 5))
    return [[draw(small_counts) for _ in range(n_cols)] for _ in range(n_rows)]


def check_published(table, cells, threshold):
    truth = true_values(cells)
    shown = {
        k: v
        for k, v in {
            ("total", 0, 0): table.total,
            **{("row", i, 0): r for i, r in enumerate(table.row_totals)},
            **{("col", 0, j): c for j, c in enumerate(table.column_totals)},
            **{("cell", i, j): v for i, row in enumerate(table.cells) for j, v in enumerate(row)},
        }.items()
    }
    for key, value in shown.items():
        if value is not None:
            assert value == truth[key], key
            assert value >= threshold, (key, value)  # zeros too are suppressed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=tables(), threshold=st.integers(1, 11))
def test_no_suppressed_count_is_recoverable_from_the_margins(cells, threshold):
    table = protect_table(cells, threshold)
    check_published(table, cells, threshold)
    assert recoverable(table, cells) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=tables(), threshold=st.integers(2, 11), data=st.data())
def test_locked_margins_are_kept_or_refused(cells, threshold, data):
    """Row totals protected with another table keep their status; the table
    is protected around them, or refused."""
    forced = [data.draw(st.booleans()) for _ in cells]
    margin = protect_list([sum(r) for r in cells], threshold, forced)
    row_status = [e.status for e in margin.edges[:-1]]
    try:
        table = protect_table(cells, threshold, row_status, margin.edges[-1].status)
    except Unprotectable:
        return
    for i, status in enumerate(row_status):
        assert (table.row_totals[i] is None) == (status is Status.SUPPRESSED)
    check_published(table, cells, threshold)
    assert recoverable(table, cells) == []


def test_a_single_small_cell_takes_three_others_with_it():
    cells = [[20, 30], [3, 40]]
    table = protect_table(cells, 10)
    assert table.cells == [[None, None], [None, None]]
    assert table.row_totals == [50, 43] and table.column_totals == [23, 70]
    assert recoverable(table, cells) == []


def test_two_ones_in_a_row_are_not_protection():
    """1 + 1 = 2 with both at least 1: each is exactly 1. A third cell, or a
    partner of 2 or more, is needed."""
    cells = [[1, 1, 30], [15, 25, 35]]
    table = protect_table(cells, 10)
    assert recoverable(table, cells) == []
    assert sum(v is None for v in table.cells[0]) >= 2


def test_oracle_sees_a_naive_suppression():
    """The oracle itself: hiding only the small cell is caught."""
    from server.suppress import Table

    cells = [[20, 30], [3, 40]]
    naive = Table([[20, 30], [None, 40]], [50, 43], [23, 70], 93)
    assert recoverable(naive, cells) == [("cell", 1, 0)]


def test_a_whole_small_list_is_hidden_with_its_sum():
    net = protect_list([2, 3], 10)
    assert all(e.status is Status.SUPPRESSED for e in net.edges)


def test_big_tables_are_protected_quickly():
    import random
    import time

    rng = random.Random(7)
    cells = [[rng.choice([0, 0, 1, 2, 5, 9, 14, 40, 120]) for _ in range(120)] for _ in range(14)]
    start = time.perf_counter()
    table = protect_table(cells, 10)
    assert time.perf_counter() - start < 5
    check_published(table, cells, 10)


@pytest.mark.parametrize("threshold", [0, -1])
def test_threshold_must_be_positive(threshold):
    with pytest.raises(ValueError):
        table_network([[1]])  # builds fine
        protect_table([[1]], threshold)
