"""The HTML coverage report: each seed's text with cited, set-aside and uncited sentences marked."""

from __future__ import annotations

from dataclasses import dataclass

from ..coverage import SeedCoverage, Status, seed_coverage
from ..curriculum import Curriculum
from ..outputs import Artifact
from ..render import render_html


@dataclass(frozen=True)
class Piece:
    """A run of seed text with one look: inside or outside a sentence, quoted or not."""

    text: str
    quoted: bool


def generate(curriculum: Curriculum) -> list[Artifact]:
    coverages = seed_coverage(curriculum)
    seeds = [_seed_view(cov) for cov in coverages]
    totals = {status.value: sum(cov.count(status) for cov in coverages) for status in Status}
    html = render_html("coverage.html.j2", course=curriculum.course, seeds=seeds, totals=totals,
                       sentences=sum(len(cov.sentences) for cov in coverages))
    return [Artifact("reports", "coverage.html", html, "source coverage report")]


def _seed_view(cov: SeedCoverage) -> dict:
    """The seed's text cut into sentences and gaps, each cut into quoted and unquoted pieces."""
    text = cov.seed.text
    quoted = bytearray(len(text))
    for span in cov.cited_spans:
        quoted[span.start : span.end] = b"\x01" * (span.end - span.start)
    blocks, position = [], 0
    for sentence in cov.sentences:
        if sentence.span.start > position:
            blocks.append({"sentence": None, "pieces": [Piece(text[position : sentence.span.start], False)]})
        blocks.append({"sentence": sentence, "pieces": _pieces(text, quoted, sentence.span.start, sentence.span.end)})
        position = sentence.span.end
    if position < len(text):
        blocks.append({"sentence": None, "pieces": [Piece(text[position:], False)]})
    return {"coverage": cov, "blocks": blocks, "cited": cov.count(Status.CITED),
            "not_taught": cov.count(Status.NOT_TAUGHT), "uncited": cov.count(Status.UNCITED)}


def _pieces(text: str, quoted: bytearray, start: int, end: int) -> list[Piece]:
    pieces: list[Piece] = []
    run_start = start
    for i in range(start + 1, end + 1):
        if i == end or quoted[i] != quoted[run_start]:
            pieces.append(Piece(text[run_start:i], bool(quoted[run_start])))
            run_start = i
    return pieces
