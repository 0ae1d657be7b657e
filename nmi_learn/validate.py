"""Cross-record rules. Each rule returns problems; every rule always runs.

Errors stop a build. Warnings are the card-writing rules a machine can
check (short answers, unambiguous prompts, attributed opinions); `--strict`
turns them into errors.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from . import model as m
from .cloze import cloze_problems
from .errors import Problem
from .loader import Located, RawCurriculum
from .seeds import invisible_difference
from .validate_content import CONTENT_RULES
from .validate_items import false_statements_alike, option_cues
from .validate_narrative import NARRATIVE_RULES
from .validate_output import RULES as OUTPUT_RULES

@dataclass
class Index:
    """The first record defined under each id, per kind."""

    sources: dict[str, Located[m.Source]]
    modules: dict[str, Located[m.Module]]
    facts: dict[str, Located[m.Fact]]
    people: dict[str, Located[m.Person]]
    terms: dict[str, Located[m.Term]]
    actors: dict[str, Located[m.Actor]]
    eras: dict[str, Located[m.Era]]

    @classmethod
    def of(cls, raw: RawCurriculum) -> "Index":
        def first(records: list[Located]) -> dict[str, Located]:
            by_id: dict[str, Located] = {}
            for located in records:
                by_id.setdefault(located.record.id, located)
            return by_id

        return cls(first(raw.sources), first(raw.modules), first(raw.facts), first(raw.people),
                   first(raw.terms), first(raw.actors), first(raw.eras))


Rule = Callable[[RawCurriculum, Index], Iterable[Problem]]

KIND_KEYS = {"source": "sources", "module": "modules", "fact": "facts", "person": "people", "term": "terms",
             "actor": "actors", "era": "eras"}


def validate(raw: RawCurriculum) -> list[Problem]:
    """All problems: those found while loading, then those of every rule."""
    index = Index.of(raw)
    problems = list(raw.problems)
    for rule in RULES:
        problems.extend(rule(raw, index))
    return sorted(set(problems), key=Problem.sort_key)


def duplicate_ids(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    kinds = [("source", raw.sources, index.sources), ("module", raw.modules, index.modules),
             ("fact", raw.facts, index.facts), ("person", raw.people, index.people),
             ("term", raw.terms, index.terms), ("actor", raw.actors, index.actors), ("era", raw.eras, index.eras)]
    for kind, records, first in kinds:
        for located in records:
            original = first[located.record.id]
            if original is not located:
                where = f"{original.origin.path.name}:{original.origin.line_of('id')}"
                yield located.origin.problem(
                    f"duplicate {kind} id '{located.record.id}' (first defined at {where})", "id")


def unique_module_order(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    seen: dict[int, str] = {}
    for located in index.modules.values():
        module = located.record
        if module.order in seen:
            yield located.origin.problem(
                f"module '{module.id}' has the same order ({module.order}) as module '{seen[module.order]}'", "order")
        seen.setdefault(module.order, module.id)


def citations_of(raw: RawCurriculum) -> Iterator[tuple[Located, int, m.Citation]]:
    """Every citation of every record kind, with its record and position."""
    for records in (raw.facts, raw.people, raw.terms, raw.eras):
        for located in records:
            for position, citation in enumerate(located.record.citations):
                yield located, position, citation


def known_references(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """Every id a record points to must exist."""
    def missing(kind: str, target: str, known: dict, located: Located, *sub) -> Iterator[Problem]:
        if target not in known and not raw.unknowable(KIND_KEYS[kind], target):
            yield located.origin.problem(f"unknown {kind} '{target}'{_suggest(target, known)}", *sub)

    for located, position, citation in citations_of(raw):
        yield from missing("source", citation.source, index.sources, located, "citations", position, "source")
    for located in raw.facts:
        fact = located.record
        if fact.module not in index.modules and not raw.unknowable("modules", fact.module):
            yield _module_problem(located, index)
        for field, kind, known in (("people", "person", index.people), ("terms", "term", index.terms),
                                   ("related", "fact", index.facts)):
            for position, target in enumerate(getattr(fact, field)):
                yield from missing(kind, target, known, located, field, position)
        if fact.actor is not None:
            yield from missing("actor", fact.actor, index.actors, located, "actor")
        if fact.id in fact.related:
            yield located.origin.problem("a fact cannot be related to itself", "related")
    for located in raw.eras:
        if located.record.actor is not None:
            yield from missing("actor", located.record.actor, index.actors, located, "actor")


def _module_problem(located: Located[m.Fact], index: Index) -> Problem:
    """Point at the fact's own `module:` or, when it inherits one, at the file's."""
    origin = located.origin
    own = origin.loc + ("module",) in origin.document.lines
    line = origin.line_of("module") if own else origin.document.line_of(("module",))
    module = located.record.module
    return Problem(origin.path, line, f"unknown module '{module}'{_suggest(module, index.modules)}")


def _suggest(target: str, known: dict) -> str:
    close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def quotes_in_seeds(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """Every quote occurs verbatim in its seed (whitespace, quote marks and dashes aside)."""
    for located, position, citation in citations_of(raw):
        seed = raw.seeds.get(citation.source)
        if seed is None or seed.contains(citation.quote):
            continue
        seed_file = index.sources[citation.source].record.file
        prefix = seed.longest_matching_prefix(citation.quote)
        invisible = invisible_difference(citation.quote, seed)
        if invisible is not None:
            hint = f"; {invisible}"
        elif len(prefix) >= 12:
            shown = prefix if len(prefix) <= 50 else "…" + prefix[-50:]
            hint = f'; it matches the seed up to "{shown}" and then differs'
        else:
            hint = "; its start does not occur in the seed"
        yield located.origin.problem(
            f"quote not found in seed {seed_file} (source '{citation.source}'){hint}",
            "citations", position, "quote")


def exclusions_in_seeds(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """Passages marked 'not taught' must exist in their seed."""
    for located in raw.sources:
        seed = raw.seeds.get(located.record.id)
        if seed is None:
            continue
        line_count = len(seed.lines)
        for position, exclusion in enumerate(located.record.not_taught):
            if exclusion.lines is not None and exclusion.lines[1] > line_count:
                yield located.origin.problem(
                    f"lines {exclusion.lines[0]}-{exclusion.lines[1]} run past the end of the seed "
                    f"({line_count} lines)", "not_taught", position, "lines")
            if exclusion.text is not None and not seed.contains(exclusion.text):
                yield located.origin.problem("text not found in the seed", "not_taught", position, "text")


def cloze_texts(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    for located in raw.facts:
        if located.record.cloze is not None:
            for message in cloze_problems(located.record.cloze):
                yield located.origin.problem(message, "cloze")


def answer_options(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """Distractors are wrong answers: never the answer, never repeated, at least three."""
    for located in raw.facts:
        fact = located.record
        correct = {m.comparable(fact.answer)} | {m.comparable(a) for a in fact.accept}
        seen: dict[str, int] = {}
        for position, distractor in enumerate(fact.distractors):
            key = m.comparable(distractor)
            if key in correct:
                yield located.origin.problem(
                    f"distractor '{distractor}' is the answer (or an accepted form of it)", "distractors", position)
            elif key in seen:
                yield located.origin.problem(
                    f"distractor '{distractor}' repeats distractor {seen[key] + 1}", "distractors", position)
            seen.setdefault(key, position)
        if 0 < len(fact.distractors) < 3:
            yield located.origin.problem(
                f"give at least 3 distractors for a multiple-choice question, or none "
                f"(found {len(fact.distractors)})", "distractors")
        if fact.false_statement is not None and m.comparable(fact.false_statement) == m.comparable(fact.statement):
            yield located.origin.problem("'false_statement' is the same as 'statement'", "false_statement")


def timeline_labels(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """A dated fact is a timeline event and needs a short label for the figure, one no other event has."""
    labelled: dict[str, str] = {}
    for located in raw.facts:
        if located.record.date is not None and located.record.label is None:
            yield located.origin.problem("a dated fact needs a 'label' (a few words for the timeline)", "date")
        if located.record.date is None or located.record.label is None:
            continue
        earlier = labelled.setdefault(m.comparable(located.record.label), located.record.id)
        if earlier != located.record.id:
            yield located.origin.problem(f"label is also the label of fact '{earlier}'; give each timeline event "
                                         "its own, so learners can tell them apart", "label", severity="warning")


def modules_have_facts(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    if "facts" in raw.unreadable:
        return
    used = {located.record.module for located in raw.facts}
    for module_id, located in index.modules.items():
        if module_id not in used:
            yield located.origin.problem(f"module '{module_id}' has no facts", "id", severity="warning")


def card_rules(raw: RawCurriculum, index: Index) -> Iterator[Problem]:
    """The minimum information principle, as far as a machine can check it."""
    rules = raw.course.record.card_rules if raw.course else m.CardRules()
    for located in raw.facts:
        yield from _card_problems(located, rules)


def _card_problems(located: Located[m.Fact], rules: m.CardRules) -> Iterator[Problem]:
    fact = located.record

    def warn(message: str, *sub) -> Problem:
        return located.origin.problem(message, *sub, severity="warning")

    words = len(fact.answer.split())
    if words > rules.max_answer_words or len(fact.answer) > rules.max_answer_chars:
        yield warn(f"answer is too long ({words} words, {len(fact.answer)} characters; keep it within "
                   f"{rules.max_answer_words} words and {rules.max_answer_chars} characters): split the fact "
                   "or make it a cloze", "answer")
    items = [part for part in re.split(r",|\band\b|;", fact.answer) if part.strip()]
    if len(items) > 3:
        yield warn(f"answer lists {len(items)} items; a single answer may list at most 3: split it or make "
                   "it a cloze", "answer")
    if not fact.prompt.rstrip().endswith("?"):
        yield warn("prompt should be a question ending with '?'", "prompt")
    for phrase in rules.vague_phrases:
        if re.search(rf"\b{re.escape(phrase)}\b", fact.prompt, flags=re.IGNORECASE):
            yield warn(f"prompt says '{phrase}': name what is meant, so the card is clear out of context", "prompt")
    if rules.require_distractors and not fact.distractors:
        yield warn("fact has no distractors; give at least 3 for multiple-choice questions", "answer")


RULES: list[Rule] = [
    duplicate_ids,
    unique_module_order,
    known_references,
    quotes_in_seeds,
    exclusions_in_seeds,
    cloze_texts,
    answer_options,
    timeline_labels,
    modules_have_facts,
    card_rules,
    option_cues,
    false_statements_alike,
    *CONTENT_RULES,
    *NARRATIVE_RULES,
]
RULES.extend(OUTPUT_RULES)  # what the outputs cannot represent: validate_output.py
