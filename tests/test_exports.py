"""Exports read back: Moodle XML by a real XML parser, GIFT by pygiftparser (from PyPI), TSV by csv."""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from pygiftparser import parser as gift_parser

from conftest import replace_in, run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.generators.exports import GIFT_KINDS, MOODLE_TYPES, category_path
from nmi_learn.questions import Kind, build_bank

# The grade fractions Moodle offers (question_bank::fraction_options_full), as percentages.
MOODLE_FRACTIONS = {"100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25",
                    "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"}
MOODLE_FRACTIONS |= {f"-{f}" for f in MOODLE_FRACTIONS if f != "0"}
SEED = 1


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("exports")
    result = run("build", "exports", "--out", str(out), "--seed", str(SEED))
    assert result.exit_code == 0, result.output
    curriculum = open_curriculum(shipped_curriculum_dir())
    return out / "exports", curriculum, build_bank(curriculum, SEED), result.output


def moodle_questions(path: Path) -> list[tuple[str, ET.Element]]:
    """(category, question) for every question, in file order."""
    category, found = None, []
    for element in ET.parse(path).getroot().findall("question"):
        if element.get("type") == "category":
            category = element.findtext("category/text")
        else:
            found.append((category, element))
    return found


def unescape_cloze(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def unescape_gift(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


PARSE_GIFT_JS = Path(__file__).parent / "js" / "parse-gift.js"


def gift_pegjs(path: Path) -> list[dict]:
    """Parse with gift-pegjs, a PEG grammar of GIFT (npm), run by node; see tests/js."""
    result = subprocess.run(["node", str(PARSE_GIFT_JS), str(path)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_moodle_xml_holds_the_bank_by_type_and_category(exported):
    directory, curriculum, bank, _ = exported
    found = moodle_questions(directory / "nato-mission-iraq.moodle.xml")
    assert Counter(q.get("type") for _, q in found) == Counter(MOODLE_TYPES[q.kind] for q in bank.questions)
    expected = Counter(category_path(curriculum, q.module_id) for q in bank.questions)
    assert Counter(category for category, _ in found) == expected
    assert "$course$/NATO Mission Iraq/01 Origins and launch" in expected
    ids = [q.findtext("idnumber") for _, q in found]
    assert sorted(ids) == sorted(q.id for q in bank.questions) and len(set(ids)) == len(ids)


def test_moodle_fractions_are_ones_moodle_accepts(exported):
    directory, *_ = exported
    for _, question in moodle_questions(directory / "nato-mission-iraq.moodle.xml"):
        fractions = [a.get("fraction") for a in question.findall("answer")]
        if question.get("type") == "ordering":  # the ordering type stores positions here, not grades
            assert fractions == [str(i) for i in range(1, len(fractions) + 1)]
        else:
            assert set(fractions) <= MOODLE_FRACTIONS, question.findtext("idnumber")
        if question.get("type") == "multichoice":
            assert fractions.count("100") == 1 and question.findtext("single") == "true"


def test_moodle_keeps_answers_sets_tags_and_citations(exported):
    directory, curriculum, bank, _ = exported
    by_id = {q.id: q for q in bank.questions}
    for _, element in moodle_questions(directory / "nato-mission-iraq.moodle.xml"):
        question = by_id[element.findtext("idnumber")]
        answers = [a.findtext("text") for a in element.findall("answer")]
        if question.kind is Kind.MULTIPLE_CHOICE:
            assert html.unescape(answers[0]) == question.answer and len(answers) == 4
        elif question.kind is Kind.ORDERING:
            assert [html.unescape(a) for a in answers] == list(question.sequence)
        elif question.kind is Kind.MATCHING:
            pairs = [(html.unescape(s.findtext("text")), s.findtext("answer/text")) for s in element.findall("subquestion")]
            assert pairs == list(question.pairs)
        elif question.kind is Kind.FILL_IN:
            text = html.unescape(element.findtext("questiontext/text"))
            subquestions = re.findall(r"\{1:SHORTANSWER:(.*?)\}(?!\})", text)
            assert len(subquestions) == len(question.blanks)
            for forms, written in zip(question.blank_forms, subquestions):
                accepted = [unescape_cloze(a[1:]) for a in re.split(r"(?<!\\)~", written)]
                assert accepted == list(forms) and all(a.startswith("=") for a in re.split(r"(?<!\\)~", written))
        tags = {t.text for t in element.findall("tags/tag/text")}
        assert f"kind-{question.kind.value}" in tags and any(t.startswith("source-") for t in tags)
        assert float(element.findtext("defaultgrade")) == question.points
        feedback = html.unescape(element.findtext("generalfeedback/text"))
        assert question.citations[0].quote in feedback and question.citations[0].publisher in feedback


def test_gift_is_read_back_by_pygiftparser(exported):
    directory, curriculum, bank, output = exported
    parsed = gift_parser.parseFile(open(directory / "nato-mission-iraq.gift", encoding="utf-8"))
    expressible = [q for q in bank.questions if q.kind in GIFT_KINDS]
    assert len(parsed) == len(expressible)
    by_title = {unescape_gift(item.title): item for item in parsed}
    left_out = sum(1 for q in bank.questions if q.kind in (Kind.FILL_IN, Kind.ORDERING))
    assert len(bank.questions) - len(expressible) == left_out
    assert "questions in GIFT; left out as GIFT cannot express them: " in output
    for question in expressible:
        item = by_title[question.id.replace(":", "-")]
        assert unescape_gift(item.text) == question.prompt
        # pygiftparser reads a category name only up to its first space.
        assert category_path(curriculum, question.module_id).startswith(item.cat)
        answers = item.answers
        if question.kind is Kind.TRUE_FALSE:
            assert answers.answer is question.truth
        elif question.kind is Kind.MULTIPLE_CHOICE:
            right = [unescape_gift(a.answer) for a in answers.answers if a.fraction == 100]
            assert right == [question.answer]
        elif question.kind is Kind.SHORT_ANSWER:
            assert {unescape_gift(a.answer) for a in answers.answers} == {question.answer, *question.accept}
        else:
            assert [(unescape_gift(a.question), unescape_gift(a.answer)) for a in answers.answers] == list(question.pairs)
        assert question.citations[0].publisher in unescape_gift(item.generalFeedback)


# Moodle 4's reading of `// [id:...] [tag:...]` comments (qformat_gift::extract_idnumber_and_tags_from_comment).
MOODLE_GIFT_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
MOODLE_GIFT_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")


def test_gift_carries_each_questions_idnumber_and_tags_as_moodle_reads_them(exported):
    directory, curriculum, bank, _ = exported
    moodle = {element.findtext("idnumber"): sorted(t.text for t in element.findall("tags/tag/text"))
              for _, element in moodle_questions(directory / "nato-mission-iraq.moodle.xml")}
    text = (directory / "nato-mission-iraq.gift").read_text(encoding="utf-8")
    blocks = [block for block in text.split("\n\n") if "::" in block and not block.startswith("$CATEGORY")]
    assert len(blocks) == sum(1 for q in bank.questions if q.kind in GIFT_KINDS)
    for block in blocks:
        comments = "\n".join(line for line in block.splitlines() if line.startswith("//"))
        idnumber = MOODLE_GIFT_ID.search(comments).group(1).replace("\\]", "]").strip()
        tags = sorted(m.replace("\\]", "]").strip() for m in MOODLE_GIFT_TAG.findall(comments))
        assert tags == moodle[idnumber], idnumber


def test_a_second_try_at_true_or_false_earns_nothing(exported):
    directory, *_ = exported
    for _, element in moodle_questions(directory / "nato-mission-iraq.moodle.xml"):
        expected = "1" if element.get("type") == "truefalse" else "0.3333333"
        assert element.findtext("penalty") == expected


def test_gift_is_read_back_by_a_grammar_based_parser(exported):
    directory, curriculum, bank, _ = exported
    items = gift_pegjs(directory / "nato-mission-iraq.gift")
    categories = [item["title"] for item in items if item["type"] == "Category"]
    assert categories == [category_path(curriculum, m.id) for m in curriculum.modules] + [
        category_path(curriculum, None)]
    questions = {item["title"]: item for item in items if item["type"] != "Category"}
    expressible = [q for q in bank.questions if q.kind in GIFT_KINDS]
    assert len(questions) == len(expressible)
    for question in expressible:
        item = questions[question.id.replace(":", "-")]
        assert item["stem"]["text"] == question.prompt
        assert item["type"] == {Kind.MULTIPLE_CHOICE: "MC", Kind.TRUE_FALSE: "TF", Kind.SHORT_ANSWER: "Short",
                                Kind.MATCHING: "Matching"}[question.kind]
        if question.kind is Kind.MULTIPLE_CHOICE:
            assert [c["text"]["text"] for c in item["choices"] if c["isCorrect"]] == [question.answer]
            assert sorted(c["text"]["text"] for c in item["choices"]) == sorted(question.options)
        elif question.kind is Kind.TRUE_FALSE:
            assert item["isTrue"] is question.truth
        elif question.kind is Kind.SHORT_ANSWER:
            assert {c["text"]["text"] for c in item["choices"]} == {question.answer, *question.accept}
        else:
            assert [(p["subquestion"]["text"], p["subanswer"]) for p in item["matchPairs"]] == list(question.pairs)
        assert " ".join(question.citations[0].quote.split()) in item["globalFeedback"]["text"]


SPECIALS = "Tilde ~ equals = hash # braces { } colon : backslash \\ and ]]> <b>tag</b> &amp;?"


def test_special_characters_round_trip(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "02-repairs.yaml", "prompt: Which organisation paid for the repairs of the Northpoint lighthouse?",
               'prompt: "' + SPECIALS.replace("\\", "\\\\") + '"')
    replace_in(tiny / "facts" / "02-repairs.yaml", "answer: The Coastal Trust", 'answer: "The {Coastal} = Trust: #1"')
    assert run("build", "exports", "--curriculum", "curriculum", "--out", str(tmp_path)).exit_code == 0
    items = gift_pegjs(tmp_path / "exports" / "northpoint-light.gift")
    item = next(q for q in items if q.get("title") == "mc-paid-by")
    assert html.unescape(item["stem"]["text"]) == SPECIALS  # question text is HTML in GIFT, as in Moodle XML
    assert "<b>" not in item["stem"]["text"]
    assert [c["text"]["text"] for c in item["choices"] if c["isCorrect"]] == ["The {Coastal} = Trust: #1"]
    loose = next(q for q in gift_parser.parseFile(open(tmp_path / "exports" / "northpoint-light.gift", encoding="utf-8"))
                 if unescape_gift(q.title) == "mc-paid-by")
    assert html.unescape(unescape_gift(loose.text)) == SPECIALS  # pygiftparser agrees on the question text
    moodle = dict((q.findtext("idnumber"), q) for _, q in moodle_questions(tmp_path / "exports" / "northpoint-light.moodle.xml"))
    text = moodle["mc:paid-by"].findtext("questiontext/text")
    assert "<b>" not in text and html.unescape(text) == f"<p>{SPECIALS}</p>"
    assert html.unescape(moodle["mc:paid-by"].find("answer/text").text) == "The {Coastal} = Trust: #1"
    tsv = (tmp_path / "exports" / "northpoint-light.tsv").read_text(encoding="utf-8")
    assert f"{SPECIALS}\tThe {{Coastal}} = Trust: #1\n" in tsv


def test_term_list_has_two_clean_fields_per_line(exported):
    directory, curriculum, *_ = exported
    with open(directory / "nato-mission-iraq.tsv", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == len(curriculum.facts) + len(curriculum.people) + len(curriculum.terms)
    assert all(len(row) == 2 and all(cell and cell == cell.strip() for cell in row) for row in rows)
    assert ["In which city was the NATO Summit held at which NATO Mission Iraq was launched?", "Brussels"] in rows
    raw = (directory / "nato-mission-iraq.tsv").read_bytes()
    assert b"\r" not in raw and raw.count(b"\n") == len(rows) and raw.count(b"\t") == len(rows)
