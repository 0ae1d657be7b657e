"""Hardening: atomic outputs, byte-for-byte determinism, hostile text, and no tracebacks."""

from __future__ import annotations

import csv
import fcntl
import html
import os
import random
import re
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree
from pygiftparser import parser as gift_parser

from ankitools import fresh_collection, import_deck, visible_text
from browser import DESKTOP
from conftest import REPO, TINY, copy_curriculum, replace_in, run
from fontcoverage import embedded_fonts, module_source, typst_library
from nmi_learn import build as build_module
from nmi_learn import outputs
from nmi_learn.errors import OutputError
from nmi_learn.outputs import Artifact, OutputLayout
from nmi_learn.curriculum import open_curriculum
from nmi_learn.generators.exports import gift_text
from nmi_learn.questions import Cite, Kind, Question
from nmi_learn.render import web_link
from nmi_learn.spool import PREFIX
from test_exports import gift_pegjs
from test_quizzes import flat, pdf_text


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_every_output_is_byte_identical_across_builds(shipped: Path, tmp_path: Path):
    for name in ("one", "two"):
        result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    counted = [name for name in one if "fonts" not in Path(name).parts]
    assert len(counted) == 111  # 98, 9 practice pages, the card preview and its style, the build index, the record
    assert sorted(name for name in one if name.endswith("fonts/OFL.txt")) == [
        "fonts/OFL.txt", "handouts/fonts/OFL.txt", "quizzes/fonts/OFL.txt", "reports/fonts/OFL.txt"]
    assert {Path(name).parts[0] for name in one} == {"decks", "quizzes", "handouts", "exports", "reports",
                                                     "index.html", "fonts", ".nmi-learn-manifest.json"}
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
        assert "<script>alert" not in source, page  # hostile markup never arrives as markup
    for page in ["quizzes/module-01-history-A-key.html", "handouts/module-01-history.html", "handouts/timeline.html"]:
        assert HOSTILE in html.unescape((out / page).read_text(encoding="utf-8")), page
    label = "<b>#x</b> $y$ {{z}} ~=#: \\"
    assert label in html.unescape((out / "handouts" / "timeline.html").read_text(encoding="utf-8"))
    assert flat(label) in pdf_text(out / "handouts" / "timeline.pdf")

    moodle = ET.parse(out / "exports" / "northpoint-light.moodle.xml").getroot()
    texts = [html.unescape(q.findtext("questiontext/text") or "") for q in moodle.iter("question")]
    assert any(HOSTILE in text for text in texts)
    gift = [q for q in gift_pegjs(out / "exports" / "northpoint-light.gift") if q["type"] != "Category"]
    assert any(html.unescape(q["stem"]["text"]) == HOSTILE for q in gift)
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


# Faults at the edges: subprocesses, signals, permissions and a second build ----------------------------------


SAFETY_NET = 300  # seconds: a hung command fails the test instead of the suite; no timing is asserted
# Root reads and writes whatever its permission bits say; without these capabilities it obeys them.
WITHOUT_OVERRIDE = (["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                     "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else [])


def cli(*args: str, cwd: Path, obey_permissions: bool = False, epoch: int | None = None,
        driver: str | None = None) -> subprocess.CompletedProcess:
    """Run `nmi-learn` in its own process (optionally through a driver script that arranges a fault)."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    program = ["-c", driver] if driver else ["-m", "nmi_learn"]
    command = (WITHOUT_OVERRIDE if obey_permissions else []) + [sys.executable, *program, *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=SAFETY_NET)


def temporaries(*directories: Path) -> list[Path]:
    """Staged files and spools (spool.py) left behind."""
    return [p for directory in directories for pattern in ("*.tmp", f"{PREFIX}*") for p in directory.rglob(pattern)]


def outputs_in(directory: Path) -> dict[str, bytes]:
    """The files of a folder but a running build's spool."""
    return {name: content for name, content in tree(directory).items() if not name.startswith(PREFIX)}


EPOCH = 1_700_000_000


def test_an_output_path_that_is_a_directory_stops_the_build_before_any_rename(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, epoch=EPOCH).returncode == 0
    gift = out / "exports" / "northpoint-light.gift"
    gift.unlink()
    gift.mkdir()
    before = tree(out)
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    result = cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, epoch=EPOCH)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"{os.path.relpath(gift, tmp_path)}: is a directory, so the output cannot be written there; "
        "move it away (nothing was written)")
    assert tree(out) == before and temporaries(out, tiny) == []


