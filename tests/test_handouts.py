"""Study guides and the trainer's overview, read back from their PDFs (the timeline: test_timeline.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.generators.guides import lines_of
from test_quizzes import flat, pdf_text


@pytest.fixture(scope="module")
def nmi():
    return open_curriculum(shipped_curriculum_dir())


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    result = run("build", "handouts", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "handouts"


def test_study_guide_per_module(nmi, handouts):
    for module in nmi.modules:
        stem = f"module-{module.order:02d}-{module.id}"
        text = pdf_text(handouts / f"{stem}.pdf")
        assert f"Module {module.order}: {flat(module.title)}" in text
        for objective in module.objectives:
            assert flat(objective) in text
        for line in lines_of(nmi, module):  # one line per idea (test_guides.py checks the grouping)
            assert flat(line.fact.statement) in text
        for fact in nmi.facts_in(module.id):
            for person_id in fact.people:
                assert flat(nmi.person(person_id).name) in text
        assert "Sources" in text
        assert (handouts / f"{stem}.html").exists()


def test_overview_counts_facts_and_questions(nmi, handouts):
    text = pdf_text(handouts / "overview.pdf")
    assert f"{len(nmi.facts)} facts to learn" in text and "Eight modules" in text
    for module in nmi.modules:
        assert flat(module.title) in text
        assert f"handouts/module-{module.order:02d}-{module.id}.pdf" in text
