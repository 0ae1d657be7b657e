"""Papers as a reviewing trainer sees them: no item gives another away, keys balanced, options in order.

The checker (`nmi_learn.paper_check`) reads each printed variant with plain
regular expressions, apart from the assembly that chose the questions; the
tests run it over every paper and variant of the shipped course at two seeds,
and prove on hand-made papers that it finds what it looks for.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pypdf
import pytest

from conftest import run
from nmi_learn.cueing import CueIndex, Exposure, words
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.paper_check import check_variant, cueing_pairs
from nmi_learn.papers import LONGEST_KEY_SHARE, Exposures, true_false_target
from nmi_learn.questions import Kind, build_bank
from nmi_learn.quizzes import Quiz, final_exam, make_variant, make_variants, module_quizzes

SEEDS = (1, 2)


@pytest.fixture(scope="module")
def curriculum():
    return open_curriculum(shipped_curriculum_dir())


@pytest.fixture(scope="module", params=SEEDS)
def papers(request, curriculum):
    """Every variant (A, B, C) of every module quiz and the exam, at one seed."""
    seed = request.param
    bank = build_bank(curriculum, seed)
    quizzes = module_quizzes(curriculum, bank, seed) + [final_exam(curriculum, bank, seed, 40)]
    return seed, bank, [variant for quiz in quizzes for variant in make_variants(quiz, 3, seed)]


def test_no_question_gives_another_away(papers):
    _, _, variants = papers
    for variant in variants:
        assert cueing_pairs(variant) == [], (variant.quiz.id, variant.letter)


def test_true_false_keys_are_true_between_40_and_60_percent(papers):
    _, _, variants = papers
    for variant in variants:
        figures = check_variant(variant)
        if figures.true_false:
            assert 0.4 <= figures.true_share <= 0.6, (figures.paper, figures.keyed_true, figures.true_false)


def test_multiple_choice_keys_are_longest_no_more_often_than_chance(papers):
    _, _, variants = papers
    figures = [check_variant(v) for v in variants]
    longest = sum(f.key_longest for f in figures)
    asked = sum(f.multiple_choice for f in figures)
    assert longest / asked <= LONGEST_KEY_SHARE, (longest, asked)
    for f in figures:  # and no single paper leans on it
        assert f.key_longest <= max(1, round(0.34 * f.multiple_choice)), (f.paper, f.key_longest, f.multiple_choice)


def test_numbers_and_dates_are_listed_in_ascending_order(papers):
    _, _, variants = papers
    figures = [check_variant(v) for v in variants]
    assert sum(f.value_options for f in figures) > 0
    for f in figures:
        assert f.value_options_in_order == f.value_options, f.paper


def test_matching_questions_have_one_or_two_spare_options(papers):
    _, _, variants = papers
    matching = [p for v in variants for p in v.placed if p.question.kind is Kind.MATCHING]
    assert matching
    for placed in matching:
        assert 1 <= len(placed.options) - len(placed.left) <= 2
        assert sorted(placed.match_key) == sorted(set(placed.match_key))  # no option answers two items


def test_a_single_source_claim_names_its_source_in_every_stem(papers, curriculum):
    _, _, variants = papers
    for variant in variants:
        for placed in variant.placed:
            for fact_id in placed.question.fact_ids:
                if ":" in fact_id:
                    continue
                fact = curriculum.fact(fact_id)
                if fact.attribution and placed.question.kind is not Kind.ORDERING:
                    assert fact.attribution.casefold() in placed.question.prompt.casefold(), placed.question.id


def test_every_paper_keeps_most_of_its_facts(papers, curriculum):
    """Dropping is the last resort: a module quiz keeps at least half of its module's facts."""
    seed, bank, _ = papers
    for quiz, module in zip(module_quizzes(curriculum, bank, seed), curriculum.modules):
        assert len(quiz.left_out) <= len(curriculum.facts_in(module.id)) / 2, (quiz.id, quiz.left_out)


# The checker finds what it looks for -------------------------------------------------------------


def probe_pair(curriculum):
    """Module 1's old paper: "Besides 250 soldiers, ..." answered "How many soldiers did Canada commit?"."""
    bank = build_bank(curriculum, 1)
    soldiers = bank.for_fact("canada-soldiers")[Kind.SHORT_ANSWER][0]
    helicopters = dataclasses.replace(bank.for_fact("canada-helicopters")[Kind.SHORT_ANSWER][0],
                                      prompt="Besides 250 soldiers, what did Canada commit to NATO Mission Iraq?")
    return bank, soldiers, helicopters


def test_the_checker_finds_a_stem_that_gives_away_another_answer(curriculum):
    _, soldiers, helicopters = probe_pair(curriculum)
    variant = make_variant(Quiz("probe", "Probe", "", (soldiers, helicopters)), "A", 1)
    found = cueing_pairs(variant)
    assert len(found) == 1 and "'250'" in found[0]


