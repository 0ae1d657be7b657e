"""The shipped curriculum keeps the card-writing rules a machine can check."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.model import AnswerType

MONTHS = "January February March April May June July August September October November December".split()
# Abbreviations the sources use without expanding, known to any reader; every other one needs a glossary entry.
COMMON_ABBREVIATIONS = {"NATO", "UN", "EU", "US", "U.S", "USA"}


@pytest.fixture(scope="module")
def curriculum():
    return open_curriculum(shipped_curriculum_dir(), strict=True)


def test_every_module_is_substantial(curriculum):
    counts = {module.id: len(curriculum.facts_in(module.id)) for module in curriculum.modules}
    assert len(counts) == 8
    assert all(count >= 7 for count in counts.values()), counts


def test_answers_are_short(curriculum):
    long_answers = [(f.id, f.answer) for f in curriculum.facts if len(f.answer.split()) > 8 or len(f.answer) > 80]
    assert long_answers == []


def test_no_answer_enumerates_more_than_three_items(curriculum):
    lists = [(f.id, f.answer) for f in curriculum.facts if len(re.split(r",| and ", f.answer)) > 3]
    assert lists == []


def test_prompts_are_questions_that_name_the_mission(curriculum):
    vague = re.compile(r"\b(the mission|the effort|this mission|the alliance|the organization)\b", re.I)
    assert [f.id for f in curriculum.facts if not f.prompt.endswith("?")] == []
    assert [(f.id, f.prompt) for f in curriculum.facts if vague.search(f.prompt)] == []


def test_attributed_claims_name_their_source(curriculum):
    attributed = [f for f in curriculum.facts if f.attribution]
    assert len(attributed) >= 30
    for fact in attributed:
        assert fact.attribution.casefold() in fact.prompt.casefold(), fact.id
        assert fact.attribution.casefold() in fact.statement.casefold(), fact.id


def test_every_fact_has_three_distinct_distractors_other_than_the_answer(curriculum):
    for fact in curriculum.facts:
        options = [fact.answer, *fact.distractors]
        keys = [" ".join(o.casefold().split()) for o in options]
        assert len(fact.distractors) >= 3, fact.id
        assert len(set(keys)) == len(keys), fact.id
        accepted = {" ".join(a.casefold().split()) for a in fact.accept}
        assert not accepted & set(keys[1:]), fact.id


def _looks_like_date(text: str) -> bool:
    return bool(re.search(r"\b\d{4}\b", text) or any(month in text for month in MONTHS))


def _looks_like_number(text: str) -> bool:
    return bool(re.search(r"\d", text) or re.search(r"\b(hundred|thousand|million|several|dozen)\b", text, re.I))


@pytest.mark.parametrize("answer_type, looks_right", [(AnswerType.DATE, _looks_like_date),
                                                       (AnswerType.NUMBER, _looks_like_number)])
def test_distractors_share_the_answer_type(curriculum, answer_type, looks_right):
    facts = [f for f in curriculum.facts if f.answer_type is answer_type]
    assert facts
    wrong = [(f.id, option) for f in facts for option in [f.answer, *f.distractors] if not looks_right(option)]
    assert wrong == []


def test_person_distractors_are_people(curriculum):
    names = {p.name for p in curriculum.people}
    known_forms = names | {f"{rank} {p.name}" for p in curriculum.people
                           for rank in ("Major General", "Brigadier General", "Lieutenant General", "Colonel")}
    known_forms = {form.casefold() for form in known_forms}
    known_forms |= {p.name.split()[-1].casefold() for p in curriculum.people}  # family names: "Abdul-Mahdi"
    for fact in curriculum.facts:
        if fact.answer_type is AnswerType.PERSON:
            given = {d.casefold() for d in fact.distractors}
            assert given <= known_forms, (fact.id, given - known_forms)


def test_prompts_and_statements_are_distinct(curriculum):
    for field in ("prompt", "statement"):
        counts = Counter(getattr(f, field) for f in curriculum.facts)
        assert [text for text, count in counts.items() if count > 1] == []


def test_dated_facts_are_placed_on_the_timeline(curriculum):
    dated = [f for f in curriculum.facts if f.date is not None]
    assert len(dated) >= 15
    assert all(f.label and f.actor for f in dated)


def test_every_person_is_taught_by_a_fact(curriculum):
    mentioned = {person for fact in curriculum.facts for person in fact.people}
    assert [p.id for p in curriculum.people if p.id not in mentioned] == []


def test_glossary_covers_every_acronym_in_the_facts(curriculum):
    forms = {t.term for t in curriculum.terms} | {a for t in curriculum.terms for a in t.aliases}
    used = set()
    for fact in curriculum.facts:
        for text in (fact.prompt, fact.statement, fact.answer):
            used.update(re.findall(r"\b[A-Z][A-Z.-]*[A-Z]\b", text))
    missing = {acronym for acronym in used if acronym not in forms and acronym not in COMMON_ABBREVIATIONS}
    assert missing == set()
