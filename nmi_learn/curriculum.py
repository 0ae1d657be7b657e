"""The validated curriculum: the typed, read-only input of every generator."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from .errors import CurriculumInvalid, Problem, errors_in, warnings_in

if TYPE_CHECKING:  # loading and validating import the schema (pydantic): only a command that reads a course does
    from . import model as m
    from .loader import RawCurriculum
    from .seeds import SeedText


@dataclass(frozen=True)
class Curriculum:
    """Every record of a curriculum that passed validation, in teaching order."""

    root: Path
    course: m.Course
    sources: tuple[m.Source, ...]
    modules: tuple[m.Module, ...]
    facts: tuple[m.Fact, ...]
    people: tuple[m.Person, ...]
    terms: tuple[m.Term, ...]
    actors: tuple[m.Actor, ...]
    eras: tuple[m.Era, ...]
    seeds: Mapping[str, SeedText]
    warnings: tuple[Problem, ...] = ()

    @cached_property
    def _by_id(self) -> dict[str, dict[str, object]]:
        kinds = {"source": self.sources, "module": self.modules, "fact": self.facts, "person": self.people,
                 "term": self.terms, "actor": self.actors, "era": self.eras}
        return {kind: {record.id: record for record in records} for kind, records in kinds.items()}

    def source(self, source_id: str) -> m.Source:
        return self._by_id["source"][source_id]

    def module(self, module_id: str) -> m.Module:
        return self._by_id["module"][module_id]

    def fact(self, fact_id: str) -> m.Fact:
        return self._by_id["fact"][fact_id]

    def person(self, person_id: str) -> m.Person:
        return self._by_id["person"][person_id]

    @cached_property
    def _facts_by_module(self) -> dict[str, tuple[m.Fact, ...]]:
        grouped: dict[str, list[m.Fact]] = {module.id: [] for module in self.modules}
        for fact in self.facts:
            grouped[fact.module].append(fact)
        return {module_id: tuple(facts) for module_id, facts in grouped.items()}

    def facts_in(self, module_id: str) -> tuple[m.Fact, ...]:
        return self._facts_by_module[module_id]

    @cached_property
    def _order_width(self) -> int:
        return max(2, len(str(max(module.order for module in self.modules))))

    def number(self, module: m.Module) -> str:
        """The module's order, zero-padded so that names sort right ("01", or "001" past 99 modules)."""
        return f"{module.order:0{self._order_width}d}"

    def module_slug(self, module: m.Module) -> str:
        """A file-name stem for the module: "module-01-origins"."""
        return f"module-{self.number(module)}-{module.id}"

    @cached_property
    def _homes(self) -> dict[tuple[str, str], str]:
        home: dict[tuple[str, str], str] = {}
        for fact in self.facts:
            for person_id in fact.people:
                home.setdefault(("person", person_id), fact.module)
            for term_id in fact.terms:
                home.setdefault(("term", term_id), fact.module)
        return home

    def home_module(self, kind: str, record_id: str) -> str:
        """The module of the first fact that mentions a person or term (else the first module)."""
        return self._homes.get((kind, record_id), self.modules[0].id)

    @cached_property
    def _dated(self) -> tuple[m.Fact, ...]:
        return tuple(sorted((f for f in self.facts if f.date is not None), key=lambda f: f.date.sort_key()))

    def dated_facts(self, module_id: str | None = None) -> list[m.Fact]:
        """Facts with a date (of one module, or all), in chronological order; ties keep teaching order."""
        return [f for f in self._dated if module_id is None or f.module == module_id]


def find_curriculum(given: Path | None, cwd: Path) -> tuple[Path, str]:
    """The curriculum a command uses, and why: the one given, the current folder's, or the shipped one.

    As MkDocs finds the `mkdocs.yml` it stands in, a folder with its own
    `curriculum/` (or a folder that is a curriculum) is used before the shipped course."""
    if given is not None:
        return given, "given with --curriculum"
    if (cwd / "curriculum").is_dir():
        return cwd / "curriculum", "found in the current folder"
    if (cwd / "course.yaml").is_file() and (cwd / "modules.yaml").is_file():
        return cwd, "the current folder"
    return shipped_curriculum_dir(), "the shipped NATO Mission Iraq course"


def shipped_curriculum_dir() -> Path:
    """The NMI curriculum: inside the installed package, or beside it in a checkout."""
    packaged = resources.files("nmi_learn") / "shipped" / "curriculum"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "curriculum"


def check_curriculum(root: Path, strict: bool = False) -> tuple[Curriculum | None, list[Problem]]:
    """Load and validate; the curriculum is None when there are errors.

    With `strict`, warnings count as errors.
    """
    from .loader import load_raw
    from .validate import validate

    raw = load_raw(root)
    problems = validate(raw)
    if strict:
        problems = [Problem(p.path, p.line, p.message, "error") for p in problems]
    if errors_in(problems):
        return None, problems
    return assemble(raw, warnings_in(problems)), problems


def open_curriculum(root: Path, strict: bool = False) -> Curriculum:
    """Load and validate, raising CurriculumInvalid with every problem on failure."""
    curriculum, problems = check_curriculum(root, strict)
    if curriculum is None:
        raise CurriculumInvalid(problems)
    return curriculum


def assemble(raw: RawCurriculum, warnings: list[Problem]) -> Curriculum:
    """Order the validated records for teaching: modules by order, facts as written."""
    modules = tuple(sorted((r.record for r in raw.modules), key=lambda module: module.order))
    module_rank = {module.id: rank for rank, module in enumerate(modules)}
    facts = tuple(sorted((r.record for r in raw.facts), key=lambda fact: module_rank[fact.module]))
    return Curriculum(
        root=raw.root,
        course=raw.course.record,
        sources=tuple(r.record for r in raw.sources),
        modules=modules,
        facts=facts,
        people=tuple(r.record for r in raw.people),
        terms=tuple(r.record for r in raw.terms),
        actors=tuple(r.record for r in raw.actors),
        eras=tuple(sorted((r.record for r in raw.eras), key=lambda era: era.start.sort_key())),
        seeds=MappingProxyType(dict(raw.seeds)),
        warnings=tuple(warnings),
    )
