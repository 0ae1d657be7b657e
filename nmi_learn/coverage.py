"""Source coverage: is every sentence of every seed taught or set aside?

A sentence counts as cited when the quotes of the curriculum cover at
least half of its characters (so a two-word glossary quote does not make a
long sentence "taught"); it is set aside when `sources.yaml` marks all of
it as not taught. Everything else is reported as uncited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from . import model as m
from .curriculum import Curriculum
from .seeds import SeedText, Span

CITED_SHARE = 0.5

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "brig", "adm", "st", "no", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g",
    "i.e", "etc", "vs", "approx",
}
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


class Status(str, Enum):
    CITED = "cited"
    NOT_TAUGHT = "not taught"
    UNCITED = "uncited"


@dataclass(frozen=True)
class Sentence:
    line: int
    span: Span
    text: str
    status: Status
    share: float  # of the sentence's teachable characters covered by quotes
    cited_by: tuple[str, ...]  # ids of the records whose quotes touch it
    reason: str | None = None  # why it is not taught


@dataclass(frozen=True)
class SeedCoverage:
    source: m.Source
    seed: SeedText
    sentences: tuple[Sentence, ...]
    cited_spans: tuple[Span, ...]  # every quote's place, for highlighting

    def count(self, status: Status) -> int:
        return sum(1 for s in self.sentences if s.status is status)

    @property
    def accounted(self) -> float:
        """Share of sentences cited or set aside (1.0 when the seed is fully accounted for)."""
        if not self.sentences:
            return 1.0
        return 1 - self.count(Status.UNCITED) / len(self.sentences)


def split_sentences(text: str) -> list[Span]:
    """Sentences of a seed: each non-empty line, cut after . ! ? unless an abbreviation ends there."""
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        start = offset + len(line) - len(line.lstrip())
        end_of_line = offset + len(line.rstrip())
        for match in _BOUNDARY.finditer(text, start, end_of_line):
            mark = match.start()
            word = text[start:mark].split()[-1:] or [""]
            if text[mark] == "." and word[0].lower().lstrip("(\"“‘'") in ABBREVIATIONS:
                continue
            cut = mark + 1 + len(match.group(0)[1:].rstrip())  # keep closing quotes with the sentence
            spans.append(Span(start, cut))
            start = match.end()
        if text[start:end_of_line].strip():
            spans.append(Span(start, end_of_line))
        offset += len(line) + 1
    return spans


def seed_coverage(curriculum: Curriculum) -> list[SeedCoverage]:
    """Coverage of every seed, in the order of `sources.yaml`."""
    quotes: dict[str, list[tuple[str, str]]] = {source.id: [] for source in curriculum.sources}
    for record in (*curriculum.facts, *curriculum.people, *curriculum.terms, *curriculum.eras):
        for citation in record.citations:
            quotes[citation.source].append((record.id, citation.quote))
    return [_cover(source, curriculum.seeds[source.id], quotes[source.id]) for source in curriculum.sources]


def _cover(source: m.Source, seed: SeedText, quotes: list[tuple[str, str]]) -> SeedCoverage:
    cited: list[tuple[Span, str]] = [(span, record_id) for record_id, quote in quotes for span in seed.find_all(quote)]
    excluded = _excluded_spans(source, seed)
    cited_mask = _mask(len(seed.text), [span for span, _ in cited])
    excluded_mask = _mask(len(seed.text), [span for span, _ in excluded])
    sentences = []
    for span in split_sentences(seed.text):
        positions = [i for i in range(span.start, span.end) if not seed.text[i].isspace()]
        teachable = [i for i in positions if not excluded_mask[i]]
        by = tuple(sorted({rid for s, rid in cited if s.start < span.end and span.start < s.end}))
        line = seed.line_of(span.start)
        text = seed.text[span.start : span.end]
        if not teachable:
            reasons = sorted({reason for s, reason in excluded if s.start < span.end and span.start < s.end})
            sentences.append(Sentence(line, span, text, Status.NOT_TAUGHT, 0.0, by, "; ".join(reasons)))
            continue
        share = sum(cited_mask[i] for i in teachable) / len(teachable)
        status = Status.CITED if share >= CITED_SHARE else Status.UNCITED
        sentences.append(Sentence(line, span, text, status, share, by))
    return SeedCoverage(source, seed, tuple(sentences), tuple(sorted({s for s, _ in cited}, key=lambda s: s.start)))


def _excluded_spans(source: m.Source, seed: SeedText) -> list[tuple[Span, str]]:
    spans = []
    for exclusion in source.not_taught:
        reason = exclusion.reason.value
        if exclusion.lines is not None:
            first, last = exclusion.lines
            start = seed.line_starts[first - 1]
            end = seed.line_starts[last] - 1 if last < len(seed.line_starts) else len(seed.text)
            spans.append((Span(start, end), reason))
        else:
            spans.extend((span, reason) for span in seed.find_all(exclusion.text))
    return spans


def _mask(length: int, spans: list[Span]) -> bytearray:
    mask = bytearray(length)
    for span in spans:
        mask[span.start : span.end] = b"\x01" * (span.end - span.start)
    return mask
