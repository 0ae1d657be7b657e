"""The question bank: every question the curriculum supports, with its facts and citations.

Each question is derived from facts (or people, terms and dated facts for
matching and ordering) and keeps their ids and citations, so every answer
key can say where its answer comes from. Choices that need chance (drawn
distractors) use a generator seeded by the build seed and the question's
id, so a question does not change when an unrelated fact does.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from .cloze import deletions, numbered_blanks
from .option_forms import form_distance
from .wording import comparable

if TYPE_CHECKING:
    from . import model as m
    from .curriculum import Curriculum

MIN_ORDER_GAP_DAYS = 14  # events to put in order must be at least this far apart
MATCH_SIZES = (4, 6)  # fewest and most pairs in a matching question
SAMPLE_FOR_DISTRACTORS = 24  # answers of the same type looked at when drawing distractors


class Kind(str, Enum):
    MULTIPLE_CHOICE = "multiple-choice"
    TRUE_FALSE = "true-false"
    FILL_IN = "fill-in"
    MATCHING = "matching"
    ORDERING = "ordering"
    SHORT_ANSWER = "short-answer"


KIND_TITLES = {
    Kind.MULTIPLE_CHOICE: "Multiple choice",
    Kind.TRUE_FALSE: "True or false",
    Kind.FILL_IN: "Fill in the blanks",
    Kind.MATCHING: "Matching",
    Kind.ORDERING: "Chronological order",
    Kind.SHORT_ANSWER: "Short answer",
}
POINTS = {Kind.MULTIPLE_CHOICE: 1, Kind.TRUE_FALSE: 1, Kind.SHORT_ANSWER: 2, Kind.ORDERING: 2}


@dataclass(frozen=True)
class Cite:
    """A citation as printed in a key: publisher, date, title and the quote."""

    source_id: str
    publisher: str
    date: str
    title: str
    quote: str


@dataclass(frozen=True)
class Question:
    """One question. Which fields are set depends on `kind`:

    multiple choice: `options` (correct first) and `correct` (always 0 here;
    variants shuffle); true/false: `truth`; fill-in: `blanks` (answers, in
    order); matching: `pairs`; ordering: `sequence` (correct order) with
    `sequence_dates`; short answer: `answer` and `accept`. `answer_forms` is
    what a paper must not show elsewhere: the answer in all its forms (for
    true/false, the fact's answer the statement turns on; for ordering, the
    events' dates).
    """

    id: str
    kind: Kind
    module_id: str | None
    fact_ids: tuple[str, ...]
    prompt: str
    explanation: str
    citations: tuple[Cite, ...]
    points: int
    answer: str = ""
    accept: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    truth: bool | None = None
    blanks: tuple[str, ...] = ()
    blank_forms: tuple[tuple[str, ...], ...] = ()  # fill-in: every accepted form of each blank, the answer first
    pairs: tuple[tuple[str, str], ...] = ()
    sequence: tuple[str, ...] = ()
    sequence_dates: tuple[str, ...] = ()
    sequence_sources: tuple[str, ...] = ()
    spares: tuple[str, ...] = ()  # matching: right-hand options that match no item, so no pair comes free
    answer_type: str | None = None  # the fact's answer type: numbers and dates are listed in order
    answer_forms: tuple[str, ...] = ()  # what the question asks for, in every form: shown by another, it cues

    def shown(self) -> tuple[str, ...]:
        """Every piece of text the question shows on paper: stem, options, items."""
        pieces = [self.prompt, *self.options, *self.sequence, *self.spares]
        for left, right in self.pairs:
            pieces += [left, right]
        return tuple(pieces)


@dataclass(frozen=True)
class Bank:
    """All questions, indexed by fact and by module."""

    questions: tuple[Question, ...]
    by_fact: dict[str, dict[Kind, list[Question]]] = field(repr=False)
    groups_by_module: dict[str | None, list[Question]] = field(repr=False, default_factory=dict)

    def for_fact(self, fact_id: str) -> dict[Kind, list[Question]]:
        return self.by_fact.get(fact_id, {})

    def group_questions(self, module_id: str | None) -> list[Question]:
        """Matching and ordering questions for one module (or, with None, across modules)."""
        return self.groups_by_module.get(module_id, [])


def cites(curriculum: Curriculum, citations: list[m.Citation]) -> tuple[Cite, ...]:
    out = []
    for citation in citations:
        source = curriculum.source(citation.source)
        out.append(Cite(source.id, source.publisher, source.published.shown(), source.title, citation.quote))
    return tuple(out)


def build_bank(curriculum: Curriculum, seed: int) -> Bank:
    """Every question the curriculum supports."""
    pool = AnswerPool(curriculum)
    questions: list[Question] = []
    by_fact: dict[str, dict[Kind, list[Question]]] = {}
    for fact in curriculum.facts:
        made = fact_questions(curriculum, fact, pool, seed)
        questions += made
        for question in made:
            by_fact.setdefault(fact.id, {}).setdefault(question.kind, []).append(question)
    groups: dict[str | None, list[Question]] = {}
    for scope in [*(module.id for module in curriculum.modules), None]:
        groups[scope] = matching_questions(curriculum, scope, seed) + ordering_questions(curriculum, scope)
        questions += groups[scope]
    return Bank(tuple(questions), by_fact, groups)


class AnswerPool:
    """Answers of all facts by answer type, to draw distractors of the same type."""

    def __init__(self, curriculum: Curriculum):
        self.by_type: dict[m.AnswerType, list[str]] = {}
        seen: set[tuple[m.AnswerType, str]] = set()
        for fact in curriculum.facts:
            if (fact.answer_type, comparable(fact.answer)) not in seen:
                seen.add((fact.answer_type, comparable(fact.answer)))
                self.by_type.setdefault(fact.answer_type, []).append(fact.answer)

    def distractors_for(self, fact: m.Fact, rng: random.Random, count: int = 3) -> list[str]:
        """Curated distractors first; then answers of other facts of the same type, never a right answer.

        Drawn distractors are the most alike in form and length among a seeded sample of the same type's
        answers, so no option stands out as the key (see `option_forms.form_distance`)."""
        excluded = {comparable(fact.answer), *(comparable(a) for a in fact.accept)}
        chosen = [d for d in fact.distractors if comparable(d) not in excluded][:count]
        excluded.update(comparable(d) for d in chosen)
        candidates = self.by_type.get(fact.answer_type, [])
        if len(chosen) < count and candidates:
            sample = rng.sample(range(len(candidates)), min(len(candidates), SAMPLE_FOR_DISTRACTORS))
            alike = sorted(sample, key=lambda index: (form_distance(fact.answer, candidates[index]), index))
            for index in alike:
                if comparable(candidates[index]) not in excluded:
                    chosen.append(candidates[index])
                    excluded.add(comparable(candidates[index]))
                if len(chosen) == count:
                    break
        return chosen


def fact_questions(curriculum: Curriculum, fact: m.Fact, pool: AnswerPool, seed: int) -> list[Question]:
    """The single-fact questions a fact supports: short answer always, others when possible.

    True/false comes only from facts with a curated false statement, as a pair: a paper may
    then key either, so a true statement never gives itself away by being the only form."""
    rng = random.Random(f"{seed}:{fact.id}")
    explanation = fact.explanation or fact.statement
    forms = (fact.answer, *fact.accept)
    common = dict(module_id=fact.module, fact_ids=(fact.id,), citations=cites(curriculum, fact.citations),
                  answer_type=fact.answer_type.value, answer_forms=forms)
    questions = [Question(f"short:{fact.id}", Kind.SHORT_ANSWER, prompt=fact.prompt, explanation=explanation,
                          points=POINTS[Kind.SHORT_ANSWER], answer=fact.answer, accept=tuple(fact.accept), **common)]
    distractors = pool.distractors_for(fact, rng)
    if len(distractors) == 3:
        questions.append(Question(f"mc:{fact.id}", Kind.MULTIPLE_CHOICE, prompt=fact.prompt, explanation=explanation,
                                  points=POINTS[Kind.MULTIPLE_CHOICE], answer=fact.answer,
                                  options=(fact.answer, *distractors), **common))
    if fact.false_statement:
        questions.append(Question(f"tf-true:{fact.id}", Kind.TRUE_FALSE, prompt=fact.statement,
                                  explanation=explanation, points=POINTS[Kind.TRUE_FALSE], truth=True, answer="True",
                                  **common))
        questions.append(Question(f"tf-false:{fact.id}", Kind.TRUE_FALSE, prompt=fact.false_statement,
                                  explanation=f"False. {fact.statement}", points=POINTS[Kind.TRUE_FALSE],
                                  truth=False, answer="False", **common))
    if fact.cloze and not has_list_blanks(fact.cloze):
        found = deletions(fact.cloze)
        blank_forms_ = tuple(blank_forms(fact, d.answer) for d in found)
        questions.append(Question(f"fill:{fact.id}", Kind.FILL_IN, prompt=numbered_blanks(fact.cloze),
                                  explanation=explanation, points=len(found), blanks=tuple(d.answer for d in found),
                                  blank_forms=blank_forms_, **{**common, "answer_forms": tuple(
                                      form for forms_ in blank_forms_ for form in forms_)}))
    return questions


def blank_forms(fact: m.Fact, blank: str) -> tuple[str, ...]:
    """Every form a blank accepts: the deleted words, and all of the fact's accepted answers when the
    blank is the fact's answer (so "NMI" fills the blank of "NATO Mission Iraq")."""
    answers = [fact.answer, *fact.accept]
    forms = [blank, *answers] if comparable(blank) in {comparable(a) for a in answers} else [blank]
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(comparable(form), form)
    return tuple(unique.values())


_LIST_JOINER = re.compile(r"\s*(?:,|,? and|,? or)\s*")


def has_list_blanks(cloze: str) -> bool:
    """True when two blanks are items of one list ("{{c1::a}}, {{c2::b}} and ..."): their order is free, so
    numbered blanks would mark a right answer wrong. Such facts are asked in other ways."""
    found = deletions(cloze)
    return any(_LIST_JOINER.fullmatch(cloze[a.end : b.start]) for a, b in zip(found, found[1:]))


MATCH_SPARES = 2  # right-hand options that match no item


def matching_questions(curriculum: Curriculum, scope: str | None, seed: int = 1) -> list[Question]:
    """People and roles, and abbreviations and expansions, in groups of four to six pairs.

    Each question also lists up to two spare right-hand options (roles or expansions of records not in
    it), so that the last pair is never settled by elimination."""
    people = [p for p in curriculum.people if scope is None or curriculum.home_module("person", p.id) == scope]
    terms = [t for t in curriculum.terms if t.expansion and
             (scope is None or curriculum.home_module("term", t.id) == scope)]
    groups = [
        ("people", "Match each person to the role the sources give.",
         [(p.name, p.role, p.citations, f"person:{p.id}") for p in people],
         [p.role for p in curriculum.people]),
        ("terms", "Match each abbreviation to what it stands for.",
         [(t.term, t.expansion, t.citations, f"term:{t.id}") for t in terms],
         [t.expansion for t in curriculum.terms if t.expansion]),
    ]
    questions = []
    for name, prompt, items, all_rights in groups:
        for number, chunk in enumerate(_chunks(items, *MATCH_SIZES), start=1):
            question_id = f"match-{name}:{scope or 'all'}:{number}"
            citations = cites(curriculum, [c for *_, cs, _ in chunk for c in cs[:1]])
            rights = [right for _, right, *_ in chunk]
            taken = {comparable(right) for right in rights}
            others = list(dict.fromkeys(r for r in all_rights if comparable(r) not in taken))
            spares = random.Random(f"{seed}:{question_id}").sample(others, min(MATCH_SPARES, len(others)))
            questions.append(Question(
                question_id, Kind.MATCHING, scope, tuple(ref for *_, ref in chunk),
                prompt=prompt, explanation="Each pair as the sources give it.", citations=citations,
                points=len(chunk), pairs=tuple((left, right) for left, right, *_ in chunk), spares=tuple(spares),
                answer_forms=tuple(rights)))
    return questions


def _chunks(items: list, smallest: int, largest: int) -> list[list]:
    """Split into groups of `smallest`..`largest`, as even as possible; too few items make none."""
    if len(items) < smallest:
        return []
    groups = -(-len(items) // largest)
    size, extra = divmod(len(items), groups)
    if size < smallest:  # e.g. 7 items: one group of 6 rather than 4 and 3
        groups, extra = len(items) // smallest, 0
        size = min(largest, len(items) // groups)
    out, start = [], 0
    for index in range(groups):
        end = start + size + (1 if index < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def ordering_questions(curriculum: Curriculum, scope: str | None) -> list[Question]:
    """Four or five dated events, far enough apart to order fairly."""
    facts = curriculum.dated_facts(scope)
    chosen = spaced_events(facts)
    if len(chosen) < 4:
        return []
    if len(chosen) > 5:
        step = (len(chosen) - 1) / 4
        chosen = [chosen[round(i * step)] for i in range(5)]
    citations = cites(curriculum, [f.citations[0] for f in chosen])
    return [Question(
        f"order:{scope or 'all'}", Kind.ORDERING, scope, tuple(f.id for f in chosen),
        prompt="Put these events in chronological order, earliest first.",
        explanation="Each event with its date as the sources give it.",
        citations=citations, points=POINTS[Kind.ORDERING],
        sequence=tuple(f.label for f in chosen), sequence_dates=tuple(f.date.label() for f in chosen),
        sequence_sources=tuple(c.publisher for c in citations), answer_forms=tuple(f.date.label() for f in chosen))]


def spaced_events(facts: list[m.Fact]) -> list[m.Fact]:
    """Events whose date spans do not overlap and lie at least MIN_ORDER_GAP_DAYS apart, earliest first."""
    chosen: list[m.Fact] = []
    labels: set[str] = set()
    for fact in facts:
        if fact.label in labels:
            continue
        if chosen and (fact.date.start - chosen[-1].date.end).days < MIN_ORDER_GAP_DAYS:
            continue
        chosen.append(fact)
        labels.add(fact.label)
    return chosen
