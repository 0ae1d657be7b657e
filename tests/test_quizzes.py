"""Quizzes and keys: real PDFs read back with pypdf, real HTML, variants and seeds."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from conftest import replace_in, run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.errors import OutputError
from nmi_learn.questions import Kind, build_bank
from nmi_learn.quizzes import final_exam, make_variants, module_quizzes
from nmi_learn.render import TypstRenderer

SEED = 7


def pdf_text(path: Path) -> str:
    """All text of a PDF, whitespace collapsed (line breaks fall anywhere, also after a hyphen)."""
    reader = pypdf.PdfReader(path)
    return flat(" ".join(page.extract_text() for page in reader.pages))


def flat(text: str) -> str:
    return re.sub(r"([-–])\s+", r"\1", " ".join(text.split()))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The shipped curriculum's quizzes, built once through the CLI."""
    out = tmp_path_factory.mktemp("quizzes")
    result = run("build", "quizzes", "--out", str(out), "--seed", str(SEED))
    assert result.exit_code == 0, result.output
    curriculum = open_curriculum(shipped_curriculum_dir())
    bank = build_bank(curriculum, SEED)
    quizzes = module_quizzes(curriculum, bank, SEED) + [final_exam(curriculum, bank, SEED, 40)]
    return out / "quizzes", curriculum, quizzes, result.output


def test_every_quiz_and_key_exists_in_both_variants_and_formats(built):
    directory, curriculum, quizzes, output = built
    assert len(quizzes) == len(curriculum.modules) + 1
    for quiz in quizzes:
        for letter in "AB":
            for suffix in (".pdf", "-key.pdf", ".html", "-key.html"):
                path = directory / f"{quiz.id}-{letter}{suffix}"
                assert path.exists(), path
                assert str(path.relative_to(directory.parent)) in output  # the build says where it went


def test_pdf_holds_every_prompt(built):
    directory, _, quizzes, _ = built
    for quiz in quizzes:
        for variant in make_variants(quiz, 2, SEED):
            text = pdf_text(directory / f"{quiz.id}-{variant.letter}.pdf")
            for placed in variant.placed:
                assert flat(placed.question.prompt) in text, (quiz.id, placed.question.id)
                for option in placed.options:
                    assert flat(option) in text


def test_keys_give_the_banks_answers(built):
    directory, _, quizzes, _ = built
    for quiz in quizzes:
        for variant in make_variants(quiz, 2, SEED):
            text = pdf_text(directory / f"{quiz.id}-{variant.letter}-key.pdf")
            assert f"Total: {quiz.total_points} points" in text
            for placed in variant.placed:
                question = placed.question
                if question.kind is Kind.MULTIPLE_CHOICE:
                    letter = "ABCD"[placed.options.index(question.answer)]
                    expected = f"{placed.number}. {letter}: {flat(question.answer)}"
                elif question.kind is Kind.TRUE_FALSE:
                    expected = f"{placed.number}. {'True' if question.truth else 'False'}"
                elif question.kind is Kind.SHORT_ANSWER:
                    expected = f"{placed.number}. {flat(question.answer)}"
                elif question.kind is Kind.FILL_IN:
                    expected = f"{placed.number}. (1) {flat(question.blanks[0])}"
                elif question.kind is Kind.ORDERING:  # each letter with its rank, as students write it
                    expected = f"{placed.number}. " + " · ".join(
                        f"{'ABCDE'[i]} {question.sequence.index(event) + 1}" for i, event in enumerate(placed.options))
                else:  # items lettered a, b, c (questions have the numbers), options A, B, C
                    left, right = question.pairs[0]
                    expected = f"{'abcdef'[placed.left.index(left)]}. {flat(left)} – {'ABCDEFGH'[placed.options.index(right)]}."
                assert flat(expected) in text, (quiz.id, variant.letter, expected)
                assert flat(question.citations[0].quote) in text


def test_variants_differ_in_order_not_content(built):
    _, _, quizzes, _ = built
    for quiz in quizzes:
        a, b = make_variants(quiz, 2, SEED)
        assert Counter(p.question.id for p in a.placed) == Counter(p.question.id for p in b.placed)
        assert [p.question.id for p in a.placed] != [p.question.id for p in b.placed]
        for pa in a.placed:
            pb = next(p for p in b.placed if p.question.id == pa.question.id)
            assert sorted(pa.options) == sorted(pb.options)


