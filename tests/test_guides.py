"""Study guides, the trainer's overview and the build index, read back from the built files."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html

from conftest import replace_in, run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.generators.guides import lines_of
from nmi_learn.generators.links import Links
from nmi_learn.generators.overview import Course, overview_data
from nmi_learn.outputs import Artifact, OutputLayout
from nmi_learn.questions import build_bank
from nmi_learn.quizzes import module_quizzes
from test_quizzes import flat, pdf_text

# A plain measure, independent of the guide's own grouping: two lines state the same idea when
# most words of the shorter are in the longer (common words, the course's name and attributions aside).
COMMON = set("""a an and as at by for from in into is it its of on or that the their this to was were with which who
    according said says reported reports nato mission iraq iraqi 2018 2020 after before would will has had have be been
    nato's secretary general jens stoltenberg rudaw tsarizm kurdistan globaldata""".split())
SAME_IDEA = 0.65


def idea_words(text: str) -> set[str]:
    """Words of a line, cut to their first five letters so "expand" meets "expansion"."""
    words = {w.casefold() for w in re.findall(r"[\w’'-]+", text)}
    return {w[:5] for w in words if w not in COMMON and len(w) > 2}


def overlap(first: set[str], second: set[str]) -> float:
    return len(first & second) / min(len(first), len(second)) if first and second else 0.0


def same_idea_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs that share at least four words, most of the shorter line's."""
    words = [idea_words(line) for line in lines]
    return [(lines[i], lines[j]) for i in range(len(lines)) for j in range(i + 1, len(lines))
            if overlap(words[i], words[j]) >= SAME_IDEA and len(words[i] & words[j]) >= 4]


@pytest.fixture(scope="module")
def nmi():
    return open_curriculum(shipped_curriculum_dir())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def guide_lines_shown(path: Path) -> list[str]:
    """The fact lines of a rendered guide, without their source numbers and notes."""
    tree = lxml_html.fromstring(path.read_text(encoding="utf-8"))
    lines = []
    for item in tree.cssselect("ul.lines > li"):
        for extra in item.cssselect("sup, .aside"):
            extra.drop_tree()
        lines.append(" ".join(item.text_content().split()).rstrip("†"))
    return lines


def test_no_two_lines_of_a_guide_state_the_same_idea(nmi, built):
    for module in nmi.modules:
        lines = guide_lines_shown(built / "handouts" / f"{nmi.module_slug(module)}.html")
        assert len(lines) >= 3
        assert same_idea_pairs(lines) == [], module.id


def test_the_measure_finds_the_repetition_of_a_plain_list_of_facts(nmi):
    """The facts of module 7, listed one per line as guides used to, do repeat themselves."""
    statements = [fact.statement for fact in nmi.facts_in("expansion")]
    assert len(same_idea_pairs(statements)) >= 3


def test_every_fact_is_in_its_guide_and_every_line_carries_all_its_sources(nmi, built):
    for module in nmi.modules:
        lines = lines_of(nmi, module)
        assert sorted(f.id for line in lines for f in line.facts) == sorted(f.id for f in nmi.facts_in(module.id))
        text = flat(pdf_text(built / "handouts" / f"{nmi.module_slug(module)}.pdf"))
        for line in lines:
            assert flat(line.fact.statement) in text
            shown_sources = {c.source for c in line.fact.citations}
            assert {c.source for c in line.citations} >= shown_sources
        page = (built / "handouts" / f"{nmi.module_slug(module)}.html").read_text(encoding="utf-8")
        tree = lxml_html.fromstring(page)
        numbered = {li.text_content().split(",")[0].strip(): li.get("value") for li in tree.cssselect("ol.sources li")}
        by_text = {flat(line.fact.statement): line for line in lines}
        for item in tree.cssselect("ul.lines > li"):
            marks = item.cssselect("sup.refs")[0].text_content().split(",")
            for extra in item.cssselect("sup, .aside"):
                extra.drop_tree()
            line = by_text[flat(" ".join(item.text_content().split()).rstrip("†"))]
            publishers = {nmi.source(c.source).publisher for c in line.citations}
            assert sorted(marks) == sorted(numbered[p] for p in publishers), line.fact.id


def test_guide_opens_with_a_cited_narrative_and_shows_key_dates_in_order(nmi, built):
    module = nmi.module("expansion")
    page = lxml_html.fromstring((built / "handouts" / "module-07-expansion.html").read_text(encoding="utf-8"))
    lead = " ".join(page.cssselect("p.lead")[0].text_content().split())
    for passage in module.narrative:
        assert flat(passage.text.split()[0]) in lead
    assert len(page.cssselect("p.lead sup.refs")) == len(module.narrative)
    dates = [li.cssselect(".when")[0].text_content() for li in page.cssselect(".key-dates li")]
    expected = [fact.date.label() + ("†" if fact.derived_from else "") for fact in nmi.dated_facts("expansion")]
    assert dates == expected and len(dates) >= 5
    assert "worked out from the article's wording" in page.text_content()


