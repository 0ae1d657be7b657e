"""Quizzes from the question bank: which questions, in which variants.

A module quiz asks one question about every fact of its module, with a
mix of kinds, plus its matching and ordering questions. The final exam
draws a set number of questions from every module in proportion to its
size. Variants hold the same questions in a different order with options
shuffled; the correct option's position is balanced across A-D.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from .curriculum import Curriculum
from .questions import KIND_TITLES, Bank, Kind, Question

SECTION_ORDER = [Kind.MULTIPLE_CHOICE, Kind.TRUE_FALSE, Kind.FILL_IN, Kind.MATCHING, Kind.ORDERING, Kind.SHORT_ANSWER]
KIND_SHARES = {Kind.MULTIPLE_CHOICE: 0.5, Kind.TRUE_FALSE: 0.2, Kind.FILL_IN: 0.15, Kind.SHORT_ANSWER: 0.15}
SECTION_INSTRUCTIONS = {
    Kind.MULTIPLE_CHOICE: "Circle the letter of the one correct answer.",
    Kind.TRUE_FALSE: "Circle True or False.",
    Kind.FILL_IN: "Write the missing words in the numbered blanks.",
    Kind.MATCHING: "Write the letter of the matching item next to each number.",
    Kind.ORDERING: "Number the events from 1 (earliest) to the last.",
    Kind.SHORT_ANSWER: "Answer in a few words.",
}
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    scope: str  # "Module 1 · Origins and launch", or "All modules"
    questions: tuple[Question, ...]

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Placed:
    """A question as it appears in one variant: its number and the order of its parts."""

    number: int
    question: Question
    options: tuple[str, ...] = ()  # multiple choice; matching's right column; ordering's shuffled events
    correct: int | None = None  # multiple choice: index of the right option
    left: tuple[str, ...] = ()  # matching's left column
    match_key: tuple[int, ...] = ()  # matching: for each left item, the index of its partner in `options`
    order_key: tuple[int, ...] = ()  # ordering: for each shown event, its position (0 = earliest)


@dataclass(frozen=True)
class Section:
    kind: Kind
    title: str
    instructions: str
    questions: tuple[Placed, ...]

    @property
    def points(self) -> int:
        return sum(p.question.points for p in self.questions)


@dataclass(frozen=True)
class Variant:
    quiz: Quiz
    letter: str
    sections: tuple[Section, ...]

    @property
    def placed(self) -> list[Placed]:
        return [p for section in self.sections for p in section.questions]


def module_quizzes(curriculum: Curriculum, bank: Bank, seed: int) -> list[Quiz]:
    quizzes = []
    for module in curriculum.modules:
        rng = random.Random(f"{seed}:quiz:{module.id}")
        singles = choose_kinds([bank.for_fact(f.id) for f in curriculum.facts_in(module.id)], rng)
        questions = tuple(singles + bank.group_questions(module.id))
        quizzes.append(Quiz(curriculum.module_slug(module), module.title,
                            f"Module {module.order} of {len(curriculum.modules)}", questions))
    return quizzes


def final_exam(curriculum: Curriculum, bank: Bank, seed: int, size: int) -> Quiz:
    """`size` questions from all modules: matching and ordering across modules, the rest in proportion."""
    rng = random.Random(f"{seed}:quiz:final")
    groups = _first_of_each_kind(bank.group_questions(None))[: max(0, size // 10)]
    single_count = max(0, min(size - len(groups), len(curriculum.facts)))
    weights = [len(curriculum.facts_in(module.id)) for module in curriculum.modules]
    shares = _largest_remainder(weights, single_count)
    chosen = []
    for module, share in zip(curriculum.modules, shares):
        facts = list(curriculum.facts_in(module.id))
        picked = sorted(rng.sample(range(len(facts)), share))
        chosen += [facts[i] for i in picked]
    singles = choose_kinds([bank.for_fact(f.id) for f in chosen], rng)
    return Quiz("final-exam", "Final exam", "All modules", tuple(singles + groups))


def _first_of_each_kind(questions: list[Question]) -> list[Question]:
    """One people matching, one abbreviation matching, one ordering question, if they exist."""
    firsts: dict[str, Question] = {}
    for question in questions:
        firsts.setdefault(question.id.split(":")[0], question)
    return list(firsts.values())


def _largest_remainder(weights: list[int], total: int) -> list[int]:
    """Split `total` in proportion to `weights`, never above a weight."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    exact = [w * total / whole for w in weights]
    shares = [min(int(e), w) for e, w in zip(exact, weights)]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for index in by_remainder * 2:
        if sum(shares) >= total:
            break
        if shares[index] < weights[index]:
            shares[index] += 1
    return shares