def test_correct_positions_are_balanced(built):
    _, _, quizzes, _ = built
    for quiz in quizzes:
        for variant in make_variants(quiz, 3, SEED):
            positions = Counter(p.correct for p in variant.placed if p.question.kind is Kind.MULTIPLE_CHOICE)
            counts = [positions.get(i, 0) for i in range(4)]
            assert max(counts) - min(counts) <= 1, (quiz.id, variant.letter, counts)


def test_module_quiz_asks_every_fact_it_can_and_the_build_names_the_rest(built):
    _, curriculum, quizzes, output = built
    for quiz, module in zip(quizzes, curriculum.modules):
        asked = [fact_id for q in quiz.questions for fact_id in q.fact_ids if ":" not in fact_id]
        assert len(asked) == len(set(asked))  # one fact at most once per paper
        left_out = {fact_id for fact_id, _ in quiz.left_out}
        assert set(asked) | left_out == {fact.id for fact in curriculum.facts_in(module.id)}
        assert not set(asked) & left_out
        if left_out:
            assert f"{quiz.id}: {len(left_out)} fact" in output
        kinds = Counter(q.kind for q in quiz.questions)
        assert kinds[Kind.MULTIPLE_CHOICE] >= len(asked) // 3


def test_final_exam_mixes_all_kinds_across_modules(built):
    _, curriculum, quizzes, _ = built
    exam = quizzes[-1]
    assert len(exam.questions) == 40
    assert {q.kind for q in exam.questions} == set(Kind)
    assert {q.module_id for q in exam.questions} >= {module.id for module in curriculum.modules}


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tiny: Path, tmp_path: Path):
    for name, seed in (("one", "3"), ("two", "3"), ("three", "4")):
        assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path / name),
                   "--seed", seed).exit_code == 0
    files = sorted(str(p.relative_to(tmp_path / "one" / "quizzes")) for p in (tmp_path / "one" / "quizzes").rglob("*")
                   if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path / "two" / "quizzes")) for p in (tmp_path / "two" / "quizzes").rglob("*")
                           if p.is_file())
    for name in files:
        assert (tmp_path / "one" / "quizzes" / name).read_bytes() == (tmp_path / "two" / "quizzes" / name).read_bytes()
    assert (tmp_path / "one" / "quizzes" / "final-exam-A.pdf").read_bytes() != \
        (tmp_path / "three" / "quizzes" / "final-exam-A.pdf").read_bytes()


@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_size(tiny: Path, tmp_path: Path, paper: str, size: tuple[int, int]):
    assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path), "--paper", paper).exit_code == 0
    box = pypdf.PdfReader(tmp_path / "quizzes" / "final-exam-A.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_variants_option(tiny: Path, tmp_path: Path):
    assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path), "--variants", "3").exit_code == 0
    assert (tmp_path / "quizzes" / "module-01-history-C-key.pdf").exists()
    assert not (tmp_path / "quizzes" / "module-01-history-D.pdf").exists()


HOSTILE = 'Was the #lamp $lit$ @once *bold* _under_ <script>alert(1)</script> "quoted" \'single\' \\ [x] // ok?'


def test_markup_in_curriculum_text_appears_literally(tiny: Path, tmp_path: Path):
    replace_in(tiny / "facts" / "01-history.yaml", "prompt: How often did the Northpoint lamp have to be wound by hand?",
               "prompt: " + repr_yaml(HOSTILE))
    assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path)).exit_code == 0
    quizzes = tmp_path / "quizzes"
    pdfs = [pdf_text(quizzes / f"module-01-history-{v}{k}.pdf") for v in "AB" for k in ("", "-key")]
    assert any(HOSTILE in text for text in pdfs)
    assert all(HOSTILE in text for text in pdfs[1::2])  # every key repeats the prompt
    for page in quizzes.glob("module-01-history-*.html"):
        source = page.read_text(encoding="utf-8")
        assert "<script>" not in source
        if "lamp" in source:
            assert HOSTILE in html.unescape(source)


def repr_yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_typst_warnings_fail_the_build(tmp_path: Path):
    (tmp_path / "warns.typ").write_text('#set text(font: "No Such Font")\nHello', encoding="utf-8")
    with pytest.raises(OutputError, match="Typst warned: unknown font family: no such font"):
        TypstRenderer(0, templates=tmp_path).pdf("warns.typ", {})


def test_html_prints_cleanly(built):
    directory, *_ = built
    page = (directory / "final-exam-A.html").read_text(encoding="utf-8")
    assert "@media print" in page and "break-inside: avoid" in page
    assert re.search(r"<h1>Final exam</h1>", page)
