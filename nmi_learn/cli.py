"""The `nmi-learn` command: parse options, call the API, print clean messages."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import click

# Each command imports what it uses when it runs, so `--help` and `check` start fast.
from .curriculum import find_curriculum
from .errors import CurriculumInvalid, NmiLearnError
from .build import PAPERS, TARGETS, TIMELINE_PAPERS, BuildOptions
from .wording import counted

curriculum_option = click.option(
    "--curriculum",
    "curriculum_dir",
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
    default=None,
    help="Curriculum folder (default: ./curriculum if there is one, else the current folder if it holds "
         "course.yaml and modules.yaml, else the shipped NATO Mission Iraq course).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _curriculum_dir(given: Path | None, announce: bool = True) -> Path:
    """The curriculum to use, said on stderr: the one given, ./curriculum if it exists, else the shipped one."""
    root, why = find_curriculum(given, Path.cwd())
    if announce and given is None:  # one given with --curriculum is the one the user typed
        click.echo(f"Curriculum: {_shown(root)} ({why})", err=True)
    return root


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def _print_version(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from . import __version__

    click.echo(f"nmi-learn, version {__version__}")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="\b\nStart a course:        nmi-learn init DIR\nPreview as you edit:   nmi-learn serve\n"
                    "The curriculum format: nmi-learn guide (also docs/curriculum-format.md)")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Build teaching material (Anki decks, quizzes, handouts, exports) from a
    curriculum of source-cited facts."""


@main.command()
@curriculum_option
@strict_option
def check(curriculum_dir: Path | None, strict: bool) -> None:
    """Validate the curriculum and report every problem as path:line."""
    from .curriculum import check_curriculum

    root = _curriculum_dir(curriculum_dir)
    curriculum, problems = check_curriculum(root, strict)
    if curriculum is None:
        raise CurriculumInvalid(problems, consequence="the curriculum is not valid")
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{_shown(root)}: OK ({counted(len(curriculum.modules), 'module')}, "
               f"{counted(len(curriculum.facts), 'fact')}, {counted(len(problems), 'warning')})")


@main.command()
@click.argument("targets", nargs=-1, type=click.Choice(TARGETS))
@curriculum_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write every output under this directory (decks/, quizzes/, handouts/, exports/, reports/) "
                   "instead of decks/ and build/.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=BuildOptions.seed, show_default=True,
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
@click.option("--module", "modules", multiple=True, metavar="ID",
              help="Build only this module's deck, quiz and study guide (repeat for more modules).")
@click.option("--quiz", "quiz", default=None, metavar="NAME",
              help="Build only this quiz (both variants and keys): a module's quiz by its id or file name "
                   "(people, module-03-people), or the final exam (final-exam).")
@click.option("--quiz-questions", type=click.IntRange(1, 1000), default=None, metavar="N",
              help="At most N questions in each module quiz, on facts drawn at random (by the seed) "
                   "[default: every fact the quiz can ask]")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@strict_option
def build(targets: tuple[str, ...], curriculum_dir: Path | None, out_dir: Path | None, seed: int, variants: int,
          paper: str, timeline_paper: str | None, exam_questions: int, quiz_set: str, modules: tuple[str, ...],
          quiz: str | None, quiz_questions: int | None, quiet: bool, strict: bool) -> None:
    """Validate the curriculum, then build TARGETS (default: all of them).

    TARGETS are any of: decks, quizzes, handouts, exports, reports. With
    --module, the default is decks, quizzes and handouts; with --quiz, quizzes.
    """
    from .build_key import up_to_date
    from .outputs import OutputLayout

    root = _curriculum_dir(curriculum_dir, announce=not quiet)
    layout = OutputLayout.under(out_dir) if out_dir is not None else OutputLayout.default(Path.cwd())
    default_targets = ("quizzes",) if quiz else ("decks", "quizzes", "handouts") if modules else TARGETS
    _refuse_options_without_effect(targets or default_targets, quiz_set, quiz, quiz_questions)
    options = BuildOptions(targets=targets or default_targets, seed=seed, variants=variants, paper=paper,
                           timeline_paper=timeline_paper, exam_questions=exam_questions, quizzes=quiz_set,
                           source_date_epoch=source_date_epoch(), modules=tuple(dict.fromkeys(modules)),
                           quiz=quiz, quiz_questions=quiz_questions)
    files = up_to_date(root, layout, options)
    if files is not None:
        if not quiet:
            click.echo(f"Nothing to build: the curriculum, its articles, the options and nmi-learn are as they were "
                       f"for the last build into {_shown(out_dir) if out_dir is not None else 'decks/ and build/'}, and "
                       f"its {counted(files, 'file')} are in place.")
        return
    from .build import build as run_build
    from .curriculum import open_curriculum
    from .memory import return_large_blocks
    from .summary import build_lines, curriculum_summary

    return_large_blocks()  # a build's freed files go back to the system, not into the heap
    curriculum = open_curriculum(root, strict=strict)
    for warning in curriculum.warnings:
        click.echo(str(warning), err=True)
    report = run_build(curriculum, layout, options, on_wait=_say_waiting, on_stage=_progress(quiet))
    lines = curriculum_summary(curriculum) + [""] + build_lines(report)
    for line in lines if not quiet else [line for line in lines if line.startswith("warning")]:
        click.echo(line)


def _refuse_options_without_effect(targets: tuple[str, ...], quiz_set: str, quiz: str | None,
                                   quiz_questions: int | None) -> None:
    """An option this build would ignore is a mistake to point out, not to pass over."""
    if quiz and "quizzes" not in targets:
        raise click.UsageError("--quiz names a quiz to build, but the targets named leave out quizzes")
    makes_module_quizzes = "quizzes" in targets and quiz_set != "exam" and quiz not in ("final-exam", "exam")
    if quiz_questions is not None and not makes_module_quizzes:
        raise click.UsageError("--quiz-questions sets the length of module quizzes, and this build makes none "
                               "(the exam's length is --exam-questions)")


