"""The build pipeline: validated curriculum -> generators (in memory) -> atomic writes.

Every generator runs before anything is written, so a generator that fails
leaves all previous outputs as they were.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .curriculum import Curriculum
from .outputs import Artifact, OutputLayout, write_all

TARGETS = ("decks", "quizzes", "handouts", "exports", "reports")
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how; every input to the output bytes is here."""

    targets: tuple[str, ...] = TARGETS
    seed: int = 1
    variants: int = 2
    paper: str = "a4"
    exam_questions: int = 40
    source_date_epoch: int | None = None  # the time stamped on changed notes and documents


@dataclass
class BuildReport:
    written: list[tuple[Artifact, Path]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


Generator = Callable[[Curriculum, BuildOptions, BuildReport], list[Artifact]]


def _generators() -> dict[str, Generator]:
    from .generators import coverage_report

    return {
        "reports": lambda curriculum, options, report: coverage_report.generate(curriculum),
    }


def build(curriculum: Curriculum, layout: OutputLayout, options: BuildOptions) -> BuildReport:
    """Run the chosen generators, then write all their outputs at once."""
    report = BuildReport()
    generators = _generators()
    artifacts: list[Artifact] = []
    for target in options.targets:
        if target not in generators:
            continue
        started = time.perf_counter()
        artifacts.extend(generators[target](curriculum, options, report))
        report.seconds[target] = time.perf_counter() - started
    started = time.perf_counter()
    paths = write_all(artifacts, layout)
    report.seconds["write"] = time.perf_counter() - started
    report.written = list(zip(artifacts, paths))
    return report
