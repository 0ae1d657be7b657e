"""JSON Schemas of the curriculum files, for editors that check YAML as it is typed.

Generated from the models (pydantic writes the structure and limits), with
each field's description taken from the format guide's tables, so that the
guide, the schema and the checker say the same thing. yaml-language-server
(VS Code's YAML extension and others) reads a schema named in a file's first
line: `# yaml-language-server: $schema=schemas/facts.schema.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from . import model as m

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourcesDocument(_Document):
    """sources.yaml: the source texts."""

    sources: list[m.Source] = Field(min_length=1, description="One entry per source text.")


class ModulesDocument(_Document):
    """modules.yaml: the modules, in any order; `order` decides the teaching order."""

    modules: list[m.Module] = Field(min_length=1, description="The modules of the course.")


class FactsDocument(_Document):
    """A fact file: a default module and its facts."""

    module: Optional[m.Slug] = Field(None, description="The module of every fact here that names none.")
    facts: list[m.Fact] = Field(min_length=1, description="The facts, each a statement, a question and its sources.")


class PeopleDocument(_Document):
    """people.yaml: every named person."""

    people: list[m.Person] = Field([], description="Every person the facts name.")


class GlossaryDocument(_Document):
    """glossary.yaml: acronyms and name forms."""

    terms: list[m.Term] = Field([], description="Acronyms and name forms the sources use.")


class TimelineDocument(_Document):
    """timeline.yaml: the timeline's lanes and eras."""

    actors: list[m.Actor] = Field([], description="Lanes of the timeline: who acts in an event.")
    eras: list[m.Era] = Field([], description="Spans drawn on the timeline.")


@dataclass(frozen=True)
class FileKind:
    name: str  # the schema's file stem: "facts" -> facts.schema.json
    model: type[BaseModel]
    files: str  # which curriculum files it describes


FILE_KINDS = (
    FileKind("course", m.Course, "course.yaml"),
    FileKind("sources", SourcesDocument, "sources.yaml"),
    FileKind("modules", ModulesDocument, "modules.yaml"),
    FileKind("facts", FactsDocument, "facts/*.yaml"),
    FileKind("people", PeopleDocument, "people.yaml"),
    FileKind("glossary", GlossaryDocument, "glossary.yaml"),
    FileKind("timeline", TimelineDocument, "timeline.yaml"),
)
DOCUMENTED_MODELS = (m.Course, m.CardRules, m.Source, m.Publication, m.Exclusion, m.Module, m.Passage, m.Fact,
                     m.Person, m.Term, m.Actor, m.Era, m.Citation)


def guide_path() -> Path:
    """The format guide: inside the installed package, or in docs/ beside it in a checkout."""
    packaged = Path(str(resources.files("nmi_learn"))) / "shipped" / "docs" / "curriculum-format.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "docs" / "curriculum-format.md"


_TABLE = re.compile(r"<!-- fields: (?P<model>\w+) -->\n(?P<table>(?:\|.*\n?)+)")
_ROW = re.compile(r"^\|\s*`(?P<field>[a-z_]+)`\s*\|\s*(?P<required>[^|]*)\|\s*(?P<meaning>.*?)\s*\|\s*$")


@lru_cache(maxsize=1)
def guide_fields() -> dict[str, dict[str, str]]:
    """Model name -> field -> meaning, read from the guide's field tables."""
    text = guide_path().read_text(encoding="utf-8")
    tables: dict[str, dict[str, str]] = {}
    for match in _TABLE.finditer(text):
        rows = tables.setdefault(match["model"], {})
        for line in match["table"].splitlines():
            row = _ROW.match(line)
            if row:
                rows[row["field"]] = row["meaning"].replace("`", "")
    return tables


def schema_for(kind: FileKind) -> dict:
    """The JSON Schema of one file kind, with the guide's descriptions on every documented field."""
    schema = kind.model.model_json_schema()
    described = guide_fields()
    definitions = schema.get("$defs", {})
    for definition in [schema, *definitions.values()]:
        fields = described.get(definition.get("title", ""), {})
        for name, prop in definition.get("properties", {}).items():
            if name in fields:
                prop["description"] = fields[name]
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind.name}.schema.json",
            "description": f"nmi-learn curriculum: {kind.files}. {schema.pop('description', '')}".strip(),
            **schema}


def schema_files() -> dict[str, bytes]:
    """File name -> bytes of every schema, as `nmi-learn schema` writes them (stable bytes)."""
    return {f"{kind.name}.schema.json": (json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=True)
                                         + "\n").encode("utf-8")
            for kind in FILE_KINDS}


def modeline(kind_name: str, schema_dir: str) -> str:
    """The first line that makes yaml-language-server check a file against its schema."""
    return f"# yaml-language-server: $schema={schema_dir}/{kind_name}.schema.json"
