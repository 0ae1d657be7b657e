"""The whole timeline: every dated fact and era as an item, laid out in as many panels as the page needs.

Events are numbered in date order. When everything fits the height of a
page the figure is one panel; otherwise the events are cut, in date order,
into panels that each fit, and each panel has its own axis (eras and bars
that run past a panel's edge are cut there and marked as continuing).
Every step is O(n log n) in the number of events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from .. import model as m
from ..curriculum import Curriculum
from .figure import FigureStyle, Item, Lane, Panel, layout_panel
from .marks import Happening, MarkKind, era_happening, event_happening
from .measure import LabelText, Measure
from .sources import keys_for, source_keys

OTHER_LANE = "other"
OTHER_LANE_LABEL = "Other"


@dataclass(frozen=True)
class Timeline:
    panels: tuple[Panel, ...]
    lanes: tuple[Lane, ...]
    events: tuple[Item, ...]  # numbered, in date order
    eras: tuple[Item, ...]
    source_keys: dict[str, str]  # source id -> key, for the sources the figure cites


def layout_timeline(curriculum: Curriculum, style: FigureStyle, measure: Measure) -> Timeline:
    """Every dated fact and era of the curriculum, laid out for `style`."""
    facts = curriculum.dated_facts()
    cited = {c.source for fact in facts for c in fact.citations} | {c.source for era in curriculum.eras
                                                                     for c in era.citations}
    keys = source_keys(source for source in curriculum.sources if source.id in cited)
    lane_ids = [actor.id for actor in curriculum.actors]
    known = set(lane_ids)
    event_labels = [LabelText(_event_text(fact), str(number), ", ".join(keys_for(fact.citations, keys)),
                              italic=fact.derived_from is not None) for number, fact in enumerate(facts, start=1)]
    era_labels = [LabelText(_era_text(era), sources=", ".join(keys_for(era.citations, keys)), strong=True)
                  for era in curriculum.eras]
    widths = measure(event_labels + era_labels, style.label_size)
    events = tuple(Item(fact.id, event_happening(fact), label, width,
                        fact.actor if fact.actor in known else OTHER_LANE, number, fact.derived_from is not None)
                   for number, (fact, label, width) in enumerate(zip(facts, event_labels, widths), start=1))
    eras = tuple(Item(era.id, era_happening(era), label, width)
                 for era, label, width in zip(curriculum.eras, era_labels, widths[len(facts):]))
    names = {actor.id: actor.label for actor in curriculum.actors} | {OTHER_LANE: OTHER_LANE_LABEL}
    used = {event.lane for event in events}
    lane_ids = [lane for lane in lane_ids + [OTHER_LANE] if lane in used]
    name_widths = measure([LabelText(names[lane], strong=True) for lane in lane_ids], style.label_size)
    lanes = tuple(Lane(lane, names[lane], width, colour)
                  for colour, (lane, width) in enumerate(zip(lane_ids, name_widths)))
    return Timeline(tuple(_panels(events, eras, lanes, style)), lanes, events, eras, keys)


def _event_text(fact: m.Fact) -> str:
    """The label drawn for an event; a bar also says from when to when, as a break may shorten it."""
    return f"{fact.label} ({_years(fact.date.start, fact.date.end)})" if fact.lasting else fact.label


def _era_text(era: m.Era) -> str:
    if era.end is None:
        return f"{era.label} (since {era.start.start.year})"
    return f"{era.label} ({_years(era.start.start, era.end.end)})"


def _years(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _panels(events: Sequence[Item], eras: Sequence[Item], lanes: Sequence[Lane], style: FigureStyle) -> list[Panel]:
    """One panel if everything fits; otherwise panels of consecutive events, each as full as fits.

    How many events fit is found by doubling from the last panel's count,
    then halving the difference: O(log k) layouts of k events per panel.
    """
    if not events:
        return [layout_panel([], eras, lanes, style)] if eras else []
    whole = layout_panel(events, eras, lanes, style)
    if whole.height <= (style.single_height or style.panel_height):
        return [whole]
    panels: list[Panel] = []
    start, guess = 0, 8
    while start < len(events):
        room = (style.first_height or style.panel_height) if not panels else style.panel_height
        fitting, panel = _largest_fitting(events, start, guess, eras, lanes, style, room)
        panels.append(panel)
        start, guess = start + fitting, fitting
    return panels


def _largest_fitting(events: Sequence[Item], start: int, guess: int, eras: Sequence[Item], lanes: Sequence[Lane],
                     style: FigureStyle, room: float) -> tuple[int, Panel]:
    """The most events from `start` on that fit a panel `room` high (at least one), and their panel."""
    def attempt(count: int) -> Panel | None:
        chosen = events[start:start + count]
        panel = layout_panel(chosen, eras, lanes, style, _window(chosen))
        return panel if panel.height <= room or count == 1 else None

    remaining = len(events) - start
    fits, fits_panel, fails = 0, None, remaining + 1
    count = max(1, min(guess, remaining))
    while fails - fits > 1:
        panel = attempt(count)
        if panel is not None:
            fits, fits_panel = count, panel
            count = min(count * 2, remaining) if fails > remaining else (fits + fails) // 2
            if fits == remaining:
                break
        else:
            fails = count
            count = (fits + fails) // 2 if fits else max(1, count // 2)
    return fits, fits_panel


def _window(events: Sequence[Item]) -> tuple[dt.date, dt.date]:
    """The time a panel of these events shows: all of each, except where a bar runs on past the rest."""
    happenings: list[Happening] = [event.happening for event in events]
    first = min(h.start for h in happenings)
    last = max(h.start_by if h.kind is MarkKind.LASTING else h.end for h in happenings)
    return first, last
