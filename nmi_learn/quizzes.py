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

from . import model as m
from .curriculum import Curriculum
from .papers import Exposures, assemble
from .option_forms import value_order
from .questions import KIND_TITLES, Bank, Kind, Question
from .wording import counted

SECTION_ORDER = [Kind.MULTIPLE_CHOICE, Kind.TRUE_FALSE, Kind.FILL_IN, Kind.MATCHING, Kind.ORDERING, Kind.SHORT_ANSWER]
SECTION_INSTRUCTIONS = {
    Kind.MULTIPLE_CHOICE: "Circle the letter of the one correct answer.",
    Kind.TRUE_FALSE: "Circle True or False.",
    Kind.FILL_IN: "Write the missing words in the numbered blanks.",
    Kind.MATCHING: "Write in the blank before each item the letter of what matches it. Some letters match no item.",
    Kind.ORDERING: "Write a rank in the blank before each event: 1 for the earliest, 2 for the next, and so on.",
    Kind.SHORT_ANSWER: "Answer in a few words.",
}
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    scope: str  # "Module 1 of 8", or "All modules"
    questions: tuple[Question, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # facts the paper could not ask without cueing, and why
    requested: int | None = None  # the number of questions asked for (the exam), if any

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)

    def shortfall_note(self) -> str | None:
        """A line for the build summary when the paper is shorter than asked, or leaves facts out."""
        if self.requested is not None and len(self.questions) < self.requested:
            return (f"{self.id}: {len(self.questions)} questions, not {self.requested}: the bank "
                    f"holds no more that can share a paper without one giving another away")
        if self.left_out:
            shown = ", ".join(fact_id for fact_id, _ in self.left_out[:6]) + (", ..." if len(self.left_out) > 6 else "")
            them = "it" if len(self.left_out) == 1 else "them"
            return (f"{self.id}: {counted(len(self.left_out), 'fact')} not asked, "
                    f"as every question on {them} would give another away or be given away ({shown})")
        return None


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


def module_quizzes(curriculum: Curriculum, bank: Bank, seed: int, size: int | None = None) -> list[Quiz]:
    """A quiz per module: every fact of the module that can be asked without cueing, and its group questions;
    with `size`, at most that many questions, on facts drawn at random (seeded) from the module."""
    exposures = Exposures(curriculum)
    quizzes = []
    for module in curriculum.modules:
        rng = random.Random(f"{seed}:quiz:{module.id}")
        facts = list(curriculum.facts_in(module.id))
        groups = bank.group_questions(module.id)
        if size is not None:
            rng.shuffle(facts)
            groups = groups[: size // 10]  # as in the exam: a group question per ten
        candidates = [(fact.id, bank.for_fact(fact.id)) for fact in facts]
        assembly = assemble(candidates, groups, exposures, rng, size=size)
        quizzes.append(Quiz(curriculum.module_slug(module), module.title,
                            f"Module {module.order} of {len(curriculum.modules)}", assembly.questions,
                            assembly.left_out if size is None else (), requested=size))
    return quizzes


def final_exam(curriculum: Curriculum, bank: Bank, seed: int, size: int) -> Quiz:
    """`size` questions from all modules: matching and ordering across modules, the rest in proportion."""
    rng = random.Random(f"{seed}:quiz:final")
    groups = _first_of_each_kind(bank.group_questions(None))[: max(0, size // 10)]
    candidates = [(fact.id, bank.for_fact(fact.id)) for fact in _interleaved(curriculum, rng)]
    assembly = assemble(candidates, groups, Exposures(curriculum), rng, size=size)
    return Quiz("final-exam", "Final exam", "All modules", assembly.questions, requested=size)


def _interleaved(curriculum: Curriculum, rng: random.Random) -> list[m.Fact]:
    """Every fact, each module's in a seeded order, interleaved so that any first part of the list draws
    on the modules in proportion to their size."""
    keyed = []
    for rank, module in enumerate(curriculum.modules):
        facts = list(curriculum.facts_in(module.id))
        rng.shuffle(facts)
        keyed += [((index + 0.5) / len(facts), rank, fact) for index, fact in enumerate(facts)]
    return [fact for *_, fact in sorted(keyed, key=lambda item: item[:2])]


def _first_of_each_kind(questions: list[Question]) -> list[Question]:
    """One people matching, one abbreviation matching, one ordering question, if they exist."""
    firsts: dict[str, Question] = {}
    for question in questions:
        firsts.setdefault(question.id.split(":")[0], question)
    return list(firsts.values())


def make_variants(quiz: Quiz, count: int, seed: int) -> list[Variant]:
    """`count` variants; each asks in an order no earlier variant used, where the paper allows another."""
    variants: list[Variant] = []
    for index in range(count):
        orders = {tuple(p.question.id for p in variant.placed) for variant in variants}
        for attempt in range(8):
            variant = make_variant(quiz, LETTERS[index], seed, attempt)
            if tuple(p.question.id for p in variant.placed) not in orders:
                break
        variants.append(variant)
    return variants


def make_variant(quiz: Quiz, letter: str, seed: int, attempt: int = 0) -> Variant:
    rng = random.Random(f"{seed}:{quiz.id}:{letter}" + (f":{attempt}" if attempt else ""))
    by_kind: dict[Kind, list[Question]] = {}
    for question in quiz.questions:
        by_kind.setdefault(question.kind, []).append(question)
    ordered: list[tuple[Kind, list[Question]]] = []
    for kind in SECTION_ORDER:
        if kind in by_kind:
            questions = list(by_kind[kind])
            rng.shuffle(questions)
            ordered.append((kind, questions))
    choice = [q for kind, qs in ordered if kind is Kind.MULTIPLE_CHOICE for q in qs]
    positions = key_positions(choice, rng)
    sections, number = [], 0
    for kind, questions in ordered:
        placed = []
        for question in questions:
            number += 1
            placed.append(_place(question, number, rng, positions.get(question.id)))
        sections.append(Section(kind, KIND_TITLES[kind], SECTION_INSTRUCTIONS[kind], tuple(placed)))
    return Variant(quiz, letter, tuple(sections))


def key_positions(questions: list[Question], rng: random.Random, width: int = 4) -> dict[str, int]:
    """Where the key goes in each multiple-choice question: every position equally often (within one).

    Numbers and dates are listed in ascending order, which fixes their key's place; the other questions'
    keys fill the positions used least so far, so the paper stays balanced."""
    positions: dict[str, int] = {}
    used = [0] * width
    free = []
    for question in questions:
        ordered = value_order(question.options, question.answer_type)
        if ordered is None:
            free.append(question)
        else:
            positions[question.id] = ordered.index(question.options[0])
            used[positions[question.id]] += 1
    for question in free:
        fewest = min(used)
        position = rng.choice([i for i in range(width) if used[i] == fewest])
        positions[question.id] = position
        used[position] += 1
    return positions


def _place(question: Question, number: int, rng: random.Random, key_position: int | None) -> Placed:
    if question.kind is Kind.MULTIPLE_CHOICE:
        ordered = value_order(question.options, question.answer_type)
        if ordered is not None:
            return Placed(number, question, tuple(ordered), correct=ordered.index(question.options[0]))
        wrong = list(question.options[1:])
        rng.shuffle(wrong)
        options = wrong[:key_position] + [question.options[0]] + wrong[key_position:]
        return Placed(number, question, tuple(options), correct=key_position)
    if question.kind is Kind.MATCHING:
        lefts = list(question.pairs)
        rng.shuffle(lefts)
        rights = [right for _, right in question.pairs] + list(question.spares)
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
