"""Practice pages in a real browser (Debian's Chromium through Playwright), opened from file://.

A learner's answers are typed, chosen and moved as a learner would; what each
question should accept is read from the data the page carries. Rounds with
chosen questions are set up by writing saved progress into the page's
localStorage, as a learner's earlier visit would have left it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import DESKTOP, PHONE, axe_violations, describe, page_overflow, smallest_text_px
from conftest import replace_in, run
from test_practice import HOSTILE, embedded

KINDS = ("multiple-choice", "true-false", "fill-in", "matching", "ordering", "short-answer")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped curriculum's practice pages."""
    out = tmp_path_factory.mktemp("practice-site")
    result = run("build", "quizzes", "--out", str(out), "--seed", "5")
    assert result.exit_code == 0, result.output
    return out / "quizzes" / "practice"


class Visit:
    """One page open in a fresh browser context, with every request and error recorded."""

    def __init__(self, browser, path: Path, viewport: dict = PHONE, scheme: str = "light", audit: bool = False):
        # axe is injected as a script, which the page's own policy would rightly refuse: audits bypass it.
        self.context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=audit)
        self.page = self.context.new_page()
        self.path = path
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        data = embedded(path)
        self.key = data["storage"]["key"]
        self.questions = {q["id"]: merged(data, q) for q in data["questions"]}

    def saved(self) -> dict | None:
        text = self.page.evaluate("key => localStorage.getItem(key)", self.key)
        return None if text is None else json.loads(text)

    def resume_round(self, ids: list[str], results: dict | None = None) -> None:
        """Progress as an earlier visit leaves it: a round of these questions, none answered yet."""
        state = {"results": results or {}, "round": {"ids": ids, "responses": {}}, "size": 10}
        self.page.evaluate("([key, state]) => localStorage.setItem(key, state)", [self.key, json.dumps(state)])
        self.page.reload()

    def current(self) -> dict:
        return self.questions[self.page.locator("#question").get_attribute("data-question-id")]

    def text(self, selector: str) -> str:
        return " ".join(self.page.locator(selector).inner_text().split())

    def close(self) -> None:
        self.context.close()


def merged(data: dict, question: dict) -> dict:
    """A question with its shared evidence and quotes filled in, as the page's script sees it."""
    evidence = data["evidence"][question["evidence"]]
    quotes = [{"quote": data["quotes"][i][1], **data["sources"][data["quotes"][i][0]]} for i in evidence["cites"]]
    return {**question, **evidence, "quotes": quotes, "kindTitle": data["kinds"][question["kind"]]["title"]}


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, **options) -> Visit:
        opened.append(Visit(browser, path, **options))
        return opened[-1]

    yield open_page
    for one in opened:
        one.close()


def messy(text: str) -> str:
    """An accepted answer as a hurried learner types it: other case, spacing, quotes, dashes, a full stop."""
    return "  " + text.upper().replace(" ", "  ").replace("'", "’").replace("–", " - ") + ". "


# ------------------------------------------------------------------ answering, as a learner does


def answer(visit: Visit, q: dict, right: bool) -> None:
    body = visit.page.locator("#question-body")
    kind = q["kind"]
    if kind == "multiple-choice":
        wrong = next(option for i, option in enumerate(q["options"]) if i != q["answer"])
        body.get_by_role("radio", name=q["options"][q["answer"]] if right else wrong, exact=True).check()
    elif kind == "true-false":
        body.get_by_role("radio", name="True" if q["truth"] == right else "False", exact=True).check()
    elif kind == "fill-in":
        for index, forms in enumerate(q["blanks"]):
            body.get_by_role("textbox").nth(index).fill(messy(forms[-1]) if right else "not this")
    elif kind == "matching":
        pairs = q["pairs"]
        for index, (left, _) in enumerate(pairs):
            wanted = pairs[index if right else (index + 1) % len(pairs)][1]
            select = body.get_by_label(left, exact=True)
            options = select.locator("option").all_text_contents()
            select.select_option(label=next(text for text in options if text.split(". ", 1)[-1] == wanted))
    elif kind == "ordering":
        order_by_keyboard(visit, q, right)
        return  # checked from the keyboard too
    elif kind == "short-answer":
        typed = messy(q["accept"][-1] if q["accept"] else q["answer"]) if right else "something else entirely"
        body.get_by_label("Your answer").fill(typed)
    visit.page.click("#check")
    if kind == "short-answer" and not right:
        assert "The model answer is" in visit.text("#self-mark")
        visit.page.click("#self-wrong")


