"""Practice pages: which questions each page holds, as plain data for the page's script.

A module's page holds every question the bank has for that module; the
course page holds every single-fact question of every module plus the
matching and ordering questions drawn across modules (the modules' own
matching and ordering questions pair the same people, terms and events
again, so the course page leaves them out). Past COURSE_PAGE_LIMIT
questions, the course page holds a seeded selection that asks about as many
facts as it can, so a large curriculum still gives a page a phone can
open. The data keeps each question
whole, with its answer, explanation and citations, so the page can mark
an answer and show its source without any server.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass

from .curriculum import Curriculum
from .questions import KIND_TITLES, Bank, Kind, Question

COURSE_PAGE = "course"
COURSE_PAGE_LIMIT = 1200  # questions on the course page, at most
GROUP_KINDS = (Kind.MATCHING, Kind.ORDERING)
BLANK_MARK = re.compile(r"\((\d+)\) _{3,}")  # a numbered blank in a fill-in prompt: "(1) ________"
INSTRUCTIONS = {
    Kind.MULTIPLE_CHOICE: "Choose one answer.",
    Kind.TRUE_FALSE: "Is this statement true or false?",
    Kind.FILL_IN: "Type the missing words.",
    Kind.MATCHING: "Choose the right match for each item.",
    Kind.ORDERING: "Move each event with its Move up and Move down buttons.",
    Kind.SHORT_ANSWER: "Answer in a few words, then check your answer against the model answer.",
}


@dataclass(frozen=True)
class PracticePage:
    """One practice page: its file stem, its title, what it covers, and its questions."""

    id: str  # "module-01-origins", or "course"
    title: str  # "Origins and launch", or "Whole course"
    label: str  # "Module 1: Origins and launch", or "Whole course"
    scope: str  # "Module 1 of 8", or "All modules"
    questions: tuple[Question, ...]
    available: int  # how many questions the bank has for the page (more than it holds if a selection)


def practice_pages(curriculum: Curriculum, bank: Bank, seed: int, which: str = "all") -> list[PracticePage]:
    """A page per module (unless `which` is "exam") and one for the whole course (unless it is "modules")."""
    pages = []
    if which in ("all", "modules"):
        by_module: dict[str | None, list[Question]] = {}
        for question in bank.questions:
            by_module.setdefault(question.module_id, []).append(question)
        count = len(curriculum.modules)
        for module in curriculum.modules:
            questions = tuple(q for q in by_module.get(module.id, []) if markable(q))
            label = _module_label(curriculum, module.id)
            pages.append(PracticePage(curriculum.module_slug(module), module.title, label,
                                      f"Module {module.order} of {count}", questions, len(questions)))
    if which in ("all", "exam"):
        singles = [q for q in bank.questions if q.kind not in GROUP_KINDS and markable(q)]
        groups = [q for q in bank.questions if q.kind in GROUP_KINDS and q.module_id is None and markable(q)]
        room = max(0, COURSE_PAGE_LIMIT - len(groups))
        chosen = singles if len(singles) <= room else broad_selection(singles, room, random.Random(f"{seed}:practice"))
        pages.append(PracticePage(COURSE_PAGE, "Whole course", "Whole course", "All modules",
                                  tuple(chosen + groups), len(singles) + len(groups)))
    return [page for page in pages if page.questions]


def broad_selection(questions: list[Question], count: int, rng: random.Random) -> list[Question]:
    """`count` questions that ask about as many facts as possible: one question on each fact (in a
    random order of facts) before a second on any; the chosen ones keep the bank's order."""
    by_fact: dict[str, list[int]] = {}
    for position, question in enumerate(questions):
        by_fact.setdefault(question.fact_ids[0] if question.fact_ids else question.id, []).append(position)
    queues = list(by_fact.values())
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    chosen: list[int] = []
    for depth in range(max(len(queue) for queue in queues)):
        chosen += [queue[depth] for queue in queues if depth < len(queue)][: count - len(chosen)]
    return [questions[position] for position in sorted(chosen)]


def markable(question: Question) -> bool:
    """Whether a learner's answer to the question can be marked on the page (the bank's data is complete)."""
    if question.kind is Kind.MULTIPLE_CHOICE:
        return len(question.options) >= 2 and question.answer in question.options
    if question.kind is Kind.TRUE_FALSE:
        return question.truth is not None
    if question.kind is Kind.FILL_IN:
        return bool(question.blanks)
    if question.kind is Kind.MATCHING:
        return len(question.pairs) >= 2
    if question.kind is Kind.ORDERING:
        return len(question.sequence) >= 2
    return bool(question.answer)


