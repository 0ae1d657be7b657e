"""The build pipeline: validated curriculum -> generators (in memory) -> atomic writes.

Every generator runs before anything is written, so a generator that fails
leaves all previous outputs as they were.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .curriculum import Curriculum
from .errors import OutputError
from .ledger import LEDGER_FILE, Ledger
from .cache import OutputCache
from .manifest import Cleanup, Entry, Manifest, digest_of, plan
from .outputs import Artifact, OutputLayout, Waiting, interrupts_clean_up, writable_reason, write_all
from .selection import Selection
from .spool import Spool
from .webfonts import with_fonts
from .wording import counted

from .build_key import build_key
from .build_inputs import PAPERS, TARGETS, TIMELINE_PAPERS, BuildOptions, Derived, Inputs
from .build_steps import GENERATORS, STAGE_NAMES, Generated

__all__ = ["PAPERS", "TARGETS", "TIMELINE_PAPERS", "BuildOptions", "BuildReport", "Derived", "build"]

INDEX = "index"  # the build index: made by a build of every target
FONTS = "fonts"  # the HTML pages' type, beside them: never counted stale


@dataclass
class BuildReport:
    written: list[tuple[Artifact, Path]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0  # files already holding exactly the bytes this build made: not written again
    changed: list[Path] = field(default_factory=list)  # the files this build wrote (new or different bytes)
    removed: list[Path] = field(default_factory=list)  # outputs of an earlier build that this one removed
    reused: int = 0  # documents taken from the previous build instead of rendered


def build(curriculum: Curriculum, layout: OutputLayout, options: BuildOptions,
          on_wait: Waiting | None = None, derived: Derived | None = None,
          on_stage: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Run the chosen generators, then write all their outputs at once (the revision ledger first).

    Documents whose inputs did not change since the previous build into the same folder are taken from it
    rather than rendered, and files whose bytes did not change are not written again. Each stage's large
    files wait in a spool on disk, not in memory, until all are written.
    `on_wait` is told when another build holds the output folder and this one waits for it; `derived`
    is what an earlier build of the same curriculum and options worked out (a preview's first pass);
    `on_stage` is told each stage as it starts: its name (see STAGE_NAMES), its number, how many there are.
    """
    with interrupts_clean_up(), Spool(layout.root) as spool:
        return _build(curriculum, layout, options, spool=spool, on_wait=on_wait, derived=derived, on_stage=on_stage)


def _build(curriculum: Curriculum, layout: OutputLayout, options: BuildOptions, *, spool: Spool,
           on_wait: Waiting | None, derived: Derived | None,
           on_stage: Callable[[str, int, int], None] | None) -> BuildReport:
    report = BuildReport()
    previous, warning = Manifest.load(layout.manifest_path)
    if warning:
        report.notes.append(f"warning: {warning}")
    if derived is None or not derived.suits(curriculum, options):
        derived = Derived.of(curriculum, options)
    inputs = Inputs(curriculum, options, derived, spool.keep, OutputCache.of(previous, layout.root))
    results: list[Generated] = []
    stages = len(options.targets) + 1
    for number, target in enumerate(options.targets, start=1):
        if on_stage is not None:
            on_stage(STAGE_NAMES[target], number, stages)
        started = time.perf_counter()
        results.append(_spooled(GENERATORS[target](inputs), spool))  # holds no reference to the bytes
        report.seconds[target] = time.perf_counter() - started
    if on_stage is not None:
        on_stage(STAGE_NAMES["write"], stages, stages)
    started = time.perf_counter()
    made = [(result.recorded_as or target, artifact) for target, result in zip(options.targets, results)
            for artifact in result.artifacts]
    if not options.draft and not inputs.selection.partial:
        made += _pages_that_link(inputs, layout, [artifact for _, artifact in made])
    present = {id(artifact) for _, artifact in made}
    artifacts = with_fonts(artifact for _, artifact in made)
    made += [(FONTS, artifact) for artifact in artifacts if id(artifact) not in present]
    for result in results:
        report.notes += result.notes
    if inputs.selection.partial and not options.draft:
        report.notes.append(_partial_note(inputs.selection))
    update = (_ledger_update(curriculum, inputs.stamped_ledger, inputs.ledger, options, report)
              if options.record_revisions else None)
    first = [update] if update else []
    whole = {target for target, result in zip(options.targets, results) if result.whole and not options.draft}
    if set(options.targets) == set(TARGETS) and not options.draft and not inputs.selection.partial:
        whole.add(INDEX)
    written, unchanged = _record(made, layout, previous)
    cleanup = _cleanup(previous, written, layout, whole, report)
    if not options.draft and not curriculum.warnings:  # a build with no warning to repeat can be skipped next time
        seeds = [curriculum.root / source.file for source in curriculum.sources]
        cleanup = replace(cleanup, manifest=replace(cleanup.manifest,
                                                    inputs=build_key(curriculum.root, seeds, options, update)))
    paths = write_all(artifacts, layout, first=first, on_wait=on_wait,
                      last=[(layout.manifest_path, cleanup.manifest.dump())], remove=cleanup.remove, skip=unchanged)
    if first:
        report.notes.append(f"revision ledger updated: {os.path.relpath(curriculum.root / LEDGER_FILE)}")
    report.seconds["write"] = time.perf_counter() - started
    report.written = list(zip(artifacts, paths))
    report.unchanged = len(unchanged)
    report.changed = [path for path in paths if path not in unchanged]
    report.removed = list(cleanup.remove)
    report.reused = inputs.cache.hits
    return report


