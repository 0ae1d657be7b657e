"""Practice pages as built: which questions each page holds, the embedded data, the index, size and safety.

The pages in a real browser are tested in test_practice_page.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from conftest import replace_in, run
from nmi_learn import practice
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.practice import fill_in_parts, practice_pages, script_json
from nmi_learn.questions import Kind, build_bank

SEED = 5


def embedded(path: Path) -> dict:
    """The JSON data a practice page carries, read back as the page's script reads it."""
    source = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="practice-data">(.*?)</script>', source, re.DOTALL)
    assert match, path
    return json.loads(match[1])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The shipped curriculum's quizzes and practice pages, built once through the CLI."""
    out = tmp_path_factory.mktemp("practice")
    result = run("build", "quizzes", "--out", str(out), "--seed", str(SEED))
    assert result.exit_code == 0, result.output
    curriculum = open_curriculum(shipped_curriculum_dir())
    return out / "quizzes", curriculum, build_bank(curriculum, SEED), result.output


def test_a_page_per_module_and_one_for_the_course(built):
    directory, curriculum, _, output = built
    expected = [f"{curriculum.module_slug(module)}.html" for module in curriculum.modules] + ["course.html"]
    assert sorted(p.name for p in (directory / "practice").iterdir()) == sorted(expected)
    for name in expected:
        assert f"quizzes/practice/{name}" in output  # the build says where each went


def test_a_module_page_holds_every_question_of_its_module(built):
    directory, curriculum, bank, _ = built
    for module in curriculum.modules:
        data = embedded(directory / "practice" / f"{curriculum.module_slug(module)}.html")
        assert [q["id"] for q in data["questions"]] == [q.id for q in bank.questions if q.module_id == module.id]


def test_the_course_page_holds_every_single_fact_question_and_the_cross_module_groups(built):
    directory, _, bank, _ = built
    data = embedded(directory / "practice" / "course.html")
    ids = [q["id"] for q in data["questions"]]
    groups = [q.id for q in bank.questions if q.kind in (Kind.MATCHING, Kind.ORDERING) and q.module_id is None]
    singles = [q.id for q in bank.questions if q.kind not in (Kind.MATCHING, Kind.ORDERING)]
    assert ids == singles + groups
    assert {q["kind"] for q in data["questions"]} == {kind.value for kind in Kind}
    assert all(data["modules"][q["module"]].startswith(("Module ", "Across modules")) for q in data["questions"])


def test_the_data_keeps_answers_citations_and_accepted_forms_from_the_bank(built):
    directory, curriculum, bank, _ = built
    data = embedded(directory / "practice" / "course.html")
    by_id = {q.id: q for q in bank.questions}
    for item in data["questions"]:
        question = by_id[item["id"]]
        evidence = data["evidence"][item["evidence"]]
        quotes = [data["quotes"][index] for index in evidence["cites"]]
        assert [quote for _, quote in quotes] == [cite.quote for cite in question.citations]
        assert [data["sources"][source]["publisher"] for source, _ in quotes] == \
            [cite.publisher for cite in question.citations]
        assert item["points"] == question.points
        if question.kind is Kind.MULTIPLE_CHOICE:
            assert item["options"][item["answer"]] == question.answer
        elif question.kind is Kind.FILL_IN:
            assert item["blanks"] == [list(forms) for forms in question.blank_forms]
            assert sum(isinstance(part, int) for part in item["parts"]) == len(question.blanks)
        elif question.kind is Kind.SHORT_ANSWER:
            assert (item["answer"], item["accept"]) == (question.answer, list(question.accept))
        elif question.kind is Kind.ORDERING:
            assert [e["text"] for e in item["events"]] == list(question.sequence)
            assert [e["date"] for e in item["events"]] == list(question.sequence_dates)
    sources = {s["publisher"]: s for s in data["sources"]}
    for source in curriculum.sources:  # each publication date comes with how it is known
        assert sources[source.publisher]["basis"] == source.published.basis


def test_notes_on_how_sources_differ_travel_with_the_question(built):
    directory, curriculum, _, _ = built
    data = embedded(directory / "practice" / "course.html")
    noted = next(f for f in curriculum.facts if f.note and "disagree" in f.note)
    item = next(q for q in data["questions"] if q["id"] == f"short:{noted.id}")
    assert data["evidence"][item["evidence"]]["notes"] == [noted.note]


def test_derived_dates_say_how_they_were_worked_out(built):
    directory, curriculum, bank, _ = built
    data = embedded(directory / "practice" / "course.html")
    checked = 0
    for question in (q for q in bank.questions if q.kind is Kind.ORDERING and q.module_id is None):
        item = next(q for q in data["questions"] if q["id"] == question.id)
        for event, fact_id in zip(item["events"], question.fact_ids, strict=True):
            assert event["derived"] == (curriculum.fact(fact_id).derived_from or "")
            checked += bool(event["derived"])
    assert checked  # the shipped course orders events whose dates are worked out from relative ones


