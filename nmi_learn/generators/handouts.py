"""Handouts: the timeline (figure and chronology) and one study guide per module
(`guides.py` builds its view). PDF through Typst, HTML through jinja2, both
from the same views. The trainer's overview is made after all other outputs
(`overview.py`), as it links them.
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from ..curriculum import Curriculum
from ..outputs import Artifact
from ..questions import Bank
from ..render import TypstRenderer, pdf_artifact, render_html
from .guides import guide_data
from .timeline_view import timeline_data

PAPERS = {"a4": "a4", "letter": "us-letter"}


def generate(curriculum: Curriculum, bank: Bank, paper: str, document_time: int, typst: TypstRenderer,
             timeline_paper: str | None = None, modules: tuple[str, ...] | None = None) -> tuple[list[Artifact], list[str]]:
    """The handouts, and notes for the build summary (a timeline needs something dated).

    The timeline is printed on `timeline_paper` (a4, a3, a2: larger paper, larger type), else on `paper`.
    With `modules`, only those modules' study guides (the timeline covers the whole course).
    """
    base = _base_view(curriculum, paper, document_time)
    documents: list[tuple[str, str, dict, str]] = []  # file stem, template stem, view, description
    has_timeline = bool(curriculum.dated_facts() or curriculum.eras)
    if has_timeline and modules is None:
        documents.append(("timeline", "timeline",
                          {**base, **timeline_data(curriculum, timeline_paper or paper)},
                          "timeline handout"))
    documents += [(curriculum.module_slug(module), "guide", {**base, **guide_data(curriculum, module, bank)},
                   f"study guide: {module.title}") for module in curriculum.modules
                  if modules is None or module.id in modules]
    # A large course's timeline is Typst's largest document (300 MB at 1,700 dated facts): a fresh process.
    compiled = typst.start([(f"{template}.typ", view) for _, template, view, _ in documents],
                           large=frozenset({"timeline.typ"}))
    pages = [render_html(f"{template}.html.j2", v=view) for _, template, view, _ in documents]
    artifacts = []
    for (stem, template, view, description), pdf, page in zip(documents, compiled(), pages):
        artifacts += [*pdf_artifact("handouts", f"{stem}.pdf", pdf, description),
                      Artifact("handouts", f"{stem}.html", page, description)]
    notes = [] if has_timeline else ["handouts: no timeline, as no fact has a date and there are no eras"]
    return artifacts, notes


def _base_view(curriculum: Curriculum, paper: str, document_time: int) -> dict:
    when = dt.datetime.fromtimestamp(document_time, dt.timezone.utc)
    return {"course": curriculum.course.title, "subtitle": curriculum.course.subtitle or "",
            "paper": PAPERS[paper], "date": {"year": when.year, "month": when.month, "day": when.day}}


def date_text(fact: m.Fact) -> str:
    """The date as the sources support it, with † when derived from a relative expression."""
    return fact.date.label() + ("†" if fact.derived_from else "")


