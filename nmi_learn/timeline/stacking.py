"""Rows for items on a line: each item goes in the first row that is free where it starts.

This is interval partitioning (as vis-timeline stacks its items): items
sorted by where they start, rows that have come free kept in a heap, so
placing n items takes O(n log n) and no two items in a row overlap.
"""

from __future__ import annotations

import heapq
from typing import Sequence


def stack_rows(extents: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """The row of each (x_start, x_end) extent: the lowest row whose last item ends `gap` before it starts."""
    order = sorted(range(len(extents)), key=lambda i: (extents[i][0], extents[i][1], i))
    rows = [0] * len(extents)
    busy: list[tuple[float, int]] = []  # (x where the row's last item ends, row)
    free: list[int] = []
    row_count = 0
    for index in order:
        start, end = extents[index]
        while busy and busy[0][0] + gap <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            row = heapq.heappop(free)
        else:
            row, row_count = row_count, row_count + 1
        rows[index] = row
        heapq.heappush(busy, (end, row))
    return rows
