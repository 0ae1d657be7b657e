"""The build pipeline: validated curriculum -> generators (in memory) -> atomic writes.

Every generator runs before anything is written, so a generator that fails
leaves all previous outputs as they were.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from .curriculum import Curriculum
from .errors import OutputError
from .ledger import LEDGER_FILE, Ledger
from .outputs import Artifact, OutputLayout, write_all
from .questions import Bank, build_bank

TARGETS = ("decks", "quizzes", "handouts", "exports", "reports")
PAPERS = ("a4", "letter")
TIMELINE_PAPERS = ("a4", "a3", "a2")


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how; every input to the output bytes is here."""

    targets: tuple[str, ...] = TARGETS
    seed: int = 1
    variants: int = 2
    paper: str = "a4"
    timeline_paper: str | None = None  # a4, a3 or a2 for the timeline (a wall chart); None: as `paper`
    exam_questions: int = 40
    quizzes: str = "all"  # which quizzes: "all", "modules" or "exam"
    source_date_epoch: int | None = None  # the time stamped on changed notes and documents


@dataclass
class BuildReport:
    written: list[tuple[Artifact, Path]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Generated:
    """What one generator produced: files, lines for the summary, and a ledger to save."""

    artifacts: list[Artifact]
    notes: list[str] = field(default_factory=list)
    ledger: Ledger | None = None


@dataclass(frozen=True)
class Inputs:
    """What every generator of one build reads: the curriculum, the options, the revision ledger."""

    curriculum: Curriculum
    options: BuildOptions
    ledger: Ledger

    @cached_property
    def bank(self) -> Bank:
        """The question bank, built once for the quizzes, the overview and the exports."""
        return build_bank(self.curriculum, self.options.seed)

    @property
    def document_time(self) -> int:
        """The date printed into documents: SOURCE_DATE_EPOCH, else the curriculum's last recorded change."""
        if self.options.source_date_epoch is not None:
            return self.options.source_date_epoch
        return self.ledger.latest()


def _generate_decks(inputs: Inputs) -> Generated:
    from .generators import anki

    deck = anki.generate(inputs.curriculum, inputs.ledger, inputs.options.source_date_epoch)
    return Generated([deck.artifact], ledger=deck.ledger)


def _generate_quizzes(inputs: Inputs) -> Generated:
    from .generators import quizzes
    from .render import TypstRenderer

    options, when = inputs.options, inputs.document_time
    artifacts = quizzes.generate(inputs.curriculum, inputs.bank, options.seed, options.variants, options.paper,
                                 options.exam_questions, when, TypstRenderer(when), options.quizzes)
    return Generated(artifacts)


def _generate_handouts(inputs: Inputs) -> Generated:
    from .generators import handouts
    from .render import TypstRenderer

    options, when = inputs.options, inputs.document_time
    artifacts, notes = handouts.generate(inputs.curriculum, inputs.bank, options.seed, options.variants,
                                         options.paper, when, TypstRenderer(when), options.timeline_paper)
    return Generated(artifacts, notes=notes)


def _generate_exports(inputs: Inputs) -> Generated:
    from .generators import exports

    exported = exports.generate(inputs.curriculum, inputs.bank)
    return Generated(exported.artifacts, notes=exported.notes)


def _generate_reports(inputs: Inputs) -> Generated:
    from .generators import coverage_report

    return Generated(coverage_report.generate(inputs.curriculum))


GENERATORS: dict[str, Callable[[Inputs], Generated]] = {
    "decks": _generate_decks,
    "quizzes": _generate_quizzes,
    "handouts": _generate_handouts,
    "exports": _generate_exports,
    "reports": _generate_reports,
}


def build(curriculum: Curriculum, layout: OutputLayout, options: BuildOptions) -> BuildReport:
    """Run the chosen generators, then write all their outputs at once."""
    report = BuildReport()
    inputs = Inputs(curriculum, options, Ledger.load(curriculum.root))
    results: list[Generated] = []
    for target in options.targets:
        started = time.perf_counter()
        results.append(GENERATORS[target](inputs))
        report.seconds[target] = time.perf_counter() - started
    started = time.perf_counter()
    artifacts = [artifact for result in results for artifact in result.artifacts]
    paths = write_all(artifacts, layout)
    for result in results:
        report.notes += result.notes
        if result.ledger is not None and _save_ledger(curriculum, result.ledger, inputs.ledger):
            report.notes.append(f"revision ledger updated: {os.path.relpath(curriculum.root / LEDGER_FILE)}")
    report.seconds["write"] = time.perf_counter() - started
    report.written = list(zip(artifacts, paths))
    return report


def _save_ledger(curriculum: Curriculum, ledger: Ledger, previous: Ledger) -> bool:
    try:
        return ledger.save_if_changed(curriculum.root, previous)
    except OutputError as exc:
        raise OutputError(f"{exc.message}; the outputs were written, but note times could not be recorded") from None
