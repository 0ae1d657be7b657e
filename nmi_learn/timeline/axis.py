"""The time axis of one timeline panel: which stretches of time it shows, and what its breaks leave out.

Time is proportional within every shown stretch, and every stretch uses the
same scale unless that would leave one too narrow to read. Runs of whole
empty years are left out; each break says which years it leaves out
("2005–2010 not shown"). The axis starts with the month of its first date
and ends with the month of its last, widened only so the outer years can
carry their labels, so no year is labelled that holds nothing to show.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

MIN_HIDDEN_YEARS = 2  # fewer empty years than this stay on the axis
BREAKS_MAX_SHARE = 0.3  # breaks may take at most this share of the axis; the longest gaps go first
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MONTHS_SHORT = [calendar.month_abbr[m] for m in range(13)]


@dataclass(frozen=True)
class AxisMetrics:
    """Sizes the axis plans with, in points (from the figure's type size)."""

    label_size: float

    @property
    def break_width(self) -> float:
        return 5.8 * self.label_size  # room for "2005–2010" over "not shown"

    @property
    def min_stretch(self) -> float:
        return 4.0 * self.label_size  # a stretch is never narrower than its year label and a margin

    @property
    def digit_width(self) -> float:
        return 0.52 * self.label_size  # old-style digits of the text face, generously

    def year_label_width(self, year: int) -> float:
        return len(str(year)) * self.digit_width + 0.6 * self.label_size

    @property
    def month_label_width(self) -> float:
        return 2.4 * self.label_size  # "May", "Sep"

    @property
    def month_tick_room(self) -> float:
        return 0.5 * self.label_size


@dataclass(frozen=True)
class Stretch:
    """Days first..last (inclusive), drawn from x_start to x_end."""

    first: dt.date
    last: dt.date
    x_start: float
    x_end: float

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @cached_property
    def day_width(self) -> float:
        return (self.x_end - self.x_start) / self.days


@dataclass(frozen=True)
class Break:
    """A run of whole empty years left out of the axis, drawn from x_start to x_end."""

    x_start: float
    x_end: float
    hidden_first: dt.date
    hidden_last: dt.date

    @property
    def years(self) -> str:
        first, last = self.hidden_first.year, self.hidden_last.year
        return str(first) if first == last else f"{first}–{last}"

    @property
    def label(self) -> str:
        return f"{self.years} not shown"


@dataclass(frozen=True)
class Tick:
    x: float
    major: bool  # 1 January; otherwise the first of a month


@dataclass(frozen=True)
class AxisLabel:
    x: float  # centre of the text
    text: str
    row: int  # 0: just below the axis; 1: the row below it


@dataclass(frozen=True)
class Piece:
    """Part of a mark between two x positions; `crosses_break` where it runs through a break."""

    x_start: float
    x_end: float
    crosses_break: bool


@dataclass(frozen=True)
class Axis:
    left: float
    right: float
    stretches: tuple[Stretch, ...]
    breaks: tuple[Break, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[AxisLabel, ...]

    def x(self, day: dt.date) -> float:
        """Where a day begins; days in a break fall proportionally inside it."""
        index = bisect.bisect_right(self._firsts, day) - 1
        if index < 0:
            return self.left
        stretch = self.stretches[index]
        if day <= stretch.last:
            return stretch.x_start + (day - stretch.first).days * stretch.day_width
        if index == len(self.breaks):
            return self.right
        gap = self.breaks[index]
        hidden = (gap.hidden_last - gap.hidden_first).days + 1
        return gap.x_start + (gap.x_end - gap.x_start) * (day - gap.hidden_first).days / hidden

    def x_after(self, day: dt.date) -> float:
        """Where a day ends."""
        return self.x(day + dt.timedelta(days=1)) if day < dt.date.max else self.right

    def centre(self, day: dt.date) -> float:
        return (self.x(day) + self.x_after(day)) / 2

    def pieces(self, start: dt.date, end: dt.date) -> list[Piece]:
        """Days start..end as drawn: one piece per shown stretch, and one per break they cross."""
        result = []
        for index, stretch in enumerate(self.stretches):
            if start <= stretch.last and end >= stretch.first:
                result.append(Piece(self.x(max(start, stretch.first)), self.x_after(min(end, stretch.last)), False))
            if index < len(self.breaks):
                gap = self.breaks[index]
                if start <= gap.hidden_last and end >= gap.hidden_first:
                    result.append(Piece(self.x(max(start, gap.hidden_first)),
                                        self.x_after(min(end, gap.hidden_last)), True))
        if not result:  # wholly before or after what is shown: a sliver at that edge
            x = self.left if end < self.stretches[0].first else self.right
            result.append(Piece(x, x, False))
        return result

    @cached_property
    def _firsts(self) -> list[dt.date]:
        return [stretch.first for stretch in self.stretches]


def plan_axis(occupied: Sequence[tuple[dt.date, dt.date]], left: float, right: float,
              metrics: AxisMetrics) -> Axis:
    """The axis for marks covering `occupied` (spans of days), drawn between x = left and x = right."""
    ranges = _shown_ranges(occupied, right - left, metrics)
    stretches = _place(ranges, left, right, metrics)
    ranges = _widen_outer_years(ranges, stretches, metrics)
    stretches = _place(ranges, left, right, metrics)
    breaks = tuple(Break(a.x_end, b.x_start, a.last + dt.timedelta(days=1), b.first - dt.timedelta(days=1))
                   for a, b in zip(stretches, stretches[1:]))
    axis = Axis(left, right, tuple(stretches), breaks, (), ())
    ticks, labels = _ticks_and_labels(axis, metrics)
    return Axis(left, right, axis.stretches, breaks, tuple(ticks), tuple(labels))


def _shown_ranges(occupied: Sequence[tuple[dt.date, dt.date]], room: float,
                  metrics: AxisMetrics) -> list[tuple[dt.date, dt.date]]:
    """Whole years with something in them, joined across short gaps; the outer ends trimmed to months."""
    years: set[int] = set()
    for start, end in occupied:
        years.update(range(start.year, end.year + 1))
    ordered = sorted(years)
    gaps = [(later - earlier - 1, index) for index, (earlier, later) in enumerate(zip(ordered, ordered[1:]))
            if later - earlier - 1 >= MIN_HIDDEN_YEARS]
    most_breaks = int(room * BREAKS_MAX_SHARE // metrics.break_width)
    kept = {index for _, index in sorted(gaps, key=lambda gap: (-gap[0], gap[1]))[:most_breaks]}
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for index, year in enumerate(ordered[1:]):
        if index in kept:
            runs.append([year, year])
        else:
            runs[-1][1] = year
    ranges = [(dt.date(first, 1, 1), dt.date(last, 12, 31)) for first, last in runs]
    earliest = min(start for start, _ in occupied)
    latest = max(end for _, end in occupied)
    ranges[0] = (max(ranges[0][0], earliest.replace(day=1)), ranges[0][1])
    ranges[-1] = (ranges[-1][0], min(ranges[-1][1], _month_end(latest)))
    return ranges


def _place(ranges: list[tuple[dt.date, dt.date]], left: float, right: float, metrics: AxisMetrics) -> list[Stretch]:
    """Stretches at one scale, except that none is narrower than the minimum; breaks between them."""
    room = right - left - metrics.break_width * (len(ranges) - 1)
    days = [(last - first).days + 1 for first, last in ranges]
    minimum = min(metrics.min_stretch, room / len(ranges))
    fixed = [False] * len(ranges)
    while True:  # each pass fixes at least one more stretch at the minimum, so this ends
        free_days = sum(d for d, f in zip(days, fixed) if not f)
        scale = (room - minimum * sum(fixed)) / max(free_days, 1)
        narrow = [i for i, d in enumerate(days) if not fixed[i] and d * scale < minimum]
        if not narrow:
            break
        for i in narrow:
            fixed[i] = True
    stretches, x = [], left
    for (first, last), day_count, at_minimum in zip(ranges, days, fixed):
        width = minimum if at_minimum else day_count * scale
        stretches.append(Stretch(first, last, x, x + width))
        x += width + metrics.break_width
    return stretches


def _widen_outer_years(ranges: list[tuple[dt.date, dt.date]], stretches: list[Stretch],
                       metrics: AxisMetrics) -> list[tuple[dt.date, dt.date]]:
    """Widen the first and last stretch by whole months, within their year, until the year's label fits."""
    ranges = list(ranges)
    first, last = ranges[0][0], ranges[-1][1]
    day_width = stretches[0].day_width
    needed = int(metrics.year_label_width(first.year) * 1.2 / day_width) + 1
    shown = (min(ranges[0][1], dt.date(first.year, 12, 31)) - first).days + 1
    if shown < needed:
        first = max(dt.date(first.year, 1, 1), (first - dt.timedelta(days=needed - shown)).replace(day=1))
    day_width = stretches[-1].day_width
    needed = int(metrics.year_label_width(last.year) * 1.2 / day_width) + 1
    shown = (last - max(ranges[-1][0], dt.date(last.year, 1, 1))).days + 1
    if shown < needed:
        last = min(dt.date(last.year, 12, 31), _month_end(last + dt.timedelta(days=needed - shown)))
    ranges[0] = (first, ranges[0][1])
    ranges[-1] = (ranges[-1][0], last)
    return ranges


def _ticks_and_labels(axis: Axis, metrics: AxisMetrics) -> tuple[list[Tick], list[AxisLabel]]:
    """A tick at every 1 January shown (and every month, where months are wide enough); their labels."""
    ticks: list[Tick] = []
    month_labels: list[AxisLabel] = []
    year_parts: list[tuple[int, float, float]] = []  # year, x where its shown part starts and ends
    for stretch in axis.stretches:
        month_width = 30.4 * stretch.day_width
        for year in range(stretch.first.year, stretch.last.year + 1):
            part_start = max(stretch.first, dt.date(year, 1, 1))
            part_end = min(stretch.last, dt.date(year, 12, 31))
            year_parts.append((year, axis.x(part_start), axis.x_after(part_end)))
            if part_start.month == 1 and part_start.day == 1:
                ticks.append(Tick(axis.x(part_start), True))
            if month_width < metrics.month_tick_room:
                continue
            for month in range(part_start.month, part_end.month + 1):
                day = dt.date(year, month, 1)
                if month > 1 and day >= part_start:
                    ticks.append(Tick(axis.x(day), False))
                if month_width >= metrics.month_label_width:
                    shown_from, shown_to = max(day, part_start), min(_month_end(day), part_end)
                    month_labels.append(AxisLabel((axis.x(shown_from) + axis.x_after(shown_to)) / 2,
                                                  MONTHS_SHORT[month], 0))
    year_row = 1 if month_labels else 0
    widest = max(metrics.year_label_width(year) for year, _, _ in year_parts)
    typical = max(x1 - x0 for _, x0, x1 in year_parts)
    step = next((s for s in YEAR_STEPS if s * typical >= widest * 1.3), YEAR_STEPS[-1])
    candidates = []
    for year, x0, x1 in year_parts:
        if step == 1:
            candidates.append(AxisLabel((x0 + x1) / 2, str(year), year_row))
        elif year % step == 0 and x0 > axis.left - 0.1 and _is_year_start(axis, year):
            candidates.append(AxisLabel(x0, str(year), year_row))
    taken = [(b.x_start, b.x_end) for b in axis.breaks]  # break labels sit below the axis in the breaks
    labels = month_labels + _without_collisions(candidates, taken, axis, metrics)
    return ticks, labels


def _is_year_start(axis: Axis, year: int) -> bool:
    day = dt.date(year, 1, 1)
    return any(stretch.first <= day <= stretch.last for stretch in axis.stretches)


def _without_collisions(candidates: list[AxisLabel], taken: list[tuple[float, float]], axis: Axis,
                        metrics: AxisMetrics) -> list[AxisLabel]:
    """Year labels left to right, each kept only if it fits the axis and clears the ones before it."""
    kept: list[AxisLabel] = []
    last_end = -float("inf")
    for label in candidates:
        half = metrics.year_label_width(int(label.text)) / 2
        start, end = label.x - half, label.x + half
        if start < axis.left - half or end > axis.right + half * 0.6 or start < last_end:
            continue
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        kept.append(label)
        last_end = end + metrics.label_size * 0.4
    return kept


def _month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
