"""Shared helpers: copies of curricula to break, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nmi_learn.cli import main

from browser import browser  # noqa: F401  (the session's Chromium, for browser tests)

REPO = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


def copy_curriculum(source_root: Path, target: Path) -> Path:
    """Copy `curriculum/` and `seeds/` from source_root into target; return the curriculum dir."""
    shutil.copytree(source_root / "curriculum", target / "curriculum")
    shutil.copytree(source_root / "seeds", target / "seeds")
    return target / "curriculum"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file in place, failing loudly if the text to replace is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run(*args: str) -> Result:
    """Run the CLI in-process; exceptions other than SystemExit are not swallowed."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the tiny fixture curriculum; the working directory is its parent."""
    root = copy_curriculum(TINY, tmp_path)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped NMI curriculum; the working directory is its parent."""
    root = copy_curriculum(REPO, tmp_path)
    monkeypatch.chdir(tmp_path)
    return root