def page_data(curriculum: Curriculum, page: PracticePage) -> dict:
    """Everything the page's script needs, as JSON-ready data.

    What several questions share is stored once: the evidence of a fact (explanation,
    citations, notes on the sources), each quote, each source, and each kind's wording.
    """
    tables = _Tables()
    questions = [_question_data(curriculum, question, tables, with_module=page.id == COURSE_PAGE)
                 for question in page.questions]
    cited = {source_id for source_id, _ in tables.quotes}
    sources = [source for source in curriculum.sources if source.id in cited]
    source_index = {source.id: number for number, source in enumerate(sources)}
    kinds = sorted({question.kind for question in page.questions}, key=list(Kind).index)
    content = {
        "questions": questions,
        "evidence": [{"explanation": explanation, "cites": list(cites), "notes": list(notes)}
                     for explanation, cites, notes in tables.evidence],
        "quotes": [[source_index[source_id], quote] for source_id, quote in tables.quotes],
        "sources": [{"publisher": s.publisher, "title": s.title, "date": s.published.shown(),
                     "basis": s.published.basis} for s in sources],
        "kinds": {kind.value: {"title": KIND_TITLES[kind], "instructions": INSTRUCTIONS[kind]} for kind in kinds},
        "modules": list(tables.modules),
    }
    digest = hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()[:16]
    prefix = f"nmi-learn:{curriculum.course.id}:practice:{page.id}:"
    return {**content, "storage": {"prefix": prefix, "key": prefix + digest}}


class _Tables:
    """Numbered tables of what questions share; each `index_of` gives an entry's number, adding it once."""

    def __init__(self) -> None:
        self.quotes: dict[tuple[str, str], int] = {}
        self.evidence: dict[tuple[str, tuple[int, ...], tuple[str, ...]], int] = {}  # explanation, quotes, notes
        self.modules: dict[str, int] = {}

    @staticmethod
    def index_of(table: dict, entry) -> int:
        return table.setdefault(entry, len(table))


def _question_data(curriculum: Curriculum, question: Question, tables: _Tables, with_module: bool) -> dict:
    evidence = ("" if question.explanation == question.prompt else question.explanation,
                tuple(tables.index_of(tables.quotes, (cite.source_id, cite.quote)) for cite in question.citations),
                tuple(_source_notes(curriculum, question)))
    data: dict = {
        "id": question.id,
        "kind": question.kind.value,
        "prompt": question.prompt if question.kind is not Kind.FILL_IN else None,  # fill-in: in "parts"
        "points": question.points,
        "facts": list(question.fact_ids),
        "evidence": tables.index_of(tables.evidence, evidence),
    }
    data = {key: value for key, value in data.items() if value is not None}
    if with_module:
        data["module"] = tables.index_of(tables.modules, _module_label(curriculum, question.module_id))
    kind = question.kind
    if kind is Kind.MULTIPLE_CHOICE:
        data.update(options=list(question.options), answer=question.options.index(question.answer))
    elif kind is Kind.TRUE_FALSE:
        data.update(truth=question.truth)
    elif kind is Kind.FILL_IN:
        forms = [list(question.blank_forms[i]) if i < len(question.blank_forms) and question.blank_forms[i]
                 else [blank] for i, blank in enumerate(question.blanks)]
        data.update(parts=fill_in_parts(question.prompt, len(question.blanks)), blanks=forms)
    elif kind is Kind.MATCHING:
        data.update(pairs=[list(pair) for pair in question.pairs])
    elif kind is Kind.ORDERING:
        data.update(events=_events(curriculum, question))
    else:
        data.update(answer=question.answer, accept=list(question.accept))
    return data


def fill_in_parts(prompt: str, blank_count: int) -> list:
    """The prompt as text pieces and blank numbers (0-based): ["The mission is called ", 0, "."].

    When the numbered blanks cannot be found one by one, the prompt stays whole
    and the blanks follow it, so a change in how blanks are written never loses one.
    """
    parts: list = []
    position = 0
    for expected, match in enumerate(BLANK_MARK.finditer(prompt)):
        if int(match[1]) != expected + 1:
            break
        parts += [prompt[position:match.start()], expected]
        position = match.end()
    else:
        if sum(isinstance(part, int) for part in parts) == blank_count:
            return [part for part in [*parts, prompt[position:]] if part != ""]
    return [prompt, *range(blank_count)]


def _events(curriculum: Curriculum, question: Question) -> list[dict]:
    """The events of an ordering question, earliest first, with their dates and how a date was worked out."""
    events = []
    for number, label in enumerate(question.sequence):
        fact = _fact_or_none(curriculum, question.fact_ids[number]) if number < len(question.fact_ids) else None
        events.append({
            "text": label,
            "date": question.sequence_dates[number] if number < len(question.sequence_dates) else "",
            "derived": (fact.derived_from or "") if fact is not None else "",
        })
    return events


def _source_notes(curriculum: Curriculum, question: Question) -> list[str]:
    """The curriculum's notes on how the sources word or date a fact (where they differ, they say so)."""
    if question.kind in (Kind.MATCHING, Kind.ORDERING):
        return []
    facts = [_fact_or_none(curriculum, fact_id) for fact_id in question.fact_ids]
    return [fact.note for fact in facts if fact is not None and fact.note]


def _fact_or_none(curriculum: Curriculum, fact_id: str):
    """The fact of that id; None for the ids of people and terms that matching questions refer to."""
    try:
        return curriculum.fact(fact_id)
    except KeyError:
        return None


def _module_label(curriculum: Curriculum, module_id: str | None) -> str:
    if module_id is None:
        return "Across modules"
    module = curriculum.module(module_id)
    return f"Module {module.order}: {module.title}"


def canonical_json(data: object) -> str:
    """JSON with sorted keys and no spacing: the same data always gives the same text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_json(data: object) -> str:
    """Canonical JSON safe inside a <script> element: no '<', '>' or '&' can close it or open a comment."""
    text = canonical_json(data)
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                              ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escape)
    return text
