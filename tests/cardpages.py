"""Anki cards as a learner's phone shows them: rendered by Anki's engine, laid out by Chromium.

Anki's reviewer puts the rendered card inside `<body class="card cardN"><div id="qa">`;
`card_page` builds the same page, so the card CSS applies as it does in Anki.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from anki.collection import Collection

from browser import PHONE


def card_page(card_html: str, ordinal: int) -> str:
    """A page as Anki's reviewer builds it around a rendered question or answer."""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
            f"<body class='card card{ordinal + 1}'><div id='qa'>{card_html}</div></body></html>")


@dataclass(frozen=True)
class BackMeasure:
    card_id: int
    height: float  # CSS px of the whole back
    answer_bottom: float  # CSS px from the top to the bottom of the answer (the revealed cloze on cloze cards)
    text: str  # the visible text of the back


MEASURE = """() => {
    const answer = document.querySelector('.answer') || document.querySelector('.cloze');
    const qa = document.getElementById('qa').getBoundingClientRect();
    return {height: qa.bottom + window.scrollY,
            answerBottom: answer ? answer.getBoundingClientRect().bottom + window.scrollY : -1,
            text: document.body.innerText};
}"""


def measure_backs(browser, collection: Collection) -> list[BackMeasure]:
    """Render the back of every card at phone width and measure it."""
    page = browser.new_page(viewport=PHONE)
    measures = []
    try:
        for card_id in sorted(collection.find_cards("")):
            card = collection.get_card(card_id)
            page.set_content(card_page(card.answer(), card.ord))
            found = page.evaluate(MEASURE)
            measures.append(BackMeasure(card_id, found["height"], found["answerBottom"], found["text"]))
    finally:
        page.close()
    return measures


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summary(measures: list[BackMeasure]) -> dict[str, float]:
    heights = [m.height for m in measures]
    return {"cards": len(measures), "median": statistics.median(heights), "p90": percentile(heights, 0.9),
            "max": max(heights)}
