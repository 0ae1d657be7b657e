"""Plain-text summaries of a curriculum for the terminal."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from .coverage import SeedCoverage, Status
from .curriculum import Curriculum
from .build import BuildReport
from .wording import counted
from .webfonts import FONT_FOLDER, LICENCE


def table(headers: list[str], rows: list[list[object]]) -> list[str]:
    """A simple aligned text table; numbers are right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(headers))]

    def render(row: list[str]) -> str:
        parts = [cell.rjust(w) if num else cell.ljust(w) for cell, w, num in zip(row, widths, numeric)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [render(cells[0]), rule] + [render(row) for row in cells[1:]]


def curriculum_summary(curriculum: Curriculum) -> list[str]:
    """Modules with their fact counts, then citations per source."""
    lines = [f"{curriculum.course.title}: {counted(len(curriculum.modules), 'module')}, "
             f"{counted(len(curriculum.facts), 'fact')}, "
             f"{counted(len(curriculum.people), 'person')}, {counted(len(curriculum.terms), 'glossary term')}", ""]
    lines += table(
        ["#", "module", "facts", "dated"],
        [[module.order, module.title, len(curriculum.facts_in(module.id)),
          sum(1 for f in curriculum.facts_in(module.id) if f.date is not None)] for module in curriculum.modules],
    )
    cited = Counter()
    for record in (*curriculum.facts, *curriculum.people, *curriculum.terms, *curriculum.eras):
        for citation in record.citations:
            cited[citation.source] += 1
    lines.append("")
    lines += table(
        ["source", "publisher", "published", "citations"],
        [[s.id, s.publisher, s.published.date.label(), cited[s.id]] for s in curriculum.sources],
    )
    return lines


def coverage_lines(coverages: list[SeedCoverage], root: Path, show_uncited: bool = True) -> list[str]:
    """A table of sentence coverage per seed, then every uncited sentence as path:line."""
    rows = []
    for cov in coverages:
        total = len(cov.sentences)
        rows.append([cov.source.id, total, cov.count(Status.CITED), cov.count(Status.NOT_TAUGHT),
                     cov.count(Status.UNCITED), f"{cov.accounted:.0%}"])
    lines = table(["source", "sentences", "cited", "not taught", "uncited", "accounted"], rows)
    if show_uncited:
        for cov in coverages:
            for sentence in cov.sentences:
                if sentence.status is Status.UNCITED:
                    shown = " ".join(sentence.text.split())
                    path = os.path.relpath((root / cov.source.file).resolve())
                    lines.append(f"{path}:{sentence.line}: uncited ({int(sentence.share * 100)}% quoted): {shown}")
    return lines


def build_lines(report: BuildReport) -> list[str]:
    """Where each output went, grouped by kind."""
    lines = []
    for artifact, path in report.written:
        if artifact.name.startswith(f"{FONT_FOLDER}/"):  # one line for a folder's fonts, not nine
            if artifact.name.endswith(LICENCE):
                lines.append(f"{artifact.kind:<9} {os.path.relpath(path.parent)}/  (Libertinus Serif for the HTML pages, "
                             f"with its licence)")
            continue
        shown = os.path.relpath(path)
        lines.append(f"{artifact.kind:<9} {shown}" + (f"  ({artifact.description})" if artifact.description else ""))
    lines += report.notes
    made = len(report.written)
    if report.unchanged or report.reused:
        reused = f"; {counted(report.reused, 'document')} taken from the previous build" if report.reused else ""
        lines.append(f"{counted(made, 'file')} made: {made - report.unchanged:,} written, "
                     f"{report.unchanged:,} already up to date{reused}.")
    else:
        lines.append(f"{counted(made, 'file')} written.")
    return lines
