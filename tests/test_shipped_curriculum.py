"""The shipped NMI curriculum: every quote verifies, every card rule holds."""

from __future__ import annotations

import pytest

from nmi_learn.curriculum import check_curriculum, shipped_curriculum_dir


@pytest.fixture(scope="module")
def checked():
    return check_curriculum(shipped_curriculum_dir())


def test_no_errors_and_no_warnings(checked):
    curriculum, problems = checked
    assert [str(p) for p in problems] == []
    assert curriculum is not None


def test_every_quote_is_found_in_its_seed(checked):
    curriculum, _ = checked
    records = [*curriculum.facts, *curriculum.people, *curriculum.terms, *curriculum.eras]
    citations = [c for record in records for c in record.citations]
    assert citations
    missing = [(c.source, c.quote) for c in citations if curriculum.seeds[c.source].find(c.quote) is None]
    assert missing == []


def test_seeds_are_byte_identical_to_the_collected_articles(checked):
    """Seeds are never edited: their digests are those of the collected articles."""
    import hashlib

    curriculum, _ = checked
    digests = {}
    for source in curriculum.sources:
        path = (curriculum.root / source.file).resolve()
        digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digests == {
        "kurdistan24-canada-led-nato-mission-begins.txt": "faed4be43a274508407b9edec132f3050f1b05fb8f24911735bb41f66aea2260",
        "nato-new-mission-in-iraq.txt": "6bc064bc19c944484de763eb0011a7032a1cae86e551e7553e4e5ecc7b696bea",
        "tsarizm-training-mission-set-to-begin.txt": "31883b60e545945242e0b4f06bde8ff2ef43bcd319dcec1df13aa6397cda6669",
        "rudaw-nato-to-expand-training-mission.txt": "fd7f0249aed538c81261e226a743ecb6b2b15a57a25289dfb36c1f19edf4ee66",
        "globaldata-nato-mission-started.txt": "de01b3ca40283ee9ef3e395c69c06c32c59d5b8c1848a4c3cd4c10eab433cbdd",
    }
