"""Load a curriculum directory into located records and seed texts.

Each record is validated on its own against its model, so one bad record
is reported without hiding the others; each remembers where it came from
(`Origin`) so later rules can point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import Problem, Severity
from .messages import describe, field_names
from .seeds import SeedText
from .yamlsource import (DirectoryNotFile, Loc, MissingFile, UnreadableFile, UnreadableInput, YamlDocument,
                         decode_text, read_regular_file, read_yaml)

T = TypeVar("T", bound=BaseModel)

COURSE_FILE = "course.yaml"
SOURCES_FILE = "sources.yaml"
MODULES_FILE = "modules.yaml"
PEOPLE_FILE = "people.yaml"
GLOSSARY_FILE = "glossary.yaml"
TIMELINE_FILE = "timeline.yaml"
FACTS_DIR = "facts"

_KNOWN_FIELDS = field_names(
    [m.Course, m.CardRules, m.Source, m.Publication, m.Exclusion, m.Module, m.Fact, m.Citation,
     m.Person, m.Term, m.Actor, m.Era, m.SourcesFile, m.ModulesFile, m.FactsFile, m.PeopleFile,
     m.GlossaryFile, m.TimelineFile]
)


@dataclass(frozen=True)
class Origin:
    """Where a record was written: its file and its place in the file's data."""

    document: YamlDocument
    loc: Loc

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def line(self) -> int:
        return self.document.line_of(self.loc)

    def line_of(self, *sub: str | int) -> int:
        """The line of a field inside the record, e.g. line_of('citations', 0, 'quote')."""
        return self.document.line_of(self.loc + sub)

    def problem(self, message: str, *sub: str | int, severity: Severity = "error") -> Problem:
        return Problem(self.path, self.line_of(*sub), message, severity)


@dataclass(frozen=True)
class Located(Generic[T]):
    record: T
    origin: Origin


@dataclass
class RawCurriculum:
    """Everything read from disk, before cross-record validation."""

    root: Path
    course: Located[m.Course] | None = None
    sources: list[Located[m.Source]] = field(default_factory=list)
    modules: list[Located[m.Module]] = field(default_factory=list)
    facts: list[Located[m.Fact]] = field(default_factory=list)
    people: list[Located[m.Person]] = field(default_factory=list)
    terms: list[Located[m.Term]] = field(default_factory=list)
    actors: list[Located[m.Actor]] = field(default_factory=list)
    eras: list[Located[m.Era]] = field(default_factory=list)
    seeds: dict[str, SeedText] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # What could not be read, so that references to it are not reported twice:
    unreadable: set[str] = field(default_factory=set)  # record kinds, e.g. "modules"
    broken_ids: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) of invalid records

    def unknowable(self, kind: str, record_id: str) -> bool:
        """True when a reference to `record_id` cannot be judged because its record failed to load."""
        return kind in self.unreadable or (kind, record_id) in self.broken_ids


def load_raw(root: Path) -> RawCurriculum:
    """Read every file of the curriculum at `root`, collecting all problems."""
    raw = RawCurriculum(root=root)
    if not root.exists():
        raw.problems.append(Problem(root, 1, "curriculum directory does not exist"))
        return raw
    if not root.is_dir():
        raw.problems.append(Problem(root, 1, "curriculum path is not a directory"))
        return raw

    course_doc = _document(raw, root / COURSE_FILE, None, required=True)
    if course_doc is not None:
        raw.course = _validate(raw, course_doc, (), m.Course, course_doc.data)
    sources_doc = _document(raw, root / SOURCES_FILE, m.SourcesFile, required=True)
    raw.sources = _records(raw, sources_doc, "sources", m.Source)
    modules_doc = _document(raw, root / MODULES_FILE, m.ModulesFile, required=True)
    raw.modules = _records(raw, modules_doc, "modules", m.Module)
    people_doc = _document(raw, root / PEOPLE_FILE, m.PeopleFile, required=False)
    raw.people = _records(raw, people_doc, "people", m.Person)
    glossary_doc = _document(raw, root / GLOSSARY_FILE, m.GlossaryFile, required=False)
    raw.terms = _records(raw, glossary_doc, "terms", m.Term)
    timeline_doc = _document(raw, root / TIMELINE_FILE, m.TimelineFile, required=False)
    raw.actors = _records(raw, timeline_doc, "actors", m.Actor)
    raw.eras = _records(raw, timeline_doc, "eras", m.Era)
    for path, document, kinds in ((SOURCES_FILE, sources_doc, ["sources"]), (MODULES_FILE, modules_doc, ["modules"]),
                                  (PEOPLE_FILE, people_doc, ["people"]), (GLOSSARY_FILE, glossary_doc, ["terms"]),
                                  (TIMELINE_FILE, timeline_doc, ["actors", "eras"])):
        required = path in (SOURCES_FILE, MODULES_FILE)
        if document is None and (required or (root / path).exists()):
            raw.unreadable.update(kinds)  # an absent optional file simply defines nothing
    raw.facts = _load_facts(raw, root / FACTS_DIR)
    _load_seeds(raw)
    return raw


