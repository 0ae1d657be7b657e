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
from .cache import OutputCache
from .manifest import Cleanup, Entry, Manifest, digest_of, plan
from .outputs import Artifact, OutputLayout, Waiting, writable_reason, write_all
from .questions import Bank, build_bank
from .webfonts import with_fonts
from .wording import counted

TARGETS = ("decks", "quizzes", "handouts", "exports", "reports")
INDEX = "index"  # the build index: made by a build of every target
FONTS = "fonts"  # the HTML pages' type, beside them: never counted stale
PAPERS = ("a4", "letter")
TIMELINE_PAPERS = ("a4", "a3", "a2")
SECONDS_PER_DAY = 24 * 60 * 60


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
    record_revisions: bool = True  # write the revision ledger beside the curriculum (a preview does not)
    draft: bool = False  # pages only: no new PDF, no index or overview, nothing removed (the preview's first pass)


@dataclass
class BuildReport:
    written: list[tuple[Artifact, Path]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0  # files already holding exactly the bytes this build made: not written again
    changed: list[Path] = field(default_factory=list)  # the files this build wrote (new or different bytes)
    reused: int = 0  # documents taken from the previous build instead of rendered


@dataclass(frozen=True)
class Generated:
    """What one generator produced: files, lines for the summary, and a ledger to save."""

    artifacts: list[Artifact]
    notes: list[str] = field(default_factory=list)
    ledger: Ledger | None = None
    whole: bool = True  # made every output of its kind (so outputs it no longer makes can be removed)


class Derived:
    """What a build works out from the curriculum, the seed and the revision ledger: the deck's plan, the
    stamped ledger, the question bank, the module quizzes. Each is made once, when first asked for, and a
    preview's two passes over one edit share them."""

    def __init__(self, curriculum: Curriculum, options: BuildOptions, ledger: Ledger):
        self.curriculum = curriculum
        self.seed = options.seed
        self.source_date_epoch = options.source_date_epoch
        self.ledger = ledger

    @classmethod
    def of(cls, curriculum: Curriculum, options: BuildOptions) -> "Derived":
        return cls(curriculum, options, Ledger.load(curriculum.root))

    def suits(self, curriculum: Curriculum, options: BuildOptions) -> bool:
        return (curriculum is self.curriculum and options.seed == self.seed
                and options.source_date_epoch == self.source_date_epoch)

    @cached_property
    def deck_plan(self):
        """The deck's notes and their digests: what the revision ledger records."""
        from .generators import anki

        return anki.plan(self.curriculum)

    @cached_property
    def stamped_ledger(self) -> Ledger:
        """The ledger as this build records it: a note keeps its time until its content changes."""
        return self.ledger.stamp(self.deck_plan.digests, self.source_date_epoch)

    @cached_property
    def bank(self) -> Bank:
        """The question bank, built once for the quizzes, the overview and the exports."""
        return build_bank(self.curriculum, self.seed)

    @cached_property
    def module_quizzes(self) -> list:
        """The module quizzes, assembled once for the quiz files and the overview."""
        from .quizzes import module_quizzes

        return module_quizzes(self.curriculum, self.bank, self.seed)


@dataclass(frozen=True)
class Inputs:
    """What every generator of one build reads: the curriculum, the options, what is derived from them,
    and the outputs of the previous build (to take unchanged documents from instead of rendering them)."""

    curriculum: Curriculum
    options: BuildOptions
    derived: Derived
    cache: OutputCache = field(default_factory=OutputCache)

    @property
    def ledger(self) -> Ledger:
        return self.derived.ledger

    @property
    def deck_plan(self):
        return self.derived.deck_plan

    @property
    def stamped_ledger(self) -> Ledger:
        return self.derived.stamped_ledger

    @property
    def bank(self) -> Bank:
        return self.derived.bank

    @property
    def module_quizzes(self) -> list:
        return self.derived.module_quizzes

    @cached_property
    def renderer(self):
        """The Typst renderer every generator shares (a draft one renders nothing new)."""
        from .render import TypstRenderer

        return TypstRenderer(self.document_time, cache=self.cache, draft=self.options.draft)

    @cached_property
    def document_time(self) -> int:
        """The date printed into documents: SOURCE_DATE_EPOCH, else the day (00:00 UTC) of the curriculum's
        last change as this build records it (not as it was loaded), so that two builds in a row after an edit
        print the same date, and an edit leaves the documents it does not touch as they were that day."""
        if self.options.source_date_epoch is not None:
            return self.options.source_date_epoch
        latest = self.stamped_ledger.latest()
        return latest - latest % SECONDS_PER_DAY


def _generate_decks(inputs: Inputs) -> Generated:
    from .generators import anki, card_preview

    preview = card_preview.generate(inputs.curriculum, inputs.deck_plan.specs)
    if inputs.options.draft:  # the preview's quick pass: the card preview page, not yet the deck
        return Generated(preview, whole=False)
    deck = anki.generate(inputs.curriculum, inputs.deck_plan, inputs.stamped_ledger, inputs.cache)
    return Generated([deck.artifact, *preview])


def _generate_quizzes(inputs: Inputs) -> Generated:
    from .generators import practice, quizzes
    from .practice import practice_pages

    options, when = inputs.options, inputs.document_time
    papers = quizzes.Papers(options.seed, options.variants, options.paper, options.exam_questions, options.quizzes)
    pages = practice_pages(inputs.curriculum, inputs.bank, options.seed, options.quizzes)
    made = quizzes.generate(inputs.curriculum, inputs.bank, inputs.module_quizzes, papers, when, inputs.renderer,
                            practice=practice.index_entries(pages))
    return Generated(made.artifacts + practice.generate(inputs.curriculum, pages), notes=made.notes,
                     whole=options.quizzes == "all")


def _generate_handouts(inputs: Inputs) -> Generated:
    from .generators import handouts

    options, when = inputs.options, inputs.document_time
    artifacts, notes = handouts.generate(inputs.curriculum, inputs.bank, options.paper, when, inputs.renderer,
                                         options.timeline_paper)
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


def build(curriculum: Curriculum, layout: OutputLayout, options: BuildOptions,
          on_wait: Waiting | None = None, derived: Derived | None = None) -> BuildReport:
    """Run the chosen generators, then write all their outputs at once (the revision ledger first).

    Documents whose inputs did not change since the previous build into the same folder are taken from it
    rather than rendered, and files whose bytes did not change are not written again.
    `on_wait` is told when another build holds the output folder and this one waits for it; `derived`
    is what an earlier build of the same curriculum and options worked out (a preview's first pass).
    """
    report = BuildReport()
    previous, warning = Manifest.load(layout.manifest_path)
    if warning:
        report.notes.append(f"warning: {warning}")
    if derived is None or not derived.suits(curriculum, options):
        derived = Derived.of(curriculum, options)
    inputs = Inputs(curriculum, options, derived, OutputCache.of(previous, layout.root))
    results: list[Generated] = []
    for target in options.targets:
        started = time.perf_counter()
        results.append(GENERATORS[target](inputs))
        report.seconds[target] = time.perf_counter() - started
    started = time.perf_counter()
    made = [(target, artifact) for target, result in zip(options.targets, results) for artifact in result.artifacts]
    if not options.draft:
        made += _pages_that_link(inputs, layout, [artifact for _, artifact in made])
    present = {id(artifact) for _, artifact in made}
    artifacts = with_fonts(artifact for _, artifact in made)
    made += [(FONTS, artifact) for artifact in artifacts if id(artifact) not in present]
    for result in results:
        report.notes += result.notes
    update = (_ledger_update(curriculum, inputs.stamped_ledger, inputs.ledger, options, report)
              if options.record_revisions else None)
    first = [update] if update else []
    whole = {target for target, result in zip(options.targets, results) if result.whole and not options.draft}
    if set(options.targets) == set(TARGETS) and not options.draft:
        whole.add(INDEX)
    written, unchanged = _record(made, layout, previous)
    cleanup = _cleanup(previous, written, layout, whole, report)
    paths = write_all(artifacts, layout, first=first, on_wait=on_wait,
                      last=[(layout.manifest_path, cleanup.manifest.dump())], remove=cleanup.remove, skip=unchanged)
    if first:
        report.notes.append(f"revision ledger updated: {os.path.relpath(curriculum.root / LEDGER_FILE)}")
    report.seconds["write"] = time.perf_counter() - started
    report.written = list(zip(artifacts, paths))
    report.unchanged = len(unchanged)
    report.changed = [path for path in paths if path not in unchanged]
    report.reused = inputs.cache.hits
    return report


def _record(made: list[tuple[str, Artifact]], layout: OutputLayout,
            previous: Manifest) -> tuple[dict[str, Entry], set[Path]]:
    """The manifest entry of every output, and the outputs whose file already holds exactly these bytes."""
    written: dict[str, Entry] = {}
    unchanged: set[Path] = set()
    for target, artifact in made:
        path = layout.path_for(artifact)
        name = Path(os.path.relpath(path, layout.root)).as_posix()
        entry = Entry(target, digest_of(artifact.content), artifact.inputs)
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
