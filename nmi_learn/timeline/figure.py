"""One panel of the timeline figure: eras along the top, a band per actor, the axis below.

Every mark has its label beside it, after it (or, near the right edge,
before it). Marks with their labels are stacked in rows within their
actor's band, each in the first row free where it starts, so nothing
overlaps and placing n events costs O(n log n). Geometry is in points; the Typst and SVG templates draw it
as given.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Sequence

from .axis import Axis, AxisMetrics, plan_axis
from .marks import Happening, MarkKind
from .measure import LabelText
from .stacking import stack_rows


@dataclass(frozen=True)
class FigureStyle:
    """The figure's width, type size and the most height a panel may take, in points.

    A figure that fits `single_height` is one panel; otherwise the first
    panel may take `first_height` (it shares its page with the title and
    legend) and every other `panel_height`.
    """

    width: float
    label_size: float = 9.0
    panel_height: float = float("inf")
    first_height: float | None = None
    single_height: float | None = None

    @property
    def line(self) -> float:  # one line of label text
        return 1.3 * self.label_size

    @property
    def row_height(self) -> float:
        return self.line + 0.3 * self.label_size

    @property
    def item_gap(self) -> float:  # between two items in a row
        return 0.9 * self.label_size

    @property
    def label_gap(self) -> float:  # between a mark and its label
        return 0.3 * self.label_size

    @property
    def lane_pad(self) -> float:
        return 0.4 * self.label_size

    @property
    def era_height(self) -> float:
        return 1.55 * self.label_size

    @property
    def dot_radius(self) -> float:
        return 0.36 * self.label_size

    @property
    def lane_label_room(self) -> float:  # most of the width lane names may take
        return 0.15 * self.width

    @property
    def axis_metrics(self) -> AxisMetrics:
        return AxisMetrics(self.label_size)

    @property
    def axis_height(self) -> float:  # ticks and up to two rows of labels below the axis
        return 0.5 * self.label_size + 2 * self.line + 0.2 * self.label_size


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
class MarkPiece:
    """A stretch of a bar or whisker. style: solid, fade-in, fade-out, or cut (where it crosses a break)."""

    x_start: float
    x_end: float
    style: str


@dataclass(frozen=True)
class PlacedLabel:
    text: LabelText
    box: Box
    align: str  # "left": starts at box.x; "right": ends at box.x + box.width


@dataclass(frozen=True)
class EventMark:
    number: int
    fact_id: str
    lane: str
    kind: MarkKind
    x: float  # the point (a day, or the middle of the span the day lies in); for a bar, where it starts
    x_start: float  # where the whisker or bar starts ...
    x_end: float  # ... and ends
    pieces: tuple[MarkPiece, ...]
    approximate: bool
    derived: bool
    continues_before: bool  # a bar that began before this panel's stretch of time
    continues_after: bool
    y: float  # the mark's centre line
    label: PlacedLabel
    label_on_mark: bool = False  # a bar too long to label beside: the label sits on it, on a paper ground


@dataclass(frozen=True)
class EraMark:
    era_id: str
    pieces: tuple[MarkPiece, ...]
    x_start: float
    x_end: float
    continues_before: bool
    continues_after: bool
    open_end: bool
    y: float  # top of the band
    height: float
    label: PlacedLabel
    label_inside: bool  # the label sits on the band (else beside it)


@dataclass(frozen=True)
class LaneBand:
    id: str
    label: str
    colour: int  # index into the palette
    y: float
    height: float


@dataclass(frozen=True)
class Panel:
    width: float
    height: float
    plot_left: float
    plot_right: float
    first: dt.date  # the time this panel shows
    last: dt.date
    axis: Axis
    axis_y: float
    eras: tuple[EraMark, ...]
    lanes: tuple[LaneBand, ...]
    events: tuple[EventMark, ...]

    def label_boxes(self) -> list[Box]:
        return [event.label.box for event in self.events] + [era.label.box for era in self.eras]


@dataclass(frozen=True)
class Item:
    """An event or era to draw: what it is in dates, its label and the label's width."""

    key: str
    happening: Happening
    label: LabelText
    label_width: float
    lane: str = ""
    number: int = 0
    derived: bool = False


@dataclass(frozen=True)
class Lane:
    id: str
    label: str
    label_width: float  # of the name in bold, at the figure's label size
    colour: int


