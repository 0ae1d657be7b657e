"""Printable quizzes and answer keys: PDF through Typst, HTML through jinja2.

Both formats render the same view: plain data built here from a quiz
variant, so the templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt

from ..curriculum import Curriculum
from ..outputs import Artifact
from ..questions import Bank, Kind
from ..quizzes import LETTERS, Placed, Quiz, Variant, final_exam, make_variants, module_quizzes
from ..render import TypstRenderer, render_html

PAPERS = {"a4": "a4", "letter": "us-letter"}


def generate(curriculum: Curriculum, bank: Bank, seed: int, variants: int, paper: str, exam_questions: int,
             document_time: int, typst: TypstRenderer, which: str = "all",
             practice: list[dict] | None = None) -> list[Artifact]:
    """Every quiz (modules and final exam), in each variant, with its key, as PDF and HTML;
    the index also lists the `practice` pages built beside them."""
    quizzes: list[Quiz] = []
    if which in ("all", "modules"):
        quizzes += module_quizzes(curriculum, bank, seed)
    if which in ("all", "exam"):
        quizzes.append(final_exam(curriculum, bank, seed, exam_questions))
    planned: list[tuple[str, str, str, dict]] = []  # stem, label, quiz id, view
    listing = []
    for quiz in quizzes:
        for variant in make_variants(quiz, variants, seed):
            view = variant_view(curriculum, variant, paper, document_time, seed)
            stem = f"{quiz.id}-{variant.letter}"
            planned.append((stem, f"{quiz.title}, variant {variant.letter}", quiz.id, view))
            listing.append({"stem": stem, "title": quiz.title, "scope": quiz.scope, "variant": variant.letter,
                            "questions": len(quiz.questions), "points": quiz.total_points})
    pdfs = typst.pdfs([(template, view) for *_, view in planned for template in ("quiz.typ", "key.typ")])
    artifacts: list[Artifact] = []
    for index, (stem, label, _, view) in enumerate(planned):
        artifacts += [
            Artifact("quizzes", f"{stem}.pdf", pdfs[2 * index], f"quiz: {label}"),
            Artifact("quizzes", f"{stem}-key.pdf", pdfs[2 * index + 1], f"answer key: {label}"),
            Artifact("quizzes", f"{stem}.html", render_html("quiz.html.j2", v=view), f"quiz: {label}"),
            Artifact("quizzes", f"{stem}-key.html", render_html("key.html.j2", v=view), f"answer key: {label}"),
        ]
    index = render_html("quizzes-index.html.j2", course=curriculum.course.title, quizzes=listing, seed=seed,
                        practice=practice or [])
    artifacts.append(Artifact("quizzes", "index.html", index, "index of quizzes and keys"))
    return artifacts


def variant_view(curriculum: Curriculum, variant: Variant, paper: str, document_time: int, seed: int) -> dict:
    """All a template needs for one variant, quiz and key alike; text stays text."""
    when = dt.datetime.fromtimestamp(document_time, dt.timezone.utc)
    quiz = variant.quiz
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
        "sections": [
            {"part": LETTERS[index], "title": section.title, "instructions": section.instructions,
             "points": section.points, "questions": [_question_view(placed) for placed in section.questions]}
            for index, section in enumerate(variant.sections)
        ],
    }


def _question_view(placed: Placed) -> dict:
    question = placed.question
    view = {
        "number": placed.number,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "points": question.points,
        "options": [],
        "left": list(placed.left),
        "blanks": len(question.blanks),
        "explanation": "" if question.explanation == question.prompt else question.explanation,
        "citation": _citation_view(question),
        "answer": "",
        "answer_lines": [],
    }
    if question.kind is Kind.MULTIPLE_CHOICE:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        view["answer"] = f"{LETTERS[placed.correct]}: {placed.options[placed.correct]}"
    elif question.kind is Kind.TRUE_FALSE:
        view["answer"] = "True" if question.truth else "False"
    elif question.kind is Kind.FILL_IN:
        view["answer"] = "; ".join(f"({i}) {blank}" for i, blank in enumerate(question.blanks, start=1))
    elif question.kind is Kind.MATCHING:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        view["answer"] = ", ".join(f"{i}–{LETTERS[k]}" for i, k in enumerate(placed.match_key, start=1))
        view["answer_lines"] = [f"{i}. {left} – {LETTERS[k]}. {placed.options[k]}"
                                for i, (left, k) in enumerate(zip(placed.left, placed.match_key), start=1)]
    elif question.kind is Kind.ORDERING:
        view["options"] = [{"letter": LETTERS[i], "text": text} for i, text in enumerate(placed.options)]
        earliest_first = sorted(range(len(placed.options)), key=lambda i: placed.order_key[i])
        view["answer"] = ", ".join(LETTERS[i] for i in earliest_first)
        view["answer_lines"] = [
            f"{LETTERS[i]}. {question.sequence_dates[placed.order_key[i]]}: {placed.options[i]} "
            f"({question.sequence_sources[placed.order_key[i]]})" for i in earliest_first]
    else:
        view["answer"] = question.answer
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
