"""The trainer's overview: a plan for teaching the course, with every material of the build.

Per module: its objectives, the time to allow, and the materials with
readable names (study guide, quiz versions and keys, practice page, Anki
subdeck), linked where the build made them; then the order of teaching, and
counts in the words a trainer uses. It is made after all other outputs, from
the build's own files, so it links only what exists.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..curriculum import Curriculum
from ..flashcards import CLOZE, PAIR, notes_for
from ..cloze import DELETION
from ..outputs import Artifact
from ..questions import Bank, Kind
from ..quizzes import Quiz
from ..render import TypstRenderer, pdf_artifact, render_html
from .anki import deck_file_name
from .guides import lines_of
from .links import Links

PAPERS = {"a4": "a4", "letter": "us-letter"}
KIND = "handouts"  # the overview sits with the handouts
READING_WORDS_PER_MINUTE = 150
SECONDS_PER_NEW_CARD = 15
MINUTES_PER_OBJECTIVE = 5
_NUMBER_WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


@dataclass(frozen=True)
class Course:
    """What the overview needs of a build, besides the files."""

    curriculum: Curriculum
    bank: Bank
    module_quizzes: list[Quiz]
    letters: str  # quiz versions: "AB"
    paper: str
    document_time: int


def generate(course: Course, links: Links, typst: TypstRenderer) -> list[Artifact]:
    view = {**_base_view(course), **overview_data(course, links)}
    pdf = typst.pdf("overview.typ", view)
    html = render_html("overview.html.j2", v=view)
    return [*pdf_artifact(KIND, "overview.pdf", pdf, "trainer's overview"),
            Artifact(KIND, "overview.html", html, "trainer's overview")]


def _years(curriculum: Curriculum) -> str:
    """The years the articles were published: "2018–2020", or "2024" when they share one."""
    first = min(s.published.date.start.year for s in curriculum.sources)
    last = max(s.published.date.end.year for s in curriculum.sources)
    return str(first) if first == last else f"{first}–{last}"


def _base_view(course: Course) -> dict:
    when = dt.datetime.fromtimestamp(course.document_time, dt.timezone.utc)
    return {"course": course.curriculum.course.title, "subtitle": course.curriculum.course.subtitle or "",
            "paper": PAPERS[course.paper], "date": {"year": when.year, "month": when.month, "day": when.day}}


def in_words(count: int, noun: str, plural: str | None = None) -> str:
    """"one quiz", "two versions", "113 facts": small numbers in words, as a trainer says them."""
    number = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    return f"{number} {noun if count == 1 else (plural or noun + 's')}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    return f"{hours} hour{'s' if hours > 1 else ''}" + (f" {rest} minutes" if rest else "")


def overview_data(course: Course, links: Links) -> dict:
    curriculum = course.curriculum
    quizzes = {quiz.id: quiz for quiz in course.module_quizzes}
    cards = _cards_by_module(curriculum)
    deck = deck_file_name(curriculum)
    has_deck = links.find("decks", deck) is not None
    modules = []
    for module in curriculum.modules:
        slug = curriculum.module_slug(module)
        quiz = quizzes.get(slug)
        lines = lines_of(curriculum, module)
        words = sum(len(p.text.split()) for p in module.narrative) + sum(len(l.fact.statement.split()) for l in lines)
        parts = {"reading the guide": math.ceil(words / READING_WORDS_PER_MINUTE),
                 "first pass through the cards": math.ceil(cards[module.id] * SECONDS_PER_NEW_CARD / 60),
                 "the quiz": max(5, quiz.total_points) if quiz else 0,
                 "working through the objectives": MINUTES_PER_OBJECTIVE * len(module.objectives)}
        minutes = module.minutes or 5 * math.ceil(sum(parts.values()) / 5)
        materials = _module_materials(links, slug, course.letters)
        if has_deck:
            materials.append({"what": f"Anki cards: subdeck “{curriculum.number(module)} {module.title}”, "
                                      f"{in_words(cards[module.id], 'card')}",
                              "links": [_link(links, "decks", deck, "deck")]})
        modules.append({
            "order": module.order,
            "title": module.title,
            "summary": module.summary or "",
            "objectives": list(module.objectives),
            "minutes": minutes,
            "time": duration(minutes),
            "time_basis": "" if module.minutes else ", ".join(f"{name} {value}" for name, value in parts.items() if value),
            "materials": materials,
            "quiz": _quiz_summary(quiz) if quiz and materials else "",
            "left_out": _left_out(quiz) if quiz else "",
        })
    total = sum(row["minutes"] for row in modules)
    letters = list(course.letters)
    return {
        "title": "Trainer's overview",
        "description": curriculum.course.description,
        "at_a_glance": [
            f"{in_words(len(curriculum.modules), 'module').capitalize()}, taught in about {duration(total)}, "
            f"from {in_words(len(curriculum.sources), 'news article')} of {_years(curriculum)}.",
            f"{len(curriculum.facts)} facts to learn, {in_words(len(curriculum.people), 'person', 'people')} "
            f"and {in_words(len(curriculum.terms), 'glossary term')}; every fact quotes the article it comes from.",
            f"Each quiz comes in {in_words(len(letters), 'version')} ({_and(letters)}) with the same questions in a "
            f"different order, so neighbours cannot copy; each version has its own answer key.",
        ],
        "plan": _plan(curriculum, links, has_deck, deck),
        "modules": modules,
        "course_materials": _course_materials(links, course.letters),
        "sources": [{"publisher": s.publisher, "title": s.title, "date": s.published.shown()}
                    for s in curriculum.sources],
        "bank": len(course.bank.questions),
    }


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _link(links: Links, kind: str, name: str, label: str) -> dict:
    return {"label": label, "href": links.href(KIND, kind, name), "file": links.shown_path(kind, name),
            "printed": not name.endswith(".html")}


def _pdf_and_page(links: Links, kind: str, stem: str, label: str = "") -> list[dict]:
    found = []
    for extension, shown in (("pdf", "PDF"), ("html", "web page")):
        if links.find(kind, f"{stem}.{extension}"):
            found.append(_link(links, kind, f"{stem}.{extension}", f"{label} {shown}".strip()))
    return found


def _module_materials(links: Links, slug: str, letters: str) -> list[dict]:
    materials = []
    guide = _pdf_and_page(links, "handouts", slug)
    if guide:
        materials.append({"what": "Study guide", "links": guide})
    quiz = [link for letter in letters for link in _pdf_and_page(links, "quizzes", f"{slug}-{letter}", letter)]
    if quiz:
        materials.append({"what": f"Quiz, versions {_and(list(letters))}", "links": quiz})
    keys = [link for letter in letters for link in _pdf_and_page(links, "quizzes", f"{slug}-{letter}-key", letter)]
    if keys:
        materials.append({"what": "Answer keys (trainer only)", "links": keys})
    if links.find("quizzes", f"practice/{slug}.html"):
        materials.append({"what": "Practice page, for learners between lessons",
                          "links": [_link(links, "quizzes", f"practice/{slug}.html", "web page")]})
    return materials


def _course_materials(links: Links, letters: str) -> list[dict]:
    materials = []
    exam = [link for letter in letters for link in _pdf_and_page(links, "quizzes", f"final-exam-{letter}", letter)]
    if exam:
        keys = [link for letter in letters
                for link in _pdf_and_page(links, "quizzes", f"final-exam-{letter}-key", f"{letter} key")]
        materials.append({"what": "Final exam, questions from every module", "links": exam + keys})
    if links.find("quizzes", "practice/course.html"):
        materials.append({"what": "Practice page for the whole course",
                          "links": [_link(links, "quizzes", "practice/course.html", "web page")]})
    timeline = _pdf_and_page(links, "handouts", "timeline")
    if timeline:
        materials.append({"what": "Timeline, to print and pin on a wall", "links": timeline})
    if links.find("quizzes", "index.html"):
        materials.append({"what": "All quizzes and keys in one list",
                          "links": [_link(links, "quizzes", "index.html", "web page")]})
    exports = [a for a in links.artifacts if a.kind == "exports"]
    if exports:
        materials.append({"what": "The question bank for a learning platform (Moodle XML, GIFT) and a term list",
                          "links": [_link(links, "exports", a.name, a.name.rsplit(".", 1)[-1].upper())
                                    for a in exports]})
    return materials


def _plan(curriculum: Curriculum, links: Links, has_deck: bool, deck: str) -> list[str]:
    steps = []
    before = []
    if has_deck:
        before.append(f"have learners import the Anki deck ({links.shown_path('decks', deck)}) on their phones "
                      "or computers")
    if links.find("handouts", "timeline.pdf"):
        before.append("print the timeline and pin it where the class can see it")
    if before:
        steps.append("Before the first lesson: " + " and ".join(before) + ".")
    steps.append(f"Teach the modules in order, 1 to {len(curriculum.modules)}. For each: hand out the study guide, "
                 "work through its objectives, and let learners review the module's cards between lessons.")
    steps.append("Close each module with its quiz: give version A to one half of the room and version B to the "
                 "other, then mark each paper from the key of its version.")
    steps.append("End the course with the final exam, marked the same way.")
    return steps


def _cards_by_module(curriculum: Curriculum) -> dict[str, int]:
    counts = {module.id: 0 for module in curriculum.modules}
    for spec in notes_for(curriculum):
        if spec.note_type == PAIR:
            counts[spec.module_id] += 2
        elif spec.note_type == CLOZE:
            counts[spec.module_id] += len({match["number"] for match in DELETION.finditer(spec.fields["Text"])})
        else:
            counts[spec.module_id] += 1
    return counts


KIND_PHRASES = {Kind.MULTIPLE_CHOICE: "multiple-choice", Kind.TRUE_FALSE: "true-or-false",
                Kind.FILL_IN: "fill-in-the-blank", Kind.MATCHING: "matching", Kind.ORDERING: "put-in-order",
                Kind.SHORT_ANSWER: "short-answer"}


def _quiz_summary(quiz: Quiz) -> str:
    kinds = [(kind, sum(1 for q in quiz.questions if q.kind is kind)) for kind in Kind]
    mix = _and([f"{count} {KIND_PHRASES[kind]}" for kind, count in kinds if count])
    return (f"The quiz asks {in_words(len(quiz.questions), 'question')} for "
            f"{in_words(quiz.total_points, 'point')}: {mix}.")


def _left_out(quiz: Quiz) -> str:
    if not quiz.left_out:
        return ""
    return (f"{in_words(len(quiz.left_out), 'fact').capitalize()} of this module "
            f"{'is' if len(quiz.left_out) == 1 else 'are'} not asked on the quiz, because any question on "
            f"{'it' if len(quiz.left_out) == 1 else 'them'} would give away another answer on the same paper; "
            "the guide and the cards teach them all.")
