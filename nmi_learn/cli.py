"""The `nmi-learn` command: parse options, call the API, print clean messages."""

from __future__ import annotations

import os
from pathlib import Path

import click

from . import __version__
from .curriculum import check_curriculum, open_curriculum, shipped_curriculum_dir
from .errors import CurriculumInvalid, NmiLearnError
from .coverage import Status, seed_coverage
from .build import PAPERS, TARGETS, TIMELINE_PAPERS, BuildOptions
from .build import build as run_build
from .generators import coverage_report
from .outputs import OutputLayout, write_all
from .summary import build_lines, coverage_lines, curriculum_summary

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
@click.argument("targets", nargs=-1, type=click.Choice(TARGETS))
@curriculum_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write every output under this directory (decks/, quizzes/, handouts/, exports/, reports/) "
                   "instead of decks/ and build/.")
@click.option("--seed", type=int, default=BuildOptions.seed, show_default=True,
              help="Seed for question choice and order; the same seed gives the same files.")
@click.option("--variants", type=click.IntRange(1, 26), default=BuildOptions.variants, show_default=True,
              help="Quiz variants (A, B, ...): same questions, different order.")
@click.option("--paper", type=click.Choice(PAPERS), default=BuildOptions.paper, show_default=True,
              help="Paper size of the PDFs.")
@click.option("--timeline-paper", type=click.Choice(TIMELINE_PAPERS), default=None,
              help="Paper size of the timeline handout, for a wall chart: its type grows with the paper "
                   "(default: as --paper).")
@click.option("--exam-questions", type=click.IntRange(5, 1000), default=BuildOptions.exam_questions,
              show_default=True, help="Number of questions in the final exam.")
@click.option("--quizzes", "quiz_set", type=click.Choice(["all", "modules", "exam"]), default="all",
              show_default=True, help="Which quizzes to build: one per module, the final exam, or both.")
@strict_option
def build(targets: tuple[str, ...], curriculum_dir: Path | None, out_dir: Path | None, seed: int, variants: int,
          paper: str, timeline_paper: str | None, exam_questions: int, quiz_set: str, strict: bool) -> None:
    """Validate the curriculum, then build TARGETS (default: all of them).

    TARGETS are any of: decks, quizzes, handouts, exports, reports.
    """
    curriculum = open_curriculum(_curriculum_dir(curriculum_dir), strict=strict)
    for warning in curriculum.warnings:
        click.echo(str(warning), err=True)
    layout = OutputLayout.under(out_dir) if out_dir is not None else OutputLayout.default(Path.cwd())
    options = BuildOptions(targets=targets or TARGETS, seed=seed, variants=variants, paper=paper,
                           timeline_paper=timeline_paper, exam_questions=exam_questions, quizzes=quiz_set,
                           source_date_epoch=source_date_epoch())
    report = run_build(curriculum, layout, options)
    for line in curriculum_summary(curriculum) + [""] + build_lines(report):
        click.echo(line)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from the environment, if set (the reproducible-builds convention)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise NmiLearnError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}")
    return int(value)


@main.command()
@curriculum_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write the HTML report to DIR/reports/ instead of build/reports/.")
@click.option("--strict", is_flag=True, help="Exit with 1 unless every sentence is cited or marked not taught.")
def coverage(curriculum_dir: Path | None, out_dir: Path | None, strict: bool) -> None:
    """Show which sentences of each seed the curriculum cites, and list the rest."""
    curriculum = open_curriculum(_curriculum_dir(curriculum_dir))
    coverages = seed_coverage(curriculum)
    for line in coverage_lines(coverages, curriculum.root):
        click.echo(line)
    written = write_all(coverage_report.generate(curriculum), OutputLayout.default(Path.cwd()) if out_dir is None
                        else OutputLayout.under(out_dir))
    click.echo(f"HTML report: {os.path.relpath(written[0])}")
    uncited = sum(cov.count(Status.UNCITED) for cov in coverages)
    if strict and uncited:
        raise NmiLearnError(f"{uncited} sentences are neither cited nor marked not taught.")
