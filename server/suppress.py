"""Small-cell suppression with secondary suppression, for published tables.

A count under `threshold` is never published (primary suppression), zero
included: were zeros shown, a reader would know each suppressed count is at
least 1, and across tables that share totals such lower bounds can add up
to a published total and give every count away. Neither is any other count
that, together with what is published, would let a reader work out a
suppressed count above zero (secondary, or complementary, suppression).
Working out that a suppressed count is 0 discloses nobody, so zeros need no
protection of their own; but they look like any other suppressed count.

How it is decided. A table with its row totals, column totals and grand
total is a circulation on a small graph: a node per row and per column, and
two hub nodes, with one edge per published number:

    hub_out --row total i--> row i --cell (i, j)--> column j --column total j--> hub_in
    hub_in --grand total--> hub_out

At every node what flows in equals what flows out; that is exactly "the
cells of a row add up to its total", and so on. Another table that agrees
with everything published differs from the true one by a circulation that
only changes suppressed numbers and keeps each of them at 0 or more. So a
suppressed number can be worked out exactly if and only if no cycle through
its edge can be walked in the "residual" graph: forwards along any
suppressed edge (its count may grow), backwards along a suppressed edge
whose count is 1 or more (it may shrink by one). `determinable` checks
that with two graph searches.

`protect` suppresses the small counts, then, for any suppressed number that
is still determinable, also suppresses the published numbers on the
cheapest path that closes such a cycle (cheapest: the smallest sum of
counts hidden), until none is determinable. It only ever adds suppressions,
and suppression only adds residual edges, so a number once protected stays
protected. Numbers marked `locked` keep the status they were given (numbers
shared with another table, protected there); when that leaves no way to
protect a number, `Unprotectable` is raised and the caller hides more.

This protects each table against exact disclosure from its own margins. It
does not give a protection interval (a reader may learn that a suppressed
count lies between 1 and 3, say), and relations between different tables
are handled by their callers (see server.stats).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum


class Status(Enum):
    PUBLISHED = "published"
    SUPPRESSED = "suppressed"


class Unprotectable(Exception):
    """A suppressed number cannot be protected without changing a locked one."""


@dataclass
class Edge:
    tail: int
    head: int
    value: int
    status: Status = Status.PUBLISHED
    #: keeps its status: it was decided elsewhere
    locked: bool = False

    @property
    def suppressed(self) -> bool:
        return self.status is Status.SUPPRESSED

    def can_grow(self) -> bool:
        return self.status is Status.SUPPRESSED

    def can_shrink(self) -> bool:
        return self.status is Status.SUPPRESSED and self.value >= 1


@dataclass
class Network:
    """Numbers as edges of a circulation; see the module docstring."""

    nodes: int
    edges: list[Edge] = field(default_factory=list)
    _touching: list[list[int]] = field(default_factory=list)

    def add(self, tail: int, head: int, value: int, *, locked: Status | None = None) -> int:
        if not (0 <= tail < self.nodes and 0 <= head < self.nodes) or value < 0:
            raise ValueError("an edge joins two nodes of the network and carries a count >= 0")
        if not self._touching:
            self._touching = [[] for _ in range(self.nodes)]
        edge = Edge(tail, head, value)
        if locked is not None:
            edge.status, edge.locked = locked, True
        self.edges.append(edge)
        index = len(self.edges) - 1
        self._touching[tail].append(index)
        self._touching[head].append(index)
        return index

    def steps(self, node: int, skip: int) -> Iterator[tuple[int, int]]:
        """(edge, next node) for every residual step out of `node`."""
        for index in self._touching[node]:
            if index == skip:
                continue
            edge = self.edges[index]
            if edge.tail == node and edge.can_grow():
                yield index, edge.head
            elif edge.head == node and edge.can_shrink():
                yield index, edge.tail


def _reaches(net: Network, start: int, goal: int, skip: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for _edge, nxt in net.steps(node, skip):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def determinable(net: Network, index: int) -> bool:
    """Whether a reader can work out the exact value of edge `index` from
    the published numbers (and knowing suppressed ones are >= 0)."""
    edge = net.edges[index]
    if not edge.suppressed:
        return True
    if _reaches(net, edge.head, edge.tail, index):  # it can grow by one
        return False
    return not (edge.can_shrink() and _reaches(net, edge.tail, edge.head, index))


def _cheapest_opening(net: Network, start: int, goal: int, skip: int) -> tuple[int, list[int]]:
    """The published edges to suppress so that a residual path runs from
    `start` to `goal`, with the smallest total count (then fewest edges)."""
    big = len(net.edges) + 1
    best = {start: 0}
    back: dict[int, tuple[int, int]] = {}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            opened = []
            while node != start:
                index, node = back[node]
                if not net.edges[index].suppressed:
                    opened.append(index)
            return cost, opened
        if cost > best.get(node, cost):
            continue
        for index in net._touching[node]:
            if index == skip:
                continue
            edge = net.edges[index]
            forward = edge.tail == node
            nxt = edge.head if forward else edge.tail
            if edge.suppressed:
                if not (edge.can_grow() if forward else edge.can_shrink()):
                    continue
                step = 0
            else:
                if edge.locked or (not forward and edge.value < 1):
                    continue
                step = edge.value * big + 1
            if cost + step < best.get(nxt, cost + step + 1):
                best[nxt] = cost + step
                back[nxt] = (index, node)
                heapq.heappush(heap, (cost + step, nxt))
    return -1, []


def protect(net: Network, threshold: int) -> Network:
    """Suppress every count under `threshold` (zeros too) and enough others
    that none of them above zero can be worked out. Changes `net` in place
    and returns it; raises Unprotectable if locked numbers stand in the way."""
    if threshold < 1:
        raise ValueError("the threshold is at least 1")
    for edge in net.edges:
        if not edge.locked and edge.value < threshold:
            edge.status = Status.SUPPRESSED
    queue = [i for i, e in enumerate(net.edges) if e.suppressed]
    while queue:
        index = queue.pop()
        if net.edges[index].value == 0 or not determinable(net, index):
            continue
        edge = net.edges[index]
        options = [_cheapest_opening(net, edge.head, edge.tail, index)]
        if edge.can_shrink():
            options.append(_cheapest_opening(net, edge.tail, edge.head, index))
        found = [o for o in options if o[0] >= 0]
        if not found:
            raise Unprotectable(f"no way to protect edge {index} ({edge.value})")
        _cost, opened = min(found, key=lambda o: o[0])
        for other in opened:
            net.edges[other].status = Status.SUPPRESSED
            queue.append(other)
    return net


# Tables ------------------------------------------------------------------


@dataclass
class Table:
    """A two-way table of counts with its margins, after protection:
    None marks a suppressed number."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


