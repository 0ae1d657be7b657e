"""Source coverage: sentence splitting, the shipped curriculum's 100%, the command and its report."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import replace_in, run
from nmi_learn.coverage import Status, seed_coverage, split_sentences
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("It began on Oct. 31. Then it grew.", ["It began on Oct. 31.", "Then it grew."]),
        ("said Col. Sean Ryan U.S. Army Spokesman. Next one.", ["said Col. Sean Ryan U.S. Army Spokesman.", "Next one."]),
        ('He said: "It works." Ms. Kotorova agreed.', ['He said: "It works."', "Ms. Kotorova agreed."]),
        ("“Quoted,” he noted. “Another.”", ["“Quoted,” he noted.", "“Another.”"]),
        ("A headline without a stop\n\nA line. And 2,000 more.", ["A headline without a stop", "A line.", "And 2,000 more."]),
    ],
)
def test_sentences_split_at_stops_but_not_abbreviations(text, sentences):
    assert [text[s.start : s.end] for s in split_sentences(text)] == sentences


def test_shipped_curriculum_accounts_for_every_sentence():
    coverages = seed_coverage(open_curriculum(shipped_curriculum_dir()))
    assert len(coverages) == 5
    uncited = [(c.source.id, s.line, s.text) for c in coverages for s in c.sentences if s.status is Status.UNCITED]
    assert uncited == []
    for coverage in coverages:
        assert coverage.count(Status.CITED) > 0
        assert all(s.reason for s in coverage.sentences if s.status is Status.NOT_TAUGHT)


def test_duplicate_body_and_adverts_are_set_aside_not_cited():
    coverages = {c.source.id: c for c in seed_coverage(open_curriculum(shipped_curriculum_dir()))}
    rudaw = coverages["rudaw-2020"]
    second_copy = [s for s in rudaw.sentences if s.line >= 10]
    assert second_copy and all(s.status is Status.NOT_TAUGHT and s.reason == "duplicate" for s in second_copy)
    advert = [s for s in coverages["globaldata-2018"].sentences if "Company Profiles" in s.text]
    assert advert and all(s.reason == "advert" for s in advert)


def test_uncited_sentence_is_listed_and_strict_fails(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "02-repairs.yaml",
               "      - source: gazette\n        quote: raised 40,000 pounds from local donors\n",
               "      - source: gazette\n        quote: The work was paid for by the Coastal Trust\n")
    relaxed = run("coverage", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert relaxed.exit_code == 0, relaxed.output
    assert ("seeds/lighthouse-gazette.txt:4: uncited (45% quoted): The work was paid for by the Coastal Trust, which "
            "raised 40,000 pounds from local donors.") in relaxed.output.splitlines()
    strict = run("coverage", "--curriculum", "curriculum", "--strict", "--out", str(tmp_path / "out"))
    assert strict.exit_code == 1
    assert "1 sentences are neither cited nor marked not taught." in strict.output


def test_html_report_marks_each_kind_of_sentence(tiny: Path, tmp_path: Path):
    result = run("coverage", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    html = (tmp_path / "out" / "reports" / "coverage.html").read_text(encoding="utf-8")
    assert '<span class="cited" title="line 3 · 100% quoted · cited by relit">' in html
    assert '<span class="not-taught" title="line 7 · not taught: advert">' in html
    assert "<mark>The lighthouse was first lit in 1873 and was automated in 1962</mark>." in html
