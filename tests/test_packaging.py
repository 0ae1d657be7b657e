"""A plain (non-editable) install ships the curriculum and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    return next(out.glob("nmi_learn-*.whl"))


def test_wheel_carries_curriculum_and_seeds(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nmi_learn/shipped/curriculum/course.yaml" in names
    assert "nmi_learn/shipped/curriculum/sources.yaml" in names
    assert len([n for n in names if n.startswith("nmi_learn/shipped/seeds/") and n.endswith(".txt")]) == 5
    assert "nmi_learn/templates/fonts/OFL.txt" in names  # the HTML pages' fonts travel with their licence
    assert len([n for n in names if n.startswith("nmi_learn/templates/fonts/") and n.endswith(".woff2")]) == 8


def test_installed_package_checks_from_any_directory(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-c", "from nmi_learn.cli import main; main()", "check"],
                            cwd=elsewhere, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert str(target / "nmi_learn" / "shipped" / "curriculum") in result.stdout
