"""The author's loop: a course started in one command, found where it stands, checked by schema as typed,
documented field by field, and outputs kept clean between builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, copy_curriculum, replace_in, run
from nmi_learn import model as m
from nmi_learn.schema import DOCUMENTED_MODELS, FILE_KINDS, guide_fields, schema_files
from nmi_learn.yamlsource import read_yaml


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a folder of their own."""
    return subprocess.run([sys.executable, "-c", "from nmi_learn.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})


# Discovery ---------------------------------------------------------------------------------------


def test_a_folder_with_its_own_curriculum_builds_that_one_and_says_so(tiny: Path, tmp_path: Path):
    result = cli("build", "decks", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Curriculum: curriculum (found in the current folder)" in result.stderr
    assert (tmp_path / "decks" / "northpoint-light.apkg").exists()
    assert not (tmp_path / "decks" / "nato-mission-iraq.apkg").exists()


def test_a_folder_without_one_uses_the_shipped_course_and_says_so(tmp_path: Path):
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(the shipped NATO Mission Iraq course)" in result.stderr


# init ---------------------------------------------------------------------------------------------


def test_init_starts_a_course_that_checks_strictly_and_builds(tmp_path: Path):
    started = cli("init", "my-course", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    course = tmp_path / "my-course"
    checked = cli("check", "--strict", cwd=course)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "curriculum: OK (2 modules, 8 facts, 0 warnings)" in checked.stdout
    built = cli("build", cwd=course)
    assert built.returncode == 0, built.stderr
    assert (course / "decks" / "eastfield-library.apkg").exists()
    assert (course / "build" / "handouts" / "timeline.pdf").exists()
    coverage = cli("coverage", "--strict", cwd=course)
    assert coverage.returncode == 0, coverage.stdout + coverage.stderr


def test_init_teaches_the_format_and_names_each_files_schema(tmp_path: Path):
    assert run("init", str(tmp_path / "c")).exit_code == 0
    curriculum = tmp_path / "c" / "curriculum"
    for path in [*curriculum.glob("*.yaml"), *(curriculum / "facts").glob("*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), (path, schema)
    facts = (curriculum / "facts" / "02-reopening.yaml").read_text(encoding="utf-8")
    assert facts.count("\n    #") >= 2  # comments that explain the fields


def test_init_never_overwrites_a_course(tiny: Path, tmp_path: Path):
    before = (tiny / "course.yaml").read_bytes()
    result = run("init", str(tmp_path))
    assert result.exit_code == 1 and "already holds a curriculum/" in result.output
    assert (tiny / "course.yaml").read_bytes() == before


# Schema ---------------------------------------------------------------------------------------------


def validator_for(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_files()[f"{name}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def shipped_files() -> list[tuple[str, Path]]:
    root = REPO / "curriculum"
    return [("course", root / "course.yaml"), ("sources", root / "sources.yaml"), ("modules", root / "modules.yaml"),
            ("people", root / "people.yaml"), ("glossary", root / "glossary.yaml"),
            ("timeline", root / "timeline.yaml"), *(("facts", p) for p in sorted((root / "facts").glob("*.yaml")))]


@pytest.mark.parametrize("name, path", shipped_files(), ids=lambda value: getattr(value, "name", value))
def test_the_shipped_curriculum_passes_its_schemas(name: str, path: Path):
    document, problems = read_yaml(path)
    assert not problems
    errors = sorted(validator_for(name).iter_errors(document.data), key=str)
    assert errors == []


def test_a_schema_refuses_an_unknown_key_and_a_malformed_date():
    document, _ = read_yaml(REPO / "curriculum" / "facts" / "01-origins.yaml")
    data = json.loads(json.dumps(document.data))
    data["facts"][0]["anwser"] = "Brussels"
    assert any("anwser" in error.message for error in validator_for("facts").iter_errors(data))
    data = json.loads(json.dumps(document.data))
    data["facts"][1]["date"] = "31/10/2018"
    assert list(validator_for("facts").iter_errors(data))


def test_schemas_describe_every_field_from_the_guide():
    facts = json.loads(schema_files()["facts.schema.json"])
    fact = facts["$defs"]["Fact"]["properties"]
    assert "verbatim" not in fact["statement"]["description"] and fact["cloze"]["description"].startswith("the statement")
    assert {kind.name for kind in FILE_KINDS} == {"course", "sources", "modules", "facts", "people", "glossary",
                                                  "timeline"}


def test_schema_command_writes_every_schema(tmp_path: Path):
    result = run("schema", str(tmp_path / "schemas"))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(schema_files())


# The guide ------------------------------------------------------------------------------------------


def test_the_guide_documents_every_field_of_every_model():
    tables = guide_fields()
    missing = {model.__name__: sorted(set(model.model_fields) - set(tables.get(model.__name__, {})))
               for model in DOCUMENTED_MODELS}
    assert {name: fields for name, fields in missing.items() if fields} == {}
    # and documents nothing that is not a field (a renamed field leaves no stale row behind)
    stale = {name: sorted(set(tables[name]) - set(model.model_fields)) for model in DOCUMENTED_MODELS
             for name in [model.__name__] if name in tables}
    assert {name: fields for name, fields in stale.items() if fields} == {}


def test_every_model_of_a_file_is_documented():
    reachable = set()
    for kind in FILE_KINDS:
        reachable |= set(kind.model.model_json_schema().get("$defs", {})) | {kind.model.__name__}
    documented = {model.__name__ for model in DOCUMENTED_MODELS}
    enums = {"AnswerType", "ExclusionReason"}
    assert reachable - documented - enums - {kind.model.__name__ for kind in FILE_KINDS[1:]} == set()


def test_the_guide_is_reachable_from_help_and_readme():
    assert "nmi-learn guide" in run("--help").output
    printed = run("guide").output
    assert "| `derived_from` |" in printed
    assert "docs/curriculum-format.md" in (REPO / "README.md").read_text(encoding="utf-8")


# Clean outputs -------------------------------------------------------------------------------------


def test_renaming_a_module_removes_its_old_outputs_and_nothing_else(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    (out / "quizzes" / "my-notes.txt").write_text("the trainer's own file", encoding="utf-8")
    old = sorted(p.name for p in (out / "quizzes").glob("module-02-repairs*"))
    assert old
    replace_in(tiny / "modules.yaml", "id: repairs", "id: restoration")
    replace_in(tiny / "facts" / "02-repairs.yaml", "module: repairs", "module: restoration")
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not list((out / "quizzes").glob("module-02-repairs*"))
    assert list((out / "quizzes").glob("module-02-restoration*"))
    assert (out / "quizzes" / "my-notes.txt").read_text(encoding="utf-8") == "the trainer's own file"
    assert "outdated outputs that this build no longer makes" in result.output


def test_a_stale_output_the_user_changed_is_left_and_named(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    key = out / "quizzes" / "module-02-repairs-A-key.html"
    key.write_text(key.read_text(encoding="utf-8") + "<!-- my marking notes -->", encoding="utf-8")
    replace_in(tiny / "modules.yaml", "id: repairs", "id: restoration")
    replace_in(tiny / "facts" / "02-repairs.yaml", "module: repairs", "module: restoration")
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0
    assert key.exists() and "left in place" in result.output and key.name in result.output


def test_a_partial_build_removes_nothing_of_other_targets(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert run("build", "decks", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    assert run("build", "quizzes", "--quizzes", "modules", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == before


def test_a_damaged_record_of_outputs_is_ignored_with_a_warning(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("build", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
    (out / ".nmi-learn-manifest.json").write_text("{not json", encoding="utf-8")
    result = run("build", "--curriculum", "curriculum", "--out", str(out))
    assert result.exit_code == 0 and "record of earlier outputs is unreadable" in result.output
    assert json.loads((out / ".nmi-learn-manifest.json").read_text(encoding="utf-8"))["format"] == 1


# Wording -------------------------------------------------------------------------------------------


def test_counts_are_in_words_with_the_right_plural(tiny: Path):
    text = (tiny / "modules.yaml").read_text(encoding="utf-8")
    (tiny / "modules.yaml").write_text(text[: text.index("  - id: repairs")], encoding="utf-8")
    for path in (tiny / "facts").glob("02-*.yaml"):
        path.unlink()
    result = run("check", "--curriculum", "curriculum")
    assert "OK (1 module, 4 facts, 0 warnings)" in result.output