def _spooled(generated: Generated, spool: Spool) -> Generated:
    return replace(generated, artifacts=spool.keep_all(generated.artifacts))


def _partial_note(selection: Selection) -> str:
    chosen = ", ".join(sorted(selection.quizzes)) if selection.quizzes else ", ".join(selection.modules)
    what = "quiz" if selection.quizzes else counted(len(selection.modules), "module").split(" ", 1)[1]
    return (f"a build of some of the course ({what} {chosen}): nothing was removed; the build index, the "
            "trainer's overview, the timeline and the whole course's practice page come with a whole build")


def _record(made: list[tuple[str, Artifact]], layout: OutputLayout,
            previous: Manifest) -> tuple[dict[str, Entry], set[Path]]:
    """The manifest entry of every output, and the outputs whose file already holds exactly these bytes."""
    written: dict[str, Entry] = {}
    unchanged: set[Path] = set()
    for target, artifact in made:
        path = layout.path_for(artifact)
        name = Path(os.path.relpath(path, layout.root)).as_posix()
        entry = Entry(target, artifact.sha256, artifact.inputs)
        written[name] = entry
        before = previous.entries.get(name)
        if before is not None and before.sha256 == entry.sha256 and _holds(path, entry.sha256):
            unchanged.add(path)
    return written, unchanged


def _holds(path: Path, sha256: str) -> bool:
    try:
        return path.is_file() and digest_of(path.read_bytes()) == sha256
    except OSError:
        return False


def _pages_that_link(inputs: Inputs, layout: OutputLayout, made: list[Artifact]) -> list[tuple[str, Artifact]]:
    """The trainer's overview (with the handouts) and the build index (with a build of everything):
    made last, from the build's own files, so they link only what exists; each with the target it counts to."""
    from .generators import build_index, overview
    from .generators.links import Links

    options = inputs.options
    letters = "".join(chr(ord("A") + i) for i in range(options.variants))
    pages: list[tuple[str, Artifact]] = []
    if "handouts" in options.targets:
        course = overview.Course(inputs.curriculum, inputs.bank, inputs.module_quizzes, letters, options.paper,
                                 inputs.document_time)
        pages += [("handouts", page) for page in
                  overview.generate(course, Links(layout, tuple(made)), inputs.renderer)]
    if set(options.targets) == set(TARGETS):
        listed = tuple(made + [page for _, page in pages])
        pages.append((INDEX, build_index.generate(inputs.curriculum, Links(layout, listed), letters)))
    return pages


def _cleanup(previous: Manifest, written: dict[str, Entry], layout: OutputLayout, whole_targets: set[str],
             report: BuildReport) -> Cleanup:
    """What the previous build wrote and this one no longer makes, and the record of this build's outputs."""
    cleanup = plan(previous, written, whole_targets, layout.root)
    if cleanup.remove:
        names = ", ".join(os.path.relpath(path) for path in cleanup.remove[:8])
        more = f" and {len(cleanup.remove) - 8} more" if len(cleanup.remove) > 8 else ""
        report.notes.append(f"removed {counted(len(cleanup.remove), 'outdated output')} that this build no "
                            f"longer makes: {names}{more}")
    for path in cleanup.kept:
        report.notes.append(f"left in place: {os.path.relpath(path)} is no longer made, but was changed after it "
                            "was built")
    return cleanup


def _ledger_update(curriculum: Curriculum, ledger: Ledger, previous: Ledger, options: BuildOptions,
                   report: BuildReport) -> tuple[Path, bytes] | None:
    """The ledger file to write before any output, if it changed and can be written.

    A ledger that cannot be written stops the build before anything is
    replaced, as the deck would otherwise stamp edited notes with a new
    clock time on every run; with SOURCE_DATE_EPOCH the times are fixed,
    so the build goes on without recording them.
    """
    path = curriculum.root / LEDGER_FILE
    if ledger.revisions == previous.revisions and path.exists():
        return None
    reason = writable_reason(path)
    if reason is None:
        return path, ledger.dump()
    if options.source_date_epoch is not None:
        report.notes.append(f"revision ledger not updated ({reason}): notes edited since it was written carry "
                            "SOURCE_DATE_EPOCH")
        return None
    raise OutputError(f"{reason}\nThe revision ledger records when each Anki note changed and must be updated "
                      "before the deck is written; nothing was written. Make the curriculum folder writable, "
                      "or set SOURCE_DATE_EPOCH to build with that time and without recording it.")
