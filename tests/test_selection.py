"""Building part of a course: `--module`, `--quiz`, `--quiz-questions`; and the build's progress line.

A part is made as the whole build makes it (same seed, same questions), under names that do not replace
the whole course's files where they would differ, and removes nothing.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from ankitools import fresh_collection, import_deck
from conftest import replace_in, run
from nmi_learn.ledger import Ledger


def files_in(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "fonts/" not in p.as_posix()
            and not p.name.startswith(".")}


def test_a_module_build_makes_that_modules_deck_quiz_and_guide_only(tiny: Path, tmp_path: Path):
    out = tmp_path / "part"
    result = run("build", "--module", "repairs", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert files_in(out) == {
        "decks/northpoint-light-repairs.apkg",
        "handouts/module-02-repairs.html", "handouts/module-02-repairs.pdf",
        *(f"quizzes/module-02-repairs-{v}{key}.{ext}" for v in "AB" for key in ("", "-key") for ext in ("pdf", "html")),
        "quizzes/practice/module-02-repairs.html",
    }
    assert "a build of some of the course (module repairs)" in result.output


def test_a_part_is_made_as_the_whole_build_makes_it(tiny: Path, tmp_path: Path):
    whole, part = tmp_path / "whole", tmp_path / "part"
    assert run("build", "--curriculum", "curriculum", "--out", str(whole)).exit_code == 0
    assert run("build", "--module", "history", "--curriculum", "curriculum", "--out", str(part)).exit_code == 0
    for name in ("quizzes/module-01-history-A.html", "quizzes/module-01-history-B-key.html",
                 "handouts/module-01-history.html", "quizzes/practice/module-01-history.html"):
        assert (part / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_module_deck_updates_the_whole_decks_notes_in_anki(tiny: Path, tmp_path: Path):
    whole, part = tmp_path / "whole", tmp_path / "part"
    assert run("build", "decks", "--curriculum", "curriculum", "--out", str(whole)).exit_code == 0
    assert run("build", "decks", "--module", "history", "--curriculum", "curriculum", "--out", str(part)).exit_code == 0
    collection = fresh_collection(tmp_path / "anki")
    first = import_deck(collection, part / "decks" / "northpoint-light-history.apkg")
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert "The Northpoint Lighthouse::01 History" in names and "The Northpoint Lighthouse::02 Repairs" not in names
    notes_of_part = collection.note_count()
    second = import_deck(collection, whole / "decks" / "northpoint-light.apkg")
    assert len(first.new) == notes_of_part
    assert len(second.duplicate) == notes_of_part  # the same notes: updated in place, not added again
    assert collection.note_count() == notes_of_part + len(second.new)
    collection.close()


def test_a_module_build_keeps_the_ledger_of_other_modules(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "decks", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    before = Ledger.load(tiny).revisions
    replace_in(tiny / "facts" / "01-history.yaml", "first lit in 1873.", "first lit, by oil lamp, in 1873.")
    env = {"SOURCE_DATE_EPOCH": str(max(r.changed for r in before.values()) + 60)}
    result = run_with_env(env, "build", "decks", "--module", "repairs", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert Ledger.load(tiny).revisions == before  # the edited history note waits for a build that includes it


def run_with_env(env: dict[str, str], *args: str):
    old = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return run(*args)
    finally:
        for name, value in old.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)


def test_a_module_build_removes_nothing_and_a_whole_build_keeps_its_deck(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    before = files_in(out)
    assert run("build", "--module", "history", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    assert files_in(out) == before | {"decks/northpoint-light-history.apkg"}
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert "removed" not in result.output  # the module deck is a file of its own, perhaps handed out
    assert files_in(out) == before | {"decks/northpoint-light-history.apkg"}


def test_one_quiz_by_name(tiny: Path, tmp_path: Path):
    for name, stem in (("final-exam", "final-exam"), ("exam", "final-exam"), ("repairs", "module-02-repairs"),
                       ("module-01-history", "module-01-history")):
        out = tmp_path / name
        result = run("build", "--quiz", name, "--curriculum", "curriculum", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert files_in(out) == {f"quizzes/{stem}-{v}{key}.{ext}" for v in "AB" for key in ("", "-key")
                                 for ext in ("pdf", "html")}


def test_module_quizzes_of_a_chosen_length(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("build", "quizzes", "--quizzes", "modules", "--quiz-questions", "3", "--curriculum", "curriculum",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    for stem in ("module-01-history-A", "module-02-repairs-B"):
        text = "".join(page.extract_text() for page in PdfReader(out / "quizzes" / f"{stem}.pdf").pages)
        assert "3 questions" in text
        assert sorted(int(n) for n in re.findall(r"(?m)^(\d+)\. ", text)) == [1, 2, 3]


def test_unknown_names_are_clean_errors_and_nothing_is_written(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    for args, message in ((("--module", "lamps"), "no module 'lamps' in this curriculum; its modules are: history, repairs"),
                          (("--module", "histroy"), "no module 'histroy' in this curriculum (did you mean 'history'?)"),
                          (("--quiz", "final-exm"), "no quiz 'final-exm' (did you mean 'final-exam'?)"),
                          (("--quiz", "lamps"), "no quiz 'lamps'; the quizzes are: final-exam, module-01-history"),
                          (("--module", "history", "--quiz", "repairs"), "which --module did not choose")):
        result = run("build", *args, "--curriculum", "curriculum", "--out", str(out))
        assert result.exit_code == 1 and message in result.output
        assert "Traceback" not in result.output
    assert not out.exists()


def test_an_option_the_build_would_ignore_is_refused(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    for args, message in ((("--quiz-questions", "3", "--quizzes", "exam"), "--quiz-questions sets the length of module"),
                          (("handouts", "--quiz-questions", "3"), "--quiz-questions sets the length of module"),
                          (("--quiz", "final-exam", "--quiz-questions", "3"), "--quiz-questions sets the length"),
                          (("decks", "--quiz", "history"), "--quiz names a quiz to build, but the targets")):
        result = run("build", *args, "--curriculum", "curriculum", "--out", str(out))
        assert result.exit_code == 2 and message in result.output, result.output
    assert not out.exists()


def run_in_terminal(*args: str, cwd: Path) -> str:
    """The command with its stderr on a pseudo-terminal, as a user at a terminal sees it."""
    reader, writer = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "nmi_learn", *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=writer, text=True)
    os.close(writer)
    seen = b""
    while True:
        try:
            chunk = os.read(reader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    stdout, _ = process.communicate(timeout=120)
    os.close(reader)
    assert process.returncode == 0
    return seen.decode("utf-8", "replace") + "\n" + stdout


def test_a_terminal_sees_a_progress_line_per_stage_and_quiet_silences_it(tiny: Path, tmp_path: Path):
    shown = run_in_terminal("build", "--curriculum", "curriculum", "--out", str(tmp_path / "a"), cwd=tiny.parent)
    assert [int(n) for n in re.findall(r"Building \((\d)/6\)", shown)] == [1, 2, 3, 4, 5, 6]
    assert "Building (2/6): quizzes and keys…" in shown
    assert "files written" in shown
    quiet = run_in_terminal("build", "--quiet", "--curriculum", "curriculum", "--out", str(tmp_path / "b"),
                            cwd=tiny.parent)
    assert "Building" not in quiet and "files written" not in quiet
    piped = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "c"))
    assert "Building (" not in piped.output  # not a terminal: no progress line