def _document(raw: RawCurriculum, path: Path, envelope: type[BaseModel] | None,
              required: bool) -> YamlDocument | None:
    """Read one YAML file whose top level must be a mapping (checked against `envelope`)."""
    if not path.exists() and not required:
        return None
    document, problems = read_yaml(path)
    raw.problems.extend(problems)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else f"a single value ({document.data!r})"
        raw.problems.append(Problem(path, 1, f"expected a mapping at the top level, found {found}"))
        return None
    if envelope is not None:
        _validate(raw, document, (), envelope, document.data)
    return document


def _validate(raw: RawCurriculum, document: YamlDocument, loc: Loc, model: type[T],
              data: object) -> Located[T] | None:
    """Validate `data`, found at `loc`, against `model`, reporting each error at its line."""
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            full = loc + tuple(error["loc"])
            raw.problems.append(Problem(document.path, document.line_of(full), describe(error, _KNOWN_FIELDS)))
        return None
    return Located(record, Origin(document, loc))


def _records(raw: RawCurriculum, document: YamlDocument | None, key: str, model: type[T]) -> list[Located[T]]:
    """The valid records listed under `key`; invalid ones are reported and left out."""
    if document is None:
        return []
    items = document.data.get(key)
    if not isinstance(items, list):
        if items is not None:
            raw.unreadable.add(key)
        return []  # the envelope check has reported it
    valid = []
    for position, item in enumerate(items):
        located = _validate(raw, document, (key, position), model, item)
        if located is not None:
            valid.append(located)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            raw.broken_ids.add((key, item["id"]))
    return valid


def is_fact_file_name(name: str) -> bool:
    """A `*.yaml` or `*.yml` name that is not an editor's or the OS's artefact.

    Hidden names are skipped: Emacs lock files (`.#x.yaml`), macOS resource
    forks (`._x.yaml`), Vim swap files and the like all start with a dot;
    backups ending in `~` do not end in `.yaml`.
    """
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


def _load_facts(raw: RawCurriculum, facts_dir: Path) -> list[Located[m.Fact]]:
    if not facts_dir.is_dir():
        raw.problems.append(Problem(facts_dir, 1, "facts directory does not exist; put fact files in it"))
        return []
    try:
        paths = sorted(p for p in facts_dir.iterdir() if is_fact_file_name(p.name))
    except OSError as exc:
        raw.problems.append(Problem(facts_dir, 1, f"cannot read the facts directory: {exc.strerror or exc}"))
        raw.unreadable.add("facts")
        return []
    if not paths:
        raw.problems.append(Problem(facts_dir, 1, "no fact files (*.yaml) in the facts directory"))
    facts: list[Located[m.Fact]] = []
    for path in paths:
        document = _document(raw, path, None, required=True)
        if document is None:
            raw.unreadable.add("facts")
            continue
        envelope = _validate(raw, document, (), m.FactsFile, document.data)
        default_module = envelope.record.module if envelope else None
        for located in _records(raw, document, "facts", m.Fact):
            fact = located.record
            if fact.module is None:
                if default_module is None:
                    raw.problems.append(located.origin.problem(
                        "fact has no module: set 'module' on the fact or at the top of the file"))
                    continue
                fact = fact.model_copy(update={"module": default_module})
            facts.append(Located(fact, located.origin))
    return facts


def _load_seeds(raw: RawCurriculum) -> None:
    """Read the seed file of every source, reporting problems at its `file:` line."""
    for located in raw.sources:
        source = located.record
        if source.id in raw.seeds:
            continue
        path = (raw.root / source.file).resolve()
        problem_at = located.origin
        try:
            text = decode_text(read_regular_file(path))
        except MissingFile:
            raw.problems.append(problem_at.problem(f"seed file not found: {source.file}", "file"))
            continue
        except DirectoryNotFile:
            raw.problems.append(problem_at.problem(f"seed file is a directory: {source.file}", "file"))
            continue
        except UnreadableFile as exc:
            raw.problems.append(problem_at.problem(f"seed file {source.file}: {exc.message}", "file"))
            continue
        except UnreadableInput as exc:
            raw.problems.append(problem_at.problem(f"seed file {source.file} (line {exc.line}): {exc.message}", "file"))
            continue
        raw.seeds[source.id] = SeedText(text)
