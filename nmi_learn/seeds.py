"""Seed articles: their text, and where a quote is found in it.

A quote must appear verbatim in its seed. Only whitespace, quote marks
and dashes are normalised, because those are what editors and
typesetters change without changing a word.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

_QUOTE_MARKS = {c: '"' for c in "“”„‟″«»"} | {c: "'" for c in "‘’‚‛′`"}
_DASHES = {c: "-" for c in "‐‑‒–—―−"}
_FOLD = _QUOTE_MARKS | _DASHES


_FOLD_TABLE = str.maketrans(_FOLD)
_RUNS = re.compile(r"\s+|\S+")


def normalise(text: str) -> str:
    """Fold quote marks and dashes, and collapse whitespace to single spaces."""
    return " ".join(text.translate(_FOLD_TABLE).split())


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text, and for each of its characters the offset it came from."""
    folded = text.translate(_FOLD_TABLE)  # one character for one: offsets are kept
    out: list[str] = []
    origin: list[int] = []
    for run in _RUNS.finditer(folded):
        if run.group().isspace():
            if out:
                out.append(" ")
                origin.append(run.start())
        else:
            out.append(run.group())
            origin.extend(range(run.start(), run.end()))
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of the raw seed text."""

    start: int
    end: int


class SeedText:
    """The text of one seed, indexed for quote lookup and line numbers.

    The normalised text is built at once (checking a quote needs only it);
    the map back to raw offsets, needed to place a quote, only on demand.
    """

    def __init__(self, text: str):
        self.text = text
        self.normalised = normalise(text)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    @cached_property
    def origin(self) -> list[int]:
        """For each character of the normalised text, the raw offset it came from."""
        return _normalise_with_map(self.text)[1]

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in self.normalised

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


def _is_invisible(char: str) -> bool:
    """Format characters: zero-width spaces and joiners, direction marks, soft hyphens, BOMs."""
    return unicodedata.category(char) == "Cf"


def _names(chars: list[str]) -> str:
    shown = [f"U+{ord(c):04X} ({unicodedata.name(c, 'format character').lower()})" for c in chars[:3]]
    return ", ".join(shown) + (f" and {len(chars) - 3} more" if len(chars) > 3 else "")


def _without_invisible(text: str) -> str:
    return "".join(c for c in text if not _is_invisible(c))


def invisible_difference(quote: str, seed: SeedText) -> str | None:
    """Why a quote that reads exactly like a passage of the seed still differs from it, if that is so.

    Two things make text differ where nothing visible does: invisible
    characters (U+200B zero-width space, U+200F right-to-left mark, ...) in
    one but not the other, and the same letters in another Unicode
    normalisation form ('é' as one character in NFC, e + U+0301 in NFD).
    """
    in_quote = list(dict.fromkeys(c for c in quote if _is_invisible(c)))
    bare_quote = _without_invisible(quote)
    if in_quote and seed.contains(bare_quote):
        return (f"the quote contains the invisible {_names(in_quote)}, which the seed does not have there; "
                "delete it from the quote")
    bare_seed = SeedText(_without_invisible(seed.text))
    if bare_seed.contains(bare_quote):
        marks = list(dict.fromkeys(c for c in seed.text if _is_invisible(c)))
        marks = [c for c in marks if SeedText(seed.text.replace(c, "")).contains(bare_quote)] or marks
        return (f"the seed has the invisible {_names(marks)} inside this passage, which the quote does not; "
                "copy the quote from the seed with it, or remove it from the seed")
    seed_nfc = SeedText(unicodedata.normalize("NFC", bare_seed.text))
    if seed_nfc.contains(unicodedata.normalize("NFC", bare_quote)):
        quote_form, seed_form = _form(bare_quote), _form(seed.text)
        return (f"the quote has the same letters in another Unicode normalisation form (the quote is in "
                f"{quote_form}, the seed in {seed_form}; an accented letter can be one character or a letter "
                "and a combining accent); save both files in NFC")
    return None


def _form(text: str) -> str:
    for form in ("NFC", "NFD"):
        if unicodedata.is_normalized(form, text):
            return form
    return "a mixed form"
