"""One line per idea: a module's facts grouped so that a study guide never says a thing twice.

Facts are written one per card, so several facts often state one event (who
announced the expansion; that it came after a ministers' meeting). Two
statements state the same idea when most of the distinctive words of the
shorter one are in the longer one (the overlap coefficient of their word sets,
after dropping common words, attributions and the course's own name). Each idea
becomes one line: the fullest statement, with the sources of all its facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from . import model as m

SAME_IDEA = 0.6  # overlap at or above which two statements state the same idea
_STOP = frozenset("""
    a about above after again against all also an and any are as at be because been before being between both but by
    can could did do does during each few for from further had has have having he her here hers him his how i if in
    into is it its itself just least like many may me more most much must my no nor not now of off on once only or
    other our out over own same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will with would you your
    according said says say told reported reports report wrote writes described called named per cent
    """.split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=65536)  # a course repeats its words: each is stemmed once
def stem(word: str) -> str:
    """A crude stem, enough to match "expand" with "expansion" and "areas" with "area"."""
    word = _POSSESSIVE.sub("", word.casefold())
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word if word.isdigit() or len(word) <= 5 else word[:5]


def ignored_stems(phrases: Iterable[str]) -> frozenset[str]:
    """The stems of every word of `phrases`, to leave out of the words compared."""
    return frozenset(stem(word) for phrase in phrases for word in _WORD.findall(phrase))


def words_of(text: str, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The distinctive words of a text, stemmed: no common words, no words in `ignore`."""
    return _distinctive_words(text, ignored_stems(ignore))


def _distinctive_words(text: str, ignored: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text)
                     if w.casefold() not in _STOP and stem(w) not in ignored and len(w) > 1)


def statement_words(fact: m.Fact, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The distinctive words of a fact's statement; whose claim it is ("According to ...") does not count."""
    return _statement_words(fact, ignored_stems(ignore))


def _statement_words(fact: m.Fact, ignored: frozenset[str]) -> frozenset[str]:
    if fact.attribution:
        ignored = ignored | ignored_stems([fact.attribution])
    return _distinctive_words(fact.statement, ignored)


def overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """The overlap coefficient: shared words over the words of the smaller set."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


@dataclass(frozen=True)
class GuideLine:
    """One idea of a study guide: the statement shown, and every fact it stands for."""

    fact: m.Fact  # the fullest statement of the idea
    facts: tuple[m.Fact, ...]  # all facts that state it, the shown one included, in teaching order

    @property
    def citations(self) -> tuple[m.Citation, ...]:
        return tuple(citation for fact in self.facts for citation in fact.citations)


def ignored_words(course_title: str, publishers: Iterable[str]) -> tuple[str, ...]:
    """Words that say nothing about which idea a line states: the course's name and the publishers'."""
    return (course_title, *publishers)


def guide_lines(facts: Iterable[m.Fact], ignore: Iterable[str] = ()) -> list[GuideLine]:
    """Group facts into lines, one per idea, in the teaching order of each line's first fact.

    The fullest statements are placed first; each further fact joins the first line whose
    statement overlaps it by SAME_IDEA or more, else starts its own. So no two lines overlap
    that much, and the words a line drops are at most a small share of the fact that joined it.
    """
    facts = list(facts)
    ignored = ignored_stems(ignore)  # once for all facts: a course may have hundreds of publishers
    words = {fact.id: _statement_words(fact, ignored) for fact in facts}
    rank = {fact.id: position for position, fact in enumerate(facts)}
    groups: list[list[m.Fact]] = []
    for fact in sorted(facts, key=lambda f: (-len(words[f.id]), rank[f.id])):
        home = next((group for group in groups if overlap(words[group[0].id], words[fact.id]) >= SAME_IDEA), None)
        if home is None:
            groups.append([fact])
        else:
            home.append(fact)
    lines = [GuideLine(group[0], tuple(sorted(group, key=lambda f: rank[f.id]))) for group in groups]
    return sorted(lines, key=lambda line: rank[line.facts[0].id])