def layout_panel(events: Sequence[Item], eras: Sequence[Item], lanes: Sequence[Lane], style: FigureStyle,
                 window: tuple[dt.date, dt.date] | None = None) -> Panel:
    """Lay out one panel showing `events` (and the eras that overlap them), within `window` if given."""
    lane_column = min(style.lane_label_room, max((lane.label_width for lane in lanes), default=0) + style.label_size)
    plot_left, plot_right = lane_column, style.width - 0.3 * style.label_size
    occupied = [_clip(span, window) for item in list(events) + list(eras) for span in item.happening.occupied()]
    occupied = [span for span in occupied if span is not None]
    first, last = min(start for start, _ in occupied), max(end for _, end in occupied)
    axis = plan_axis(occupied, plot_left, plot_right, style.axis_metrics)
    shown = (axis.stretches[0].first, axis.stretches[-1].last)
    era_marks, y = _place_eras([era for era in eras if _overlaps(era.happening, shown)], axis, shown, style)
    bands, event_marks = [], []
    y += style.lane_pad if era_marks else 0
    for lane in lanes:
        in_lane = [event for event in events if event.lane == lane.id]
        if not in_lane:
            continue
        placed, rows = _place_lane(in_lane, axis, shown, plot_left, plot_right, y, style)
        lines = max(1, math.ceil(lane.label_width * 1.15 / (lane_column - style.label_size)))
        height = max(rows * style.row_height, lines * style.line) + 2 * style.lane_pad
        bands.append(LaneBand(lane.id, lane.label, lane.colour, y, height))
        event_marks += placed
        y += height
    return Panel(style.width, y + style.axis_height, plot_left, plot_right, first, last, axis, y,
                 tuple(era_marks), tuple(bands), tuple(sorted(event_marks, key=lambda e: e.number)))


