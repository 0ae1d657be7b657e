"""The Anki deck, imported into Anki's own engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankitools import fresh_collection, import_deck, package_notes, visible_text
from conftest import REPO, replace_in, run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.flashcards import PAIR, notes_for
from nmi_learn.generators import anki
from nmi_learn.ledger import Ledger

V1_TIME = 1_700_000_000
V2_TIME = 1_700_086_400



def generate_deck(curriculum, ledger: Ledger, now):
    """The deck the build makes: plan it, stamp the ledger for it, package it."""
    deck_plan = anki.plan(curriculum)
    return anki.generate(curriculum, deck_plan, ledger.stamp(deck_plan.digests, now))

def build_deck(out: Path, monkeypatch: pytest.MonkeyPatch, when: int = V1_TIME) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(when))
    result = run("build", "decks", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "decks" / "northpoint-light.apkg"


def expected_cards(curriculum) -> tuple[int, int]:
    specs = notes_for(curriculum)
    cards = 0
    for spec in specs:
        if spec.note_type == PAIR:
            cards += 2
        elif spec.note_type == "cloze":
            cards += len({part.split("::")[0] for part in spec.fields["Text"].split("{{c")[1:]})
        else:
            cards += 1
    return len(specs), cards


def test_tiny_deck_imports_with_every_card_rendering(tiny: Path, tmp_path: Path, monkeypatch):
    deck = build_deck(tmp_path / "out", monkeypatch)
    collection = fresh_collection(tmp_path / "anki")
    log = import_deck(collection, deck)
    notes, cards = expected_cards(open_curriculum(tiny))
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (notes, 0, 0, 0)
    assert (collection.note_count(), collection.card_count()) == (notes, cards)
    names = sorted(d.name for d in collection.decks.all_names_and_ids() if d.name != "Default")
    assert names == ["The Northpoint Lighthouse", "The Northpoint Lighthouse::01 History",
                     "The Northpoint Lighthouse::02 Repairs"]
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        question, answer = visible_text(card.question()), visible_text(card.answer())
        assert question.strip() and answer.strip()
        assert "{{" not in card.question() and "{{" not in card.answer()
        assert "Quotes and sources" in answer and "—" in answer  # the citation is on the back, behind a tap
    collection.close()


def test_citation_and_quote_reach_the_back(tiny: Path, tmp_path: Path, monkeypatch):
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, build_deck(tmp_path / "out", monkeypatch))
    (card_id,) = collection.find_cards("FactId:relit")
    answer = visible_text(collection.get_card(card_id).answer())
    assert "14 March 2021" in answer
    assert "The Northpoint lighthouse was relit on 14 March 2021 after two years of repairs." in answer
    assert "— The Gazette, March 2021" in answer
    assert "The Gazette, March 2021 Quotes and sources" in answer  # the short source line, then the tap
    assert answer.endswith("The Gazette, “Harbour lighthouse relit after repairs”, March 2021")  # no fact id after it
    collection.close()


def test_special_characters_show_literally(tiny: Path, tmp_path: Path, monkeypatch):
    replace_in(tiny / "facts" / "01-history.yaml",
               "prompt: In what year was the Northpoint lighthouse first lit?",
               'prompt: "In what year was the <b>Northpoint</b> & {{c1::lamp}} light first lit? }}"')
    collection = fresh_collection(tmp_path / "anki")
    import_deck(collection, build_deck(tmp_path / "out", monkeypatch))
    (card_id,) = collection.find_cards("FactId:first-lit")
    question = collection.get_card(card_id).question()
    assert "<b>Northpoint" not in question  # not markup
    assert "In what year was the <b>Northpoint</b> & {{c1::lamp}} light first lit? }}" in visible_text(question)
    collection.close()


def test_two_builds_are_byte_identical(tiny: Path, tmp_path: Path, monkeypatch):
    first = build_deck(tmp_path / "one", monkeypatch).read_bytes()
    second = build_deck(tmp_path / "two", monkeypatch).read_bytes()
    assert first == second


def test_identity_survives_a_text_edit(tiny: Path, tmp_path: Path, monkeypatch):
    before = package_notes(build_deck(tmp_path / "one", monkeypatch))
    replace_in(tiny / "facts" / "02-repairs.yaml", "prompt: Which organisation paid for the repairs",
               "prompt: Which charity paid for the repairs")
    after = package_notes(build_deck(tmp_path / "two", monkeypatch, V2_TIME))
    assert set(before) == set(after)
    changed = [guid for guid in before if before[guid] != after[guid]]
    assert len(changed) == 1


def test_update_keeps_history_and_changes_only_the_edited_note(tiny: Path, tmp_path: Path, monkeypatch):
    collection = fresh_collection(tmp_path / "anki")
    assert len(import_deck(collection, build_deck(tmp_path / "v1", monkeypatch)).new) > 0
    collection.decks.select(collection.decks.id_for_name("The Northpoint Lighthouse"))
    for ease in (3, 3, 4, 1, 3):  # a learner reviews five cards
        card = collection.sched.getCard()
        collection.sched.answerCard(card, ease)
    reviews_before = collection.db.all("select id, cid, ease, ivl, type from revlog order by id")
    schedule_before = collection.db.all("select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards")
    notes_before = {nid: collection.get_note(nid).fields for nid in collection.find_notes("")}
    assert len(reviews_before) == 5

    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    log = import_deck(collection, build_deck(tmp_path / "v2", monkeypatch, V2_TIME))

    # Anki logs an existing, unchanged note as "duplicate": it was matched by GUID and left alone.
    unchanged = len(notes_before) - 1
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (0, 1, unchanged, 0)
    assert collection.note_count() == len(notes_before)
    assert collection.get_note(log.updated[0].id.nid)["FactId"] == "raised"
    notes_after = {nid: collection.get_note(nid).fields for nid in collection.find_notes("")}
    changed = [nid for nid in notes_before if notes_before[nid] != notes_after[nid]]
    assert changed == [log.updated[0].id.nid]
    assert collection.get_note(changed[0])["Back"] == "Forty thousand pounds"
    assert collection.db.all("select id, cid, ease, ivl, type from revlog order by id") == reviews_before
    assert collection.db.all("select id, nid, did, type, queue, due, ivl, factor, reps, lapses from cards") \
        == schedule_before
    collection.close()


def test_ledger_keeps_times_of_unchanged_notes(tiny: Path, tmp_path: Path, monkeypatch):
    build_deck(tmp_path / "v1", monkeypatch)
    first = Ledger.load(tiny).revisions
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: 40,000 pounds", "answer: Forty thousand pounds")
    build_deck(tmp_path / "v2", monkeypatch, V2_TIME)
    second = Ledger.load(tiny).revisions
    assert {key for key in first if first[key] != second[key]} == {"fact:raised"}
    assert second["fact:raised"].changed == V2_TIME
    assert all(second[key].changed == V1_TIME for key in second if key != "fact:raised")


def test_shipped_deck_imports_with_its_tree(tmp_path: Path):
    curriculum = open_curriculum(shipped_curriculum_dir())
    deck = generate_deck(curriculum, Ledger.load(curriculum.root), V1_TIME)
    path = tmp_path / "deck.apkg"
    path.write_bytes(deck.artifact.content)
    collection = fresh_collection(tmp_path / "anki")
    log = import_deck(collection, path)
    assert len(log.new) == deck.notes == len(notes_for(curriculum))
    assert collection.card_count() == deck.cards
    names = sorted(d.name for d in collection.decks.all_names_and_ids() if d.name.startswith("NATO Mission Iraq::"))
    assert names == [anki.deck_name(curriculum, module.id) for module in curriculum.modules]
    assert names[0] == "NATO Mission Iraq::01 Origins and launch"
    collection.close()


def test_committed_deck_matches_the_curriculum():
    """decks/ is committed for learners; it must hold exactly the notes the curriculum makes now."""
    curriculum = open_curriculum(shipped_curriculum_dir())
    fresh = generate_deck(curriculum, Ledger.load(curriculum.root), None)
    committed = REPO / "decks" / anki.deck_file_name(curriculum)
    assert committed.exists(), "run `make build` and commit decks/"
    scratch = committed.with_name(".fresh-for-test.apkg")
    try:
        scratch.write_bytes(fresh.artifact.content)
        assert package_notes(committed) == package_notes(scratch), "decks/ is stale: run `make build` and commit it"
    finally:
        scratch.unlink(missing_ok=True)


def test_committed_ledger_is_current():
    """A build of the committed curriculum must not need to change the committed ledger."""
    curriculum = open_curriculum(shipped_curriculum_dir())
    ledger = Ledger.load(curriculum.root)
    fresh = generate_deck(curriculum, ledger, None)
    assert fresh.ledger.revisions == ledger.revisions, "revisions.yaml is stale: run `make build` and commit it"


def test_generating_twice_in_one_process_gives_the_same_deck_and_ledger():
    curriculum = open_curriculum(shipped_curriculum_dir())
    ledger = Ledger.load(curriculum.root)
    first = generate_deck(curriculum, ledger, V1_TIME)
    second = generate_deck(curriculum, ledger, V2_TIME)
    assert first.ledger == second.ledger
    assert first.artifact.content == second.artifact.content
