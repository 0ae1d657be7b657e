"""Flashcard notes from the curriculum: what each Anki note says, as escaped HTML.

This module decides content only (which notes exist, their fields, tags
and subdeck); `generators/anki.py` packages them. Every note's key is
namespaced by kind ("fact:", "cloze:", "person:", "term:") and is the
source of its Anki GUID, so editing text never changes a note's identity.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable

from . import model as m
from .cloze import deletions
from .curriculum import Curriculum

QA, CLOZE, PAIR = "qa", "cloze", "pair"


@dataclass(frozen=True)
class NoteSpec:
    key: str  # "fact:launch-city": the note's identity
    note_type: str  # QA, CLOZE or PAIR
    module_id: str  # which subdeck
    fields: dict[str, str]  # field name -> HTML
    tags: tuple[str, ...]


def esc(text: str) -> str:
    """Escape for an Anki field: HTML specials, and braces so `{{` never reaches the template engine."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def source_line(source: m.Source) -> str:
    return f"{source.publisher}, “{source.title}”, {source.published.shown()}"


def citation_fields(curriculum: Curriculum, citations: Iterable[m.Citation]) -> dict[str, str]:
    """The Quote field (each quote with its publisher and date) and the Source field."""
    quotes, sources, seen = [], [], set()
    for citation in citations:
        source = curriculum.source(citation.source)
        by = f"{source.publisher}, {source.published.date.label()}"
        # A block quote, without added marks: many quotes carry the source's own quotation marks.
        quotes.append(f'<div class="quote">{esc(citation.quote)}<span class="by">— {esc(by)}</span></div>')
        if source.id not in seen:
            seen.add(source.id)
            sources.append(f"<div>{esc(source_line(source))}</div>")
    return {"Quote": "".join(quotes), "Source": "".join(sources)}



def cloze_html(text: str) -> str:
    """Escape a cloze text while keeping its {{cN::...}} deletions working."""
    out, position = [], 0
    for deletion in deletions(text):
        out.append(esc(text[position : deletion.start]))
        hint = f"::{esc(deletion.hint)}" if deletion.hint else ""
        out.append(f"{{{{c{deletion.number}::{esc(deletion.answer)}{hint}}}}}")
        position = deletion.end
    out.append(esc(text[position:]))
    return "".join(out)


def _context(*paragraphs: tuple[str, str | None]) -> str:
    return "".join(f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"
                   for cls, text in paragraphs if text)


def fact_context(fact: m.Fact, with_statement: bool = True) -> str:
    """The statement (unless the card already shows it), explanation, date and note."""
    when = None
    if fact.date is not None and fact.answer_type is not m.AnswerType.DATE:
        when = f"Date: {fact.date.label()}"
    if fact.derived_from:  # shown also when the answer is the date: the learner is told where a year comes from
        when = (f"{when}. " if when else "") + f"How the date was worked out: {fact.derived_from}"
    explanation = fact.explanation if fact.explanation and fact.explanation != fact.statement else None
    statement = fact.statement if with_statement else None
    return _context(("", statement), ("", explanation), ("when", when), ("note", fact.note))


def _fact_tags(curriculum: Curriculum, fact: m.Fact, kind: str) -> tuple[str, ...]:
    tags = {f"module::{fact.module}", f"answer::{fact.answer_type.value}", f"kind::{kind}"}
    tags.update(f"source::{c.source}" for c in fact.citations)
    tags.update(fact.tags)
    return tuple(sorted(tags))


def _record_tags(kind: str, module_id: str, citations: Iterable[m.Citation]) -> tuple[str, ...]:
    tags = {f"module::{module_id}", f"kind::{kind}"} | {f"source::{c.source}" for c in citations}
    return tuple(sorted(tags))


def notes_for(curriculum: Curriculum) -> list[NoteSpec]:
    """Every note of the deck, in teaching order (the order new cards are shown)."""
    notes: list[NoteSpec] = []
    for module in curriculum.modules:
        for fact in curriculum.facts_in(module.id):
            notes.append(_fact_note(curriculum, fact))
            if fact.cloze is not None and len({d.number for d in deletions(fact.cloze)}) > 1:
                notes.append(_cloze_note(curriculum, fact))
        notes += [_person_note(curriculum, p, module.id) for p in curriculum.people
                  if curriculum.home_module("person", p.id) == module.id]
        notes += [_term_note(curriculum, t, module.id) for t in curriculum.terms
                  if curriculum.home_module("term", t.id) == module.id]
    return notes


def _fact_note(curriculum: Curriculum, fact: m.Fact) -> NoteSpec:
    fields = {"Front": esc(fact.prompt), "Back": esc(fact.answer), "Context": fact_context(fact),
              **citation_fields(curriculum, fact.citations), "FactId": esc(fact.id)}
    return NoteSpec(f"fact:{fact.id}", QA, fact.module, fields, _fact_tags(curriculum, fact, "fact"))


def _cloze_note(curriculum: Curriculum, fact: m.Fact) -> NoteSpec:
    fields = {"Text": cloze_html(fact.cloze), "Context": fact_context(fact, with_statement=False),
              **citation_fields(curriculum, fact.citations), "FactId": esc(fact.id)}
    return NoteSpec(f"cloze:{fact.id}", CLOZE, fact.module, fields, _fact_tags(curriculum, fact, "cloze"))


def _person_note(curriculum: Curriculum, person: m.Person, module_id: str) -> NoteSpec:
    aliases = f"Also written: {', '.join(person.aliases)}." if person.aliases else None
    fields = {
        "Front": esc(person.name),
        "Back": esc(person.role) + (f'<div class="hint">{esc(person.affiliation)}</div>' if person.affiliation else ""),
        "FrontHint": "Role?",
        "BackHint": "Who is this?",
        "Context": _context(("", aliases), ("note", person.note)),
        **citation_fields(curriculum, person.citations),
        "FactId": esc(f"person:{person.id}"),
    }
    return NoteSpec(f"person:{person.id}", PAIR, module_id, fields, _record_tags("person", module_id, person.citations))


def _term_note(curriculum: Curriculum, term: m.Term, module_id: str) -> NoteSpec:
    aliases = f"Also written: {', '.join(term.aliases)}." if term.aliases else None
    if term.expansion:
        back, hints, meaning = term.expansion, ("What does it stand for?", "Which abbreviation?"), term.meaning
    else:
        back, hints, meaning = term.meaning, ("What does it mean?", "Which term is this?"), None
    fields = {"Front": esc(term.term), "Back": esc(back), "FrontHint": hints[0], "BackHint": hints[1],
              "Context": _context(("", meaning), ("", aliases), ("note", term.note)),
              **citation_fields(curriculum, term.citations), "FactId": esc(f"term:{term.id}")}
    return NoteSpec(f"term:{term.id}", PAIR, module_id, fields, _record_tags("term", module_id, term.citations))
