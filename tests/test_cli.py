"""The command line: exit codes, messages, help, and the shipped curriculum."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import replace_in, run
from nmi_learn import __version__
from nmi_learn.cli import main


def test_check_passes_on_the_shipped_curriculum():
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert ": OK (" in result.output


def test_altered_quote_is_named_at_its_line(shipped: Path):
    path = shipped / "facts" / "01-origins.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "quote: The mission began its work on Oct. 31." in text)
    replace_in(path, "quote: The mission began its work on Oct. 31.", "quote: The mission began its work on Oct. 30.")
    result = run("check", "--curriculum", "curriculum")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"curriculum/facts/01-origins.yaml:{line}: quote not found in seed "
        "../seeds/kurdistan24-canada-led-nato-mission-begins.txt (source 'kurdistan24-2018'); "
        'it matches the seed up to "The mission began its work on Oct. 3" and then differs')
    assert "Traceback" not in result.output


def test_tiny_curriculum_on_another_topic_checks_and_builds(tiny: Path, tmp_path: Path):
    assert run("check", "--curriculum", "curriculum").exit_code == 0
    result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "The Northpoint Lighthouse: 2 modules, 8 facts" in result.output


def test_build_refuses_an_invalid_curriculum(tiny: Path, tmp_path: Path):
    replace_in(tiny / "modules.yaml", "order: 2", "order: two")
    result = run("build", "--curriculum", "curriculum", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 error; nothing was built."
    assert not (tmp_path / "out").exists()


def test_warnings_pass_unless_strict(tiny: Path):
    replace_in(tiny / "facts" / "01-history.yaml", "prompt: In what year was the Northpoint lighthouse first lit?",
               "prompt: In what year was the building first lit?")
    relaxed = run("check", "--curriculum", "curriculum")
    assert relaxed.exit_code == 0
    warning = ("curriculum/facts/01-history.yaml:5: warning: prompt says 'the building': name what is meant, "
               "so the card is clear out of context")
    assert warning in relaxed.output.splitlines()
    strict = run("check", "--curriculum", "curriculum", "--strict")
    assert strict.exit_code == 1
    assert warning.replace("warning: ", "") in strict.output.splitlines()


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"nmi-learn, version {__version__}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name: str):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert main.commands[name].help, f"{name} has no docstring"
    assert "Usage: main" in result.output or "Usage:" in result.output


def test_a_minimal_curriculum_builds_every_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One fact, no distractors, no dates, no people, glossary or timeline: everything still builds."""
    from conftest import copy_curriculum

    copy_curriculum(Path(__file__).parent / "fixtures" / "minimal", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("build", "--curriculum", "curriculum", "--out", "out")
    assert result.exit_code == 0, result.output
    assert "handouts: no timeline, as no fact has a date and there are no eras" in result.output
    for name in ("decks/bridge.apkg", "quizzes/final-exam-A.pdf", "handouts/module-01-only.pdf",
                 "handouts/overview.pdf", "exports/bridge.gift", "reports/coverage.html"):
        assert (tmp_path / "out" / name).exists(), name
    assert not (tmp_path / "out" / "handouts" / "timeline.pdf").exists()