def order_by_keyboard(visit: Visit, q: dict, right: bool) -> None:
    """Put the events in order (or in reverse) with Tab, Shift+Tab and Enter only, then check."""
    page = visit.page
    wanted = [event["text"] for event in q["events"]]
    if not right:
        wanted.reverse()
    for _ in range(len(wanted) ** 2):
        shown = page.locator("#question-body .ordering li > span:nth-child(2)").all_text_contents()
        if shown == wanted:
            break
        place = next(i for i, text in enumerate(shown) if text != wanted[i])
        label = f"Move up: {wanted[place]}"
        tab_to(page, f'#question-body button[aria-label="{label}"]')
        for _ in range(shown.index(wanted[place]) - place):
            page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.closest('li') !== null")  # focus stays on the item
        assert "now" in visit.text("#announcer")
    assert page.locator("#question-body .ordering li > span:nth-child(2)").all_text_contents() == wanted
    tab_to(page, "#check")
    page.keyboard.press("Enter")


def tab_to(page, selector: str) -> None:
    """Move the keyboard focus to an element with Tab or Shift+Tab, as a keyboard user would."""
    for _ in range(60):
        where = page.evaluate(
            """selector => {
                const target = document.querySelector(selector);
                if (document.activeElement === target) return 0;
                if (document.activeElement === document.body) return 1;
                const after = document.activeElement.compareDocumentPosition(target);
                return after & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
            }""", selector)
        if where == 0:
            style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert style != "none", "the focused control shows no focus outline"
            return
        page.keyboard.press("Tab" if where > 0 else "Shift+Tab")
    raise AssertionError(f"could not reach {selector} with the keyboard")


# ------------------------------------------------------------------ what the learner sees after answering


def check_feedback(visit: Visit, q: dict, right: bool) -> None:
    page = visit.page
    verdict = visit.text("#verdict")
    if right:
        assert verdict.startswith("Right."), verdict
    else:
        assert verdict.startswith(("Wrong.", "Partly right.") if q["kind"] == "ordering" else "Wrong."), verdict
    assert page.locator("#verdict .word svg").count() == 1  # an icon beside the word, not colour alone
    assert page.locator("#verdict").get_attribute("aria-live") == "polite"
    points = q["points"] if right else 0
    assert f"{points} of {q['points']} point" in verdict
    evidence = visit.text("#evidence")
    kind = q["kind"]
    if kind == "multiple-choice":
        assert f"Right answer: {q['options'][q['answer']]}" in verdict
        assert "Right answer" in visit.text("#question-body label.answer-right")
    elif kind == "true-false":
        assert f"The statement is: {'true' if q['truth'] else 'false'}" in verdict
    elif kind == "fill-in":
        assert " ".join(q["blanks"][0][0].split()) in verdict
    elif kind == "short-answer":
        assert f"Model answer: {q['answer']}" in verdict
    elif kind == "matching":
        for left, right_text in q["pairs"]:
            assert f"{left} – {right_text}" in evidence
    elif kind == "ordering":
        for event in q["events"]:
            assert f"{event['date']}: {event['text']}" in evidence
    for quote in q["quotes"] if kind in ("matching", "ordering") else q["quotes"][:1]:
        assert f"“{quote['quote']}”" in evidence
        assert f"{quote['publisher']}, “{quote['title']}”, {quote['date']}" in evidence
    others = sorted({quote["publisher"] for quote in q["quotes"][1:]} - {q["quotes"][0]["publisher"]})
    if kind not in ("matching", "ordering") and others:
        summary = visit.text("#evidence details summary")
        assert summary.startswith("Also reported by") and all(name in summary for name in others)
    for note in q["notes"]:
        assert note in evidence


def first_of_each_kind(visit: Visit, skip: int = 0) -> list[str]:
    ids = []
    for kind in KINDS:
        of_kind = [qid for qid, q in visit.questions.items() if q["kind"] == kind]
        ids.append(of_kind[min(skip, len(of_kind) - 1)])
    return ids


# ------------------------------------------------------------------ the tests


def test_every_page_works_offline_and_asks_for_nothing(site: Path, visit):
    for path in sorted(site.iterdir()):
        one = visit(path)
        page = one.page
        assert page.locator("#start").is_visible(), path.name  # the script ran under the page's own policy
        count = len(one.questions)
        assert f"You have not answered any of the {count} questions here yet." in one.text("#start-progress")
        page.click("#start-round")
        page.click("#reveal")
        assert one.text("#verdict").startswith("Wrong.")
        assert one.requests == [path.as_uri()], one.requests
        assert one.errors == [] and one.dialogs == [], (one.errors, one.dialogs)


