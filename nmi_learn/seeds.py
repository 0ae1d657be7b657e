"""Seed articles: their text, and where a quote is found in it.

A quote must appear verbatim in its seed. Only whitespace, quote marks
and dashes are normalised, because those are what editors and
typesetters change without changing a word.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

_QUOTE_MARKS = {c: '"' for c in "“”„‟″«»"} | {c: "'" for c in "‘’‚‛′`"}
_DASHES = {c: "-" for c in "‐‑‒–—―−"}
_FOLD = _QUOTE_MARKS | _DASHES


def normalise(text: str) -> str:
    """Fold quote marks and dashes, and collapse whitespace to single spaces."""
    return _normalise_with_map(text)[0]


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text, and for each of its characters the offset it came from."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if not in_space and out:
                out.append(" ")
                origin.append(offset)
            in_space = True
            continue
        in_space = False
        out.append(_FOLD.get(char, char))
        origin.append(offset)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of the raw seed text."""

    start: int
    end: int


@dataclass(frozen=True)
class SeedText:
    """The text of one seed, indexed for quote lookup and line numbers."""

    text: str
    normalised: str = field(init=False, repr=False)
    origin: list[int] = field(init=False, repr=False)
    line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        normalised, origin = _normalise_with_map(self.text)
        starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        object.__setattr__(self, "normalised", normalised)
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "line_starts", starts)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def find_all(self, quote: str) -> list[Span]:
        """Every place the quote occurs, as spans of the raw text."""
        needle = normalise(quote)
        if not needle:
            return []
        spans = []
        at = self.normalised.find(needle)
        while at >= 0:
            end = at + len(needle) - 1
            spans.append(Span(self.origin[at], self.origin[end] + 1))
            at = self.normalised.find(needle, at + 1)
        return spans

    def find(self, quote: str) -> Span | None:
        """The first place the quote occurs, or None."""
        needle = normalise(quote)
        at = self.normalised.find(needle) if needle else -1
        if at < 0:
            return None
        return Span(self.origin[at], self.origin[at + len(needle) - 1] + 1)

    def longest_matching_prefix(self, quote: str) -> str:
        """The longest start of the quote found in the seed (to say where it diverges)."""
        needle = normalise(quote)
        low, high = 0, len(needle)
        while low < high:
            mid = (low + high + 1) // 2
            if needle[:mid] in self.normalised:
                low = mid
            else:
                high = mid - 1
        return needle[:low]

    def line_of(self, offset: int) -> int:
        """The 1-based line number of a raw offset."""
        return bisect.bisect_right(self.line_starts, offset)
