"""The card preview shows every card as Anki's own engine renders it, and reads well in a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankitools import fresh_collection, import_deck, visible_text
from browser import PHONE, page_overflow
from conftest import REPO, run
from nmi_learn.card_render import render_note
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.flashcards import CLOZE, notes_for
from nmi_learn.generators import anki


@pytest.fixture(scope="module")
def anki_cards(tmp_path_factory):
    """guid -> {card ordinal: (question, answer)} as Anki renders the committed deck."""
    collection = fresh_collection(tmp_path_factory.mktemp("anki"))
    import_deck(collection, REPO / "decks" / "nato-mission-iraq.apkg")
    rendered: dict[str, dict[int, tuple[str, str]]] = {}
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        rendered.setdefault(card.note().guid, {})[card.ord] = (visible_text(card.question()),
                                                               visible_text(card.answer()))
    collection.close()
    return rendered


def test_every_card_reads_as_anki_renders_it(anki_cards):
    curriculum = open_curriculum(shipped_curriculum_dir())
    compared = 0
    for spec in notes_for(curriculum):
        fields = {name: spec.fields.get(name, "") for name in anki.FIELDS[spec.note_type]}
        ours = render_note(anki.CARD_TEMPLATES[spec.note_type], fields, spec.note_type == CLOZE)
        theirs = anki_cards[anki.note_guid(curriculum.course.id, spec.key)]
        assert len(ours) == len(theirs), spec.key
        for card, ordinal in zip(ours, sorted(theirs)):
            question, answer = theirs[ordinal]
            assert visible_text(card.front) == question, (spec.key, card.template)
            assert visible_text(card.back) == answer, (spec.key, card.template)
            compared += 1
    assert compared == sum(len(cards) for cards in anki_cards.values())


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview")
    result = run("build", "decks", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "reports" / "cards.html"


def test_the_preview_page_draws_each_card_with_the_deck_style(browser, preview: Path):
    page = browser.new_page(viewport=PHONE)
    page.goto(preview.as_uri())
    hosts = page.locator(".card-host")
    assert hosts.count() > 200
    first = page.evaluate("""() => {
        const root = document.querySelector('.card-host').shadowRoot;
        const prompt = root.querySelector('.prompt');
        return {text: prompt.textContent, weight: getComputedStyle(prompt).fontWeight};
    }""")
    assert first["text"] and int(first["weight"]) >= 600  # the deck's CSS reached the shadow root
    assert page_overflow(page) == 0
    page.close()
