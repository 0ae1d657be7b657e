"""Which questions of a paper give each other away.

A question cues another when it shows (in its stem, statement, options or
items) any form of the other's answer: a name, a number, a year. Text is
compared as words, so "250" is found in "Besides 250 soldiers ..." but not in
"2500", quote marks, dashes, case and thousands separators do not count, and a
short capitalised answer that is also an English word ("IS", "US") is matched
only in capitals.

`Exposure` describes one question for this purpose; `CueIndex` holds the
questions already on a paper and says in time proportional to a question's own
text whether a new one may join them, so assembling a paper stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable

from . import model as m
from .seeds import normalise

_WORD = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+")
# Short capitalised answers that are also common words: matched only in capitals, so "IS" is not found in "is".
_COMMON_WORDS = frozenset("a am an as at be by do go he if in is it me my no of on or so to up us we".split())

Words = tuple[str, ...]
Place = tuple[Words, int]  # a piece of text and a position in it


@lru_cache(maxsize=1 << 16)  # prompts, options and statements recur across a fact's questions and papers
def words(text: str) -> Words:
    """The words of a text as compared for cueing: case-folded, numbers without thousands separators."""
    return tuple(_compared(word) for word in _WORD.findall(normalise(text)))


def _compared(word: str) -> str:
    if word[0].isdigit():
        return word.replace(",", "").rstrip(".")
    if word.isupper() and word.casefold() in _COMMON_WORDS:
        return word  # kept in capitals: only "IS" matches "IS"
    return word.casefold()


_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_LONGEST_ITEM = 4  # words: a list item is a name or a short phrase


def answer_forms(answers: Iterable[str]) -> tuple[Words, ...]:
    """Every form of an answer as words, and for a list answer ("Sweden, Finland and Australia") every
    pair of its items: a paper that shows "Sweden and Finland" elsewhere points at that key as surely as
    one that shows it whole."""
    forms = set()
    for answer in answers:
        forms.add(words(answer))
        items = [item.strip() for item in _LIST_SEPARATOR.split(answer) if item.strip()]
        if 2 <= len(items) <= 6 and all(len(words(item)) <= _LONGEST_ITEM for item in items):
            for first in items:
                for second in items:
                    if first != second:
                        forms.add(words(f"{first} and {second}"))
                        forms.add(words(f"{first} {second}"))
    return tuple(sorted(forms - {()}))


@dataclass(frozen=True)
class FactWords:
    """A fact as compared for "answer each other": its statement and its answer forms, as words."""

    id: str
    statement: Words
    answers: tuple[Words, ...]

    @classmethod
    def of(cls, fact: m.Fact) -> "FactWords":
        return cls(fact.id, words(fact.statement), answer_forms((fact.answer, *fact.accept)))

    @cached_property
    def statement_places(self) -> tuple[tuple[str, Place], ...]:
        """Each word of the statement with where it stands, for a paper's index."""
        return tuple((word, (self.statement, start)) for start, word in enumerate(self.statement))


@dataclass(frozen=True)
class Exposure:
    """What a question shows on paper, what would give it away, and which facts it asks about."""

    shows: tuple[Words, ...]  # each piece of visible text (stem, each option, each item), as words
    answers: tuple[Words, ...]  # every form of its answer, as words
    facts: tuple[FactWords, ...]

    @classmethod
    def of(cls, shown: Iterable[str], answers: Iterable[str], facts: Iterable[m.Fact | FactWords]) -> "Exposure":
        return cls(tuple(words(text) for text in shown), answer_forms(answers),
                   tuple(f if isinstance(f, FactWords) else FactWords.of(f) for f in facts))

    @cached_property
    def shown_places(self) -> tuple[tuple[str, Place], ...]:
        """Each word shown with where it stands, for a paper's index: worked out once per question."""
        return tuple((word, (piece, start)) for piece in self.shows for start, word in enumerate(piece))


def found_in(piece: Words, by_first: dict[str, list], words_of=lambda entry: entry) -> Iterable:
    """Every entry of `by_first` (keyed by the first of its words) whose words occur in the piece."""
    for start, word in enumerate(piece):
        for entry in by_first.get(word, ()):
            run = words_of(entry)
            if piece[start : start + len(run)] == run:
                yield entry


def shows_any(pieces: Iterable[Words], answers: Iterable[Words]) -> Words | None:
    """The first answer found as a run of words in any piece, or None."""
    by_first: dict[str, list[Words]] = {}
    for answer in answers:
        by_first.setdefault(answer[0], []).append(answer)
    for piece in pieces:
        for answer in found_in(piece, by_first):
            return answer
    return None


def _occurs(answer: Words, places: Iterable[Place]) -> bool:
    """Whether the answer is the run of words that starts at one of these places."""
    return any(piece[start : start + len(answer)] == answer for piece, start in places)


@dataclass
class CueIndex:
    """The questions placed on one paper so far, indexed so a candidate is checked against all at once.

    Shown text and statements are indexed by word: where each word occurs. Finding an answer then
    looks only where its first word occurs, and adding a question costs one entry per word it shows.
    """

    answers_by_first: dict[str, list[Words]] = field(default_factory=dict)
    shown_at: dict[str, list[Place]] = field(default_factory=dict)  # word -> where it is shown
    fact_ids: set[str] = field(default_factory=set)
    statement_at: dict[str, list[tuple[str, Place]]] = field(default_factory=dict)  # word -> placed fact, where
    fact_answers_by_first: dict[str, list[tuple[Words, str]]] = field(default_factory=dict)

    def conflict(self, candidate: Exposure) -> str | None:
        """Why the candidate cannot join the paper (None when it can)."""
        for fact in candidate.facts:
            if fact.id in self.fact_ids:
                return f"asks again about fact '{fact.id}'"
        for answer in candidate.answers:
            if _occurs(answer, self.shown_at.get(answer[0], ())):
                return f"its answer '{' '.join(answer)}' is shown by another question"
        for piece in candidate.shows:
            for answer in found_in(piece, self.answers_by_first):
                return f"it shows '{' '.join(answer)}', the answer of another question"
        for fact in candidate.facts:
            partner = self._answering_each_other(fact)
            if partner is not None:
                return f"fact '{fact.id}' and fact '{partner}' answer each other"
        return None

    def _answering_each_other(self, fact: FactWords) -> str | None:
        shows_its_answer = {placed for answer in fact.answers  # placed facts whose statement gives this answer
                            for placed, where in self.statement_at.get(answer[0], ()) if _occurs(answer, [where])}
        if not shows_its_answer:
            return None
        for _, other in found_in(fact.statement, self.fact_answers_by_first, words_of=lambda entry: entry[0]):
            if other in shows_its_answer:
                return other
        return None

    def add(self, exposure: Exposure) -> None:
        for answer in exposure.answers:
            self.answers_by_first.setdefault(answer[0], []).append(answer)
        shown_at, statement_at = self.shown_at, self.statement_at
        for word, place in exposure.shown_places:
            if word in shown_at:
                shown_at[word].append(place)
            else:
                shown_at[word] = [place]
        for fact in exposure.facts:
            self.fact_ids.add(fact.id)
            for word, place in fact.statement_places:
                if word in statement_at:
                    statement_at[word].append((fact.id, place))
                else:
                    statement_at[word] = [(fact.id, place)]
            for answer in fact.answers:
                self.fact_answers_by_first.setdefault(answer[0], []).append((answer, fact.id))
