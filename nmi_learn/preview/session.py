"""The preview's state: the latest build of the curriculum into a private folder, and the pages waiting for the next.

Every rebuild gets the next generation number; the browser's event stream
waits on it. A build that fails leaves the previous outputs in place (the
build writes nothing unless everything was made), and its problems are
kept for the page to show at their `path:line`.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..build import BuildOptions, Derived, build
from ..curriculum import Curriculum, check_curriculum
from ..errors import NmiLearnError, Problem
from ..ledger import LEDGER_FILE
from ..outputs import OutputLayout

EXCERPT_LIMIT = 240  # characters of the offending line shown under a problem


@dataclass(frozen=True)
class Finding:
    """One problem as the page shows it: where, what, and the text of that line."""

    where: str  # "facts/01-origins.yaml:12", or "" for a problem of the build itself
    message: str
    severity: str  # "error" or "warning"
    excerpt: str = ""


@dataclass(frozen=True)
class Outcome:
    """The result of one pass of a rebuild: the quick pass of pages ("pages"), or the whole build ("all")."""

    generation: int
    ok: bool
    phase: str  # "pages": every page is up to date, PDFs follow; "all": everything is
    findings: tuple[Finding, ...]
    finished_at: float  # seconds since 1970
    seconds: float  # since the rebuild started
    changed: tuple[str, ...] = ()  # files this pass wrote or removed, relative to the output folder
    pages_seconds: float | None = None  # when the quick pass of pages was done, in a rebuild that had one

    def as_json(self) -> dict:
        return {**asdict(self), "findings": [asdict(f) for f in self.findings],
                "finished": time.strftime("%H:%M:%S", time.localtime(self.finished_at))}


@dataclass(frozen=True)
class PreviewSettings:
    """What the preview builds, and where."""

    curriculum_root: Path
    out_root: Path
    options: BuildOptions = field(default_factory=lambda: BuildOptions(record_revisions=False))

    @property
    def layout(self) -> OutputLayout:
        return OutputLayout.under(self.out_root)


class PreviewSession:
    """Rebuilds on request and tells waiting pages when a new build (good or bad) is done."""

    def __init__(self, settings: PreviewSettings):
        self.settings = settings
        self._changed = threading.Condition()
        self._latest: Outcome | None = None
        self._seed_paths: tuple[Path, ...] = ()
        self._course_title = ""
        self._closed = False
        self._built_once = False

    @property
    def course_title(self) -> str:
        return self._course_title

    def watched_folders(self) -> tuple[Path, ...]:
        """The curriculum folder and the folders of its seed files (as of the last good build) that exist."""
        root = self.settings.curriculum_root.resolve()
        seed_folders = sorted({path.parent for path in self._seed_paths})
        return (root, *(folder for folder in seed_folders
                        if folder != root and root not in folder.parents and folder.is_dir()))

    def seed_files(self) -> frozenset[Path]:
        """The seed files of the last good build: in a seed folder, only these are reasons to rebuild."""
        return frozenset(self._seed_paths)

    def rebuild(self) -> Outcome:
        """Check the curriculum and build it, announcing each pass; the outcome of the last pass.

        After a good build, the pages come first (a draft build: no new PDF),
        so the browser shows an edit before the PDFs and the deck are made.
        """
        started = time.perf_counter()
        curriculum, findings = self._check()
        if curriculum is None:
            return self._publish(False, "all", findings, started)
        pages_seconds = None
        derived = Derived.of(curriculum, self.settings.options)  # worked out once, for both passes
        if self._built_once:
            ok, more, changed = self._build(curriculum, replace(self.settings.options, draft=True), derived)
            if not ok:
                return self._publish(False, "all", findings + more, started)
            pages_seconds = time.perf_counter() - started
            self._publish(True, "pages", findings, started, changed)
        ok, more, changed = self._build(curriculum, self.settings.options, derived)
        self._built_once = self._built_once or ok
        return self._publish(ok, "all", findings + more, started, changed, pages_seconds)

    def _publish(self, ok: bool, phase: str, findings: list[Finding], started: float, changed: tuple[str, ...] = (),
                 pages_seconds: float | None = None) -> Outcome:
        with self._changed:
            generation = (self._latest.generation if self._latest else 0) + 1
            self._latest = Outcome(generation, ok, phase, tuple(findings), time.time(),
                                   time.perf_counter() - started, changed, pages_seconds)
            self._changed.notify_all()
            return self._latest

    def latest(self) -> Outcome | None:
        with self._changed:
            return self._latest

    def wait_newer(self, generation: int, timeout: float) -> Outcome | None:
        """The first outcome after `generation`, or None after `timeout` seconds or once the session closes."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or (self._latest is not None
                                                             and self._latest.generation > generation), timeout)
            if self._closed or self._latest is None or self._latest.generation <= generation:
                return None
            return self._latest

    def close(self) -> None:
        """Release every waiting page: the preview is stopping."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def closed(self) -> bool:
        with self._changed:
            return self._closed

    def _check(self) -> tuple[Curriculum | None, list[Finding]]:
        try:
            curriculum, problems = check_curriculum(self.settings.curriculum_root)
        except NmiLearnError as error:
            return None, [Finding("", error.format_message(), "error")]
        if curriculum is not None:
            self._remember(curriculum)
        return curriculum, [_finding(p) for p in problems]

    def _build(self, curriculum: Curriculum, options: BuildOptions,
               derived: Derived) -> tuple[bool, list[Finding], tuple[str, ...]]:
        """One build into the preview's folder: whether it worked, its warnings or error, the files it wrote."""
        try:
            report = build(curriculum, self.settings.layout, options, derived=derived)
        except NmiLearnError as error:
            return False, [Finding("", error.format_message(), "error")], ()
        except Exception as error:  # a fault of nmi-learn itself: shown, and the preview keeps running
            traceback.print_exc()
            return False, [Finding("", f"the build failed ({type(error).__name__}: {error}); this is a fault in "
                                       "nmi-learn, not in the curriculum", "error")], ()
        notes = [Finding("", note[len("warning: "):], "warning") for note in report.notes
                 if note.startswith("warning: ")]
        root = self.settings.out_root.resolve()
        changed = tuple(sorted(path.resolve().relative_to(root).as_posix()
                               for path in report.changed + report.removed))
        return True, notes, changed

    def _remember(self, curriculum: Curriculum) -> None:
        self._course_title = curriculum.course.title
        self._seed_paths = tuple(sorted({(curriculum.root / source.file).resolve() for source in curriculum.sources}))


def is_ledger(path: Path, curriculum_root: Path) -> bool:
    """The revision ledger: a build may write it, so a change to it is never a reason to rebuild."""
    return path.name == LEDGER_FILE and path.parent.resolve() == curriculum_root.resolve()


def _finding(problem: Problem) -> Finding:
    return Finding(f"{problem.display_path()}:{problem.line}", problem.message, problem.severity,
                   _excerpt(problem.path, problem.line))


def _excerpt(path: Path, line: int) -> str:
    """The text of line `line` of `path`, shortened; empty when it cannot be read."""
    if line < 1:
        return ""
    try:
        if not path.is_file() or path.stat().st_size > 8 * 1024 * 1024:
            return ""
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == line:
                    text = text.rstrip("\r\n").expandtabs(4)
                    return text if len(text) <= EXCERPT_LIMIT else text[:EXCERPT_LIMIT - 1] + "…"
    except OSError:
        return ""
    return ""
