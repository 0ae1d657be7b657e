"""The card preview: every note's cards, front and back, as Anki shows them with our templates and CSS.

A page for trainers who review cards, and the live preview of `nmi-learn
serve`: each card is drawn in its own shadow root with the deck's card CSS,
so it looks as it does in Anki, at phone width, without importing the deck.
"""

from __future__ import annotations

from typing import Sequence

from ..card_render import render_note
from ..curriculum import Curriculum
from ..flashcards import CLOZE, NoteSpec, notes_for
from ..outputs import Artifact
from ..render import TEMPLATES, render_html
from ..wording import counted
from . import anki

PREVIEW_NAME = "cards.html"
CSS_NAME = "card.css"  # the deck's card style, beside the page: every card's shadow root links it


def generate(curriculum: Curriculum, specs: Sequence[NoteSpec] | None = None) -> list[Artifact]:
    css = (TEMPLATES / "anki" / "card.css").read_text(encoding="utf-8")
    modules = []
    total_cards = 0
    specs = list(specs) if specs is not None else notes_for(curriculum)
    by_module: dict[str, list] = {module.id: [] for module in curriculum.modules}
    for spec in specs:
        by_module[spec.module_id].append(spec)
    for module in curriculum.modules:
        notes = []
        for spec in by_module[module.id]:
            fields = {name: spec.fields.get(name, "") for name in anki.FIELDS[spec.note_type]}
            cards = render_note(anki.CARD_TEMPLATES[spec.note_type], fields, spec.note_type == CLOZE)
            total_cards += len(cards)
            notes.append({"key": spec.key, "type": anki.NOTE_TYPE_NAMES[spec.note_type], "tags": spec.tags,
                          "cards": [{"template": c.template, "front": c.front, "back": c.back} for c in cards]})
        modules.append({"id": module.id, "title": f"{curriculum.number(module)} {module.title}",
                        "deck": anki.deck_name(curriculum, module.id), "notes": notes})
    view = {"course": curriculum.course.title, "css_file": CSS_NAME, "modules": modules,
            "counts": f"{counted(len(specs), 'note')}, {counted(total_cards, 'card')}"}
    return [Artifact("reports", PREVIEW_NAME, render_html("cards.html.j2", v=view),
                     f"card preview: {view['counts']} as Anki shows them"),
            Artifact("reports", CSS_NAME, css.encode("utf-8"), "the cards' style, for the card preview")]
