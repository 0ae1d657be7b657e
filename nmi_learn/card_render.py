"""Cards as Anki renders them from our note templates: for the card preview, without Anki.

Anki's template language is a small mustache: `{{Field}}`, `{{FrontSide}}`,
sections `{{#Field}}...{{/Field}}` and `{{^Field}}...{{/Field}}`, and
`{{cloze:Field}}`, which shows the card's own deletions as `[...]` (or their
hint) on the front and as the answer on the back, and every other deletion
as its text. Only what our note types use is supported; the tests compare
every card with Anki's own rendering.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .cloze import DELETION

_TAG = re.compile(r"\{\{([#^/]?)([^{}]+?)\}\}")


@dataclass(frozen=True)
class RenderedCard:
    template: str  # the card template's name ("Question", "Forward", "Cloze 2")
    front: str  # HTML
    back: str  # HTML


def _nonempty(value: str) -> bool:
    """Anki counts a field as empty when it holds only whitespace or empty tags."""
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", value))


def render(template: str, fields: dict[str, str], ordinal: int = 1, answer_side: bool = False,
           front_side: str = "") -> str:
    """One side of one card: the template with the note's fields."""
    out: list[str] = []
    position = 0
    skipping: list[tuple[str, bool]] = []  # open sections: (field, shown)
    for match in _TAG.finditer(template):
        if not skipping or all(shown for _, shown in skipping):
            out.append(template[position : match.start()])
        position = match.end()
        mark, name = match.group(1), match.group(2).strip()
        if mark in "#^" and mark:
            shown = _nonempty(fields.get(name, "")) == (mark == "#")
            skipping.append((name, shown))
            continue
        if mark == "/":
            if skipping and skipping[-1][0] == name:
                skipping.pop()
            continue
        if skipping and not all(shown for _, shown in skipping):
            continue
        out.append(_replacement(name, fields, ordinal, answer_side, front_side))
    if not skipping or all(shown for _, shown in skipping):
        out.append(template[position:])
    return "".join(out)


def _replacement(name: str, fields: dict[str, str], ordinal: int, answer_side: bool, front_side: str) -> str:
    if name == "FrontSide":
        return front_side
    if name.startswith("cloze:"):
        return cloze(fields.get(name[len("cloze:"):], ""), ordinal, answer_side)
    if name.startswith("text:"):
        return html.unescape(re.sub(r"<[^>]*>", "", fields.get(name[len("text:"):], "")))
    return fields.get(name, "")


def cloze(text: str, ordinal: int, answer_side: bool) -> str:
    """A cloze field for card `ordinal`: its deletions hidden (front) or shown (back), the others as text."""
    def replace(match: re.Match) -> str:
        if int(match["number"]) != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{match["number"]}">{match["answer"]}</span>'
        if answer_side:
            return f'<span class="cloze">{match["answer"]}</span>'
        return f'<span class="cloze">[{match["hint"] or "..."}]</span>'

    return DELETION.sub(replace, text)


def cloze_ordinals(text: str) -> list[int]:
    return sorted({int(match["number"]) for match in DELETION.finditer(text)})


def render_note(templates: list[dict], fields: dict[str, str], is_cloze: bool) -> list[RenderedCard]:
    """Every card of a note, front and back, in Anki's order."""
    cards = []
    if is_cloze:
        template = templates[0]
        source = next((f for f in fields if f"{{{{cloze:{f}}}}}" in template["qfmt"]), "Text")
        for ordinal in cloze_ordinals(fields.get(source, "")):
            front = render(template["qfmt"], fields, ordinal)
            back = render(template["afmt"], fields, ordinal, answer_side=True, front_side=front)
            cards.append(RenderedCard(f"{template['name']} {ordinal}", front, back))
        return cards
    for template in templates:
        front = render(template["qfmt"], fields)
        if not _nonempty(front):
            continue  # Anki makes no card whose front is empty
        back = render(template["afmt"], fields, answer_side=True, front_side=front)
        cards.append(RenderedCard(template["name"], front, back))
    return cards