def test_the_checker_finds_one_fact_asked_twice(curriculum):
    bank = build_bank(curriculum, 1)
    twice = (bank.for_fact("launch-city")[Kind.SHORT_ANSWER][0], bank.for_fact("launch-city")[Kind.MULTIPLE_CHOICE][0])
    assert cueing_pairs(make_variant(Quiz("probe", "Probe", "", twice), "A", 1))


def test_the_assembly_refuses_what_the_checker_would_find(curriculum):
    bank, soldiers, helicopters = probe_pair(curriculum)
    exposures = Exposures(curriculum)
    index = CueIndex()
    index.add(exposures(soldiers))
    assert "250" in index.conflict(Exposure.of(helicopters.shown(), helicopters.answer_forms, []))
    assert "asks again" in index.conflict(exposures(bank.for_fact("canada-soldiers")[Kind.MULTIPLE_CHOICE][0]))


def test_facts_whose_statements_give_each_others_answers_are_not_both_asked(curriculum):
    """Canada's 250 soldiers and its helicopters: each statement states the other's answer."""
    bank = build_bank(curriculum, 1)
    exposures = Exposures(curriculum)
    index = CueIndex()
    index.add(exposures(bank.for_fact("canada-soldiers")[Kind.SHORT_ANSWER][0]))
    reason = index.conflict(exposures(bank.for_fact("canada-helicopters")[Kind.SHORT_ANSWER][0]))
    assert reason == "fact 'canada-helicopters' and fact 'canada-soldiers' answer each other"


def test_words_are_compared_as_a_reader_would():
    assert words("Canada’s 2,000 troops — 11–12 July") == ("canada", "s", "2000", "troops", "11", "12", "july")
    index = CueIndex()
    index.add(Exposure.of(["What is planned?"], ["2500"], []))
    assert index.conflict(Exposure.of(["x"], ["IS"], [])) is None  # "is" the verb is not "IS"
    index.add(Exposure.of(["What is IS planning?"], ["9"], []))
    assert index.conflict(Exposure.of(["x"], ["IS"], [])) is not None
    assert index.conflict(Exposure.of(["Some 250 left"], ["y"], [])) is None  # 250 is not 2500


def test_two_items_of_a_list_answer_shown_elsewhere_give_it_away():
    index = CueIndex()
    index.add(Exposure.of(["Which two NATO members did Tsarizm name?", "Sweden and Finland", "Poland and Romania"],
                          ["Bulgaria and Slovakia"], []))
    assert index.conflict(Exposure.of(["Which three non-NATO countries?"], ["Sweden, Finland and Australia"], []))
    assert index.conflict(Exposure.of(["Which non-NATO country?"], ["Sweden"], [])) is not None  # the whole answer
    assert index.conflict(Exposure.of(["Which three?"], ["Norway, Denmark and Iceland"], [])) is None
    assert index.conflict(Exposure.of(["Which two?"], ["Slovakia and Poland"], [])) is None  # one item each


@pytest.mark.parametrize("count, bounds", [(1, (1, 0)), (2, (1, 1)), (3, (2, 1)), (5, (2, 3)), (7, (3, 4))])
def test_true_false_targets(count, bounds):
    assert true_false_target(count) == bounds


# As built and printed ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("papers")
    result = run("build", "quizzes", "--out", str(out), "--seed", "2")
    assert result.exit_code == 0, result.output
    return out / "quizzes", result.output


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def test_the_build_prints_the_checkers_figures(built):
    _, output = built
    assert "papers: cueing pairs, true/false keyed True" in output
    lines = [line for line in output.splitlines() if re.match(r"\s+(module-|final-exam)", line)]
    assert len(lines) == 18 and all(" 0 cueing" in line for line in lines)


def test_keys_open_with_a_grid_and_marking_rules_and_say_trainer_copy_on_every_page(built):
    directory, _ = built
    for key in sorted(directory.glob("*-key.pdf")):
        pages = pdf_pages(key)
        assert all("TRAINER COPY" in page for page in pages), key.name
        first = pages[0]
        assert "Answer grid" in first and "Marking" in first
        assert first.index("Answer grid") < min(first.find(" pts ") if " pts " in first else 10**6, 10**6)
        rows = re.findall(r"(?<!\S)(\d+) ", first[first.index("Answer grid"):])
        assert rows, key.name


def test_ordering_keys_give_each_letter_its_rank(built):
    directory, _ = built
    text = " ".join(pdf_pages(directory / "final-exam-A-key.pdf"))
    assert re.search(r"A [1-5] · B [1-5] · C [1-5] · D [1-5]", text)


def test_asking_for_more_exam_questions_than_the_bank_allows_is_said(tmp_path: Path):
    result = run("build", "quizzes", "--quizzes", "exam", "--exam-questions", "1000", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    match = re.search(r"final-exam: (\d+) questions, not 1000:", result.output)
    assert match and 40 <= int(match.group(1)) < 1000