def test_a_read_only_curriculum_stops_before_replacing_any_output(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path).returncode == 0
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    before, ledger = tree(out), (tiny / "revisions.yaml").read_bytes()
    tiny.chmod(0o555)
    try:
        result = cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, obey_permissions=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
        assert errors[0].startswith("curriculum: cannot write here (Permission denied)")
        assert "nothing was written" in result.stderr and "SOURCE_DATE_EPOCH" in result.stderr
        assert tree(out) == before and (tiny / "revisions.yaml").read_bytes() == ledger

        # With SOURCE_DATE_EPOCH the note times are fixed: the build goes on, the same bytes every time.
        decks = []
        for attempt in range(2):
            result = cli("build", "decks", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path,
                         obey_permissions=True, epoch=EPOCH)
            assert result.returncode == 0, result.stderr
            assert "revision ledger not updated (curriculum: cannot write here (Permission denied))" in result.stdout
            decks.append((out / "decks" / "northpoint-light.apkg").read_bytes())
        assert decks[0] == decks[1] != before["decks/northpoint-light.apkg"]
        assert (tiny / "revisions.yaml").read_bytes() == ledger and temporaries(out, tiny) == []
    finally:
        tiny.chmod(0o755)


@pytest.mark.parametrize("what, expected", [
    ("facts", "curriculum/facts:1: cannot read the facts directory: Permission denied"),
    ("revisions.yaml", "curriculum/revisions.yaml:1: the revision ledger cannot be read: cannot read file:"
                       " Permission denied"),
])
def test_unreadable_files_are_clean_errors(tiny: Path, tmp_path: Path, what: str, expected: str):
    assert cli("build", "decks", "--curriculum", "curriculum", "--out", str(tmp_path / "first"),
               cwd=tmp_path).returncode == 0
    (tiny / what).chmod(0o000)
    try:
        for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
            result = cli(*command, "--curriculum", "curriculum", cwd=tmp_path, obey_permissions=True)
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert expected in result.stderr.splitlines()
        assert not (tmp_path / "out").exists()
    finally:
        (tiny / what).chmod(0o755)


DRIVER = """
import os, signal, sys
from nmi_learn import outputs
from nmi_learn.cli import main

where, at, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls = []
if where == "staging":  # the signal arrives while temporaries are being written
    real_stage = outputs._stage
    def stage(target, content):
        calls.append(target)
        if len(calls) == at:
            os.kill(os.getpid(), getattr(signal, name))
        return real_stage(target, content)
    outputs._stage = stage
else:  # the signal arrives between two renames
    real_replace = os.replace
    def replace(source, target):
        real_replace(source, target)
        calls.append(target)
        if len(calls) == at:
            os.kill(os.getpid(), getattr(signal, name))
    os.replace = replace
main(sys.argv[4:], prog_name="nmi-learn")
"""


@pytest.mark.parametrize("name, exit_code", [("SIGTERM", -signal.SIGTERM), ("SIGINT", 1)])
def test_a_signal_while_staging_leaves_previous_outputs_and_no_temporaries(tiny: Path, tmp_path: Path, name: str,
                                                                          exit_code: int):
    out = tmp_path / "out"
    assert cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, epoch=EPOCH).returncode == 0
    before, ledger = tree(out), (tiny / "revisions.yaml").read_bytes()
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    result = cli("staging", "20", name, "build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path,
                 epoch=EPOCH + 1, driver=DRIVER)
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(out) == before and (tiny / "revisions.yaml").read_bytes() == ledger
    assert temporaries(out, tiny) == []


def test_a_signal_between_renames_waits_for_the_last_one(tiny: Path, tmp_path: Path):
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, epoch=EPOCH).returncode == 0
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    result = cli("renaming", "3", "SIGTERM", "build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path,
                 epoch=EPOCH + 1, driver=DRIVER)
    assert result.returncode == -signal.SIGTERM, result.stderr
    assert cli("build", "--curriculum", "curriculum", "--out", str(reference), cwd=tmp_path,
               epoch=EPOCH + 1).returncode == 0
    assert tree(out) == tree(reference)  # every file of the interrupted build is in place, none is half done
    assert temporaries(out, tiny) == []