def choose_kinds(options: list[dict[Kind, list[Question]]], rng: random.Random) -> list[Question]:
    """One question per fact, choosing kinds to approach KIND_SHARES over the whole quiz."""
    used = {kind: 0 for kind in KIND_SHARES}
    false_used = true_used = 0
    chosen = []
    for position, available in enumerate(options, start=1):
        kinds = [kind for kind in KIND_SHARES if available.get(kind)]
        if not kinds:
            continue
        deficit = {kind: KIND_SHARES[kind] * position - used[kind] for kind in kinds}
        best = max(deficit.values())
        kind = rng.choice([k for k in kinds if deficit[k] == best])
        used[kind] += 1
        candidates = available[kind]
        if kind is Kind.TRUE_FALSE and len(candidates) > 1:
            want_false = false_used <= true_used
            candidates = [q for q in candidates if (q.truth is False) == want_false] or candidates
        question = candidates[0] if len(candidates) == 1 else rng.choice(candidates)
        if question.kind is Kind.TRUE_FALSE:
            false_used += question.truth is False
            true_used += question.truth is True
        chosen.append(question)
    return chosen


def make_variants(quiz: Quiz, count: int, seed: int) -> list[Variant]:
    return [make_variant(quiz, LETTERS[index], seed) for index in range(count)]


def make_variant(quiz: Quiz, letter: str, seed: int) -> Variant:
    rng = random.Random(f"{seed}:{quiz.id}:{letter}")
    by_kind: dict[Kind, list[Question]] = {}
    for question in quiz.questions:
        by_kind.setdefault(question.kind, []).append(question)
    ordered: list[tuple[Kind, list[Question]]] = []
    for kind in SECTION_ORDER:
        if kind in by_kind:
            questions = list(by_kind[kind])
            rng.shuffle(questions)
            ordered.append((kind, questions))
    multiple_choice = sum(len(qs) for kind, qs in ordered if kind is Kind.MULTIPLE_CHOICE)
    positions = balanced_positions(multiple_choice, rng)
    sections, number = [], 0
    for kind, questions in ordered:
        placed = []
        for question in questions:
            number += 1
            placed.append(_place(question, number, rng, positions))
        sections.append(Section(kind, KIND_TITLES[kind], SECTION_INSTRUCTIONS[kind], tuple(placed)))
    return Variant(quiz, letter, tuple(sections))


def balanced_positions(count: int, rng: random.Random, width: int = 4) -> list[int]:
    """Where the right option goes in each multiple-choice question: every position equally often (±1)."""
    positions: list[int] = []
    while len(positions) < count:
        block = list(range(width))
        rng.shuffle(block)
        positions += block
    return positions[:count]


def _place(question: Question, number: int, rng: random.Random, positions: list[int]) -> Placed:
    if question.kind is Kind.MULTIPLE_CHOICE:
        wrong = list(question.options[1:])
        rng.shuffle(wrong)
        target = positions.pop(0)
        options = wrong[:target] + [question.options[0]] + wrong[target:]
        return Placed(number, question, tuple(options), correct=target)
    if question.kind is Kind.MATCHING:
        lefts = list(question.pairs)
        rng.shuffle(lefts)
        rights = [right for _, right in question.pairs]
        rng.shuffle(rights)
        return Placed(number, question, tuple(rights), left=tuple(left for left, _ in lefts),
                      match_key=tuple(rights.index(right) for _, right in lefts))
    if question.kind is Kind.ORDERING:
        shown = list(question.sequence)
        for _ in range(10):
            rng.shuffle(shown)
            if shown != list(question.sequence):
                break
        return Placed(number, question, tuple(shown), order_key=tuple(question.sequence.index(e) for e in shown))
    return Placed(number, question)