def test_each_kind_answered_right_then_wrong_shows_verdict_answer_source_and_score(site: Path, visit):
    one = visit(site / "course.html")
    for right, ids in ((True, first_of_each_kind(one)), (False, first_of_each_kind(one, skip=1))):
        one.resume_round(ids)
        for number, qid in enumerate(ids, start=1):
            assert one.text("#question-title") == f"Question {number} of {len(ids)}: {one.questions[qid]['kindTitle']}"
            q = one.current()
            assert q["id"] == qid
            answer(one, q, right)
            check_feedback(one, q, right)
            one.page.click("#next")
        total = sum(one.questions[qid]["points"] for qid in ids)
        scored = (len(ids), total) if right else (0, 0)
        expected = f"Score: {scored[0]} of {len(ids)} questions right, {scored[1]} of {total} points."
        assert one.text("#end-score") == expected
        assert one.page.locator("#retry-missed").is_visible() is not right
        marks = one.page.locator("#review > li summary .mark").all_inner_texts()
        assert len(marks) == len(ids) and all(m.strip() == "Right" for m in marks) is right
    assert one.errors == [] and set(one.requests) == {(site / "course.html").as_uri()}  # reloads only


def test_ordering_by_keyboard_alone(site: Path, visit):
    one = visit(site / "module-01-origins.html")
    (ordering,) = [qid for qid, q in one.questions.items() if q["kind"] == "ordering"]
    one.resume_round([ordering])
    q = one.current()
    order_by_keyboard(one, q, right=True)
    assert one.text("#verdict").startswith("Right.")
    assert one.page.evaluate("() => document.activeElement.id") == "next"


def test_short_answers_are_self_marked_and_dont_know_shows_the_answer(site: Path, visit):
    one = visit(site / "module-01-origins.html")
    shorts = [qid for qid, q in one.questions.items() if q["kind"] == "short-answer"]
    one.resume_round(shorts[:3])
    one.page.get_by_label("Your answer").fill("In my own words")
    one.page.click("#check")
    assert one.page.locator("#verdict").inner_text() == ""  # no verdict until the learner judges
    assert one.page.evaluate("() => document.activeElement.id") == "self-mark-text"
    one.page.click("#self-right")
    assert one.text("#verdict").startswith("Right. You marked your answer right against the model answer: 2 of 2")
    assert "Your answer: In my own words" in one.text("#verdict")
    one.page.click("#next")
    one.page.click("#check")  # nothing typed yet
    assert "Type your answer first" in one.text("#question-hint")
    one.page.click("#reveal")
    q = one.current()
    assert one.text("#verdict").startswith("Wrong.") and f"Model answer: {q['answer']}" in one.text("#verdict")


def test_accepted_forms_ignore_case_spacing_quotes_dashes_and_a_full_stop(site: Path, visit):
    one = visit(site / "course.html")
    cases = {"short:requested-by-iraq": "IRAQ’S  government.", "short:ntm-i-years": "2004 - 2011"}
    assert "Iraq's government" in one.questions["short:requested-by-iraq"]["accept"]
    assert "2004–2011" in one.questions["short:ntm-i-years"]["accept"]
    fills = [qid for qid, q in one.questions.items() if q["kind"] == "fill-in" and len(q["blanks"][0]) > 1]
    one.resume_round([*cases, fills[0]])
    for qid, typed in cases.items():
        one.page.get_by_label("Your answer").fill(typed)
        one.page.click("#check")
        assert one.text("#verdict").startswith("Right."), qid  # marked at once, no self-marking needed
        one.page.click("#next")
    fill = one.current()
    one.page.locator("#question-body").get_by_role("textbox").first.fill(messy(fill["blanks"][0][1]))
    one.page.keyboard.press("Enter")
    assert one.text("#verdict").startswith("Right.")
    assert f"Also accepted: {'; '.join(fill['blanks'][0][1:])}" in one.text("#verdict")