def test_a_second_build_waits_for_the_first_to_finish_writing(tiny: Path, tmp_path: Path):
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert cli("build", "--curriculum", "curriculum", "--out", str(out), cwd=tmp_path, epoch=EPOCH).returncode == 0
    assert cli("build", "--curriculum", "curriculum", "--out", str(reference), "--seed", "2", cwd=tmp_path,
               epoch=EPOCH).returncode == 0
    before = tree(out)
    holder = os.open(out, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a build in its write phase does
    process = subprocess.Popen([sys.executable, "-m", "nmi_learn", "build", "--curriculum", "curriculum", "--out",
                                str(out), "--seed", "2"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
    guard = threading.Timer(SAFETY_NET, process.kill)
    guard.start()
    try:
        waiting = f"{os.path.relpath(out, tmp_path)}: another nmi-learn build is writing here; waiting for it to finish"
        for line in process.stderr:
            if line.rstrip("\n") == waiting:
                break
        else:
            pytest.fail("the second build never said it was waiting")
        assert outputs_in(out) == before  # nothing replaced while the folder is locked, only its spool added
        fcntl.flock(holder, fcntl.LOCK_UN)
        assert process.wait() == 0
    finally:
        guard.cancel()
        os.close(holder)
        process.kill()
        process.communicate()
    assert tree(out) == tree(reference)  # its spool is gone


def test_two_builds_into_one_folder_leave_the_files_of_one_of_them(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    references = []
    for seed in ("1", "2"):
        reference = tmp_path / f"seed-{seed}"
        assert cli("build", "--curriculum", "curriculum", "--out", str(reference), "--seed", seed, cwd=tmp_path,
                   epoch=EPOCH).returncode == 0
        references.append(tree(reference))
    processes = [subprocess.Popen([sys.executable, "-m", "nmi_learn", "build", "--curriculum", "curriculum", "--out",
                                   str(out), "--seed", seed], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
                 for seed in ("1", "2")]
    assert [process.wait(timeout=SAFETY_NET) for process in processes] == [0, 0]
    assert tree(out) in references


def test_a_fifo_among_the_fact_files_is_refused_not_waited_on(tiny: Path, tmp_path: Path):
    os.mkfifo(tiny / "facts" / "03-pipe.yaml")
    result = cli("check", "--curriculum", "curriculum", cwd=tmp_path)  # hung here before; the safety net ends it
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == ("curriculum/facts/03-pipe.yaml:1: is a named pipe (FIFO), not a regular"
                                             " file; only regular files are read")


def test_a_deeply_nested_ledger_is_a_clean_error_not_a_crash(tiny: Path, tmp_path: Path):
    (tiny / "revisions.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = cli("build", "decks", "--curriculum", "curriculum", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr  # it was a segmentation fault
    assert result.stderr.splitlines()[0].startswith("curriculum/revisions.yaml:1: the revision ledger is damaged: ")
    assert not (tmp_path / "out").exists()


def test_editor_and_os_artefacts_are_not_fact_files(tiny: Path, tmp_path: Path):
    facts = tiny / "facts"
    (facts / ".#01-history.yaml").symlink_to("root@host.12345:1700000000")  # an Emacs lock: a dangling link
    (facts / "._01-history.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # AppleDouble
    (facts / "01-history.yaml~").write_text("facts: [broken", encoding="utf-8")
    (facts / ".01-history.yaml.swp").write_bytes(b"b0VIM 9.0\x00")
    result = run("check", "--curriculum", "curriculum")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith("OK (2 modules, 8 facts, 0 warnings)")


def test_the_timeline_draws_the_first_and_last_dates_allowed(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "02-repairs.yaml", "date: 2021-03-14", "date: 9998-12-31")
    replace_in(tiny / "timeline.yaml", "    start: 1873\n", "    start: 0002-01-01\n")
    result = run("build", "handouts", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "handouts" / "timeline.pdf")
    assert "31 December 9998" in text and "Timeline, 2–9998" in text


@pytest.mark.parametrize("value, expected", [
    ("²", "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (digits 0-9), not '²'"),
    ("1" * 5000, "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (digits 0-9), not '" + "1" * 20 + "…'"),
    ("-1", "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (digits 0-9), not '-1'"),
    ("1.7e9", "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (digits 0-9), not '1.7e9'"),
    ("253402300800", "SOURCE_DATE_EPOCH=253402300800 lies in the future; it must be a time that has passed, such as"
                     " the time of the last commit"),
])
def test_source_date_epoch_out_of_range_is_a_clean_error(tiny: Path, tmp_path: Path, monkeypatch, value: str,
                                                         expected: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == expected
    assert not (tmp_path / "out").exists()


def test_a_seed_of_5000_digits_is_a_usage_error(tiny: Path, tmp_path: Path):
    result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "out"), "--seed", "9" * 5000)
    assert result.exit_code == 2 and "Invalid value for '--seed'" in result.output
    assert not (tmp_path / "out").exists()


# Safe outputs, read by their real consumers ----------------------------------------------------------------


def test_deck_names_and_descriptions_are_safe_in_anki(tiny: Path, tmp_path: Path):
    replace_in(tiny / "course.yaml", "title: The Northpoint Lighthouse", "title: Northpoint::Light")
    replace_in(tiny / "course.yaml", "description: A tiny curriculum",
               "description: <script>alert(1)</script> {{Front}} A tiny curriculum")
    replace_in(tiny / "modules.yaml", "    title: History\n",
               "    title: History::Old\n    summary: <img src=x onerror=alert(1)> & more\n")
    result = run("build", "decks", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, tmp_path / "out" / "decks" / "northpoint-light.apkg")
    names = {deck.name for deck in collection.decks.all_names_and_ids()} - {"Default"}
    assert names == {"Northpoint:Light", "Northpoint:Light::01 History:Old", "Northpoint:Light::02 Repairs"}
    course = collection.decks.by_name("Northpoint:Light")["desc"]
    module = collection.decks.by_name("Northpoint:Light::01 History:Old")["desc"]
    collection.close()
    assert "<" not in course + module  # Anki shows descriptions as HTML: no tag may reach it
    assert html.unescape(course).startswith("<script>alert(1)</script> {{Front}} A tiny")
    assert html.unescape(module) == "<img src=x onerror=alert(1)> & more"


def test_the_highest_cloze_number_allowed_is_one_anki_imports(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "01-history.yaml", "The last resident keeper was",
               "The {{c65536::last}} resident keeper was")
    assert run("build", "decks", "--curriculum", "curriculum", "--out", str(tmp_path / "out")).exit_code == 0
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, tmp_path / "out" / "decks" / "northpoint-light.apkg")
    ordinals = sorted(collection.get_card(c).ord for c in collection.find_cards('"note:nmi-learn cloze"'))
    collection.close()
    assert ordinals == [0, 65535]


def test_only_web_addresses_become_links(browser, tiny: Path, tmp_path: Path):
    assert web_link("javascript:alert(1)") == web_link("data:text/html,x") == web_link("vbscript:x") == ""
    assert web_link(" JavaScript:alert(1)") == web_link("http:///no-host") == ""
    url = 'https://example.org/a?b=1&c="x"&d=<b>'
    replace_in(tiny / "sources.yaml", "    publisher: The Gazette\n", f"    url: '{url}'\n    publisher: The Gazette\n")
    result = run("build", "handouts", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport=DESKTOP)
    page.goto((tmp_path / "out" / "handouts" / "module-02-repairs.html").as_uri())
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [url]
    assert page.eval_on_selector_all("li a b", "bold => bold.length") == 0  # the URL's text stayed text
    page.close()


def gift_structure(path: Path) -> list[tuple[str, str]]:
    """(type, title) of every item the grammar-based parser reads."""
    return [(item["type"], item["title"]) for item in gift_pegjs(path)]


def test_titles_names_and_cloze_text_cannot_change_the_structure_of_the_exports(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "exports", "--curriculum", "curriculum", "--out", str(tmp_path / "plain")).exit_code == 0
    replace_in(tiny / "course.yaml", "title: The Northpoint Lighthouse",
               'title: "The Northpoint\\n::evil::Injected? {TRUE}\\n\\nLighthouse"')
    replace_in(tiny / "modules.yaml", "title: Repairs", "title: Repairs / Relighting")
    replace_in(tiny / "facts" / "02-repairs.yaml", '"The repairs were paid for by {{c1::the Coastal Trust}}."',
               '"The repairs {1:MULTICHOICE:=were~were not} paid for by {{c1::the Coastal Trust}}."')
    result = run("build", "exports", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0, result.output
    gift = out / "exports" / "northpoint-light.gift"
    plain = tmp_path / "plain" / "exports" / "northpoint-light.gift"
    assert [kind for kind, _ in gift_structure(gift)] == [kind for kind, _ in gift_structure(plain)]
    with open(gift, encoding="utf-8") as hostile, open(plain, encoding="utf-8") as reference:
        assert len(gift_parser.parseFile(hostile)) == len(gift_parser.parseFile(reference))
    items = gift_pegjs(gift)
    course = "The Northpoint ::evil::Injected? {TRUE} Lighthouse"
    assert [item["title"] for item in items if item["type"] == "Category"] == [
        f"$course$/{course}/01 History", f"$course$/{course}/02 Repairs // Relighting"]

    moodle = etree.parse(str(out / "exports" / "northpoint-light.moodle.xml"))  # well-formed, or lxml raises
    categories = [c.text for c in moodle.iterfind("question[@type='category']/category/text")]
    split = [[name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)] for path in categories]
    assert split[1] == ["$course$", course, "02 Repairs / Relighting"]  # as Moodle's split_category_path reads it
    (cloze,) = moodle.xpath("question[idnumber='fill:paid-by']/questiontext/text")
    subquestions = re.findall(r"\{[0-9]*:[A-Z_]+:", cloze.text)  # as Moodle's multianswer parser finds them
    assert subquestions == ["{1:SHORTANSWER:"]
    assert "{1:MULTICHOICE:=were~were not}" in html.unescape(cloze.text)


def test_term_list_cells_are_never_formulas_or_quoted_fields(tiny: Path, tmp_path: Path):
    facts = tiny / "facts" / "02-repairs.yaml"
    replace_in(facts, "prompt: On what date was the Northpoint lighthouse relit after repairs?",
               "prompt: '=HYPERLINK(\"http://x.example\",\"On what date was it relit?\")'")
    replace_in(facts, "answer: 14 March 2021", "answer: '@14 March 2021'")
    replace_in(facts, "distractors: [14 March 2019, 1 January 2021, 14 May 2021]",
               "distractors: ['@14 March 2019', 1 January 2021, 14 May 2021]")
    replace_in(tiny / "people.yaml", "name: Tomas Brand", "name: '\"Tomas\" Brand'")
    replace_in(tiny / "facts" / "01-history.yaml", "distractors: [Mara Quill, John Reed, Ann Wells]",
               "distractors: [Mara Quill, John Reed, '\"Tomas\" Brand']")
    result = run("build", "exports", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "exports" / "northpoint-light.tsv", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))
    assert ["'=HYPERLINK(\"http://x.example\",\"On what date was it relit?\")", "'@14 March 2021"] in rows
    assert ['"Tomas" Brand', "Last resident keeper (Northpoint lighthouse)"] in rows
    assert all(len(row) == 2 and not row[0].startswith(("=", "+", "-", "@")) for row in rows)


def test_an_arrow_in_a_matching_item_cannot_split_its_gift_pair(tmp_path: Path):
    curriculum = open_curriculum(TINY / "curriculum")
    pairs = (("Mara -> Quill", "Chair -> of the Trust"), ("A->B", "x"), ("Tomas Brand", "keeper"), ("C", "D"))
    cite = Cite("gazette", "The Gazette", "March 2021", "Relit", "quote")
    question = Question("match-people:all:1", Kind.MATCHING, None, ("person:x",), prompt="Match -> them.",
                        explanation="Each pair.", citations=(cite,), points=4, pairs=pairs)
    gift, _ = gift_text(curriculum, [("$course$/Northpoint", [question])])
    path = tmp_path / "matching.gift"
    path.write_bytes(gift)
    (item,) = [item for item in gift_pegjs(path) if item["type"] == "Matching"]
    assert [(html.unescape(p["subquestion"]["text"]), p["subanswer"]) for p in item["matchPairs"]] == list(pairs)
    with open(path, encoding="utf-8") as stream:
        (loose,) = gift_parser.parseFile(stream)
    read = [(html.unescape(a.question.strip()), a.answer.strip()) for a in loose.answers.answers]
    # pygiftparser splits at the last arrow, Moodle and the grammar at the first: only the left side must hold none.
    assert read[1:] == list(pairs[1:]) and read[0][0].startswith("Mara -> Quill")


def test_the_printable_characters_are_those_of_the_fonts_typst_embeds():
    """nmi_learn/font_coverage.py is read from the fonts inside the installed Typst (see tests/fontcoverage.py)."""
    fonts = embedded_fonts(typst_library())
    assert {"Libertinus Serif Regular", "NewComputerModern10-Regular", "DejaVu Sans Mono"} <= set(fonts)
    assert (REPO / "nmi_learn" / "font_coverage.py").read_text(encoding="utf-8") == module_source(fonts)


def test_greek_and_cyrillic_print_and_pass_the_check(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "01-history.yaml", "statement: The Northpoint lighthouse was first lit in 1873.",
               "statement: The Northpoint lighthouse (Φάρος, Маяк) was first lit in 1873.")
    result = run("build", "handouts", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "(Φάρος, Маяк)" in pdf_text(tmp_path / "out" / "handouts" / "module-01-history.pdf")