def _clip(span: tuple[dt.date, dt.date], window: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    if window is None:
        return span
    start, end = max(span[0], window[0]), min(span[1], window[1])
    return (start, end) if start <= end else None


def _overlaps(happening: Happening, shown: tuple[dt.date, dt.date]) -> bool:
    end = dt.date.max if happening.open_end else happening.end
    return happening.start <= shown[1] and end >= shown[0]


def _pieces(happening: Happening, axis: Axis, shown: tuple[dt.date, dt.date]) -> list[MarkPiece]:
    """The bar or whisker of a mark, split where it crosses breaks; a lasting mark fades over uncertain ends."""
    if happening.kind is MarkKind.LASTING:
        day = dt.timedelta(days=1)
        end = shown[1] if happening.open_end else happening.end
        parts = [(happening.start, happening.start_by, "fade-in"),
                 (happening.start_by + day, happening.end_from - day, "solid"),
                 (happening.end_from, end, "fade-out")]
        if happening.open_end:
            parts = parts[:1] + [(happening.start_by + day, end, "solid")]
    else:
        parts = [(happening.start, happening.end, "solid")]
    pieces = []
    for start, end, style in parts:
        start, end = max(start, shown[0]), min(end, shown[1])
        if start > end or (style != "solid" and start == end):
            continue
        for piece in axis.pieces(start, end):
            pieces.append(MarkPiece(piece.x_start, piece.x_end, "cut" if piece.crosses_break else style))
    return pieces


@dataclass(frozen=True)
class _Draft:
    """A mark and its label, placed along x but not yet in a row."""

    item: Item
    pieces: tuple[MarkPiece, ...]
    x: float
    x_start: float
    x_end: float
    label_x: float
    align: str
    label_on_mark: bool = False

    @property
    def extent(self) -> tuple[float, float]:
        return min(self.x_start, self.label_x), max(self.x_end, self.label_x + self.item.label_width)


def _place_eras(eras: Sequence[Item], axis: Axis, shown: tuple[dt.date, dt.date],
                style: FigureStyle) -> tuple[list[EraMark], float]:
    """Era bands along the top, stacked so that no two bands or labels touch.

    A label goes inside its band where it fits, else after the band (or
    before it, near the right edge), so a band never looks longer than it is.
    """
    pad = 0.4 * style.label_size
    drafts = []
    for era in eras:
        pieces = tuple(_pieces(era.happening, axis, shown) or [MarkPiece(axis.left, axis.left, "solid")])
        x0, x1 = pieces[0].x_start, pieces[-1].x_end
        width = era.label_width
        before = style.label_size if era.happening.start < shown[0] else 0  # room for the arrows that say
        after = style.label_size if era.happening.open_end or era.happening.end > shown[1] else 0  # it runs on
        if width + 2 * pad + before + after <= x1 - x0:
            label_x, align, inside = x0 + pad + before, "left", True
        elif x1 + pad + width <= axis.right:
            label_x, align, inside = x1 + pad, "left", False
        else:
            label_x, align, inside = max(axis.left, x0 - pad - width), "right", False
        drafts.append(_Draft(era, pieces, x0, x0, x1, label_x, align, inside))
    rows = stack_rows([draft.extent for draft in drafts], style.item_gap)
    marks = []
    band = style.era_height + 0.3 * style.label_size
    for draft, row in zip(drafts, rows):
        y = row * band
        happening = draft.item.happening
        box = Box(draft.label_x, y + (style.era_height - style.line) / 2, draft.item.label_width, style.line)
        marks.append(EraMark(era_id=draft.item.key, pieces=draft.pieces, x_start=draft.x_start, x_end=draft.x_end,
                             continues_before=happening.start < shown[0],
                             continues_after=happening.open_end or happening.end > shown[1],
                             open_end=happening.open_end, y=y, height=style.era_height,
                             label=PlacedLabel(draft.item.label, box, draft.align), label_inside=draft.label_on_mark))
    return marks, (1 + max(rows, default=-1)) * band


def _place_lane(events: Sequence[Item], axis: Axis, shown: tuple[dt.date, dt.date], left: float, right: float,
                top: float, style: FigureStyle) -> tuple[list[EventMark], int]:
    """The events of one band, each mark with its label beside it (after it, or before it near the right edge)."""
    drafts = [_draft_event(event, axis, shown, left, right, style) for event in events]
    rows = stack_rows([draft.extent for draft in drafts], style.item_gap)
    marks = []
    for draft, row in zip(drafts, rows):
        event, happening = draft.item, draft.item.happening
        y = top + style.lane_pad + (row + 0.5) * style.row_height
        box = Box(draft.label_x, y - style.line / 2, event.label_width, style.line)
        marks.append(EventMark(number=event.number, fact_id=event.key, lane=event.lane, kind=happening.kind,
                               x=draft.x, x_start=draft.x_start, x_end=draft.x_end, pieces=draft.pieces,
                               approximate=happening.approximate, derived=event.derived,
                               continues_before=happening.start < shown[0], continues_after=happening.end > shown[1],
                               y=y, label=PlacedLabel(event.label, box, draft.align),
                               label_on_mark=draft.label_on_mark))
    return marks, 1 + max(rows, default=-1)


def _draft_event(event: Item, axis: Axis, shown: tuple[dt.date, dt.date], left: float, right: float,
                 style: FigureStyle) -> _Draft:
    """Where an event's mark goes, and its label: after the mark, else before it, else (a long bar) on it."""
    happening = event.happening
    pieces = tuple(_pieces(happening, axis, shown))
    if happening.kind is MarkKind.DAY:
        x = axis.centre(happening.start)
        x0, x1 = x - style.dot_radius, x + style.dot_radius
    else:
        x0, x1 = pieces[0].x_start, pieces[-1].x_end
        x = (x0 + x1) / 2 if happening.kind is MarkKind.WITHIN else x0
        x0, x1 = min(x0, x - style.dot_radius), max(x1, x + style.dot_radius)
        if happening.kind is MarkKind.LASTING and (happening.end > shown[1] or happening.open_end):
            x1 += style.label_size  # room for the arrow that says it runs on
    width = event.label_width
    if x1 + style.label_gap + width <= right:
        return _Draft(event, pieces, x, x0, x1, x1 + style.label_gap, "left")
    if x0 - style.label_gap - width >= left or happening.kind is not MarkKind.LASTING:
        return _Draft(event, pieces, x, x0, x1, max(left, x0 - style.label_gap - width), "right")
    return _Draft(event, pieces, x, x0, x1, min(x0 + 2 * style.label_gap, right - width), "left", label_on_mark=True)
