"""Helpers to drive Anki's own engine in tests: fresh collections and real imports."""

from __future__ import annotations

import html
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def fresh_collection(directory: Path) -> Collection:
    directory.mkdir(parents=True, exist_ok=True)
    return Collection(str(directory / "collection.anki2"))


def import_deck(collection: Collection, package: Path):
    """Import as Anki's desktop importer does by default (update notes if newer); return the log."""
    options = ImportAnkiPackageOptions(merge_notetypes=True, update_notes=IF_NEWER, update_notetypes=IF_NEWER,
                                       with_scheduling=False, with_deck_configs=False)
    return collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


def visible_text(card_html: str) -> str:
    """What a learner sees: the card HTML without its style block and tags, entities decoded."""
    without_style = re.sub(r"<style>.*?</style>", "", card_html, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_style)).split())


def package_notes(package: Path) -> dict[str, tuple[str, str, str]]:
    """guid -> (note type name, fields, tags) read straight from an .apkg, without Anki."""
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        connection = sqlite3.connect(path)
        import json

        models = json.loads(connection.execute("select models from col").fetchone()[0])
        rows = connection.execute("select guid, mid, flds, tags from notes").fetchall()
        connection.close()
    return {guid: (models[str(mid)]["name"], fields, tags.strip()) for guid, mid, fields, tags in rows}
