"""The timeline figure's layout: a time axis with long empty stretches compressed,
one lane per actor, eras as spans, and labels that never overlap.

This module computes geometry only (in points); the Typst and SVG renderers
draw it as given. Label widths are estimated generously from their length,
so the estimate errs towards more space, never towards overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from . import model as m
from .curriculum import Curriculum

PAD_DAYS = 100  # time shown around each event before a stretch counts as empty
COMPRESS_AFTER_DAYS = 540  # empty stretches longer than this are compressed
BREAK_WIDTH = 26.0  # width of a compressed stretch on the axis
SPAN_EVENT_DAYS = 400  # events longer than this are drawn as bars, not marks
LABEL_SIZE = 7.0  # font size of event labels
CHAR_WIDTH = 0.56  # estimated character width, in ems (generous for a serif text face)
ROW_HEIGHT = 11.0
LANE_GAP = 8.0
LANE_LABEL_WIDTH = 92.0
ERA_BAND = 16.0
AXIS_HEIGHT = 22.0
MARK_HEIGHT = 7.0
YEAR_LABEL_ROOM = 18.0  # a year is labelled when this much of it is shown
OTHER_LANE = "other"
LEADER_GAP = 0.5  # between a leader and the edge of its label


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: "Box") -> bool:
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)


@dataclass(frozen=True)
class Event:
    number: int  # in the chronology
    fact_id: str
    label: str  # the text drawn: "3. Al-Abadi first suggests the mission†"
    date_label: str
    lane: str
    x_start: float
    x_end: float
    y: float  # centre line of the mark
    approximate: bool
    derived: bool
    is_span: bool
    label_box: Box
    leader_x: float  # a thin line joins the mark to its label at this x
    label_align: str  # "left": the label starts at the leader; "right": it ends there


@dataclass(frozen=True)
class Span:
    label: str
    x_start: float
    x_end: float
    open_end: bool
    y: float
    label_box: Box


@dataclass(frozen=True)
class Lane:
    id: str
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Break:
    x_start: float
    x_end: float
    label: str  # "6 years"


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    plot_left: float
    lanes: tuple[Lane, ...]
    events: tuple[Event, ...]
    eras: tuple[Span, ...]
    ticks: tuple[Tick, ...]  # year labels
    boundaries: tuple[float, ...]  # x of each 1 January shown
    breaks: tuple[Break, ...]
    axis_y: float

    def label_boxes(self) -> list[Box]:
        return [e.label_box for e in self.events] + [s.label_box for s in self.eras]


@dataclass
class Axis:
    """Maps dates to x, proportionally within shown stretches, with empty stretches compressed."""

    segments: list[tuple[dt.date, dt.date, float, float]] = field(default_factory=list)  # date range -> x range

    def x(self, day: dt.date) -> float:
        for start, end, x0, x1 in self.segments:
            if day <= end or (start, end, x0, x1) == self.segments[-1]:
                if day < start:
                    return x0
                span = max((end - start).days, 1)
                return min(x1, x0 + (x1 - x0) * (day - start).days / span)
        return self.segments[-1][3]


def label_width(text: str, size: float = LABEL_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH + 4


def layout(curriculum: Curriculum, width: float) -> Layout:
    """The whole figure, `width` points wide."""
    facts = curriculum.dated_facts()
    plot_left = LANE_LABEL_WIDTH
    plot_right = width - 4
    axis, breaks = build_axis(facts, curriculum.eras, plot_left, plot_right)
    lane_ids = [actor.id for actor in curriculum.actors]
    if any(f.actor is None or f.actor not in lane_ids for f in facts):
        lane_ids.append(OTHER_LANE)
    lane_labels = {actor.id: actor.label for actor in curriculum.actors} | {OTHER_LANE: "Other"}

    eras, y = _place_eras(curriculum.eras, axis, plot_left, plot_right, top=2.0)
    lanes: list[Lane] = []
    events: list[Event] = []
    numbers = {fact.id: number for number, fact in enumerate(facts, start=1)}
    y += LANE_GAP
    for lane_id in lane_ids:
        lane_facts = [f for f in facts if (f.actor if f.actor in lane_ids else OTHER_LANE) == lane_id]
        if not lane_facts:
            continue
        placed, height = _place_lane(lane_facts, numbers, axis, lane_id, y, plot_left, plot_right)
        lanes.append(Lane(lane_id, lane_labels[lane_id], y, height))
        events += placed
        y += height + LANE_GAP
    axis_y = y
    ticks = _ticks(axis, breaks)
    return Layout(width, axis_y + AXIS_HEIGHT, plot_left, tuple(lanes), tuple(sorted(events, key=lambda e: e.number)),
                  tuple(eras), tuple(ticks), tuple(year_boundaries(axis)), tuple(breaks), axis_y)


def build_axis(facts: list[m.Fact], eras: tuple[m.Era, ...], left: float, right: float) -> tuple[Axis, list[Break]]:
    """Shown stretches around every event (and era ends); long gaps between them are compressed."""
    pad = dt.timedelta(days=PAD_DAYS)
    shown: list[tuple[dt.date, dt.date]] = []
    for fact in facts:
        if (fact.date.end - fact.date.start).days > SPAN_EVENT_DAYS:
            shown += [(fact.date.start - pad, fact.date.start + pad), (fact.date.end - pad, fact.date.end + pad)]
        else:
            shown.append((fact.date.start - pad, fact.date.end + pad))
    for era in eras:
        shown.append((era.start.start - pad, era.start.start + pad))
        if era.end is not None:
            shown.append((era.end.end - pad, era.end.end + pad))
    earliest = min(start for start, _ in shown)  # the padding need not reach back into an empty year
    first_january = dt.date(earliest.year + 1, 1, 1)
    shown = [(max(start, first_january), end) for start, end in shown]
    merged: list[list[dt.date]] = []
    for start, end in sorted(shown):
        if merged and (start - merged[-1][1]).days <= COMPRESS_AFTER_DAYS:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    gaps = len(merged) - 1
    days = sum((end - start).days for start, end in merged)
    scale = (right - left - gaps * BREAK_WIDTH) / max(days, 1)
    axis, breaks, x = Axis(), [], left
    for index, (start, end) in enumerate(merged):
        x_end = x + (end - start).days * scale
        axis.segments.append((start, end, x, x_end))
        if index < gaps:
            following = merged[index + 1][0]
            years = round((following - end).days / 365.25)
            breaks.append(Break(x_end, x_end + BREAK_WIDTH, f"{years} yr" if years else "gap"))
            x = x_end + BREAK_WIDTH
    return axis, breaks


def _place_eras(eras: tuple[m.Era, ...], axis: Axis, left: float, right: float, top: float) -> tuple[list[Span], float]:
    """Eras as bars in rows, a new row whenever a bar or its label would touch another."""
    rows: list[list[Box]] = []
    spans = []
    for era in eras:
        x0 = axis.x(era.start.start)
        x1 = axis.x(era.end.end) if era.end is not None else right
        text_width = label_width(era.label)
        label_x = min(max(x0 + 3, left), right - text_width)
        for row_index in range(len(rows) + 1):
            if row_index == len(rows):
                rows.append([])
            y = top + row_index * (ERA_BAND + 2)
            bar = Box(min(x0, label_x), y, max(x1, label_x + text_width) - min(x0, label_x), ERA_BAND)
            if not any(bar.overlaps(other) for other in rows[row_index]):
                rows[row_index].append(bar)
                break
        spans.append(Span(era.label, x0, x1, era.end is None, y + ERA_BAND / 2,
                          Box(label_x, y + 2, text_width, ERA_BAND - 4)))
    return spans, top + len(rows) * (ERA_BAND + 2)


@dataclass(frozen=True)
class _Draft:
    fact: m.Fact
    x0: float
    x1: float
    is_span: bool
    leader: float
    text: str
    width: float
    options: tuple[tuple[str, float], ...]  # (alignment, label x) that fit the plot


def _place_lane(facts: list[m.Fact], numbers: dict[str, int], axis: Axis, lane_id: str, top: float,
                left: float, right: float) -> tuple[list[Event], float]:
    """Marks on one line; labels below them in rows, each joined to its mark by a vertical leader.

    A label starts at its mark or ends there. Labels go in rows so that none
    overlaps another, no label sits on a leader, and no leader crosses a
    label; a few placement orders are tried and the one with fewest
    crossings (normally none), then fewest rows, wins.
    """
    mark_y = top + MARK_HEIGHT
    first_row_y = mark_y + MARK_HEIGHT / 2 + 3
    drafts = [_draft(fact, numbers[fact.id], axis, left, right) for fact in facts]
    best: tuple[tuple[int, int], list[_Placement]] | None = None
    for order in ("staircase", "descending", "ascending"):
        for prefer in ("left", "right"):
            attempt = _attempt(drafts, order, prefer, first_row_y)
            score = (sum(p.crossed for p in attempt), 1 + max(p.row for p in attempt))
            if best is None or score < best[0]:
                best = (score, attempt)
    events = [Event(numbers[p.draft.fact.id], p.draft.fact.id, p.draft.text, p.draft.fact.date.label(), lane_id,
                    p.draft.x0, p.draft.x1, mark_y, p.draft.fact.date.approximate,
                    p.draft.fact.derived_from is not None, p.draft.is_span, p.box, p.draft.leader, p.align)
              for p in best[1]]
    height = (first_row_y - top) + best[0][1] * ROW_HEIGHT + 2
    return events, height


def _draft(fact: m.Fact, number: int, axis: Axis, left: float, right: float) -> _Draft:
    x0, x1 = axis.x(fact.date.start), axis.x(fact.date.end)
    if x1 - x0 < 2.5:
        middle = (x0 + x1) / 2
        x0, x1 = middle - 1.25, middle + 1.25
    is_span = (fact.date.end - fact.date.start).days > SPAN_EVENT_DAYS
    leader = x0 + 2 if is_span else (x0 + x1) / 2
    text = f"{number}. {fact.label}{'†' if fact.derived_from else ''}"
    width = label_width(text)
    options = []  # a label starts just right of its leader, or ends just left of it
    if leader + LEADER_GAP + width <= right:
        options.append(("left", leader + LEADER_GAP))
    if leader - LEADER_GAP - width >= left:
        options.append(("right", leader - LEADER_GAP - width))
    if not options:  # wider than the plot on both sides: keep it inside, starting at the left
        options.append(("left", max(left, right - width)))
    return _Draft(fact, x0, x1, is_span, leader, text, width, tuple(options))


@dataclass(frozen=True)
class _Placement:
    draft: _Draft
    row: int
    box: Box
    align: str
    crossed: bool  # no clear row existed: a leader crosses a label (a last resort)


def _attempt(drafts: list[_Draft], order: str, prefer: str, first_row_y: float) -> list[_Placement]:
    """Greedy placement in one order, preferring one alignment."""
    if order == "staircase":  # labels that start at their mark right to left, then the others left to right
        starts = sorted((d for d in drafts if d.options[0][0] == "left"), key=lambda d: (-d.leader, d.text))
        ends = sorted((d for d in drafts if d.options[0][0] != "left"), key=lambda d: (d.leader, d.text))
        ordered = [replace(d, options=d.options[:1]) for d in starts + ends]
    else:
        ordered = sorted(drafts, key=lambda d: (d.leader if order == "ascending" else -d.leader, d.text))
    placed: list[tuple[int, Box, float]] = []
    result = []
    for draft in ordered:
        options = sorted(draft.options, key=lambda option: option[0] != prefer)
        for check_leaders in (True, False):
            candidates = []
            for align, x in options:
                row, box = _free_row(placed, x, first_row_y, draft.width, draft.leader, check_leaders)
                if row is not None:
                    candidates.append((row, align, box))
            if candidates:
                row, align, box = min(candidates, key=lambda c: c[0])
                break
        placed.append((row, box, draft.leader))
        result.append(_Placement(draft, row, box, align, crossed=not check_leaders))
    return result


def _free_row(placed: list[tuple[int, Box, float]], label_x: float, first_row_y: float, text_width: float,
              leader: float, check_leaders: bool) -> tuple[int | None, Box | None]:
    """The first row that keeps this label clear (of labels, and of leaders if asked), or None."""
    rows_in_use = 1 + max((row for row, _, _ in placed), default=-1)
    for row in range(rows_in_use + 1):
        box = Box(label_x, first_row_y + row * ROW_HEIGHT, text_width, ROW_HEIGHT - 1)
        if _row_is_free(placed, row, box, leader, check_leaders):
            return row, box
    return None, None


def _row_is_free(placed: list[tuple[int, Box, float]], row: int, box: Box, leader: float,
                 check_leaders: bool) -> bool:
    for other_row, other, other_leader in placed:
        if other_row == row and box.overlaps(other):
            return False
        if not check_leaders:
            continue
        if other_row > row and box.x < other_leader < box.x + box.width:
            return False  # this label would sit on another label's leader
        if other_row < row and other.x < leader < other.x + other.width:
            return False  # this label's leader would cross another label
    return True


def _ticks(axis: Axis, breaks: list[Break]) -> list[Tick]:
    """A tick at each new year shown; each year labelled in the middle of its shown part, if there is room."""
    ticks: list[Tick] = []
    for start, end, x0, x1 in axis.segments:
        for year in range(start.year, end.year + 1):
            left = max(x0, axis.x(max(start, dt.date(year, 1, 1))))
            right = min(x1, axis.x(min(end, dt.date(year, 12, 31))))
            if right - left >= YEAR_LABEL_ROOM:
                ticks.append(Tick((left + right) / 2, str(year)))
    return ticks


def year_boundaries(layout_axis: Axis) -> list[float]:
    """The x of every 1 January inside a shown stretch (drawn as tick marks)."""
    return [layout_axis.x(dt.date(year, 1, 1)) for start, end, _, _ in layout_axis.segments
            for year in range(start.year + 1, end.year + 1)]
