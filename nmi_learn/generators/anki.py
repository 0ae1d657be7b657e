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
from ..cache import OutputCache, inputs_digest
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


def deck_file_name(curriculum: Curriculum, suffix: str = "") -> str:
    """`nato-mission-iraq.apkg`; a deck of some modules adds their ids (`nato-mission-iraq-origins.apkg`)."""
    return f"{curriculum.course.id}{suffix}.apkg"


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


@dataclass(frozen=True)
class DeckPlan:
    """The deck's notes and the digest of each (and of each note type), before any packaging."""

    specs: tuple[NoteSpec, ...]
    deck_names: dict[str, str]  # module id -> subdeck name, for the modules the deck holds
    digests: dict[str, str]  # ledger key ("fact:launch-city", "notetype:qa") -> digest of its content
    css: str
    file_name: str


def plan(curriculum: Curriculum, modules: tuple[str, ...] | None = None, suffix: str = "") -> DeckPlan:
    """What the deck holds (every module's notes, or those of `modules`, in a file named with `suffix`):
    enough to stamp the revision ledger without packaging anything."""
    css = (TEMPLATES / "anki" / "card.css").read_text(encoding="utf-8")
    chosen = [module for module in curriculum.modules if modules is None or module.id in modules]
    specs = tuple(spec for spec in notes_for(curriculum) if modules is None or spec.module_id in modules)
    deck_names = {module.id: deck_name(curriculum, module.id) for module in chosen}
    digests = {f"notetype:{kind}": digest(FIELDS[kind], CARD_TEMPLATES[kind], css) for kind in (QA, CLOZE, PAIR)}
    digests.update({spec.key: digest(spec.note_type, sorted(spec.fields.items()), spec.tags, deck_names[spec.module_id])
                    for spec in specs})
    return DeckPlan(specs, deck_names, digests, css, deck_file_name(curriculum, suffix))


def generate(curriculum: Curriculum, deck: DeckPlan, stamped: Ledger, cache: "OutputCache | None" = None) -> DeckBuild:
    """Build the deck in memory from its plan and the ledger stamped for it (or take it from `cache`)."""
    specs = deck.specs
    guids = {spec.key: note_guid(curriculum.course.id, spec.key) for spec in specs}
    cards = sum(2 if spec.note_type == PAIR else _cloze_count(spec) if spec.note_type == CLOZE else 1 for spec in specs)
    described = f"Anki deck: {len(specs)} notes, {cards} cards, {len(deck.deck_names)} subdecks"
    inputs = inputs_digest(genanki.__version__ if hasattr(genanki, "__version__") else "", str(NOTE_ID_BASE),
                           curriculum.course.id, curriculum.course.title, curriculum.course.description,
                           *(f"{m.id}\x1f{deck.deck_names[m.id]}\x1f{m.summary or ''}" for m in curriculum.modules
                             if m.id in deck.deck_names),
                           *(f"{key}\x1f{value}\x1f{stamped.changed(key)}" for key, value in deck.digests.items()))
    cached = cache.get(inputs) if cache is not None else None
    if cached is not None:
        return DeckBuild(Artifact("decks", deck.file_name, cached, described, inputs), stamped, len(specs),
                         cards, len(deck.deck_names))
    # genanki adds keys to the template dicts it is given, so it gets copies of the constants.
    models = {kind: genanki.Model(NOTE_TYPE_IDS[kind], NOTE_TYPE_NAMES[kind], fields=[{"name": f} for f in FIELDS[kind]],
                                  templates=[dict(t) for t in CARD_TEMPLATES[kind]], css=deck.css,
                                  model_type=genanki.Model.CLOZE if kind == CLOZE else genanki.Model.FRONT_BACK)
              for kind in (QA, CLOZE, PAIR)}
    # Anki shows a deck's description as HTML: it is escaped like every field.
    root = genanki.Deck(stable_id(curriculum.course.id), deck_part(curriculum.course.title),
                        description=esc(curriculum.course.description))
    decks = {module.id: genanki.Deck(stable_id(curriculum.course.id, module.id), deck.deck_names[module.id],
                                     description=esc(module.summary or "")) for module in curriculum.modules
             if module.id in deck.deck_names}
    for position, spec in enumerate(specs):
        decks[spec.module_id].add_note(genanki.Note(
            model=models[spec.note_type], fields=[spec.fields[f] for f in FIELDS[spec.note_type]],
            tags=list(spec.tags), guid=guids[spec.key], due=position))
    note_times = {guids[spec.key]: stamped.changed(spec.key) for spec in specs}
    type_times = {NOTE_TYPE_IDS[kind]: stamped.changed(f"notetype:{kind}") for kind in models}
    content = _package([root, *decks.values()], note_times, type_times)
    artifact = Artifact("decks", deck.file_name, content, described, inputs)
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
