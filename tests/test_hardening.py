"""Hardening: atomic outputs, byte-for-byte determinism, hostile text, and no tracebacks."""

from __future__ import annotations

import html
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ankitools import fresh_collection, import_deck, visible_text
from conftest import TINY, copy_curriculum, replace_in, run
from nmi_learn import build as build_module
from nmi_learn import outputs
from nmi_learn.errors import OutputError
from nmi_learn.outputs import Artifact, OutputLayout
from test_exports import gift_pegjs
from test_quizzes import flat, pdf_text


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_every_output_is_byte_identical_across_builds(shipped: Path, tmp_path: Path):
    for name in ("one", "two"):
        result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) == 98
    assert {Path(name).parts[0] for name in one} == {"decks", "quizzes", "handouts", "exports", "reports"}
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_failing_generator_leaves_previous_outputs_untouched(tiny: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    before = tree(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")

    def broken(inputs):
        raise OutputError("exports: simulated failure")

    monkeypatch.setitem(build_module.GENERATORS, "exports", broken)
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 1
    assert "exports: simulated failure" in result.output and "Traceback" not in result.output
    assert tree(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_a_write_failing_half_way_leaves_no_partial_files(tmp_path: Path, monkeypatch):
    layout = OutputLayout.under(tmp_path)
    old = [Artifact("exports", f"file-{i}.txt", b"old") for i in range(6)]
    outputs.write_all(old, layout)
    real_stage, calls = outputs._stage, []

    def fail_on_fourth(target: Path, content: bytes) -> Path:
        calls.append(target)
        if len(calls) == 4:
            raise OutputError(f"{target}: cannot write (disk full)")
        return real_stage(target, content)

    monkeypatch.setattr(outputs, "_stage", fail_on_fourth)
    with pytest.raises(OutputError, match="disk full"):
        outputs.write_all([Artifact("exports", f"file-{i}.txt", b"new") for i in range(6)], layout)
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [f"file-{i}.txt" for i in range(6)]
    assert all(p.read_bytes() == b"old" for p in (tmp_path / "exports").iterdir())


@pytest.mark.parametrize("name", ["../escape.txt", "a/../../escape.txt", "/etc/passwd", "sub\\..\\..\\x"])
def test_no_output_can_leave_its_directory(tmp_path: Path, name: str):
    with pytest.raises(OutputError, match="refusing to write"):
        OutputLayout.under(tmp_path / "out").path_for(Artifact("quizzes", name, b""))


def test_unwritable_output_directory_is_a_clean_error(tiny: Path, tmp_path: Path):
    (tmp_path / "blocker").write_text("a file, not a directory")
    result = run("build", "--curriculum", "curriculum", "--out", "blocker/out")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "blocker/out/decks: cannot write here (Not a directory)"


def test_damaged_revision_ledger_is_a_clean_error(tiny: Path, tmp_path: Path):
    (tiny / "revisions.yaml").write_text("fact:first-lit: [not, a, mapping\n", encoding="utf-8")
    result = run("build", "decks", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "the revision ledger is damaged" in result.output and "Traceback" not in result.output


HOSTILE = ('<script>alert(1)</script> & #set text(red) $x^2$ @ref *bold* _it_ {{Front}} {{c1::gap}} '
           '~ = # { } : \\ ]]> "double" \'single\'')


def test_hostile_text_appears_literally_in_every_output(tiny: Path, tmp_path: Path):
    facts = tiny / "facts" / "01-history.yaml"
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
    replace_in(facts, "statement: The Northpoint lighthouse was first lit in 1873.", f"statement: {quoted}")
    replace_in(facts, "prompt: In what year was the Northpoint lighthouse first lit?", f"prompt: {quoted}")
    replace_in(facts, "label: First lit", "label: '<b>#x</b> $y$ {{z}} ~=#: \\'")
    result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"

    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, out / "decks" / "northpoint-light.apkg")
    (card_id,) = collection.find_cards("FactId:first-lit")
    card = collection.get_card(card_id)
    assert HOSTILE in visible_text(card.question()) and HOSTILE in visible_text(card.answer())
    assert "<script>" not in card.question() + card.answer()
    collection.close()

    for pdf in ["quizzes/module-01-history-A-key.pdf", "handouts/module-01-history.pdf", "handouts/timeline.pdf"]:
        assert flat(HOSTILE) in pdf_text(out / pdf), pdf
    pages = [p for p in out.rglob("*.html") if "history" in p.name or p.name == "timeline.html"]
    assert pages
    for page in pages:
        source = page.read_text(encoding="utf-8")
        assert "<script>" not in source, page
    for page in ["quizzes/module-01-history-A-key.html", "handouts/module-01-history.html", "handouts/timeline.html"]:
        assert HOSTILE in html.unescape((out / page).read_text(encoding="utf-8")), page
    label = "<b>#x</b> $y$ {{z}} ~=#: \\"
    assert label in html.unescape((out / "handouts" / "timeline.html").read_text(encoding="utf-8"))
    assert flat(label) in pdf_text(out / "handouts" / "timeline.pdf")

    moodle = ET.parse(out / "exports" / "northpoint-light.moodle.xml").getroot()
    texts = [html.unescape(q.findtext("questiontext/text") or "") for q in moodle.iter("question")]
    assert any(HOSTILE in text for text in texts)
    gift = [q for q in gift_pegjs(out / "exports" / "northpoint-light.gift") if q["type"] != "Category"]
    assert any(q["stem"]["text"] == HOSTILE for q in gift)
    assert f"{HOSTILE}\t1873\n" in (out / "exports" / "northpoint-light.tsv").read_text(encoding="utf-8")


def test_random_damage_never_ends_in_a_traceback(tmp_path: Path, monkeypatch):
    """Two hundred random edits (deleted, duplicated, swapped and garbled lines) to the YAML files."""
    monkeypatch.chdir(tmp_path)
    rng = random.Random(20181031)
    exit_codes = set()
    for attempt in range(200):
        root = copy_curriculum(TINY, tmp_path / f"c{attempt}")
        path = rng.choice(sorted(root.rglob("*.yaml")))
        lines = path.read_text(encoding="utf-8").split("\n")
        index = rng.randrange(len(lines))
        action = rng.choice(["delete", "duplicate", "swap", "garble", "truncate", "indent"])
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif action == "garble":
            junk = rng.choice(["{", "}", "[", ": :", "&a", "*a", "!!int", "\t", "- -", "'", '"', "%", "@", "\x00"])
            position = rng.randrange(len(lines[index]) + 1)
            lines[index] = lines[index][:position] + junk + lines[index][position:]
        elif action == "truncate":
            lines = lines[:index]
        else:
            lines[index] = "  " + lines[index]
        path.write_text("\n".join(lines), encoding="utf-8")
        result = run("check", "--curriculum", str(root))  # an unexpected exception would propagate here
        exit_codes.add(result.exit_code)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert ":" in result.output.splitlines()[0]  # path:line: message
    assert exit_codes <= {0, 1} and 1 in exit_codes
