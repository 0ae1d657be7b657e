"""Assembling a paper: which questions a quiz or exam asks, so that no item gives another away.

Rules, after the item-writing guidelines testing professionals use:
- no question shows another's answer (`cueing.CueIndex`), one fact is asked
  at most once, and two facts that answer each other are not both asked;
- kinds are mixed toward KIND_SHARES; true/false items are keyed True
  between 40% and 60% of the time; a multiple-choice key is the longest
  option no more often than chance.

Where the rules leave a fact out, the paper is shorter and `Assembly.left_out`
says which facts and why, for the build summary. Several seeded attempts are
made (fact orders, with and without the matching and ordering questions) and
the fullest paper wins, so the result depends only on the bank and the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Sequence

from .cueing import CueIndex, Exposure, FactWords, found_in
from .curriculum import Curriculum
from .questions import Kind, Question

KIND_SHARES = {Kind.MULTIPLE_CHOICE: 0.5, Kind.TRUE_FALSE: 0.2, Kind.FILL_IN: 0.15, Kind.SHORT_ANSWER: 0.15}
TRUE_SHARE = (0.4, 0.6)  # bounds of the share of true/false items keyed True
LONGEST_KEY_SHARE = 0.25  # chance, with four options: the key may be the longest option this often
ATTEMPTS = 6


@dataclass(frozen=True)
class Assembly:
    """The questions of one paper, and the facts the rules left out (fact id -> why)."""

    questions: tuple[Question, ...]
    left_out: tuple[tuple[str, str], ...] = ()


class Exposures:
    """How the cueing rules see each question, worked out once per question for one build."""

    def __init__(self, curriculum: Curriculum):
        self._curriculum = curriculum
        self._seen: dict[str, Exposure] = {}
        self._facts: dict[str, FactWords] = {}  # a fact is asked by several questions: its words once

    def __call__(self, question: Question) -> Exposure:
        if question.id not in self._seen:
            facts = [self._fact_words(i) for i in question.fact_ids if ":" not in i]
            self._seen[question.id] = Exposure.of(question.shown(), question.answer_forms, facts)
        return self._seen[question.id]

    def _fact_words(self, fact_id: str) -> FactWords:
        if fact_id not in self._facts:
            self._facts[fact_id] = FactWords.of(self._curriculum.fact(fact_id))
        return self._facts[fact_id]


def key_is_longest(question: Question) -> bool:
    """True when a multiple-choice key is longer than every distractor (a cue to the test-wise)."""
    return question.kind is Kind.MULTIPLE_CHOICE and len(question.options[0]) > max(map(len, question.options[1:]))


def true_false_target(count: int) -> tuple[int, int]:
    """The fewest and most True keys among `count` true/false items that keep within TRUE_SHARE."""
    low = next((k for k in range(count + 1) if k >= TRUE_SHARE[0] * count), count)
    high = max((k for k in range(count + 1) if k <= TRUE_SHARE[1] * count), default=0)
    return low, high


@dataclass
class _Paper:
    """A paper being assembled: its questions, their cue index and running counts."""

    exposure_of: Callable[[Question], Exposure]
    index: CueIndex
    chosen: list[Question]
    kinds: dict[Kind, int]
    true_keys: int = 0
    longest_keys: int = 0

    @classmethod
    def empty(cls, exposure_of: Callable[[Question], Exposure]) -> "_Paper":
        return cls(exposure_of, CueIndex(), [], {kind: 0 for kind in Kind})

    def why_not(self, question: Question) -> str | None:
        return self.index.conflict(self.exposure_of(question))

    def add(self, question: Question) -> None:
        self.index.add(self.exposure_of(question))
        self.chosen.append(question)
        self.kinds[question.kind] += 1
        self.true_keys += question.truth is True
        self.longest_keys += key_is_longest(question)

    @property
    def singles(self) -> int:
        return sum(self.kinds[kind] for kind in KIND_SHARES)


def _kind_order(paper: _Paper, available: dict[Kind, list[Question]], rng: random.Random) -> list[Kind]:
    """Kinds to try for the next fact, the one furthest below its share first."""
    position = paper.singles + 1
    kinds = [kind for kind in KIND_SHARES if available.get(kind)]
    deficit = {kind: KIND_SHARES[kind] * position - paper.kinds[kind] for kind in kinds}
    ties = {kind: rng.random() for kind in kinds}
    return sorted(kinds, key=lambda kind: (-deficit[kind], ties[kind]))


def _ranked(paper: _Paper, kind: Kind, questions: list[Question], rng: random.Random) -> list[Question]:
    """Questions of one kind for a fact, the one that keeps the paper balanced first."""
    if kind is Kind.TRUE_FALSE:
        falses = paper.kinds[Kind.TRUE_FALSE] - paper.true_keys
        want_true = paper.true_keys < falses or (paper.true_keys == falses and rng.random() < 0.5)
        return sorted(questions, key=lambda q: q.truth is not want_true)
    if kind is Kind.MULTIPLE_CHOICE and paper.longest_keys + 1 > LONGEST_KEY_SHARE * (paper.kinds[kind] + 1):
        return [q for q in questions if not key_is_longest(q)]  # a longest key now would exceed chance
    return list(questions)


BLOCK_WEIGHT = 1.5  # how much worse a question is for each fact still to be placed whose answer it shows


def _place_fact(paper: _Paper, available: dict[Kind, list[Question]], rng: random.Random,
                blocks: dict[str, frozenset[str]] | None = None, pending: set[str] | None = None) -> str | None:
    """Add one question about a fact; return why none could be added (None on success).

    Kinds are tried in the order that keeps the mix, but a question that would show the answer of a
    fact still to come ranks lower, so one item does not cost the paper another."""
    ranked = []
    for rank, kind in enumerate(_kind_order(paper, available, rng)):
        for position, question in enumerate(_ranked(paper, kind, available[kind], rng)):
            blocked = len(blocks.get(question.id, frozenset()) & pending) if blocks and pending else 0
            ranked.append((rank + BLOCK_WEIGHT * blocked, rank, position, question))
    reason = None
    for *_, question in sorted(ranked, key=lambda entry: entry[:3]):
        reason = paper.why_not(question)
        if reason is None:
            paper.add(question)
            return None
    return reason or "no question of a kind the paper can take"


def _attempt(candidates: Sequence[tuple[str, dict[Kind, list[Question]]]], groups: Sequence[Question],
             exposure_of: Callable[[Question], Exposure], rng: random.Random, size: int | None,
             groups_first: bool, blocks: dict[str, frozenset[str]]) -> tuple[_Paper, list[tuple[str, str]]]:
    paper = _Paper.empty(exposure_of)
    left_out: list[tuple[str, str]] = []
    pending = {fact_id for fact_id, _ in candidates}

    def add_groups() -> None:
        for question in groups:
            if (size is None or len(paper.chosen) < size) and paper.why_not(question) is None:
                paper.add(question)

    if groups_first:
        add_groups()
    for fact_id, available in candidates:
        if size is not None and len(paper.chosen) >= size:
            break
        pending.discard(fact_id)
        reason = _place_fact(paper, available, rng, blocks, pending)
        if reason is not None:
            left_out.append((fact_id, reason))
    if not groups_first:
        add_groups()
    return _balance_true_false(paper, candidates, left_out), left_out


def _balance_true_false(paper: _Paper, candidates: Sequence[tuple[str, dict[Kind, list[Question]]]],
                        left_out: list[tuple[str, str]]) -> _Paper:
    """Bring the share of true/false items keyed True within TRUE_SHARE: flip an item to its twin of the
    other truth, or, where the count allows no share within bounds (one or three items), ask one of their
    facts in another way, or leave it out."""
    available = dict(candidates)
    for _ in range(len(paper.chosen)):
        items = [q for q in paper.chosen if q.kind is Kind.TRUE_FALSE]
        low, high = true_false_target(len(items))
        if low <= paper.true_keys <= high:
            return paper
        surplus = [q for q in items if q.truth is (paper.true_keys > high)]
        for question in reversed(surplus):
            fact_id = question.fact_ids[0]
            rest = _Paper.empty(paper.exposure_of)
            for kept in paper.chosen:
                if kept is not question:
                    rest.add(kept)
            if low > high:  # no share fits this count: ask the fact another way
                others = {k: qs for k, qs in available.get(fact_id, {}).items() if k is not Kind.TRUE_FALSE}
                if _place_fact(rest, others, random.Random(question.id)) is not None:
                    left_out.append((fact_id, "a third true/false item would unbalance the keys"))
                paper = rest
                break
            twins = [q for q in available.get(fact_id, {}).get(Kind.TRUE_FALSE, []) if q.truth is not question.truth]
            if twins and rest.why_not(twins[0]) is None:
                rest.add(twins[0])
                paper = rest
                break
        else:
            return paper  # nothing can be flipped without cueing: keep the fuller paper
    return paper


def _score(paper: _Paper) -> tuple:
    """Fuller papers first; then balanced true/false keys, more kinds, a mix near KIND_SHARES, fewer long keys."""
    low, high = true_false_target(paper.kinds[Kind.TRUE_FALSE])
    balanced = low <= paper.true_keys <= high
    singles = max(paper.singles, 1)
    off_mix = sum(abs(paper.kinds[kind] / singles - share) for kind, share in KIND_SHARES.items())
    return (len(paper.chosen), balanced, sum(1 for count in paper.kinds.values() if count), -round(off_mix, 2),
            -paper.longest_keys)


def assemble(candidates: Sequence[tuple[str, dict[Kind, list[Question]]]], groups: Sequence[Question],
             exposure_of: Callable[[Question], Exposure], rng: random.Random, size: int | None = None) -> Assembly:
    """The fullest paper the rules allow from these facts (in the order given) and group questions.

    Attempts alternate between the given order and one where the facts most entangled with the others
    (whose answer others show, or who show others' answers) come last, as a greedy choice of items that
    do not cue each other does best when it takes the least entangled first. With `size`, a paper stops
    at that many questions."""
    blocks = _blocks(candidates, exposure_of) if size is None else {}  # with a size, spare facts abound
    orders = [list(candidates)]
    if size is None:  # a paper of every fact: the least entangled first
        entangled: dict[str, set[str]] = {fact_id: set() for fact_id, _ in candidates}
        for fact_id, kinds in candidates:
            for question in (q for qs in kinds.values() for q in qs):
                for other in blocks.get(question.id, ()):
                    entangled[fact_id].add(other)
                    entangled[other].add(fact_id)
        ties = {fact_id: rng.random() for fact_id, _ in candidates}
        orders.append(sorted(candidates, key=lambda c: (len(entangled[c[0]]), ties[c[0]])))
    best: tuple[tuple, _Paper, list[tuple[str, str]]] | None = None
    for attempt in range(ATTEMPTS):
        order = list(orders[attempt % len(orders)])
        if attempt >= len(orders):  # later attempts vary the orders a little
            _nudge(order, rng)
        paper, left_out = _attempt(order, groups, exposure_of, rng, size, attempt % 4 < 2, blocks)
        score = _score(paper)
        if best is None or score > best[0]:
            best = (score, paper, left_out)
    _, paper, left_out = best
    asked = {fact_id for q in paper.chosen for fact_id in q.fact_ids}
    return Assembly(tuple(paper.chosen), tuple((f, why) for f, why in left_out if f not in asked))


def _blocks(candidates: Sequence[tuple[str, dict[Kind, list[Question]]]],
            exposure_of: Callable[[Question], Exposure]) -> dict[str, frozenset[str]]:
    """For each question, the other facts of the pool whose answer it shows (found in one pass)."""
    owner: dict[tuple[str, ...], set[str]] = {}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for fact_id, kinds in candidates:
        for question in (q for qs in kinds.values() for q in qs):
            for answer in exposure_of(question).answers:
                if answer not in owner:
                    by_first.setdefault(answer[0], []).append(answer)
                owner.setdefault(answer, set()).add(fact_id)
    blocks = {}
    for fact_id, kinds in candidates:
        for question in (q for qs in kinds.values() for q in qs):
            shown = set()
            for piece in exposure_of(question).shows:
                for answer in found_in(piece, by_first):
                    shown |= owner[answer]
            shown.discard(fact_id)
            if shown:
                blocks[question.id] = frozenset(shown)
    return blocks


def _nudge(order: list, rng: random.Random) -> None:
    """Swap neighbours at random: a new order that keeps the given priorities roughly in place."""
    for index in range(len(order) - 1):
        if rng.random() < 0.5:
            order[index], order[index + 1] = order[index + 1], order[index]