def _progress(quiet: bool):
    """A progress line on stderr, rewritten for each stage: only on a terminal, and not with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(stage: str, number: int, total: int) -> None:
        click.echo(f"\r\x1b[KBuilding ({number}/{total}): {stage}…", err=True, nl=False)
        if number == total:  # the last stage: the summary follows on a clean line
            click.echo("\r\x1b[K", err=True, nl=False)

    return show


def source_date_epoch(now: int | None = None) -> int | None:
    """SOURCE_DATE_EPOCH from the environment, if set (the reproducible-builds convention).

    ASCII digits only (`str.isdigit` would take '²'), and not in the future:
    notes stamped with a future time could never be updated by Anki again.
    """
    from .ledger import FUTURE_SLACK_SECONDS

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    shown = value if len(value) <= 24 else value[:20] + "…"
    if not re.fullmatch(r"[0-9]{1,15}", value):
        raise NmiLearnError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (digits 0-9), "
                            f"not {shown!r}")
    seconds = int(value)
    latest = (now if now is not None else int(time.time())) + FUTURE_SLACK_SECONDS
    if seconds > latest:
        raise NmiLearnError(f"SOURCE_DATE_EPOCH={shown} lies in the future; it must be a time that has passed, "
                            "such as the time of the last commit")
    return seconds


def _say_waiting(folder: Path) -> None:
    click.echo(f"{os.path.relpath(folder)}: another nmi-learn build is writing here; waiting for it to finish",
               err=True)


@main.command()
@curriculum_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write the HTML report to DIR/reports/ instead of build/reports/.")
@click.option("--strict", is_flag=True, help="Exit with 1 unless every sentence is cited or marked not taught.")
def coverage(curriculum_dir: Path | None, out_dir: Path | None, strict: bool) -> None:
    """Show which sentences of each seed the curriculum cites, and list the rest."""
    from .coverage import Status, seed_coverage
    from .curriculum import open_curriculum
    from .generators import coverage_report
    from .outputs import OutputLayout, write_all
    from .summary import coverage_lines
    from .webfonts import with_fonts

    curriculum = open_curriculum(_curriculum_dir(curriculum_dir))
    coverages = seed_coverage(curriculum)
    for line in coverage_lines(coverages, curriculum.root):
        click.echo(line)
    written = write_all(with_fonts(coverage_report.generate(curriculum)),
                        OutputLayout.default(Path.cwd()) if out_dir is None else OutputLayout.under(out_dir),
                        on_wait=_say_waiting)
    click.echo(f"HTML report: {os.path.relpath(written[0])}")
    uncited = sum(cov.count(Status.UNCITED) for cov in coverages)
    if strict and uncited:
        raise NmiLearnError(f"{uncited} sentences are neither cited nor marked not taught.")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Start a course in FOLDER: a small, valid, buildable curriculum to edit.

    It holds one source text, two modules, facts of several kinds, a person, a
    glossary term and dated events, with comments that teach the format, and
    JSON Schemas that editors use to check each file as you type.
    """
    from .starter import init_course

    written = init_course(folder)
    click.echo(f"Started a course in {_shown(folder)} ({counted(len(written), 'file')}). Next:")
    click.echo(f"  cd {_shown(folder)}")
    click.echo("  nmi-learn check      # validate; every problem as path:line")
    click.echo("  nmi-learn build      # the deck, quizzes, handouts and exports")
    click.echo("  nmi-learn serve      # a live preview that rebuilds on every save")
    click.echo("The format of every file: nmi-learn guide")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), required=False)
def schema(folder: Path | None) -> None:
    """Write the JSON Schema of every curriculum file kind into FOLDER (default: ./schemas).

    Name a schema in a YAML file's first line so that an editor checks it as
    you type, e.g. `# yaml-language-server: $schema=schemas/facts.schema.json`.
    """
    from .outputs import write_atomic
    from .schema import schema_files

    target = folder if folder is not None else Path("schemas")
    for name, content in schema_files().items():
        target.mkdir(parents=True, exist_ok=True)
        write_atomic(target / name, content)
        click.echo(_shown(target / name))


@main.command()
@curriculum_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can reach 127.0.0.1; another address (such as "
                   "0.0.0.0) lets other machines on the network read the preview.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=BuildOptions.seed, show_default=True,
              help="Seed for question choice and order, as for build.")
@click.option("--paper", type=click.Choice(PAPERS), default=BuildOptions.paper, show_default=True,
              help="Paper size of the PDFs.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def serve(curriculum_dir: Path | None, host: str, port: int, seed: int, paper: str, open_browser: bool) -> None:
    """Preview every output in the browser, rebuilt and reloaded on every save.

    The preview builds into a temporary folder of its own: your decks/,
    build/ and revision ledger are not touched. A curriculum with errors
    shows them at path:line in the page, and the last good build stays.
    Press Ctrl-C to stop.
    """
    from .preview.run import PreviewRequest, serve_preview

    options = BuildOptions(seed=seed, paper=paper, record_revisions=False)
    request = PreviewRequest(_curriculum_dir(curriculum_dir), host, port, options, open_browser)
    serve_preview(request, say=click.echo, warn=lambda line: click.echo(line, err=True))


@main.command()
def guide() -> None:
    """Print the curriculum format guide: every file, every field, the date forms."""
    from .schema import guide_path

    click.echo(guide_path().read_text(encoding="utf-8"), nl=False)
