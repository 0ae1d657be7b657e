"""Rules that keep every learner-visible sentence to what its article says, with whose claim it is.

Warnings (errors under `--strict`), except quoting a passage set aside as not
taught, which is an error: such a line is not the article's claim.
- A claim only one article makes names its source (`attribution`) in every
  form a learner meets: prompt, statement, false statement and cloze.
- A date whose year no quote states says in `derived_from`, in plain words, how
  it was worked out; learner text never names curriculum files or fields.
- A cloze deletes knowledge: not a single common word that is not the answer.
- An answer is neither the initials of words in its prompt nor in the prompt.
- A person's role and affiliation use only words the person's quotes use.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from . import model as m
from .cloze import deletions
from .errors import Problem
from .seeds import normalise

if TYPE_CHECKING:
    from .loader import RawCurriculum
    from .validate import Index

ATTRIBUTED_FIELDS = ("prompt", "statement", "false_statement", "cloze")
CURATOR_WORDS = re.compile(r"\b[\w-]+\.ya?ml\b|\bderived_from\b|\bnot_taught\b|\bcard_rules\b")
LEARNER_FIELDS = ("statement", "prompt", "explanation", "note", "derived_from", "false_statement", "cloze")
# Words a role may use without a quote: joining words, and the words of the course's own title.
_JOINING = frozenset("a an and as at by for from in into its of on or the to with who when which was were "
                     "is are be it that this their his her".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(normalise(text))]


_ABBREVIATIONS = {"col": "colonel", "gen": "general", "lt": "lieutenant", "maj": "major", "brig": "brigadier",
                  "capt": "captain", "sgt": "sergeant", "adm": "admiral", "amb": "ambassador"}
# Words a role may use beyond its quotes: dates, and naming whose report it is.
_DATE_WORDS = frozenset("early mid late january february march april may june july august september october "
                        "november december according reports reported".split())


def _stem(word: str) -> str:
    """A crude stem: "italy's" and "italy", "retired" and "retirement", "generals" and "general" agree."""
    word = re.sub(r"['’]s$", "", word)
    return word[:5] if len(word) > 5 else word.rstrip("s")


def _quoted_words(citations: list[m.Citation]) -> set[str]:
    words = set()
    for citation in citations:
        for word in _words(citation.quote):
            word = _ABBREVIATIONS.get(word, word)
            words.add(_stem(word))
    return words


def single_source_claims(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """In a course of several articles, a fact that only one article states names whose claim it is."""
    rules = raw.course.record.card_rules if raw.course else m.CardRules()
    if len(raw.sources) < 2 or not rules.attribute_single_source:
        return
    for located in raw.facts:
        fact = located.record
        sources = {citation.source for citation in fact.citations}
        if len(sources) == 1 and fact.attribution is None:
            publisher = index.sources[next(iter(sources))].record.publisher if next(iter(sources)) in index.sources \
                else next(iter(sources))
            yield located.origin.problem(
                f"only {publisher} states this: set 'attribution' to whose claim it is (e.g. '{publisher}') and "
                "name it in the prompt, statement, false statement and cloze", "citations", severity="warning")


def attribution_in_every_form(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """An attributed claim names its source in every form a learner meets."""
    for located in raw.facts:
        fact = located.record
        if fact.attribution is None:
            continue
        wanted = normalise(fact.attribution).casefold()
        for field in ATTRIBUTED_FIELDS:
            text = getattr(fact, field)
            if text is not None and wanted not in normalise(text).casefold():
                yield located.origin.problem(
                    f"an attributed claim must name its source in the {field.replace('_', ' ')} "
                    f"(expected '{fact.attribution}')", field, severity="warning")


def quotes_outside_set_aside_text(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A quote may not come from a passage set aside as not taught (a headline, a link to another story)."""
    aside: dict[str, list[tuple[str, str]]] = {}
    for located in raw.sources:
        seed = raw.seeds.get(located.record.id)
        if seed is None:
            continue
        for exclusion in located.record.not_taught:
            if exclusion.lines is not None:
                first, last = exclusion.lines
                text = "\n".join(seed.lines[first - 1 : last])
            else:
                text = exclusion.text or ""
            if normalise(text):
                aside.setdefault(located.record.id, []).append((normalise(text), exclusion.reason.value))
    from .validate import citations_of

    for located, position, citation in citations_of(raw):
        seed = raw.seeds.get(citation.source)
        quote = normalise(citation.quote)
        if seed is None or not quote or citation.source not in aside:
            continue
        inside = [(text.count(quote), reason) for text, reason in aside[citation.source] if quote in text]
        if inside and seed.normalised.count(quote) <= sum(count for count, _ in inside):
            yield located.origin.problem(
                f"the quote comes from a passage set aside as not taught ({inside[0][1]}): it is not the "
                "article's own claim", "citations", position, "quote")


