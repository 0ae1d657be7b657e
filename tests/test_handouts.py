"""Timeline layout and handouts: geometry checked as numbers, PDFs read back with pypdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest

from conftest import run
from nmi_learn.curriculum import open_curriculum, shipped_curriculum_dir
from nmi_learn.generators.guides import lines_of
from nmi_learn.timeline import BREAK_WIDTH, Layout, build_axis, layout
from test_quizzes import flat, pdf_text

WIDTH = 740.0


@pytest.fixture(scope="module")
def nmi():
    return open_curriculum(shipped_curriculum_dir())


@pytest.fixture(scope="module")
def figure(nmi) -> Layout:
    return layout(nmi, WIDTH)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    result = run("build", "handouts", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "handouts"


def crossings(figure: Layout) -> list[tuple[int, int]]:
    """Pairs (event, label) where an event's leader runs through another label above it in its lane."""
    found = []
    for event in figure.events:
        for other in figure.events:
            if other is not event and other.lane == event.lane and other.label_box.y < event.label_box.y \
                    and other.label_box.x < event.leader_x < other.label_box.x + other.label_box.width:
                found.append((event.number, other.number))
    return found


def overlaps(figure: Layout) -> list[tuple[int, int]]:
    boxes = figure.label_boxes()
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j and a.overlaps(b)]


def test_timeline_holds_every_dated_fact_in_order(nmi, figure):
    dated = nmi.dated_facts()
    assert [e.fact_id for e in figure.events] == [f.id for f in dated]
    assert [e.number for e in figure.events] == list(range(1, len(dated) + 1))
    starts = [e.x_start for e in figure.events]
    assert starts == sorted(starts)


def test_approximate_and_derived_dates_are_marked(nmi, figure):
    by_id = {e.fact_id: e for e in figure.events}
    assert by_id["full-setup-expected"].approximate and by_id["full-setup-expected"].date_label == "early 2019"
    assert by_id["mcgurk-up-and-running"].approximate
    assert by_id["mcgurk-up-and-running"].date_label == "c. November 2018"
    assert not by_id["work-began"].approximate
    assert by_id["handover-when"].derived and by_id["handover-when"].label.endswith("†")
    assert not by_id["launch-dates"].derived


def test_month_and_year_dates_span_their_whole_period(figure):
    by_id = {e.fact_id: e for e in figure.events}
    year, day = by_id["qaysi-retirement"], by_id["work-began"]
    assert year.x_end - year.x_start > 30 * (day.x_end - day.x_start)


def test_labels_never_overlap_and_leaders_never_cross_labels(figure):
    assert overlaps(figure) == []
    assert crossings(figure) == []
    for event in figure.events:
        box = event.label_box
        assert figure.plot_left <= box.x and box.x + box.width <= WIDTH
        assert box.x - 1 <= event.leader_x <= box.x + box.width + 1  # the label starts or ends at its leader


def test_long_empty_stretches_are_compressed_and_marked(nmi, figure):
    assert [b.label for b in figure.breaks] == ["7 yr", "3 yr"]
    axis, breaks = build_axis(nmi.dated_facts(), nmi.eras, figure.plot_left, WIDTH - 4)
    assert all(b.x_end - b.x_start == BREAK_WIDTH for b in breaks)
    years = [axis.x(dt.date(year, 1, 1)) for year in range(2004, 2022)]
    assert years == sorted(years)
    assert axis.x(dt.date(2008, 1, 1)) - axis.x(dt.date(2005, 1, 1)) < axis.x(dt.date(2020, 1, 1)) - axis.x(dt.date(2019, 1, 1))


def test_eras_span_from_the_earlier_mission_to_nmi(figure):
    labels = [era.label for era in figure.eras]
    assert labels == ["NATO Training Mission – Iraq", "NATO training and capacity building", "NATO Mission Iraq"]
    assert figure.eras[-1].open_end


def test_crowded_events_still_get_clear_labels(tiny: Path):
    """Twelve events within a few weeks, in one lane: labels stack, nothing overlaps."""
    facts = tiny / "facts" / "03-crowded.yaml"
    entries = [f"""  - id: crowded-{i}
    statement: Event {i} of the crowd happened.
    prompt: When did crowded event {i} happen?
    answer: "{i} March 2021"
    answer_type: date
    label: Crowded event number {i} with a long label
    date: 2021-03-{i:02d}
    actor: trust
    citations:
      - source: gazette
        quote: relit on 14 March 2021
""" for i in range(1, 13)]
    facts.write_text("module: repairs\nfacts:\n" + "".join(entries), encoding="utf-8")
    figure = layout(open_curriculum(tiny), 500)
    assert len(figure.events) == 15  # three dated facts of the fixture and the twelve
    assert overlaps(figure) == []
    assert crossings(figure) == []


def test_timeline_pdf_holds_every_event(nmi, handouts):
    text = pdf_text(handouts / "timeline.pdf")
    reader = pypdf.PdfReader(handouts / "timeline.pdf")
    assert 1 <= len(reader.pages) <= 4
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert width > height  # landscape
    for fact in nmi.dated_facts():
        assert flat(fact.label) in text
        assert flat(fact.statement) in text
        assert flat(fact.date.label()) in text
    html = (handouts / "timeline.html").read_text(encoding="utf-8")
    assert "<svg" in html and html.count("<title>") >= len(nmi.dated_facts())


def test_timeline_honours_letter_paper(tiny: Path, tmp_path: Path):
    assert run("build", "handouts", "--curriculum", "curriculum", "--out", str(tmp_path), "--paper", "letter").exit_code == 0
    box = pypdf.PdfReader(tmp_path / "handouts" / "timeline.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_study_guide_per_module(nmi, handouts):
    for module in nmi.modules:
        stem = f"module-{module.order:02d}-{module.id}"
        text = pdf_text(handouts / f"{stem}.pdf")
        assert f"Module {module.order}: {flat(module.title)}" in text
        for objective in module.objectives:
            assert flat(objective) in text
        for line in lines_of(nmi, module):  # one line per idea (test_guides.py checks the grouping)
            assert flat(line.fact.statement) in text
        for fact in nmi.facts_in(module.id):
            for person_id in fact.people:
                assert flat(nmi.person(person_id).name) in text
        assert "Sources" in text
        assert (handouts / f"{stem}.html").exists()


def test_overview_counts_facts_and_questions(nmi, handouts):
    text = pdf_text(handouts / "overview.pdf")
    assert f"{len(nmi.facts)} facts to learn" in text and "Eight modules" in text
    for module in nmi.modules:
        assert flat(module.title) in text
        assert f"handouts/module-{module.order:02d}-{module.id}.pdf" in text
