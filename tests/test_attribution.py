"""Whose claim it is: every learner-visible form of a single-source claim names its source.

The curriculum marks such claims with `attribution` (`check` makes every fact
that only one article states carry one). This walks what learners actually
see, the shipped deck's cards as Anki renders them and the printed papers as
pypdf reads them, and finds no form of an attributed claim without its source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from ankitools import fresh_collection, import_deck, visible_text
from conftest import REPO, run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.questions import Kind, build_bank
from nmi_learn.quizzes import final_exam, make_variants, module_quizzes
from nmi_learn.seeds import normalise


@pytest.fixture(scope="module")
def curriculum():
    return open_curriculum(shipped_curriculum_dir())


def plain(text: str) -> str:
    return " ".join(normalise(text).casefold().split())


def test_every_single_source_fact_is_marked(curriculum):
    """The marker the other tests rely on: a fact only one article states says whose claim it is."""
    for fact in curriculum.facts:
        if len({c.source for c in fact.citations}) == 1:
            assert fact.attribution, fact.id


def test_every_card_of_an_attributed_claim_names_its_source(curriculum, tmp_path: Path):
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, REPO / "decks" / "nato-mission-iraq.apkg")
    attributed = {fact.id: fact.attribution for fact in curriculum.facts if fact.attribution}
    checked = 0
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        fact_id = card.note()["FactId"]
        if fact_id not in attributed:
            continue
        front = plain(visible_text(card.question()))
        assert plain(attributed[fact_id]) in front, (fact_id, front)
        checked += 1
    collection.close()
    assert checked >= len(attributed)


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    out = tmp_path_factory.mktemp("papers")
    result = run("build", "quizzes", "--out", str(out), "--seed", "1")
    assert result.exit_code == 0, result.output
    return out / "quizzes"


def test_every_printed_item_of_an_attributed_claim_names_its_source(curriculum, papers: Path):
    bank = build_bank(curriculum, 1)
    quizzes = module_quizzes(curriculum, bank, 1) + [final_exam(curriculum, bank, 1, 40)]
    checked = 0
    for quiz in quizzes:
        variant = make_variants(quiz, 1, 1)[0]
        text = plain(" ".join(p.extract_text() for p in pypdf.PdfReader(papers / f"{quiz.id}-A.pdf").pages))
        text = re.sub(r"\s+", " ", text)
        for placed in variant.placed:
            question = placed.question
            if question.kind in (Kind.MATCHING, Kind.ORDERING):
                continue
            fact = curriculum.fact(question.fact_ids[0])
            if not fact.attribution:
                continue
            stem = plain(question.prompt)
            assert plain(fact.attribution) in stem, (quiz.id, question.id)
            # the stem as printed (line breaks aside) carries it too
            assert stem.split(plain(fact.attribution))[0][-30:] in text, (quiz.id, question.id)
            checked += 1
    assert checked > 20
