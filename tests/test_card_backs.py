"""Card backs as a learner meets them: rendered by Anki's engine, measured in Chromium at phone width,
and a learner's upgrade from the previous release's deck."""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest

from ankitools import fresh_collection, import_deck, package_notes
from browser import PHONE
from cardpages import card_page, measure_backs, summary
from conftest import REPO

# The last release whose cards showed every quote and the fact id on the back.
PREVIOUS_RELEASE = "f744353de0f0b65b869078961615ae692e84f3f9"
DECK = REPO / "decks" / "nato-mission-iraq.apkg"


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory):
    """The committed deck, imported into a fresh Anki collection."""
    collection = fresh_collection(tmp_path_factory.mktemp("anki"))
    import_deck(collection, DECK)
    yield collection
    collection.close()


@pytest.fixture(scope="module")
def backs(browser, collection):
    return measure_backs(browser, collection)


def previous_deck(target: Path) -> Path:
    """The previous release's deck, byte for byte from git."""
    deck = subprocess.run(["git", "show", f"{PREVIOUS_RELEASE}:decks/nato-mission-iraq.apkg"], cwd=REPO,
                          capture_output=True, check=True).stdout
    target.write_bytes(deck)
    return target


def test_every_back_fits_the_first_phone_screen_and_most_are_short(backs):
    assert len(backs) > 200
    assert all(0 < back.answer_bottom <= PHONE["height"] / 2 for back in backs), \
        [(back.card_id, back.answer_bottom) for back in backs if not 0 < back.answer_bottom <= PHONE["height"] / 2]
    figures = summary(backs)
    assert figures["max"] <= PHONE["height"], figures  # the whole back, quotes folded, on one screen
    assert figures["median"] <= 0.4 * PHONE["height"], figures


def test_no_back_shows_an_internal_id(backs, collection):
    ids = {collection.get_card(b.card_id).note()["FactId"] for b in backs}
    assert len(ids) > 100
    shown = [(b.card_id, fact_id) for b in backs for fact_id in ids
             if re.search(rf"(?<![\w-]){re.escape(fact_id)}(?![\w-])", b.text) and ("-" in fact_id or ":" in fact_id)]
    assert shown == []
    assert not any(re.search(r"\b(fact|cloze|person|term):[a-z]", b.text) for b in backs)


def test_quotes_and_sources_wait_behind_a_tap_that_opens(browser, collection):
    (card_id,) = collection.find_cards('"FactId:launch-dates"')
    card = collection.get_card(card_id)
    answer = card.answer()
    assert "<details" in answer and "<summary>Quotes and sources</summary>" in answer
    quote = card.note()["Quote"]
    first_quote = re.sub(r"<[^>]+>", "", re.search(r'<div class="quote">(.*?)<span', quote).group(1))
    page = browser.new_page(viewport=PHONE)
    try:
        page.set_content(card_page(answer, card.ord))
        assert page.locator(".answer").inner_text() == "11–12 July 2018"
        assert not page.get_by_text(first_quote, exact=False).first.is_visible()
        assert "note below" in page.locator(".source").inner_text()  # launch-dates carries a note
        page.locator("summary").click()
        assert page.get_by_text(first_quote, exact=False).first.is_visible()
        assert page.locator("details .note").first.is_visible()
    finally:
        page.close()


def test_revealed_cloze_stands_out_by_more_than_colour(browser, collection):
    card_ids = collection.find_cards("note:nmi-learn*cloze")
    assert card_ids
    card = collection.get_card(card_ids[0])
    page = browser.new_page(viewport=PHONE)
    try:
        page.set_content(card_page(card.answer(), card.ord))
        styles = page.evaluate("""() => {
            const cloze = getComputedStyle(document.querySelector('.cloze'));
            const text = getComputedStyle(document.querySelector('.cloze-text'));
            return {cloze: +cloze.fontWeight, text: +text.fontWeight, underline: cloze.borderBottomStyle,
                    box: cloze.backgroundColor};
        }""")
    finally:
        page.close()
    assert styles["cloze"] - styles["text"] >= 300
    assert styles["underline"] == "solid" and styles["box"] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_person_cards_ask_one_thing(collection):
    for card_id in collection.find_cards('"FactId:person:*" card:1'):
        question = collection.get_card(card_id).question()
        assert "Role?" in question and "affiliation" not in question.lower()


def test_upgrade_from_the_previous_release_keeps_reviews_and_updates_cards(tmp_path: Path):
    old_deck = previous_deck(tmp_path / "previous.apkg")
    old_notes, new_notes = package_notes(old_deck), package_notes(DECK)
    collection = fresh_collection(tmp_path / "anki")
    assert len(import_deck(collection, old_deck).new) == len(old_notes)
    collection.decks.select(collection.decks.id_for_name("NATO Mission Iraq"))
    for ease in (3, 3, 4, 1, 3, 2, 4, 3):  # a learner reviews eight cards
        collection.sched.answerCard(collection.sched.getCard(), ease)
    reviews = collection.db.all("select id, cid, ease, ivl, type from revlog order by id")
    schedule = collection.db.all("select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards")
    assert len(reviews) == 8

    log = import_deck(collection, DECK)

    changed = {guid for guid in old_notes if guid in new_notes and old_notes[guid] != new_notes[guid]}
    added = set(new_notes) - set(old_notes)
    assert len(log.new) == len(added) == 0
    assert {collection.get_note(entry.id.nid).guid for entry in log.updated} == changed
    assert len(changed) > 150  # every card back changed
    assert len(log.conflicting) == 0
    assert collection.note_count() == len(old_notes)
    assert collection.db.all("select id, cid, ease, ivl, type from revlog order by id") == reviews
    assert collection.db.all("select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards") == schedule
    for notetype in collection.models.all():
        if notetype["name"].startswith("nmi-learn"):
            assert all("<details" in template["afmt"] for template in notetype["tmpls"])
            assert all("FactId" not in template["afmt"] for template in notetype["tmpls"])
    (card_id,) = collection.find_cards('"FactId:launch-dates"')
    assert "Quotes and sources" in collection.get_card(card_id).answer()
    collection.close()


def test_backs_of_the_previous_release_were_taller(browser, backs, tmp_path: Path):
    """The figures the change was made for: the same cards, before and after, at phone width."""
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, previous_deck(tmp_path / "previous.apkg"))
    before, after = summary(measure_backs(browser, collection)), summary(backs)
    collection.close()
    assert after["median"] < 0.7 * before["median"], (before, after)
    assert after["p90"] < 0.7 * before["p90"], (before, after)
    assert statistics.median([b.answer_bottom for b in backs]) < PHONE["height"] / 3
