"""The question bank: every kind of question, built from real curricula."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import replace_in
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.questions import AnswerPool, Kind, _chunks, build_bank, has_list_blanks
from nmi_learn.option_forms import form_cues


@pytest.fixture(scope="module")
def nmi():
    curriculum = open_curriculum(shipped_curriculum_dir())
    return curriculum, build_bank(curriculum, seed=1)


def by_kind(bank, kind):
    return [q for q in bank.questions if q.kind is kind]


def test_every_fact_gets_a_short_answer_and_true_false_comes_in_pairs(nmi):
    """True/false only from facts with a curated false statement, both ways: a paper may key either, so a
    true statement never gives itself away by being the only form."""
    curriculum, bank = nmi
    for fact in curriculum.facts:
        kinds = bank.for_fact(fact.id)
        assert kinds[Kind.SHORT_ANSWER][0].answer == fact.answer
        statements = {(q.truth, q.prompt) for q in kinds.get(Kind.TRUE_FALSE, [])}
        if fact.false_statement:
            assert statements == {(True, fact.statement), (False, fact.false_statement)}
        else:
            assert not statements


def test_multiple_choice_has_four_distinct_options_with_one_answer(nmi):
    curriculum, bank = nmi
    questions = by_kind(bank, Kind.MULTIPLE_CHOICE)
    assert len(questions) == len(curriculum.facts)
    for question in questions:
        fact = curriculum.fact(question.fact_ids[0])
        assert len(question.options) == 4
        assert len({o.casefold() for o in question.options}) == 4
        assert question.options[0] == fact.answer
        assert not {o.casefold() for o in question.options[1:]} & {a.casefold() for a in fact.accept}
        assert not any(o.lower() in ("all of the above", "none of the above") for o in question.options)


def test_false_statements_come_only_from_curated_ones(nmi):
    curriculum, bank = nmi
    false_ones = [q for q in by_kind(bank, Kind.TRUE_FALSE) if q.truth is False]
    assert false_ones
    for question in false_ones:
        fact = curriculum.fact(question.fact_ids[0])
        assert question.prompt == fact.false_statement
        assert question.explanation == f"False. {fact.statement}"


def test_fill_in_blanks_number_the_cloze_deletions(nmi):
    curriculum, bank = nmi
    question = bank.for_fact("ntm-i-officers-trained")[Kind.FILL_IN][0]
    assert question.blanks == ("15,000", "military and police")
    assert "trained (1) ________ Iraqi (2) ________ officers" in question.prompt
    assert question.points == 2


def test_a_blank_that_is_the_answer_accepts_every_accepted_form(nmi):
    curriculum, bank = nmi
    question = bank.for_fact("mission-name")[Kind.FILL_IN][0]
    assert question.blank_forms == (("NATO Mission Iraq", "NMI"),)
    question = bank.for_fact("advises-ministry-of-defence")[Kind.FILL_IN][0]
    assert "Ministry of Defense" in question.blank_forms[0]


def test_blanks_that_are_items_of_one_list_are_not_asked_as_numbered_blanks(nmi):
    """Their order is free, so "(1) advice (2) training" would be marked wrong though it is right."""
    curriculum, bank = nmi
    fact = curriculum.fact("training-areas-instructors")
    assert "}}, {{c2::" in fact.cloze
    assert Kind.FILL_IN not in bank.for_fact(fact.id)
    assert has_list_blanks("{{c1::a}} and {{c2::b}}") and has_list_blanks("{{c1::a}}, {{c2::b}}, or {{c3::c}}")
    assert not has_list_blanks("the minister of {{c1::defence}} or minister of {{c2::interior}}")


def test_matching_holds_four_to_six_pairs(nmi):
    _, bank = nmi
    questions = by_kind(bank, Kind.MATCHING)
    assert {q.id.split(":")[0] for q in questions} == {"match-people", "match-terms"}
    assert all(4 <= len(q.pairs) <= 6 and q.points == len(q.pairs) for q in questions)
    people = [q for q in questions if q.id.startswith("match-people:all")]
    assert sum(len(q.pairs) for q in people) == 17  # every person, across the groups


def test_ordering_events_are_chronological_and_well_apart(nmi):
    curriculum, bank = nmi
    questions = by_kind(bank, Kind.ORDERING)
    assert {q.module_id for q in questions} >= {"origins", "expansion", None}
    for question in questions:
        facts = [curriculum.fact(fact_id) for fact_id in question.fact_ids]
        assert 4 <= len(facts) <= 5
        for earlier, later in zip(facts, facts[1:]):
            assert (later.date.start - earlier.date.end).days >= 14
        assert question.sequence == tuple(f.label for f in facts)


def test_drawn_distractors_share_the_type_and_are_never_right(shipped: Path):
    replace_in(shipped / "facts" / "01-origins.yaml",
               "    distractors: [11 July 2018, 24 October 2018, 30 November 2018]\n", "")
    curriculum = open_curriculum(shipped)
    fact = curriculum.fact("work-began")
    drawn = AnswerPool(curriculum).distractors_for(fact, random.Random(1))
    date_answers = {f.answer for f in curriculum.facts if f.answer_type is fact.answer_type}
    assert len(drawn) == 3 and set(drawn) <= date_answers - {fact.answer, *fact.accept}
    assert build_bank(curriculum, 1).for_fact("work-began")[Kind.MULTIPLE_CHOICE][0].options[1:] == tuple(
        AnswerPool(curriculum).distractors_for(fact, random.Random("1:work-began")))


def test_too_few_answers_of_a_type_means_no_multiple_choice(tiny: Path):
    replace_in(tiny / "facts" / "02-repairs.yaml", '    distractors: [14 March 2019, 1 January 2021, 14 May 2021]\n', "")
    curriculum = open_curriculum(tiny)
    assert Kind.MULTIPLE_CHOICE not in build_bank(curriculum, 1).for_fact("relit")  # only two other dates exist


def test_bank_is_the_same_for_the_same_seed(nmi):
    curriculum, bank = nmi
    assert build_bank(curriculum, seed=1) == bank


@pytest.mark.parametrize("count, sizes", [(3, []), (4, [4]), (6, [6]), (7, [6]), (9, [5, 4]), (13, [5, 4, 4])])
def test_chunks_are_four_to_six(count, sizes):
    chunks = _chunks(list(range(count)), 4, 6)
    assert [len(c) for c in chunks] == sizes


def test_drawn_distractors_look_like_the_key(nmi):
    """Without curated distractors, the answers drawn from other facts match the key's form: no one-word
    surname beside a full name, no option far longer than the key."""
    curriculum, _ = nmi
    pool = AnswerPool(curriculum)
    fact = curriculum.fact("announced-by").model_copy(update={"distractors": []})
    for seed in range(5):
        drawn = pool.distractors_for(fact, random.Random(seed))
        assert len(drawn) == 3
        assert form_cues(fact.answer, drawn) == [], drawn
        assert all(len(d.split()) > 1 for d in drawn), drawn