def test_a_round_then_the_missed_ones_then_reload_and_clear(site: Path, visit):
    one = visit(site / "module-01-origins.html")
    page = one.page
    total = len(one.questions)
    page.get_by_role("radio", name="10", exact=True).check()
    page.click("#start-round")
    asked, missed = [], []
    for number in range(1, 11):
        assert one.text("#question-title").startswith(f"Question {number} of 10")
        q = one.current()
        right = number % 2 == 0
        answer(one, q, right)
        check_feedback(one, q, right)
        asked.append(q["id"])
        missed += [] if right else [q["id"]]
        page.click("#next")
    assert len(set(asked)) == 10
    facts = [fact for qid in asked for fact in one.questions[qid]["facts"]]
    assert len(facts) == len(set(facts))  # no fact asked twice in one round
    assert one.text("#end-score").startswith("Score: 5 of 10 questions right")

    page.click("#retry-missed")
    assert one.text("#round-score").startswith("Questions you missed")
    again = []
    for number in range(1, 6):
        if number == 3:
            page.reload()  # progress survives a reload, mid-round
            assert one.text("#round-score") == "Questions you missed · Answered 2 of 5 · 2 right"
        assert one.text("#question-title").startswith(f"Question {number} of 5")
        q = one.current()
        answer(one, q, True)
        again.append(q["id"])
        page.click("#next")
    assert sorted(again) == sorted(missed)
    assert one.text("#end-score").startswith("Score: 5 of 5 questions right")
    assert not page.locator("#retry-missed").is_visible()

    page.click("#to-start")
    progress = (f"You have answered 10 of the {total} questions here: "
                "10 right the last time you tried, 0 to practise again.")
    assert one.text("#start-progress") == progress
    page.click("#start-round")
    assert one.current()["id"] not in asked  # questions not yet answered come first
    page.click("#end-round")
    assert page.locator("#start").is_visible()
    page.reload()
    assert one.text("#start-progress") == progress

    page.click("#clear-open")
    assert page.locator("#clear-dialog").is_visible()
    page.click("#clear-cancel")
    assert one.text("#start-progress") == progress and one.saved() is not None
    page.click("#clear-open")
    page.click("#clear-confirm")
    assert not page.locator("#clear-dialog").is_visible()
    assert one.text("#clear-status") == "Your progress on this page is cleared."
    assert one.text("#start-progress") == f"You have not answered any of the {total} questions here yet."
    assert one.saved() is None
    page.reload()
    assert one.text("#start-progress") == f"You have not answered any of the {total} questions here yet."


def test_progress_from_other_questions_is_set_aside(site: Path, visit):
    one = visit(site / "module-02-mandate.html")
    prefix = one.key.rsplit(":", 1)[0] + ":"
    stale = json.dumps({"results": {"mc:gone": {"right": True, "points": 1, "tries": 1}}, "round": None})
    one.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [prefix + "0123456789abcdef", stale])
    one.page.reload()
    assert "your earlier progress was set aside" in one.text("#start-note")
    assert one.page.evaluate("prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix))", prefix) == []


@pytest.mark.parametrize("saved", [
    "not json at all",
    json.dumps([1, 2, 3]),
    json.dumps({"results": {"mc:launch-city": "yes"}, "round": {"ids": "all"}}),
    json.dumps({"round": {"ids": ["order:origins", "order:origins", "nope"],
                          "responses": {"order:origins": {"order": [0, 0, 0, 0]}}}}),
])
def test_damaged_saved_progress_is_ignored_not_trusted(site: Path, visit, saved: str):
    one = visit(site / "module-01-origins.html")
    one.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [one.key, saved])
    one.page.reload()
    if one.page.locator("#round").is_visible():  # a round of the one valid question, with its bad answer dropped
        assert one.text("#question-title") == "Question 1 of 1: Chronological order"
    else:
        assert "You have not answered any" in one.text("#start-progress")
    assert one.errors == []


def test_hostile_curriculum_text_is_shown_as_text(tiny: Path, tmp_path: Path, visit):
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L") + '"'
    replace_in(tiny / "facts" / "01-history.yaml", "prompt: In what year was the Northpoint lighthouse first lit?",
               f"prompt: {quoted}")
    assert run("build", "quizzes", "--curriculum", "curriculum", "--out", str(tmp_path)).exit_code == 0
    one = visit(tmp_path / "quizzes" / "practice" / "module-01-history.html")
    (hostile,) = [qid for qid, q in one.questions.items() if q.get("prompt") == HOSTILE and q["kind"] == "short-answer"]
    one.resume_round([hostile])
    assert one.page.locator("#question-body .prompt").text_content() == HOSTILE
    one.page.click("#reveal")
    assert one.dialogs == [] and one.errors == []
    assert one.page.evaluate("() => document.querySelectorAll('script').length") == 2


@pytest.mark.parametrize("viewport, scheme", [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")],
                         ids=["phone-light", "phone-dark", "desktop-light", "desktop-dark"])
def test_no_serious_accessibility_violation_in_any_state(site: Path, visit, viewport: dict, scheme: str):
    one = visit(site / "course.html", viewport=viewport, scheme=scheme, audit=True)
    page = one.page
    found: dict[str, list] = {}

    def audit(state: str) -> None:
        found[state] = axe_violations(page)
        if viewport is PHONE:
            assert page_overflow(page) == 0, state
        assert smallest_text_px(page) >= 12, state

    audit("start")
    ids = first_of_each_kind(one)
    one.resume_round(ids)
    for number in range(len(ids)):
        q = one.current()
        audit(f"question {q['kind']}")
        answer(one, q, right=number % 2 == 0)
        audit(f"feedback {q['kind']}")
        page.click("#next")
    for summary in page.locator("#review summary").all():
        summary.click()
    audit("end, every answer open")
    page.click("#to-start")
    page.click("#clear-open")
    audit("clear dialog")
    assert {state: v for state, v in found.items() if v} == {}, describe([v for vs in found.values() for v in vs])
