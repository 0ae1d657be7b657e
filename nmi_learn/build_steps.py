"""The build's steps: one per target, each turning the build's inputs into files in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .build_inputs import Inputs
from .ledger import Ledger
from .outputs import Artifact


PART_DECKS = "decks of some modules"


@dataclass(frozen=True)
class Generated:
    """What one generator produced: files, lines for the summary, and a ledger to save."""

    artifacts: list[Artifact]
    notes: list[str] = field(default_factory=list)
    ledger: Ledger | None = None
    whole: bool = True  # made every output of its kind (so outputs it no longer makes can be removed)
    recorded_as: str | None = None  # the target its files are recorded under, if not its own (see _generate_decks)


def _generate_decks(inputs: Inputs) -> Generated:
    from .generators import anki, card_preview

    partial = inputs.selection.partial
    preview = [] if partial else card_preview.generate(inputs.curriculum, inputs.deck_plan.specs)
    if inputs.options.draft:  # the preview's quick pass: the card preview page, not yet the deck
        return Generated(preview, whole=False)
    deck = anki.generate(inputs.curriculum, inputs.deck_plan, inputs.stamped_ledger, inputs.cache)
    # A deck of some modules is a file of its own that a trainer may hand out: recorded apart, so that a
    # whole build (which does not make it) never removes it.
    return Generated([deck.artifact, *preview], whole=not partial, recorded_as=PART_DECKS if partial else None)


def _generate_quizzes(inputs: Inputs) -> Generated:
    from .generators import practice, quizzes
    from .practice import practice_pages

    options, when, selection, curriculum = inputs.options, inputs.document_time, inputs.selection, inputs.curriculum
    exam = options.quizzes in ("all", "exam") and selection.exam
    chosen = [quiz for module, quiz in zip(curriculum.modules, inputs.module_quizzes)
              if options.quizzes in ("all", "modules") and selection.has_module(module.id) and selection.wants_quiz(quiz.id)]
    papers = quizzes.Papers(options.seed, options.variants, options.paper, options.exam_questions,
                            "all" if exam else "modules", index=not selection.partial)
    pages = practice_pages(curriculum, inputs.bank, options.seed, options.quizzes) if selection.practice else []
    made = quizzes.generate(curriculum, inputs.bank, chosen, papers, when, inputs.renderer, inputs.keep,
                            practice=practice.index_entries(pages))
    practised = practice.generate(curriculum, pages)  # every page, so that each links all the others
    if selection.partial:  # the chosen modules' pages; the whole course's page comes with a whole build
        wanted = {f"practice/{curriculum.module_slug(m)}.html" for m in curriculum.modules if selection.has_module(m.id)}
        practised = [artifact for artifact in practised if artifact.name in wanted]
    return Generated(made.artifacts + practised, notes=made.notes,
                     whole=options.quizzes == "all" and not selection.partial)


def _generate_handouts(inputs: Inputs) -> Generated:
    from .generators import handouts

    options, when = inputs.options, inputs.document_time
    selection = inputs.selection
    artifacts, notes = handouts.generate(inputs.curriculum, inputs.bank, options.paper, when, inputs.renderer,
                                         options.timeline_paper, selection.modules if selection.partial else None)
    return Generated(artifacts, notes=notes, whole=not selection.partial)


def _generate_exports(inputs: Inputs) -> Generated:
    from .generators import exports

    exported = exports.generate(inputs.curriculum, inputs.bank, inputs.keep)
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


STAGE_NAMES = {"decks": "the deck", "quizzes": "quizzes and keys", "handouts": "handouts",
               "exports": "exports", "reports": "reports", "write": "writing the files"}
