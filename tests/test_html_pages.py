"""Every HTML page of a build, in Chromium: on a phone, in print, with its fonts, and printed to PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from browser import DESKTOP, PHONE, axe_violations, describe, page_overflow, smallest_text_px
from conftest import run
from nmi_learn.quizzes import SECTION_INSTRUCTIONS

PT = 96 / 72  # CSS pixels per point


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def pages(built: Path) -> list[Path]:
    found = sorted(built.rglob("*.html"))
    assert len(found) >= 45  # quizzes, keys, guides, overview, timeline, indexes, coverage
    return found


@pytest.fixture(scope="module")
def phone(browser):
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


def open_page(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.evaluate("async () => { await document.fonts.ready; }")


def test_no_page_scrolls_sideways_on_a_phone(pages, phone):
    wide = {}
    for path in pages:
        open_page(phone, path)
        if page_overflow(phone) > 0:
            wide[path.name] = page_overflow(phone)
    assert wide == {}


def test_every_page_is_set_in_libertinus_serif_from_files_beside_it(pages, phone, built):
    for path in pages:
        if "practice" in path.parts:
            continue  # one self-contained file each, to mail or carry alone: set in the reader's own fonts
        open_page(phone, path)
        loaded = phone.evaluate("""() => [...document.fonts]
            .filter(f => f.family.replace(/["']/g, '') === 'Libertinus Serif' && f.status === 'loaded')
            .map(f => f.weight + ' ' + f.style)""")
        assert "400 normal" in loaded, path
        body_font = phone.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert body_font.startswith('"Libertinus Serif"'), (path, body_font)
        fonts = path.parent / "fonts" if (path.parent / "fonts").is_dir() else path.parent.parent / "fonts"
        assert (fonts / "OFL.txt").read_text(encoding="utf-8").startswith("Copyright"), path


def test_screen_text_is_never_tiny(pages, phone):
    tiny = {}
    for path in pages:
        open_page(phone, path)
        if path.name == "timeline.html":
            continue  # the figure's labels scale with the drawing; its text is checked in the table
        if smallest_text_px(phone) < 12:
            tiny[path.name] = smallest_text_px(phone)
    assert tiny == {}


PRINT_TEXT = """() => {
    const dark = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number);
        const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b); };
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const element = node.parentElement;
        if (element.closest('svg')) continue;
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        found.push({text: node.textContent.trim().slice(0, 40), size: parseFloat(style.fontSize),
                    luminance: dark(style.color)});
    }
    return found;
}"""


def test_printed_text_is_large_enough_and_dark_enough_for_a_photocopy(pages, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.emulate_media(media="print")
    small, light = {}, {}
    try:
        for path in pages:
            open_page(page, path)
            for item in page.evaluate(PRINT_TEXT):
                if item["size"] < 8.5 * PT:
                    small.setdefault(path.name, item)
                if item["luminance"] > 0.05:  # about #3f3f3f: darker text survives a black-and-white copy
                    light.setdefault(path.name, item)
    finally:
        page.close()
    assert small == {}
    assert light == {}


def pdf_lines(pdf: bytes) -> list[list[str]]:
    """Each page's text lines, top to bottom."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]


def test_a_printed_quiz_keeps_headings_with_questions_and_numbers_every_page(built, browser):
    page = browser.new_page(viewport=DESKTOP)
    try:
        open_page(page, built / "quizzes" / "final-exam-A.html")
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    pages = pdf_lines(pdf)
    assert len(pages) >= 3
    instructions = set(SECTION_INSTRUCTIONS.values())
    for number, lines in enumerate(pages, start=1):
        footer = [line for line in lines if re.search(rf"Page {number} of {len(pages)}", line)]
        assert footer, (number, lines[-3:])
        assert any("Variant A" in line for line in lines), number
        body = [line for line in lines if not re.search(r"Page \d+ of \d+|Final exam · Variant A$", line)]
        last = body[-1]
        assert not re.match(r"Part [A-Z]: ", last), (number, last)
        assert last not in instructions, (number, last)


def test_a_printed_study_guide_keeps_source_numbers_on_their_words(built, phone):
    open_page(phone, built / "handouts" / "module-07-expansion.html")
    split = phone.evaluate("""() => [...document.querySelectorAll('.nowrap')]
        .filter(span => span.getClientRects().length > 1).map(span => span.textContent)""")
    count = phone.evaluate("() => document.querySelectorAll('.nowrap sup.refs').length")
    assert count > 10
    assert split == []


@pytest.mark.parametrize("name", ["index.html", "handouts/overview.html", "handouts/module-07-expansion.html",
                                  "quizzes/index.html", "quizzes/final-exam-A.html", "reports/coverage.html"])
def test_pages_pass_the_accessibility_audit(built, browser, name):
    page = browser.new_page(viewport=PHONE)
    try:
        open_page(page, built / name)
        violations = axe_violations(page)
    finally:
        page.close()
    assert violations == [], describe(violations)
