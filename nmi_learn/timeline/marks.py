"""What each thing on the timeline is, in dates: the kind of mark it gets and the days it may cover.

A mark means one thing: a point for an event on a known day; a point with a
whisker across its possible span for an event whose day is not known; a
solid bar only for something that lasted (an era, or a fact the curriculum
marks `lasting`). A lasting thing whose start or end is known only to a
month or a year fades in or out over that uncertain stretch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .. import model as m
from ..dates import FuzzyDate


class MarkKind(str, Enum):
    DAY = "day"  # a point: it happened on a known day
    WITHIN = "within"  # a point somewhere in a span: the day is not known
    LASTING = "lasting"  # a bar: it went on from its start to its end


@dataclass(frozen=True)
class Happening:
    """One event or era in date terms: the kind of mark, and the days it may cover.

    For a lasting thing, `start_by` is the latest day it can have started and
    `end_from` the earliest day it can have ended: it certainly went on in
    between. An era without an end (`open_end`) runs on past the figure.
    """

    key: str  # the fact's or era's id
    kind: MarkKind
    start: dt.date  # the earliest day it may have happened or begun
    end: dt.date  # the latest day it may have happened or ended
    start_by: dt.date
    end_from: dt.date
    approximate: bool  # "c." or "?" in the date: the span itself is not certain
    open_end: bool = False

    def occupied(self) -> list[tuple[dt.date, dt.date]]:
        """The stretches of time the axis must show for this mark.

        A lasting thing needs its start and its end; the years in between may
        fall in a break, which the bar then crosses.
        """
        if self.kind is not MarkKind.LASTING:
            return [(self.start, self.end)]
        spans = [(self.start, self.start_by)]
        if not self.open_end:
            spans.append((self.end_from, self.end))
        return spans


def mark_kind(fact: m.Fact) -> MarkKind:
    """The mark a dated fact gets: the curriculum says when it lasted; otherwise the date decides."""
    if fact.lasting:
        return MarkKind.LASTING
    return MarkKind.DAY if fact.date.start == fact.date.end else MarkKind.WITHIN


def event_happening(fact: m.Fact) -> Happening:
    date = fact.date
    kind = mark_kind(fact)
    start_by, end_from = _certain_part(date) if kind is MarkKind.LASTING else (date.start, date.end)
    return Happening(fact.id, kind, date.start, date.end, start_by, end_from, _approximate(date))


def era_happening(era: m.Era) -> Happening:
    end = era.end if era.end is not None else era.start
    approximate = _approximate(era.start) or (era.end is not None and _approximate(era.end))
    return Happening(era.id, MarkKind.LASTING, era.start.start, end.end, era.start.end,
                     end.start if era.end is not None else era.start.end, approximate, open_end=era.end is None)


def _certain_part(date: FuzzyDate) -> tuple[dt.date, dt.date]:
    """(latest possible start, earliest possible end) of something that lasted over an interval date.

    When the two ends' spans overlap ("2018/2018-06"), nothing is certain
    but that it began and ended around their meeting point.
    """
    last = date.last or date.first
    start_by, end_from = min(date.first.end, date.end), max(last.start, date.start)
    if start_by > end_from:
        middle = end_from + (start_by - end_from) / 2
        return middle, middle
    return start_by, end_from


def _approximate(date: FuzzyDate) -> bool:
    points = [date.first] + ([date.last] if date.last else [])
    return any(point.approximate or point.uncertain for point in points)