def dates_say_how_they_were_derived(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A date whose year no quote gives is explained in 'derived_from'."""
    for located in raw.facts:
        fact = located.record
        if fact.date is None or fact.derived_from is not None:
            continue
        years = {str(year) for year in range(fact.date.start.year, fact.date.end.year + 1)}
        if not any(year in citation.quote for citation in fact.citations for year in years):
            yield located.origin.problem(
                f"no quote gives the year of this date ({fact.date.label()}): say in 'derived_from', in words a "
                "learner understands, how it was worked out", "date", severity="warning")


def learner_text_names_no_files(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """Text learners read never names the curriculum's files or fields."""
    records = [(located, LEARNER_FIELDS) for located in raw.facts]
    records += [(located, ("role", "affiliation", "note")) for located in raw.people]
    records += [(located, ("meaning", "expansion", "note")) for located in raw.terms]
    for located, fields in records:
        for field in fields:
            text = getattr(located.record, field, None)
            match = CURATOR_WORDS.search(text) if text else None
            if match:
                yield located.origin.problem(
                    f"learners read the {field.replace('_', ' ')}: it must not name '{match.group()}' (say it in "
                    "words, or move curators' remarks to a YAML # comment)", field, severity="warning")


def cloze_deletes_knowledge(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A deletion of one common word that is not the answer tests the article's wording, not knowledge."""
    for located in raw.facts:
        fact = located.record
        if fact.cloze is None:
            continue
        answer_words = {w for a in (fact.answer, *fact.accept) for w in _words(a)}
        for deletion in deletions(fact.cloze):
            word = deletion.answer.strip()
            if re.fullmatch(r"[a-z][a-z'’-]*", word) and word.casefold() not in answer_words:
                yield located.origin.problem(
                    f"the cloze deletes '{word}', one common word that is not the answer: it tests the wording, "
                    "not knowledge; delete the answer instead", "cloze", severity="warning")


def answers_not_given_by_prompts(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """The prompt may not contain the answer, nor spell it out as the initials of its words."""
    for located in raw.facts:
        fact = located.record
        prompt_words = _words(fact.prompt)
        for answer in (fact.answer, *fact.accept):
            answer_words = _words(answer)
            if answer_words and _contains(prompt_words, answer_words) and len(" ".join(answer_words)) > 3:
                yield located.origin.problem(f"the prompt contains its answer ('{answer}')", "prompt",
                                             severity="warning")
                break
        letters = fact.answer.replace(".", "")
        if re.fullmatch(r"[A-Z]{2,6}", letters):
            content = [w for w in re.findall(r"[A-Za-z]+", fact.prompt)]
            initials = "".join(w[0].upper() for w in content)
            capitals = "".join(w[0] for w in content if w[0].isupper())
            if letters in initials or letters in capitals:
                yield located.origin.problem(
                    f"the answer '{fact.answer}' is the initials of words in the prompt", "prompt",
                    severity="warning")


def _contains(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def roles_from_quotes(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A person's role and affiliation use only words the person's quotes use (no outside knowledge)."""
    allowed = set(_JOINING | _DATE_WORDS)
    if raw.course:
        allowed |= set(_words(raw.course.record.title))
    allowed |= {w for located in raw.sources for w in _words(located.record.publisher)}
    for located in raw.people:
        person = located.record
        quoted = _quoted_words(person.citations)
        for field in ("role", "affiliation"):
            text = getattr(person, field) or ""
            unquoted = [w for w in _words(text)
                        if w not in allowed and _stem(w) not in quoted and not w.isdigit()]
            if unquoted:
                yield located.origin.problem(
                    f"the {field} uses words no quote of this person uses ({', '.join(dict.fromkeys(unquoted))}): "
                    "give the role as the articles do, and cite the quote that gives it", field,
                    severity="warning")


CONTENT_RULES = [single_source_claims, attribution_in_every_form, quotes_outside_set_aside_text,
                 dates_say_how_they_were_derived, learner_text_names_no_files, cloze_deletes_knowledge,
                 answers_not_given_by_prompts, roles_from_quotes]
