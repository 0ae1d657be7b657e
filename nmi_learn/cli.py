"""The `nmi-learn` command: parse options, call the API, print clean messages."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .curriculum import check_curriculum, open_curriculum, shipped_curriculum_dir
from .errors import CurriculumInvalid, NmiLearnError
from .coverage import Status, seed_coverage
from .summary import coverage_lines, curriculum_summary

curriculum_option = click.option(
    "--curriculum",
    "curriculum_dir",
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
    default=None,
    help="Curriculum directory (default: the shipped NATO Mission Iraq curriculum).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _curriculum_dir(given: Path | None) -> Path:
    return given if given is not None else shipped_curriculum_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nmi-learn")
def main() -> None:
    """Build teaching material (Anki decks, quizzes, handouts, exports) from a
    curriculum of source-cited facts."""


@main.command()
@curriculum_option
@strict_option
def check(curriculum_dir: Path | None, strict: bool) -> None:
    """Validate the curriculum and report every problem as path:line."""
    root = _curriculum_dir(curriculum_dir)
    curriculum, problems = check_curriculum(root, strict)
    if curriculum is None:
        raise CurriculumInvalid(problems, consequence="the curriculum is not valid")
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{root}: OK ({len(curriculum.modules)} modules, {len(curriculum.facts)} facts, "
               f"{len(problems)} warnings)")


@main.command()
@curriculum_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Write every output under this directory (decks/, quizzes/, handouts/, exports/).")
@strict_option
def build(curriculum_dir: Path | None, out_dir: Path | None, strict: bool) -> None:
    """Validate the curriculum, then build every output from it."""
    curriculum = open_curriculum(_curriculum_dir(curriculum_dir), strict=strict)
    for warning in curriculum.warnings:
        click.echo(str(warning), err=True)
    for line in curriculum_summary(curriculum):
        click.echo(line)


@main.command()
@curriculum_option
@click.option("--strict", is_flag=True, help="Exit with 1 unless every sentence is cited or marked not taught.")
def coverage(curriculum_dir: Path | None, strict: bool) -> None:
    """Show which sentences of each seed the curriculum cites, and list the rest."""
    curriculum = open_curriculum(_curriculum_dir(curriculum_dir))
    coverages = seed_coverage(curriculum)
    for line in coverage_lines(coverages, curriculum.root):
        click.echo(line)
    uncited = sum(cov.count(Status.UNCITED) for cov in coverages)
    if strict and uncited:
        raise NmiLearnError(f"{uncited} sentences are neither cited nor marked not taught.")
