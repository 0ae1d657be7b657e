"""The Anki deck: genanki notes with stable identity, packaged reproducibly.

Identity: note GUIDs come from the note's key (kind and record id), and the
note type and deck ids are constants, so renaming text never creates a
duplicate. Time: each note's modification time is the time its content
last changed, from the revision ledger, so a re-import updates exactly
the edited notes. Bytes: ids, timestamps and zip entries are all fixed, so
the same curriculum gives the same file.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import os
import sqlite3
import zipfile
from dataclasses import dataclass

import genanki

from ..cloze import DELETION
from ..curriculum import Curriculum
from ..flashcards import CLOZE, PAIR, QA, NoteSpec, esc, notes_for
from ..ledger import Ledger, digest
from ..outputs import Artifact
from ..render import TEMPLATES

# Never change these ids: Anki knows the note types by them.
NOTE_TYPE_IDS = {QA: 1_716_230_101, CLOZE: 1_716_230_102, PAIR: 1_716_230_103}
NOTE_TYPE_NAMES = {QA: "nmi-learn question", CLOZE: "nmi-learn cloze", PAIR: "nmi-learn pair (both ways)"}
FIELDS = {
    QA: ["Front", "Back", "Context", "Source", "Quote", "FactId"],
    CLOZE: ["Text", "Context", "Source", "Quote", "FactId"],
    PAIR: ["Front", "Back", "FrontHint", "BackHint", "Context", "Source", "Quote", "FactId"],
}
NOTE_ID_BASE = 1_500_000_000_000  # note and card ids count up from here, in deck order
_collections = itertools.count()  # numbers the in-memory collections of this process

# The back: the answer first, one line of context, one short source line; the quotes, notes
# and full sources wait behind a tap (<details> works in Anki's desktop, AnkiDroid and AnkiMobile
# webviews). FactId stays in the note for the trainer and is never shown on a card.
_BACK = ('{{#Context}}<div class="context">{{Context}}</div>{{/Context}}'
         '<div class="source">{{Source}}</div>'
         '<details class="more"><summary>Quotes and sources</summary>{{Quote}}</details>')
CARD_TEMPLATES = {
    QA: [{"name": "Question", "qfmt": '<div class="prompt">{{Front}}</div>',
          "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Back}}</div>' + _BACK}],
    CLOZE: [{"name": "Cloze", "qfmt": '<div class="prompt cloze-text">{{cloze:Text}}</div>',
             "afmt": '<div class="prompt cloze-text">{{cloze:Text}}</div>' + _BACK}],
    PAIR: [
        {"name": "Forward", "qfmt": '<div class="prompt">{{Front}}</div><div class="hint">{{FrontHint}}</div>',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Back}}</div>' + _BACK},
        {"name": "Reverse", "qfmt": '<div class="prompt">{{Back}}</div><div class="hint">{{BackHint}}</div>',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Front}}</div>' + _BACK},
    ],
}


@dataclass(frozen=True)
class DeckBuild:
    artifact: Artifact
    ledger: Ledger
    notes: int
    cards: int
    decks: int


def deck_file_name(curriculum: Curriculum) -> str:
    return f"{curriculum.course.id}.apkg"


def stable_id(*parts: str) -> int:
    """A deck id derived from names that never change (course and module ids)."""
    value = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")
    return (1 << 30) + value % (1 << 30)


def deck_name(curriculum: Curriculum, module_id: str) -> str:
    module = curriculum.module(module_id)
    return f"{deck_part(curriculum.course.title)}::{deck_part(f'{curriculum.number(module)} {module.title}')}"


def deck_part(title: str) -> str:
    """One level of an Anki deck name: Anki reads `::` as a subdeck, so a run of colons in a title becomes one."""
    return re.sub(r":{2,}", ":", " ".join(title.split()))


def note_guid(course_id: str, key: str) -> str:
    return genanki.guid_for("nmi-learn", course_id, key)


def generate(curriculum: Curriculum, ledger: Ledger, now: int | None) -> DeckBuild:
    """Build the deck in memory; return it with the ledger it was stamped from."""
    css = (TEMPLATES / "anki" / "card.css").read_text(encoding="utf-8")
    # genanki adds keys to the template dicts it is given, so it gets copies of the constants.
    models = {kind: genanki.Model(NOTE_TYPE_IDS[kind], NOTE_TYPE_NAMES[kind], fields=[{"name": f} for f in FIELDS[kind]],
                                  templates=[dict(t) for t in CARD_TEMPLATES[kind]], css=css,
                                  model_type=genanki.Model.CLOZE if kind == CLOZE else genanki.Model.FRONT_BACK)
              for kind in (QA, CLOZE, PAIR)}
    specs = notes_for(curriculum)
    deck_names = {module.id: deck_name(curriculum, module.id) for module in curriculum.modules}
    guids = {spec.key: note_guid(curriculum.course.id, spec.key) for spec in specs}
    digests = {f"notetype:{kind}": digest(FIELDS[kind], CARD_TEMPLATES[kind], css) for kind in models}
    digests.update({spec.key: digest(spec.note_type, sorted(spec.fields.items()), spec.tags, deck_names[spec.module_id])
                    for spec in specs})
    stamped = ledger.stamp(digests, now)

    # Anki shows a deck's description as HTML: it is escaped like every field.
    root = genanki.Deck(stable_id(curriculum.course.id), deck_part(curriculum.course.title),
                        description=esc(curriculum.course.description))
    decks = {module.id: genanki.Deck(stable_id(curriculum.course.id, module.id), deck_names[module.id],
                                     description=esc(module.summary or "")) for module in curriculum.modules}
    for position, spec in enumerate(specs):
        decks[spec.module_id].add_note(genanki.Note(
            model=models[spec.note_type], fields=[spec.fields[f] for f in FIELDS[spec.note_type]],
            tags=list(spec.tags), guid=guids[spec.key], due=position))
    note_times = {guids[spec.key]: stamped.changed(spec.key) for spec in specs}
    type_times = {NOTE_TYPE_IDS[kind]: stamped.changed(f"notetype:{kind}") for kind in models}
    content = _package([root, *decks.values()], note_times, type_times)
    cards = sum(2 if spec.note_type == PAIR else _cloze_count(spec) if spec.note_type == CLOZE else 1 for spec in specs)
    artifact = Artifact("decks", deck_file_name(curriculum), content,
                        f"Anki deck: {len(specs)} notes, {cards} cards, {len(decks)} subdecks")
    return DeckBuild(artifact, stamped, len(specs), cards, len(decks))


def _cloze_count(spec: NoteSpec) -> int:
    return len({match["number"] for match in DELETION.finditer(spec.fields["Text"])})


def _package(decks: list[genanki.Deck], note_times: dict[str, int], type_times: dict[int, int]) -> bytes:
    """The .apkg bytes: genanki's collection with our times, in a zip with fixed metadata.

    The collection is built in memory, in SQLite's memdb file system (a database that behaves as a
    file, so its bytes are those a file would hold), and read out with `serialize`: no disk, no sync.
    The name is unique to this call, as memdb shares a database by name within a process."""
    name = f"file:/nmi-learn-{os.getpid()}-{next(_collections)}.anki2?vfs=memdb"
    connection = sqlite3.connect(name, uri=True)
    try:
        cursor = connection.cursor()
        genanki.Package(decks).write_to_db(cursor, 0, itertools.count(NOTE_ID_BASE))
        ids = dict(cursor.execute("SELECT guid, id FROM notes"))  # by primary key: no scan per note
        cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", [(t, ids[g]) for g, t in note_times.items()])
        cursor.execute("UPDATE cards SET mod = (SELECT mod FROM notes WHERE notes.id = cards.nid)")
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        models = json.loads(models_json)
        for model_id, model in models.items():
            if int(model_id) in type_times:
                model["mod"] = type_times[int(model_id)]
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models, sort_keys=True),))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    return _zip({"collection.anki2": collection, "media": b"{}"})



def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
