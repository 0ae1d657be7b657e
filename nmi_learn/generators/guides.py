"""The study guide of a module, as a view for its Typst and HTML templates.

A guide reads like a textbook section: a cited narrative paragraph, the
objectives, a box of key dates in date order, the facts grouped by topic with
one line per idea (several facts or sources of one claim make one line with
several markers), people and glossary, self-check questions from the bank with
their answers at the end, and the numbered sources.
"""

from __future__ import annotations

from typing import Iterable

from .. import model as m
from ..curriculum import Curriculum
from ..guide_lines import GuideLine, guide_lines, ignored_words
from ..questions import Bank, Kind
from ..render import web_link

SELF_CHECK_QUESTIONS = 6
DERIVED_MARK = "†"
DERIVED_LEGEND = "† The date is worked out from the article's wording; the article does not state it."


def guide_data(curriculum: Curriculum, module: m.Module, bank: Bank) -> dict:
    facts = curriculum.facts_in(module.id)
    lines = lines_of(curriculum, module)
    numbers = _source_numbers(curriculum, [p.citations for p in module.narrative] + [line.citations for line in lines])
    topics: dict[str, list[dict]] = {}
    for line in lines:
        topics.setdefault(line.fact.topic or "Key facts", []).append({
            "text": line.fact.statement,
            "refs": _refs(numbers, line.citations),
            "derived": any(fact.derived_from for fact in line.facts),
            "notes": list(dict.fromkeys(fact.note for fact in line.facts if fact.note)),
        })
    key_dates = [{"date": fact.date.label(), "derived": bool(fact.derived_from), "event": fact.label or fact.statement,
                  "refs": _refs(numbers, fact.citations)} for fact in curriculum.dated_facts(module.id)]
    people_ids = {p for fact in facts for p in fact.people}
    term_ids = {t for fact in facts for t in fact.terms}
    return {
        "title": module.title,
        "module": {"order": module.order, "count": len(curriculum.modules), "summary": module.summary or ""},
        "objectives": list(module.objectives),
        "narrative": [{"text": passage.text, "refs": _refs(numbers, passage.citations)} for passage in module.narrative],
        "key_dates": key_dates,
        "topics": [{"heading": heading, "lines": items} for heading, items in topics.items()],
        "derived_legend": DERIVED_LEGEND if any(d["derived"] for d in key_dates) or any(
            item["derived"] for items in topics.values() for item in items) else "",
        "people": [{"name": p.name, "role": p.role, "affiliation": p.affiliation or ""}
                   for p in curriculum.people if p.id in people_ids],
        "terms": [{"term": t.term, "expansion": t.expansion or "", "meaning": t.meaning}
                  for t in curriculum.terms if t.id in term_ids],
        "self_check": self_check(bank, lines),
        "sources": _source_list(curriculum, numbers),
        "fact_count": len(facts),
        "line_count": len(lines),
    }


def lines_of(curriculum: Curriculum, module: m.Module) -> list[GuideLine]:
    """The module's facts as guide lines, one per idea."""
    ignore = ignored_words(curriculum.course.title, [source.publisher for source in curriculum.sources])
    return guide_lines(curriculum.facts_in(module.id), ignore)


def self_check(bank: Bank, lines: list[GuideLine], count: int = SELF_CHECK_QUESTIONS) -> list[dict]:
    """Short-answer questions from the bank, one per idea, spread evenly over the guide."""
    asked = []
    for line in lines:
        question = next((q for fact in line.facts for q in bank.for_fact(fact.id).get(Kind.SHORT_ANSWER, [])), None)
        if question is not None:
            asked.append(question)
    if len(asked) > count:
        step = (len(asked) - 1) / (count - 1)
        asked = [asked[round(i * step)] for i in range(count)]
    return [{"number": n, "question": q.prompt, "answer": q.answer} for n, q in enumerate(asked, start=1)]


def _source_numbers(curriculum: Curriculum, groups: Iterable[Iterable[m.Citation]]) -> dict[str, int]:
    """The sources cited, numbered in order of first citation (narrative first, then the lines)."""
    numbers: dict[str, int] = {}
    for citations in groups:
        for citation in citations:
            numbers.setdefault(citation.source, len(numbers) + 1)
    return numbers


def _refs(numbers: dict[str, int], citations: Iterable[m.Citation]) -> list[int]:
    return sorted({numbers[citation.source] for citation in citations})


def _source_list(curriculum: Curriculum, numbers: dict[str, int]) -> list[dict]:
    listed = []
    for source_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        source = curriculum.source(source_id)
        listed.append({"number": number, "publisher": source.publisher, "title": source.title,
                       "date": source.published.shown(), "url": web_link(source.url)})
    return listed
