"""How wide each label is, measured by Typst with the font the handout is set in.

The layout needs real widths to keep labels apart without wasting room.
Typst shapes the text exactly as it will print; widths scale linearly with
the type size, so every label is measured once, at 10 pt, in one query.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Protocol, Sequence

from ..errors import OutputError
from ..render import TEMPLATES

MEASURED_AT = 10.0


@dataclass(frozen=True)
class LabelText:
    """The words of one label: '12 Iraqi parliament votes to expel foreign troops [R]'."""

    text: str
    number: str = ""  # the event's number in the chronology
    sources: str = ""  # keys of the articles that report it: "N, K, G"
    strong: bool = False  # bold (eras, lane names)
    italic: bool = False  # a date worked out from an article rather than stated in it

    @property
    def plain(self) -> str:
        parts = [self.number, self.text] + ([f"[{self.sources}]"] if self.sources else [])
        return " ".join(part for part in parts if part)


class Measure(Protocol):
    def __call__(self, labels: Sequence[LabelText], size: float) -> list[float]:
        """The width of each label, in points, at `size` points."""


class TypstMeasure:
    """Label widths from Typst's own text shaping (Libertinus Serif, embedded in Typst)."""

    def __init__(self) -> None:
        self._known: dict[LabelText, float] = {}

    def __call__(self, labels: Sequence[LabelText], size: float) -> list[float]:
        missing = list(dict.fromkeys(label for label in labels if label not in self._known))
        if missing:
            self._known.update(zip(missing, _typst_widths(missing)))
        return [self._known[label] * size / MEASURED_AT for label in labels]


def _typst_widths(labels: list[LabelText]) -> list[float]:
    import typst

    data = json.dumps({"labels": [asdict(label) for label in labels]}, ensure_ascii=False)
    try:
        answer = typst.query(str(TEMPLATES / "timeline-measure.typ"), "<widths>", field="value", one=True,
                             root=str(TEMPLATES), ignore_system_fonts=True, sys_inputs={"data": data})
    except typst.TypstError as exc:
        raise OutputError(f"timeline-measure.typ: Typst failed: {exc.message}") from None
    widths = json.loads(answer)
    if len(widths) != len(labels):
        raise OutputError("timeline-measure.typ: Typst measured a different number of labels than it was given")
    return [float(width) for width in widths]
