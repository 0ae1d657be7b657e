"""The build cache: what did not change is neither rendered nor rewritten, and the bytes are a cold build's.

Every comparison is against a cold build of the same curriculum into an empty
folder: a warm rebuild, a rebuild after an edit, and two builds in a row after
an edit must all give exactly its bytes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import replace_in, run
from nmi_learn.cache import OutputCache
from nmi_learn.manifest import Manifest
from nmi_learn.outputs import OutputLayout
from nmi_learn.render import TypstRenderer

EDIT = ("answer: 40,000 pounds", "answer: Forty thousand pounds")


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def mtimes(directory: Path) -> dict[str, int]:
    return {str(p.relative_to(directory)): p.stat().st_mtime_ns for p in sorted(directory.rglob("*")) if p.is_file()}


def build(out: Path, *options: str):
    result = run("build", "--curriculum", "curriculum", "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def frozen_time(monkeypatch: pytest.MonkeyPatch):
    """Edited notes are stamped with the clock; a fixed clock makes a cold build comparable."""
    import nmi_learn.ledger as ledger

    monkeypatch.setattr(ledger.time, "time", lambda: 1_780_000_000)


def forget_inputs(out: Path) -> None:
    """Drop the recorded digest of the build's inputs, so that the next build runs through (and its cache)."""
    record = out / ".nmi-learn-manifest.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data.pop("inputs", None)
    record.write_text(json.dumps(data), encoding="utf-8")


def test_an_unchanged_rebuild_renders_and_writes_nothing(tiny: Path, tmp_path: Path, frozen_time):
    out = tmp_path / "out"
    build(out)
    forget_inputs(out)
    before, times = tree(out), mtimes(out)
    output = build(out)
    assert {k: v for k, v in tree(out).items() if k != ".nmi-learn-manifest.json"} == \
        {k: v for k, v in before.items() if k != ".nmi-learn-manifest.json"}
    assert {name: t for name, t in mtimes(out).items() if name != ".nmi-learn-manifest.json"} == \
        {name: t for name, t in times.items() if name != ".nmi-learn-manifest.json"}
    assert "0 written" in output and "documents taken from the previous build" in output


def test_after_an_edit_the_rebuild_is_a_cold_builds_bytes_and_touches_only_what_the_fact_reaches(
        tiny: Path, tmp_path: Path, frozen_time):
    warm = tmp_path / "warm"
    build(warm)
    untouched = mtimes(warm)
    replace_in(tiny / "facts" / "02-repairs.yaml", *EDIT)
    build(warm)
    cold = tmp_path / "cold"
    build(cold)
    assert tree(warm) == tree(cold)
    changed = {name for name, t in mtimes(warm).items() if untouched.get(name) != t}
    assert "decks/northpoint-light.apkg" in changed
    assert any(name.startswith("quizzes/module-02-repairs") for name in changed)
    assert not any(name.startswith("quizzes/module-01-history") for name in changed)  # another module's papers
    assert "handouts/module-01-history.pdf" not in changed


def test_two_builds_in_a_row_after_an_edit_agree(tiny: Path, tmp_path: Path):
    """The date printed into documents is the one this build records, not the ledger as it was loaded."""
    first, second = tmp_path / "first", tmp_path / "second"
    build(first)
    replace_in(tiny / "facts" / "02-repairs.yaml", *EDIT)
    build(first)
    shutil.copytree(first, second)
    build(second)
    assert tree(first) == tree(second)
    fresh = tmp_path / "fresh"
    build(fresh)  # and a cold build after both
    assert tree(fresh) == tree(first)


def test_a_changed_option_is_rendered_anew(tiny: Path, tmp_path: Path, frozen_time):
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(out)
    build(out, "--paper", "letter")
    build(cold, "--paper", "letter")
    assert tree(out) == tree(cold)


def test_a_changed_template_is_rendered_anew(tmp_path: Path):
    (tmp_path / "doc.typ").write_text('#let data = json(bytes(sys.inputs.data))\nVersion one: #data.x', encoding="utf-8")
    first = TypstRenderer(0, templates=tmp_path).pdf("doc.typ", {"x": "hello"})
    out = tmp_path / "out.pdf"
    out.write_bytes(first.content)
    from nmi_learn.manifest import Entry, digest_of

    cache = OutputCache.of(Manifest({"out.pdf": Entry("t", digest_of(first.content), first.inputs)}), tmp_path)
    again = TypstRenderer(0, templates=tmp_path, cache=cache).pdf("doc.typ", {"x": "hello"})
    assert again == first and cache.hits == 1
    (tmp_path / "doc.typ").write_text('#let data = json(bytes(sys.inputs.data))\nVersion two: #data.x', encoding="utf-8")
    changed = TypstRenderer(0, templates=tmp_path, cache=cache).pdf("doc.typ", {"x": "hello"})
    assert changed.inputs != first.inputs and changed.content != first.content and cache.hits == 1


def test_a_damaged_cache_is_ignored_with_a_warning_never_trusted(tiny: Path, tmp_path: Path, frozen_time):
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(out)
    build(cold)
    reference = tree(cold)
    # a cached document changed behind the build's back is not taken from the cache
    key = out / "quizzes" / "module-01-history-A-key.pdf"
    key.write_bytes(key.read_bytes()[:100])
    build(out)
    assert tree(out) == reference
    # a damaged record of outputs: a warning, and a full build
    (out / ".nmi-learn-manifest.json").write_text('{"format": 1, "outputs": 7}', encoding="utf-8")
    output = build(out)
    assert "warning:" in output and "damaged" in output
    assert tree(out) == reference


def test_the_cache_lives_in_the_output_folder(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(out)
    layout = OutputLayout.under(out)
    manifest, warning = Manifest.load(layout.manifest_path)
    assert warning is None
    pdfs = {name: entry for name, entry in manifest.entries.items() if name.endswith(".pdf")}
    assert pdfs and all(entry.inputs for entry in pdfs.values())


def test_a_build_with_nothing_new_says_so_without_building(shipped: Path, tmp_path: Path):
    """The shipped course has no warning to repeat: a second build with the same inputs reads, hashes, stops."""
    out = tmp_path / "out"
    build(out)
    before, times = tree(out), mtimes(out)
    output = build(out)
    assert output.startswith("Nothing to build: the curriculum, its articles, the options and nmi-learn are as")
    assert tree(out) == before and mtimes(out) == times  # not even the record of outputs is rewritten

    assert "files made" in build(out, "--seed", "2")  # another option: built
    (out / "quizzes" / "module-01-origins-A.pdf").unlink()  # an output gone: built again, and back
    assert "files made" in build(out, "--seed", "2")
    assert (out / "quizzes" / "module-01-origins-A.pdf").exists()
    assert build(out, "--seed", "2").startswith("Nothing to build")
    (out / "handouts" / "timeline.html").write_text("changed by hand", encoding="utf-8")  # an output changed
    assert "files made" in build(out, "--seed", "2")
    replace_in(shipped / "facts" / "01-origins.yaml", "topic:", "topic: ", count=1)  # any byte of the curriculum
    assert "files made" in build(out, "--seed", "2")


def test_a_course_with_warnings_is_always_built_so_they_are_said_again(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "01-history.yaml", "prompt: In what year was the Northpoint lighthouse first lit?",
               "prompt: In what year was the building first lit?")
    out = tmp_path / "out"
    assert "warning: prompt says 'the building'" in build(out)
    assert "files made" in build(out)
    assert Manifest.load(out / ".nmi-learn-manifest.json")[0].inputs == ""