def test_the_index_links_every_practice_page(built):
    directory, *_ = built
    index = (directory / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(practice/[^"]+)"', index)
    assert sorted(links) == sorted(f"practice/{p.name}" for p in (directory / "practice").iterdir())
    for page in (directory / "practice").iterdir():
        assert 'href="../index.html"' in page.read_text(encoding="utf-8")


def test_the_shipped_course_pages_together_stay_under_one_megabyte(built):
    directory, *_ = built
    sizes = {p.name: p.stat().st_size for p in (directory / "practice").iterdir()}
    assert sum(sizes.values()) < 1_000_000, sizes


def test_the_policy_allows_only_the_pages_own_script_and_style(built):
    directory, *_ = built
    source = (directory / "practice" / "course.html").read_text(encoding="utf-8")
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', source)[1])
    script = re.search(r"<script>(.*?)</script>", source, re.DOTALL)[1]
    style = re.search(r"<style>(.*?)</style>", source, re.DOTALL)[1]

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()

    assert f"script-src 'sha256-{digest(script)}'" in policy
    assert f"style-src 'sha256-{digest(style)}'" in policy
    assert "default-src 'none'" in policy and "unsafe" not in policy
    assert not re.search(r"(src|href)=\"(https?:)?//", source)  # nothing to fetch


def test_pages_follow_the_quiz_selection(tiny: Path, tmp_path: Path):
    for which, expected in (("modules", {"module-01-history.html", "module-02-repairs.html"}),
                            ("exam", {"course.html"})):
        out = tmp_path / which
        result = run("build", "quizzes", "--curriculum", "curriculum", "--out", str(out), "--quizzes", which)
        assert result.exit_code == 0, result.output
        assert {p.name for p in (out / "quizzes" / "practice").iterdir()} == expected


def test_changed_questions_change_the_storage_key_of_their_pages_only(tiny: Path, tmp_path: Path):
    def keys(out: Path) -> dict[str, str]:
        assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(out)).exit_code == 0
        return {p.name: embedded(p)["storage"]["key"] for p in (out / "quizzes" / "practice").iterdir()}

    before, again = keys(tmp_path / "one"), keys(tmp_path / "two")
    assert before == again
    replace_in(tiny / "facts" / "01-history.yaml", "answer: \"1873\"", "answer: \"1874\"")
    after = keys(tmp_path / "three")
    assert after["module-02-repairs.html"] == before["module-02-repairs.html"]
    assert after["module-01-history.html"] != before["module-01-history.html"]
    assert after["course.html"] != before["course.html"]
    assert after["course.html"].startswith("nmi-learn:northpoint-light:practice:course:")


HOSTILE = 'Lit </script><script>alert(1)</script> <!-- & </SCRIPT > \u2028 "q" \'s\' \\ {{x}}?'


def test_hostile_text_stays_inside_the_json(tiny: Path, tmp_path: Path):
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L") + '"'
    replace_in(tiny / "facts" / "01-history.yaml", "prompt: In what year was the Northpoint lighthouse first lit?",
               f"prompt: {quoted}")
    assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path)).exit_code == 0
    page = tmp_path / "quizzes" / "practice" / "module-01-history.html"
    source = page.read_text(encoding="utf-8")
    assert source.count("</script>") == 2 and source.lower().count("</script") == 2  # the data's and the code's
    assert "<!--" not in source and "alert(1)" in source
    assert any(q.get("prompt") == HOSTILE for q in embedded(page)["questions"])


def test_script_json_escapes_what_could_end_a_script_element():
    text = script_json({"a": "</script><!-- & \u2028 \u2029 >"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028 \u2029 >"}


@pytest.mark.parametrize("prompt, count, parts", [
    ("The mission is called (1) ________.", 1, ["The mission is called ", 0, "."]),
    ("(1) ________ met (2) ________ (city) in 2018", 2, [0, " met ", 1, " (city) in 2018"]),
    ("No numbered blank here", 1, ["No numbered blank here", 0]),  # never loses a blank
    ("Out of order (2) ________ then (1) ________", 2, ["Out of order (2) ________ then (1) ________", 0, 1]),
])
def test_fill_in_prompts_become_text_and_blanks(prompt: str, count: int, parts: list):
    assert fill_in_parts(prompt, count) == parts


def test_a_curriculum_with_one_module_still_gets_its_pages(tmp_path: Path):
    fixture = Path(__file__).resolve().parent / "fixtures" / "minimal" / "curriculum"
    curriculum = open_curriculum(fixture)
    pages = practice_pages(curriculum, build_bank(curriculum, 1), 1)
    assert [page.id for page in pages] == ["module-01-only", "course"]


def test_a_course_too_large_for_one_page_gets_a_broad_seeded_selection(monkeypatch, tmp_path: Path, built):
    _, curriculum, bank, _ = built
    monkeypatch.setattr(practice, "COURSE_PAGE_LIMIT", 30)
    groups = [q for q in bank.questions if q.kind in (Kind.MATCHING, Kind.ORDERING) and q.module_id is None]
    pick = {seed: practice_pages(curriculum, bank, seed, "exam")[0] for seed in (1, 2)}
    page = pick[1]
    assert len(page.questions) == 30 and page.available == len(embedded_ids(built)) > 30
    singles = [q for q in page.questions if q not in groups]
    assert len({q.fact_ids[0] for q in singles}) == len(singles)  # no fact asked twice while others wait
    assert [q.id for q in singles] == [q.id for q in bank.questions if q in singles]  # in the bank's order
    assert practice_pages(curriculum, bank, 1, "exam")[0] == page
    assert pick[2].questions != page.questions

    assert run("build", "quizzes", "--out", str(tmp_path), "--quizzes", "exam", "--seed", str(SEED)).exit_code == 0
    source = (tmp_path / "quizzes" / "practice" / "course.html").read_text(encoding="utf-8")
    assert f"A selection of the {page.available} questions on the course" in html.unescape(source)


def embedded_ids(built) -> list[str]:
    directory, *_ = built
    return [q["id"] for q in embedded(directory / "practice" / "course.html")["questions"]]
