"""The timeline figure: marks that mean one thing each, an honest axis, labels that never overlap.

marks (what each event is, in dates) -> axis (which time is shown, where)
-> figure (one panel: eras, bands, stacked labels) -> layout (numbering,
panels that fit the page). Geometry only; the templates draw it.
"""

from .axis import Axis, AxisMetrics, Break, plan_axis
from .figure import Box, EraMark, EventMark, FigureStyle, Panel
from .layout import Timeline, layout_timeline
from .marks import Happening, MarkKind, event_happening, era_happening, mark_kind
from .measure import LabelText, Measure, TypstMeasure

__all__ = ["Axis", "AxisMetrics", "Box", "Break", "EraMark", "EventMark", "FigureStyle", "Happening", "LabelText",
           "MarkKind", "Measure", "Panel", "Timeline", "TypstMeasure", "era_happening", "event_happening",
           "layout_timeline", "mark_kind", "plan_axis"]
