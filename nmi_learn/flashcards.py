"""Flashcard notes from the curriculum: what each Anki note says, as escaped HTML.

This module decides content only (which notes exist, their fields, tags
and subdeck); `generators/anki.py` packages them. Every note's key is
namespaced by kind ("fact:", "cloze:", "person:", "term:") and is the
source of its Anki GUID, so editing text never changes a note's identity.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
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


def short_source_line(curriculum: Curriculum, citations: Iterable[m.Citation], has_note: bool) -> str:
    """The one small line under the answer: who says it, and when ("NATO, 31 October 2018").

    One source shows its date; several show their publishers and the years they span,
    so the line stays one line on a phone. A note waiting behind the tap is announced.
    """
    sources = [curriculum.source(source_id) for source_id in dict.fromkeys(c.source for c in citations)]
    if len(sources) == 1:
        line = f"{sources[0].publisher}, {sources[0].published.date.label()}" + (
            " (undated article)" if sources[0].published.derived else "")
    else:
        years = sorted({year for s in sources for year in (s.published.date.start.year, s.published.date.end.year)})
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        line = f"{_joined([s.publisher for s in sources])}, {span}"
    return esc(line) + (' <span class="flag">· note below</span>' if has_note else "")


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def details_field(curriculum: Curriculum, citations: Iterable[m.Citation], *notes: str | None) -> str:
    """What a tap on "Quotes and sources" shows: notes first, then each quote with its
    publisher and date, then the full source list."""
    parts = [f'<p class="note">{esc(note)}</p>' for note in notes if note]
    for citation in citations:
        source = curriculum.source(citation.source)
        by = f"{source.publisher}, {source.published.date.label()}"
        # A block quote, without added marks: many quotes carry the source's own quotation marks.
        parts.append(f'<div class="quote">{esc(citation.quote)}<span class="by">— {esc(by)}</span></div>')
    sources = [curriculum.source(source_id) for source_id in dict.fromkeys(c.source for c in citations)]
    parts.append('<div class="sources">' + "".join(f"<p>{esc(source_line(s))}</p>" for s in sources) + "</div>")
    return "".join(parts)


def citation_fields(curriculum: Curriculum, citations: Iterable[m.Citation], note: str | None,
                    *more: str | None) -> dict[str, str]:
    """The Source field (one short visible line, which announces a note) and the Quote field
    (the note and any further remarks, quotes and sources: all behind a tap)."""
    citations = tuple(citations)
    return {"Source": short_source_line(curriculum, citations, bool(note)),
            "Quote": details_field(curriculum, citations, note, *more)}


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


def _context(*lines: str | None) -> str:
    """The context under the answer: short lines, joined into one paragraph."""
    shown = [esc(line) for line in lines if line]
    return f"<p>{' '.join(shown)}</p>" if shown else ""


DERIVED_DATE = "The date is worked out from the article's wording, not stated in it."


def derived_line(fact: m.Fact) -> str:
    """A visible mark for a date no article states (how it was worked out is behind the tap)."""
    return f'<p class="derived">{esc(DERIVED_DATE)}</p>' if fact.derived_from else ""


def fact_context(fact: m.Fact, with_statement: bool = True) -> str:
    """One line of context: the statement (unless the card already shows it, as a cloze does),
    else the explanation; and the derived-date mark when the date is worked out."""
    explanation = fact.explanation if fact.explanation and fact.explanation != fact.statement else None
    line = fact.statement if with_statement else explanation
    return _context(line) + derived_line(fact)


def fact_notes(fact: m.Fact, with_statement: bool = True) -> tuple[str | None, ...]:
    """What goes behind the tap besides quotes: the note, how a date was worked out, and the
    explanation when the context line did not show it."""
    explanation = fact.explanation if fact.explanation and fact.explanation != fact.statement else None
    derived = f"How the date is worked out: {fact.derived_from}" if fact.derived_from else None
    return (fact.note, derived, explanation if with_statement else None)


def _fact_tags(curriculum: Curriculum, fact: m.Fact, kind: str) -> tuple[str, ...]:
    tags = {f"module::{fact.module}", f"answer::{fact.answer_type.value}", f"kind::{kind}"}
    tags.update(f"source::{c.source}" for c in fact.citations)
    tags.update(fact.tags)
    return tuple(sorted(tags))


def _record_tags(kind: str, module_id: str, citations: Iterable[m.Citation]) -> tuple[str, ...]:
    tags = {f"module::{module_id}", f"kind::{kind}"} | {f"source::{c.source}" for c in citations}
    return tuple(sorted(tags))


def notes_for(curriculum: Curriculum) -> list[NoteSpec]:
    """Every note of the deck, in teaching order (the order new cards are shown).

    The deck, the card preview and the overview all ask for the notes of one
    curriculum: they are made once (for the last curriculum asked about)."""
    return list(_notes_of(_Same(curriculum)))


class _Same:
    """A curriculum as a cache key: the very same object, not an equal one."""

    def __init__(self, curriculum: Curriculum):
        self.curriculum = curriculum

    def __hash__(self) -> int:
        return id(self.curriculum)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.curriculum is self.curriculum


@lru_cache(maxsize=1)
def _notes_of(key: _Same) -> tuple[NoteSpec, ...]:
    curriculum = key.curriculum
    people: dict[str, list[m.Person]] = {}
    terms: dict[str, list[m.Term]] = {}
    for person in curriculum.people:
        people.setdefault(curriculum.home_module("person", person.id), []).append(person)
    for term in curriculum.terms:
        terms.setdefault(curriculum.home_module("term", term.id), []).append(term)
    notes: list[NoteSpec] = []
    for module in curriculum.modules:
        for fact in curriculum.facts_in(module.id):
            notes.append(_fact_note(curriculum, fact))
            if fact.cloze is not None and len({d.number for d in deletions(fact.cloze)}) > 1:
                notes.append(_cloze_note(curriculum, fact))
        notes += [_person_note(curriculum, p, module.id) for p in people.get(module.id, [])]
        notes += [_term_note(curriculum, t, module.id) for t in terms.get(module.id, [])]
    return tuple(notes)


def _fact_note(curriculum: Curriculum, fact: m.Fact) -> NoteSpec:
    fields = {"Front": esc(fact.prompt), "Back": esc(fact.answer), "Context": fact_context(fact),
              **citation_fields(curriculum, fact.citations, *fact_notes(fact)), "FactId": esc(fact.id)}
    return NoteSpec(f"fact:{fact.id}", QA, fact.module, fields, _fact_tags(curriculum, fact, "fact"))


def _cloze_note(curriculum: Curriculum, fact: m.Fact) -> NoteSpec:
    fields = {"Text": cloze_html(fact.cloze), "Context": fact_context(fact, with_statement=False),
              **citation_fields(curriculum, fact.citations, *fact_notes(fact, with_statement=False)),
              "FactId": esc(fact.id)}
    return NoteSpec(f"cloze:{fact.id}", CLOZE, fact.module, fields, _fact_tags(curriculum, fact, "cloze"))


def _person_note(curriculum: Curriculum, person: m.Person, module_id: str) -> NoteSpec:
    aliases = f"Also written: {', '.join(person.aliases)}." if person.aliases else None
    fields = {
        "Front": esc(person.name),
        "Back": esc(person.role),
        "FrontHint": "Role?",
        "BackHint": "Who is this?",
        "Context": _context(person.affiliation and f"Affiliation: {person.affiliation}.", aliases),
        **citation_fields(curriculum, person.citations, person.note),
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
              "Context": _context(meaning, aliases),
              **citation_fields(curriculum, term.citations, term.note), "FactId": esc(f"term:{term.id}")}
    return NoteSpec(f"term:{term.id}", PAIR, module_id, fields, _record_tags("term", module_id, term.citations))
