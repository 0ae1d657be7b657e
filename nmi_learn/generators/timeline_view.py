"""The timeline handout's view: the figure laid out for the paper and for the screen, the chronology,
the periods, and the key to the sources, as plain data for the Typst and HTML templates.

Everything a learner reads is written for the learner: dates in words
("between January and November 2020"), how a date was worked out in a
short line, and the articles that report each event by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import model as m
from ..curriculum import Curriculum
from ..dates import MONTHS, FuzzyDate, Precision
from ..timeline import FigureStyle, MarkKind, Measure, Panel, TypstMeasure, layout_timeline, mark_kind
from ..timeline.figure import PlacedLabel
from ..timeline.sources import key_order, keys_for
from ..timeline.stacking import stack_rows

CM = 72 / 2.54
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 1.8 * CM, 1.7 * CM, 1.9 * CM  # as in common.typ
LANDSCAPE = {"a4": (841.89, 595.28), "letter": (792.0, 612.0), "a3": (1190.55, 841.89), "a2": (1683.78, 1190.55)}
TYPST_PAPERS = {"a4": "a4", "letter": "us-letter", "a3": "a3", "a2": "a2"}
SCALE = {"a4": 1.0, "letter": 1.0, "a3": 2 ** 0.5, "a2": 2.0}  # type grows with the paper: A3 is A4 times √2
LABEL_SIZE = 9.0  # event labels on A4, in points
TITLE_ROOM = 46.0  # the heading above the figure on A4, in points
CAPTION_ROOM = 16.0  # "Part 2 of 5: events 31–60, 1884–1890" above each panel of a figure in parts
LEGEND_LINES = 3  # the legend's lines about marks, before the key to the sources
INLINE_SOURCES = 12  # more sources than this are listed in a table at the end, not in the legend
SCREEN = FigureStyle(width=1088.0, label_size=13.0, panel_height=1100.0)  # the HTML figure, in CSS pixels


@dataclass(frozen=True)
class PageGeometry:
    """A landscape page for the timeline: its Typst paper name and the room it leaves the figure."""

    paper: str
    legend_characters: int = 0  # of the key to the sources, when it is part of the legend

    @property
    def scale(self) -> float:
        return SCALE[self.paper]

    @property
    def style(self) -> FigureStyle:
        width, height = LANDSCAPE[self.paper]
        width -= 2 * MARGIN_X
        size = LABEL_SIZE * self.scale
        room = height - MARGIN_TOP - MARGIN_BOTTOM
        key_lines = -(-self.legend_characters * 0.48 * size // width)  # a generous estimate of the wrapped key
        legend = ((LEGEND_LINES + key_lines) * 1.35 + 1.5) * size
        title, caption = TITLE_ROOM * self.scale, CAPTION_ROOM * self.scale
        return FigureStyle(width=width, label_size=size, panel_height=room - caption,
                           first_height=room - title - legend - caption, single_height=room - title - legend)


def timeline_data(curriculum: Curriculum, paper: str, measure: Measure | None = None) -> dict:
    """The view of the timeline handout, for printing on `paper` and for the screen."""
    measure = measure or TypstMeasure()
    page = PageGeometry(paper, _key_characters(curriculum))
    printed = layout_timeline(curriculum, page.style, measure)
    screen = layout_timeline(curriculum, SCREEN, measure)
    facts = {fact.id: fact for fact in curriculum.dated_facts()}
    colours = {lane.id: lane.colour for lane in printed.lanes}
    names = {lane.id: lane.label for lane in printed.lanes}
    sources = sorted((curriculum.source(source_id) for source_id in printed.source_keys),
                     key=lambda source: key_order(printed.source_keys[source.id]))
    chronology = [_chronology_row(item.number, facts[item.key], names[item.lane], colours[item.lane], curriculum,
                                  printed.source_keys) for item in printed.events]
    periods = [_period(era, curriculum, printed.source_keys) for era in curriculum.eras]
    years = [f.date.start.year for f in facts.values()] + [era.start.start.year for era in curriculum.eras]
    ends = [f.date.end.year for f in facts.values()] + [era.end.end.year for era in curriculum.eras if era.end]
    return {
        "title": "Timeline",
        "span": _years_text(min(years), max(years + ends)),
        "paper": TYPST_PAPERS[paper],
        "scale": page.scale,
        "size": page.style.label_size,
        "panels": [_panel_view(panel, colours) for panel in printed.panels],
        "screen_panels": [_panel_view(panel, colours) for panel in screen.panels],
        "lanes": [{"id": lane.id, "label": lane.label, "colour": lane.colour} for lane in printed.lanes],
        "kinds": sorted({row["kind"] for row in chronology} | ({"era"} if periods else set())),
        "has_derived": any(row["derived"] for row in chronology),
        "has_approximate": any(row["approximate"] for row in chronology),
        "has_breaks": any(panel.axis.breaks for panel in printed.panels),
        "sources": [{"key": printed.source_keys[s.id], "publisher": s.publisher, "title": s.title,
                     "date": s.published.date.label()} for s in sources],
        "sources_inline": len(sources) <= INLINE_SOURCES,
        "chronology": chronology,
        "periods": periods,
        "groups": _year_groups(chronology, periods),
        "event_count": len(chronology),
        "era_count": len(periods),
        "counts": f"{_count(len(chronology), 'event')} · {_count(len(periods), 'period')}",
    }


def _key_characters(curriculum: Curriculum) -> int:
    """How long the key to the sources is in the legend (0 when it is a table at the end instead)."""
    cited = {c.source for f in curriculum.dated_facts() for c in f.citations}
    cited |= {c.source for era in curriculum.eras for c in era.citations}
    sources = [s for s in curriculum.sources if s.id in cited]
    if len(sources) > INLINE_SOURCES:
        return 0
    return 60 + sum(len(s.publisher) + len(s.title) + len(s.published.date.label()) + 10 for s in sources)


def when_text(date: FuzzyDate, kind: MarkKind) -> str:
    """The date in words that say what the mark means: a day, a span the day lies in, or how long it lasted."""
    if kind is MarkKind.LASTING:
        last = date.last or date.first
        return f"from {date.first.label()} to {last.label()}"
    if date.last is None:
        return date.label()
    first, last = date.first, date.last
    if (first.precision is last.precision is Precision.DAY and first.start.month == last.start.month
            and first.start.year == last.start.year and not (first.approximate or last.approximate)):
        return date.label()  # "11–12 July 2018": a short run of days reads best as written
    if (first.precision is last.precision is Precision.MONTH and first.start.year == last.start.year
            and not (first.approximate or first.uncertain or last.approximate or last.uncertain)):
        return f"between {MONTHS[first.start.month]} and {MONTHS[last.start.month]} {first.start.year}"
    return f"between {first.label()} and {last.label()}"


def _chronology_row(number: int, fact: m.Fact, lane: str, colour: int, curriculum: Curriculum,
                    keys: dict[str, str]) -> dict:
    kind = mark_kind(fact)
    return {
        "number": number,
        "when": when_text(fact.date, kind),
        "kind": kind.value,
        "approximate": any(p.approximate or p.uncertain for p in (fact.date.first, fact.date.last) if p),
        "derived": fact.derived_from or "",
        "headline": fact.label,
        "statement": fact.statement,
        "note": fact.note or "",
        "lane": lane,
        "colour": colour,
        "sources": _sources(fact.citations, curriculum, keys),
        "year": fact.date.start.year,
        "start": fact.date.start.isoformat(),
        "end": fact.date.end.isoformat(),
    }


def _period(era: m.Era, curriculum: Curriculum, keys: dict[str, str]) -> dict:
    when = f"since {era.start.label()}" if era.end is None else f"from {era.start.label()} to {era.end.label()}"
    return {"id": era.id, "label": era.label, "when": when, "sources": _sources(era.citations, curriculum, keys),
            "year": era.start.start.year, "start": era.start.start.isoformat(),
            "end": era.end.end.isoformat() if era.end else "",
            "end_start": era.end.start.isoformat() if era.end else "",
            "ended": era.end.label() if era.end else ""}


def _sources(citations: list[m.Citation], curriculum: Curriculum, keys: dict[str, str]) -> list[dict]:
    """The articles that report a record, each once, in the order of their keys."""
    by_key = {keys[c.source]: curriculum.source(c.source).publisher for c in citations}
    return [{"key": key, "publisher": by_key[key]} for key in keys_for(citations, keys)]


def _label_view(label: PlacedLabel) -> dict:
    text, box = label.text, label.box
    return {"number": text.number, "text": text.text, "sources": text.sources, "strong": text.strong,
            "italic": text.italic, "plain": text.plain, "x": box.x, "y": box.y, "width": box.width,
            "height": box.height, "align": label.align}


def _pieces_view(pieces) -> list[dict]:
    return [{"x_start": p.x_start, "x_end": p.x_end, "style": p.style} for p in pieces]


def _panel_view(panel: Panel, colours: dict[str, int]) -> dict:
    axis = panel.axis
    return {
        "width": panel.width, "height": panel.height, "plot_left": panel.plot_left, "plot_right": panel.plot_right,
        "axis_y": panel.axis_y,
        "range": _years_text(panel.first.year, panel.last.year),
        "numbers": f"{panel.events[0].number}–{panel.events[-1].number}" if panel.events else "",
        "stretches": [{"x_start": s.x_start, "x_end": s.x_end} for s in axis.stretches],
        "breaks": [{"x_start": b.x_start, "x_end": b.x_end, "years": b.years, "label": b.label} for b in axis.breaks],
        "ticks": [{"x": t.x, "major": t.major} for t in axis.ticks],
        "axis_labels": [{"x": a.x, "text": a.text, "row": a.row} for a in axis.labels],
        "lanes": [{"id": lane.id, "label": lane.label, "colour": lane.colour, "y": lane.y, "height": lane.height}
                  for lane in panel.lanes],
        "eras": [{"id": era.era_id, "pieces": _pieces_view(era.pieces), "x_start": era.x_start, "x_end": era.x_end,
                  "y": era.y, "height": era.height, "continues_before": era.continues_before,
                  "continues_after": era.continues_after, "label": _label_view(era.label),
                  "label_inside": era.label_inside} for era in panel.eras],
        "events": [{"number": e.number, "kind": e.kind.value, "x": e.x, "x_start": e.x_start, "x_end": e.x_end,
                    "pieces": _pieces_view(e.pieces), "approximate": e.approximate, "derived": e.derived,
                    "continues_before": e.continues_before, "continues_after": e.continues_after, "y": e.y,
                    "colour": colours[e.lane], "label": _label_view(e.label), "label_on_mark": e.label_on_mark}
                   for e in panel.events],
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _years_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _year_groups(chronology: list[dict], periods: list[dict]) -> list[dict]:
    """The chronology for the vertical (phone) timeline: by year, with where periods begin and end.

    Each period gets a track beside the list, filled wherever an entry (or
    a run of years without events) falls within it.
    """
    entries = [{"type": "event", "order": 2, **row} for row in chronology]
    for period in periods:
        entries.append({"type": "period", "order": 1, **period})
        if period["end"]:
            entries.append({"type": "period-end", "order": 0, **period, "start": period["end_start"],
                            "year": dt.date.fromisoformat(period["end"]).year})
    entries.sort(key=lambda e: (e["start"], e["order"], e.get("number", 0)))
    spans = [(_ordinal(p["start"]), _ordinal(p["end"]) if p["end"] else dt.date.max.toordinal()) for p in periods]
    tracks = stack_rows(spans, 1)
    track_count = 1 + max(tracks, default=-1)

    def cells(start: int, end: int) -> list[str]:
        filled = [""] * track_count
        for period, (p_start, p_end), track in zip(periods, spans, tracks):
            if p_start <= end and start <= p_end:
                filled[track] = period["label"]
        return filled

    groups: list[dict] = []
    for entry in entries:
        if entry["type"] == "event":
            start, end = _ordinal(entry["start"]), _ordinal(entry["end"])
        else:
            start = end = _ordinal(entry["start"])
        entry = {**entry, "tracks": cells(start, end)}
        if not groups or groups[-1]["year"] != entry["year"]:
            previous = groups[-1]["year"] if groups else entry["year"] - 1
            quiet = None
            if entry["year"] - previous > 1:
                first, last = previous + 1, entry["year"] - 1
                quiet = {"years": _years_text(first, last),
                         "tracks": cells(dt.date(first, 1, 1).toordinal(), dt.date(last, 12, 31).toordinal())}
            groups.append({"year": entry["year"], "quiet": quiet, "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _ordinal(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()
