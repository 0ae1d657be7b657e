"""Handouts: the timeline (figure and chronology), one study guide per module,
and an overview sheet for the trainer. PDF through Typst, HTML through jinja2,
both from the same views built here.
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from ..curriculum import Curriculum
from ..outputs import Artifact
from ..questions import Bank, Kind
from ..quizzes import module_quizzes
from ..render import TypstRenderer, render_html
from .anki import deck_file_name, deck_name
from .timeline_view import timeline_data

PAPERS = {"a4": "a4", "letter": "us-letter"}


def generate(curriculum: Curriculum, bank: Bank, seed: int, variants: int, paper: str, document_time: int,
             typst: TypstRenderer, timeline_paper: str | None = None) -> tuple[list[Artifact], list[str]]:
    """The handouts, and notes for the build summary (a timeline needs something dated).

    The timeline is printed on `timeline_paper` (a4, a3, a2: larger paper, larger type), else on `paper`.
    """
    base = _base_view(curriculum, paper, document_time)
    documents: list[tuple[str, str, dict, str]] = []  # file stem, template stem, view, description
    has_timeline = bool(curriculum.dated_facts() or curriculum.eras)
    if has_timeline:
        documents.append(("timeline", "timeline",
                          {**base, **timeline_data(curriculum, timeline_paper or paper)},
                          "timeline handout"))
    documents += [(curriculum.module_slug(module), "guide", {**base, **guide_data(curriculum, module)},
                   f"study guide: {module.title}") for module in curriculum.modules]
    documents.append(("overview", "overview",
                      {**base, **overview_data(curriculum, bank, seed, variants), "has_timeline": has_timeline},
                      "trainer's overview"))
    pdfs = typst.pdfs([(f"{template}.typ", view) for _, template, view, _ in documents])
    artifacts = []
    for (stem, template, view, description), pdf in zip(documents, pdfs):
        artifacts += [Artifact("handouts", f"{stem}.pdf", pdf, description),
                      Artifact("handouts", f"{stem}.html", render_html(f"{template}.html.j2", v=view), description)]
    notes = [] if has_timeline else ["handouts: no timeline, as no fact has a date and there are no eras"]
    return artifacts, notes


def _base_view(curriculum: Curriculum, paper: str, document_time: int) -> dict:
    when = dt.datetime.fromtimestamp(document_time, dt.timezone.utc)
    return {"course": curriculum.course.title, "subtitle": curriculum.course.subtitle or "",
            "paper": PAPERS[paper], "date": {"year": when.year, "month": when.month, "day": when.day}}


def date_text(fact: m.Fact) -> str:
    """The date as the sources support it, with † when derived from a relative expression."""
    return fact.date.label() + ("†" if fact.derived_from else "")


def guide_data(curriculum: Curriculum, module: m.Module) -> dict:
    facts = curriculum.facts_in(module.id)
    sources = _numbered_sources(curriculum, facts)
    topics: dict[str, list[dict]] = {}
    for fact in facts:
        topics.setdefault(fact.topic or "Key facts", []).append({
            "statement": fact.statement,
            "date": date_text(fact) if fact.date else "",
            "note": fact.note or "",
            "refs": sorted({sources[c.source]["number"] for c in fact.citations}),
        })
    people_ids = {p for fact in facts for p in fact.people}
    people = [p for p in curriculum.people if p.id in people_ids]
    term_ids = {t for fact in facts for t in fact.terms}
    terms = [t for t in curriculum.terms if t.id in term_ids]
    return {
        "title": module.title,
        "module": {"order": module.order, "count": len(curriculum.modules), "summary": module.summary or ""},
        "objectives": list(module.objectives),
        "topics": [{"heading": heading, "facts": items} for heading, items in topics.items()],
        "people": [{"name": p.name, "role": p.role, "affiliation": p.affiliation} for p in people],
        "terms": [{"term": t.term, "expansion": t.expansion or "", "meaning": t.meaning} for t in terms],
        "sources": sorted(sources.values(), key=lambda s: s["number"]),
        "fact_count": len(facts),
    }


def _numbered_sources(curriculum: Curriculum, facts: tuple[m.Fact, ...]) -> dict[str, dict]:
    """The sources the module cites, numbered in order of first citation."""
    numbered: dict[str, dict] = {}
    for fact in facts:
        for citation in fact.citations:
            if citation.source not in numbered:
                source = curriculum.source(citation.source)
                numbered[source.id] = {"number": len(numbered) + 1, "publisher": source.publisher,
                                       "title": source.title, "date": source.published.date.label(),
                                       "url": source.url or "", "citations": 0}
            numbered[citation.source]["citations"] += 1
    return numbered


def overview_data(curriculum: Curriculum, bank: Bank, seed: int, variants: int) -> dict:
    quizzes = {quiz.id: quiz for quiz in module_quizzes(curriculum, bank, seed)}
    letters = "".join(chr(ord("A") + i) for i in range(variants))
    rows = []
    for module in curriculum.modules:
        facts = curriculum.facts_in(module.id)
        quiz = quizzes[curriculum.module_slug(module)]
        in_bank = [q for q in bank.questions if q.module_id == module.id]
        rows.append({
            "order": module.order, "title": module.title, "facts": len(facts),
            "dated": sum(1 for f in facts if f.date), "bank": len(in_bank),
            "quiz_questions": len(quiz.questions), "quiz_points": quiz.total_points,
            "kinds": {kind.value: sum(1 for q in quiz.questions if q.kind is kind) for kind in Kind},
            "deck": deck_name(curriculum, module.id),
            "guide": curriculum.module_slug(module),
            "quiz": quiz.id,
        })
    return {
        "title": "Trainer's overview",
        "description": curriculum.course.description,
        "modules": rows,
        "totals": {"facts": len(curriculum.facts), "people": len(curriculum.people), "terms": len(curriculum.terms),
                   "bank": len(bank.questions), "sources": len(curriculum.sources)},
        "deck_file": deck_file_name(curriculum),
        "variants": letters,
        "seed": seed,
        "sources": [{"publisher": s.publisher, "title": s.title, "date": s.published.date.label()}
                    for s in curriculum.sources],
    }