HUB_IN, HUB_OUT = 0, 1


def table_network(
    cells: Sequence[Sequence[int]],
    row_status: Sequence[Status] | None = None,
    total_status: Status | None = None,
    *,
    column_status: Sequence[Status] | None = None,
    row_groups: Sequence[int] | None = None,
    group_status: Sequence[Status] | None = None,
) -> Network:
    """The network of a table and its margins (see the module docstring).
    `row_status`, `column_status` and `total_status`, when given, lock the
    row totals, the column totals and the grand total (numbers protected
    with another table).

    With `row_groups` (row i is in group row_groups[i]) the rows hang from
    one node per group, whose edge from the hub carries the sum of the
    group's rows, locked to `group_status`: a sum the table does not print
    but that another table publishes (the reports of each sex, under the
    cost table's rows of that sex). Its edges come after all the others,
    so read_table reads the table as without groups."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if cells else 0
    n_groups = max(row_groups, default=-1) + 1 if row_groups is not None else 0
    first_group = 2 + n_rows + n_cols
    net = Network(first_group + n_groups)
    net.add(HUB_IN, HUB_OUT, sum(map(sum, cells)), locked=total_status)
    for i, row in enumerate(cells):
        if len(row) != n_cols:
            raise ValueError("every row has the same number of cells")
        above = HUB_OUT if row_groups is None else first_group + row_groups[i]
        net.add(above, 2 + i, sum(row), locked=row_status[i] if row_status else None)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            net.add(2 + i, 2 + n_rows + j, value)
    for j in range(n_cols):
        total = sum(row[j] for row in cells)
        net.add(2 + n_rows + j, HUB_IN, total, locked=column_status[j] if column_status else None)
    if row_groups is not None:
        sums = [0] * n_groups
        for i, row in enumerate(cells):
            sums[row_groups[i]] += sum(row)
        for g, value in enumerate(sums):
            locked = group_status[g] if group_status else None
            net.add(HUB_OUT, first_group + g, value, locked=locked)
    return net


def read_table(net: Network, n_rows: int, n_cols: int) -> Table:
    """The published view of a network made by table_network."""

    def shown(index: int) -> int | None:
        edge = net.edges[index]
        return None if edge.suppressed else edge.value

    first_cell = 1 + n_rows
    first_col = first_cell + n_rows * n_cols
    return Table(
        cells=[[shown(first_cell + i * n_cols + j) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown(1 + i) for i in range(n_rows)],
        column_totals=[shown(first_col + j) for j in range(n_cols)],
        total=shown(0),
    )


def row_total_statuses(net: Network, n_rows: int) -> list[Status]:
    return [net.edges[1 + i].status for i in range(n_rows)]


def protect_table(
    cells: Sequence[Sequence[int]],
    threshold: int,
    row_status: Sequence[Status] | None = None,
    total_status: Status | None = None,
) -> Table:
    """A table and its margins with small counts suppressed and none of them
    derivable from what is shown. Raises Unprotectable when locked margins
    make that impossible."""
    net = protect(table_network(cells, row_status, total_status), threshold)
    return read_table(net, len(cells), len(cells[0]) if cells else 0)


def protect_list(
    values: Sequence[int],
    threshold: int,
    forced: Sequence[bool] = (),
    total_status: Status | None = None,
) -> Network:
    """A list of counts and their sum, as a network (`values` as edges from
    node 0 to node 1, the sum back): protects counts published with their
    sum. `forced[i]` suppresses values[i] whatever its size; `total_status`
    locks the sum (published elsewhere). Edge i is values[i]; the last edge
    is the sum."""
    net = Network(2)
    for i, value in enumerate(values):
        net.add(0, 1, value)
        if i < len(forced) and forced[i]:
            net.edges[i].status = Status.SUPPRESSED
    net.add(1, 0, sum(values), locked=total_status)
    if total_status is None and len(forced) > len(values) and forced[len(values)]:
        net.edges[-1].status = Status.SUPPRESSED
    return protect(net, threshold)
