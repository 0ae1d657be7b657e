"""What a build reads: its options, and what it works out from the curriculum before any generator runs.

`Derived` holds the work every generator shares (the deck's plan, the stamped
revision ledger, the question bank, the module quizzes), made once when first
asked for; `Inputs` adds the options and the previous build's documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .cache import OutputCache
from .curriculum import Curriculum
from .ledger import Ledger
from .outputs import Keep
from .questions import Bank, build_bank
from .selection import Selection

TARGETS = ("decks", "quizzes", "handouts", "exports", "reports")
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
    modules: tuple[str, ...] = ()  # module ids: a build of these modules' deck, quizzes and guides (empty: all)
    quiz: str | None = None  # one quiz by name ("module-03-people", "people", "final-exam")
    quiz_questions: int | None = None  # at most this many questions in each module quiz (None: every fact)


class Derived:
    """What a build works out from the curriculum, the seed and the revision ledger: the deck's plan, the
    stamped ledger, the question bank, the module quizzes. Each is made once, when first asked for, and a
    preview's two passes over one edit share them."""

    def __init__(self, curriculum: Curriculum, options: BuildOptions, ledger: Ledger):
        self.curriculum = curriculum
        self.seed = options.seed
        self.source_date_epoch = options.source_date_epoch
        self.quiz_questions = options.quiz_questions
        self.selection = Selection.resolve(curriculum, options.modules, options.quiz)
        self.ledger = ledger

    @classmethod
    def of(cls, curriculum: Curriculum, options: BuildOptions) -> "Derived":
        return cls(curriculum, options, Ledger.load(curriculum.root))

    def suits(self, curriculum: Curriculum, options: BuildOptions) -> bool:
        return (curriculum is self.curriculum and options.seed == self.seed
                and options.source_date_epoch == self.source_date_epoch
                and options.quiz_questions == self.quiz_questions
                and self.selection == Selection.resolve(curriculum, options.modules, options.quiz))

    @cached_property
    def deck_plan(self):
        """The deck's notes and their digests: what the revision ledger records."""
        from .generators import anki

        selection = self.selection
        return anki.plan(self.curriculum, selection.modules if selection.partial else None, selection.file_suffix())

    @cached_property
    def stamped_ledger(self) -> Ledger:
        """The ledger as this build records it: a note keeps its time until its content changes (a deck of
        some modules leaves the other notes' entries as they were)."""
        return self.ledger.stamp(self.deck_plan.digests, self.source_date_epoch, keep_others=self.selection.partial)

    @cached_property
    def bank(self) -> Bank:
        """The question bank, built once for the quizzes, the overview and the exports."""
        return build_bank(self.curriculum, self.seed)

    @cached_property
    def module_quizzes(self) -> list:
        """The module quizzes, assembled once for the quiz files and the overview."""
        from .quizzes import module_quizzes

        return module_quizzes(self.curriculum, self.bank, self.seed, self.quiz_questions)


@dataclass(frozen=True)
class Inputs:
    """What every generator of one build reads: the curriculum, the options, what is derived from them,
    and the outputs of the previous build (to take unchanged documents from instead of rendering them)."""

    curriculum: Curriculum
    options: BuildOptions
    derived: Derived
    keep: Keep  # where each finished file waits until all are written (spool.py)
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

    @property
    def selection(self) -> Selection:
        return self.derived.selection

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
