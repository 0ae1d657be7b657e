"""Printable quizzes and answer keys: PDF through Typst, HTML through jinja2.

Both formats render the same view: plain data built here from a quiz
variant, so the templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..curriculum import Curriculum
from ..outputs import Artifact, Keep
from ..questions import Bank, Kind
from ..paper_check import check_variant, report_lines
from ..quizzes import LETTERS, Placed, Quiz, Variant, final_exam, make_variants
from ..render import PROCESSES_FROM, TypstRenderer, pdf_artifact, render_html

PAPERS = {"a4": "a4", "letter": "us-letter"}
ITEM_LABELS = "abcdefghijklmnopqrstuvwxyz"  # matching items: not numbers, which name the questions


@dataclass(frozen=True)
class Papers:
    """Which papers to print and how: the options of the quiz step."""

    seed: int
    variants: int
    paper: str  # "a4" or "letter"
    exam_questions: int
    which: str = "all"  # "all", "modules" or "exam"
    index: bool = True  # the index of quizzes and keys (not for a build of some of them)


@dataclass(frozen=True)
class Printed:
    artifacts: list[Artifact]
    notes: list[str]  # for the build summary: shortened papers and the reviewer's figures


def generate(curriculum: Curriculum, bank: Bank, module_quizzes: list[Quiz], papers: Papers, document_time: int,
             typst: TypstRenderer, keep: Keep, practice: list[dict] | None = None) -> Printed:
    """Every quiz (modules and final exam), in each variant, with its key, as PDF and HTML;
    the index also lists the `practice` pages built beside them. Each file is handed to `keep` as it is
    made (a large course's papers are put on disk there rather than held in memory)."""
    seed = papers.seed
    quizzes: list[Quiz] = []
    if papers.which in ("all", "modules"):
        quizzes += module_quizzes
    if papers.which in ("all", "exam"):
        quizzes.append(final_exam(curriculum, bank, seed, papers.exam_questions))
    planned: list[tuple[str, str, Callable, list[Artifact]]] = []  # stem, label, its PDFs when compiled, pages
    listing = []
    figures = []
    in_workers = 2 * papers.variants * len(quizzes) >= PROCESSES_FROM
    for quiz in quizzes:
        for variant in make_variants(quiz, papers.variants, seed):
            figures.append(check_variant(variant))
            view = variant_view(curriculum, variant, papers.paper, document_time, seed)
            compiled = typst.start([("quiz.typ", view), ("key.typ", view)], in_workers)  # compiled meanwhile
            stem = f"{quiz.id}-{variant.letter}"
            label = f"{quiz.title}, variant {variant.letter}"
            pages = [keep(Artifact("quizzes", f"{stem}.html", render_html("quiz.html.j2", v=view), f"quiz: {label}")),
                     keep(Artifact("quizzes", f"{stem}-key.html", render_html("key.html.j2", v=view),
                                   f"answer key: {label}"))]
            planned.append((stem, label, compiled, pages))
            listing.append({"stem": stem, "title": quiz.title, "scope": quiz.scope, "variant": variant.letter,
                            "questions": len(quiz.questions), "points": quiz.total_points})
    notes = [note for note in (quiz.shortfall_note() for quiz in quizzes) if note]
    notes += report_lines(figures)
    artifacts: list[Artifact] = []
    for stem, label, compiled, pages in planned:
        quiz_pdf, key_pdf = compiled()
        artifacts += [
            *map(keep, pdf_artifact("quizzes", f"{stem}.pdf", quiz_pdf, f"quiz: {label}")),
            *map(keep, pdf_artifact("quizzes", f"{stem}-key.pdf", key_pdf, f"answer key: {label}")),
            *pages,
        ]
    if papers.index:
        listed = render_html("quizzes-index.html.j2", course=curriculum.course.title, quizzes=listing, seed=seed,
                            practice=practice or [])
        artifacts.append(Artifact("quizzes", "index.html", listed, "index of quizzes and keys"))
    return Printed(artifacts, notes)


MARKING_RULES = {
    Kind.MULTIPLE_CHOICE: "Multiple choice and true or false: 1 point for the right answer.",
    Kind.FILL_IN: "Fill in the blanks: 1 point for each blank holding the answer or a form listed under "
                  "“also accept”; a misspelling that leaves the word plain to read counts.",
    Kind.MATCHING: "Matching: 1 point for each item given the right letter; the spare options match no item.",
    Kind.ORDERING: "Chronological order (2 points): 2 when every event has its rank; 1 when exactly two "
                   "neighbouring events are swapped; otherwise 0.",
    Kind.SHORT_ANSWER: "Short answer (2 points): 2 for the answer or a form listed under “also accept”; 1 for "
                       "an answer that is partly right (one of two parts, or the right person under a wrong "
                       "title); otherwise 0.",
}


def variant_view(curriculum: Curriculum, variant: Variant, paper: str, document_time: int, seed: int) -> dict:
    """All a template needs for one variant, quiz and key alike; text stays text."""
    when = dt.datetime.fromtimestamp(document_time, dt.timezone.utc)
    quiz = variant.quiz
    sections = [
        {"part": LETTERS[index], "title": section.title, "instructions": section.instructions,
         "points": section.points, "questions": [_question_view(placed) for placed in section.questions]}
        for index, section in enumerate(variant.sections)
    ]
    kinds = {placed.question.kind for placed in variant.placed}
    if Kind.TRUE_FALSE in kinds:
        kinds.add(Kind.MULTIPLE_CHOICE)
    return {
        "course": curriculum.course.title,
        "title": quiz.title,
        "scope": quiz.scope,
        "variant": variant.letter,
        "paper": PAPERS[paper],
        "seed": seed,
        "date": {"year": when.year, "month": when.month, "day": when.day},
        "question_count": len(quiz.questions),
        "total_points": quiz.total_points,
        "sections": sections,
        "grid": [{"number": q["number"], "answer": q["grid_answer"], "points": q["points"]}
                 for section in sections for q in section["questions"]],
        "marking": [rule for kind, rule in MARKING_RULES.items() if kind in kinds],
    }


def _question_view(placed: Placed) -> dict:
    question = placed.question
    view = {
        "number": placed.number,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "points": question.points,
        "options": [],
        "left": [],
        "blanks": len(question.blanks),
        "explanation": "" if question.explanation == question.prompt else question.explanation,
        "citation": _citation_view(question),
        "answer": "",
        "grid_answer": "",
        "answer_lines": [],
    }
    if question.kind is Kind.MULTIPLE_CHOICE:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        view["answer"] = f"{LETTERS[placed.correct]}: {placed.options[placed.correct]}"
        view["grid_answer"] = LETTERS[placed.correct]
    elif question.kind is Kind.TRUE_FALSE:
        view["answer"] = view["grid_answer"] = "True" if question.truth else "False"
    elif question.kind is Kind.FILL_IN:
        view["answer"] = view["grid_answer"] = "; ".join(
            f"({i}) {blank}" for i, blank in enumerate(question.blanks, start=1))
        view["answer_lines"] = [f"Also accept for ({i}): {'; '.join(forms[1:])}"
                                for i, forms in enumerate(question.blank_forms, start=1) if len(forms) > 1]
    elif question.kind is Kind.MATCHING:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        view["left"] = [{"label": ITEM_LABELS[i], "text": text} for i, text in enumerate(placed.left)]
        view["answer"] = view["grid_answer"] = ", ".join(
            f"{ITEM_LABELS[i]}–{LETTERS[k]}" for i, k in enumerate(placed.match_key))
        view["answer_lines"] = [f"{ITEM_LABELS[i]}. {left} – {LETTERS[k]}. {placed.options[k]}"
                                for i, (left, k) in enumerate(zip(placed.left, placed.match_key))]
        spares = [LETTERS[i] for i in range(len(placed.options)) if i not in placed.match_key]
        if spares:
            view["answer_lines"].append(f"Spare{'s' if len(spares) > 1 else ''}, matching no item: "
                                        f"{' and '.join(spares)}.")
    elif question.kind is Kind.ORDERING:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        view["answer"] = view["grid_answer"] = " · ".join(
            f"{LETTERS[i]} {rank + 1}" for i, rank in enumerate(placed.order_key))
        earliest_first = sorted(range(len(placed.options)), key=lambda i: placed.order_key[i])
        view["answer_lines"] = [
            f"{placed.order_key[i] + 1}. {LETTERS[i]}. {question.sequence_dates[placed.order_key[i]]}: "
            f"{placed.options[i]} ({question.sequence_sources[placed.order_key[i]]})" for i in earliest_first]
    else:
        view["answer"] = view["grid_answer"] = question.answer
        if question.accept:
            view["answer_lines"] = [f"Also accept: {'; '.join(question.accept)}"]
    return view


def _citation_view(question) -> dict:
    first = question.citations[0]
    others = []
    for cite in question.citations[1:]:
        if cite.publisher not in others and cite.publisher != first.publisher:
            others.append(cite.publisher)
    return {"publisher": first.publisher, "date": first.date, "title": first.title, "quote": first.quote,
            "also": others, "count": len(question.citations)}