def test_guide_ends_with_self_check_questions_and_their_answers(nmi, built):
    page = lxml_html.fromstring((built / "handouts" / "module-01-origins.html").read_text(encoding="utf-8"))
    questions = [li.text_content() for li in page.cssselect("ol.check li")]
    answers = [li.text_content() for li in page.cssselect(".answers li")]
    assert len(questions) == len(answers) >= 4
    prompts = {fact.prompt: fact.answer for fact in nmi.facts_in("origins")}
    assert all(prompts[q] == a for q, a in zip(questions, answers))
    text = pdf_text(built / "handouts" / "module-01-origins.pdf")
    assert "Check yourself" in text and "Answers" in text


def test_a_narrative_quote_not_in_its_seed_is_an_error_at_its_line(shipped: Path):
    replace_in(shipped / "modules.yaml", "quote: The mission was first led by Canada\n",
               "quote: The mission was first led by Norway\n")
    result = run("check", "--curriculum", "curriculum")
    assert result.exit_code == 1
    line = next(i for i, text in enumerate((shipped / "modules.yaml").read_text().splitlines(), 1) if "by Norway" in text)
    assert f"modules.yaml:{line}: quote not found in seed" in result.output
    assert "Traceback" not in result.output


def test_a_single_source_passage_must_name_its_source(shipped: Path):
    replace_in(shipped / "modules.yaml", "Tsarizm recalls that NATO has", "NATO has")
    result = run("check", "--curriculum", "curriculum")
    assert "modules.yaml" in result.output and "only Tsarizm supports this passage" in result.output


def test_overview_is_a_teaching_plan_with_readable_materials(nmi, built):
    text = flat(pdf_text(built / "handouts" / "overview.pdf"))
    assert "How to teach the course" in text
    for module in nmi.modules:
        assert flat(module.title) in text
        for objective in module.objectives:
            assert flat(objective) in text
        assert f"handouts/{nmi.module_slug(module)}.pdf" in text
    assert re.search(r"allow (\d+ hours? )?\d+ minutes", text)
    assert "0 matching" not in text and "seed 1" not in text
    page = lxml_html.fromstring((built / "handouts" / "overview.html").read_text(encoding="utf-8"))
    assert len(page.cssselect("section.module")) == len(nmi.modules)
    assert "not asked on the quiz" in page.text_content()


def test_overview_links_practice_pages_when_the_build_has_them(nmi, tmp_path: Path):
    bank = build_bank(nmi, 1)
    quizzes = module_quizzes(nmi, bank, 1)
    course = Course(nmi, bank, quizzes, "AB", "a4", 0)
    layout = OutputLayout.under(tmp_path)
    slug = nmi.module_slug(nmi.modules[0])
    without = overview_data(course, Links(layout, ()))
    practice = (Artifact("quizzes", f"practice/{slug}.html", b""), Artifact("quizzes", "practice/course.html", b""))
    with_practice = overview_data(course, Links(layout, practice))
    assert not any("Practice" in m["what"] for row in without["modules"] for m in row["materials"])
    first = [m for m in with_practice["modules"][0]["materials"] if m["what"].startswith("Practice")]
    assert first[0]["links"][0]["href"] == f"../quizzes/practice/{slug}.html"
    assert any(m["what"].startswith("Practice page for the whole course") for m in with_practice["course_materials"])


def links_of(page: Path) -> list[str]:
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return [a.get("href") for a in tree.cssselect("a[href]") if "://" not in a.get("href")]


def test_build_index_links_every_output_and_every_link_works(built):
    index = built / "index.html"
    linked = {(index.parent / unquote(href)).resolve() for href in links_of(index)}
    outputs = {p.resolve() for p in built.rglob("*") if p.is_file() and "fonts" not in p.parts and p != index
               and not p.name.startswith(".")}  # the record of outputs is the build's, not a reader's
    styles = {(page.parent / unquote(link.get("href"))).resolve() for page in linked if page.suffix == ".html"
              for link in lxml_html.fromstring(page.read_text(encoding="utf-8")).cssselect('link[rel="stylesheet"]')}
    assert outputs - linked - styles == set()  # a page's own stylesheet is reached through that page
    assert all(path.exists() for path in linked | styles)
    for page in [built / "handouts" / "overview.html", built / "quizzes" / "index.html"]:
        assert all((page.parent / unquote(href)).resolve().exists() for href in links_of(page)), page


def test_a_partial_build_leaves_the_index_alone(tmp_path: Path):
    assert run("build", "handouts", "--out", str(tmp_path)).exit_code == 0
    assert not (tmp_path / "index.html").exists()
    assert (tmp_path / "handouts" / "overview.html").exists()
