"""The build's index page: one page at the top of the output folder that links every output.

Made last, from the build's own artifacts, and only by a build of every
target, so that a partial build never replaces it with a partial list.
Files are grouped as their users look for them: where to start, each
module's materials, the whole course, the learning platform, the sources.
Any file no group claims is still listed, under "Other files".
"""

from __future__ import annotations

from ..curriculum import Curriculum
from ..outputs import INDEX, Artifact
from ..render import render_html
from ..webfonts import FONT_FOLDER
from .links import Links

SHOWN = {"pdf": "PDF", "html": "web page", "apkg": "Anki deck", "xml": "Moodle XML", "gift": "GIFT", "tsv": "TSV"}


def generate(curriculum: Curriculum, links: Links, letters: str) -> Artifact:
    claimed: set[tuple[str, str]] = set()

    def entry(what: str, files: list[tuple[str, str, str]]) -> dict | None:
        """A line of the index: what it is, and its files as (kind, name, label) that exist in the build."""
        found = [(kind, name, label) for kind, name, label in files if links.find(kind, name)]
        claimed.update((kind, name) for kind, name, _ in found)
        if not found:
            return None
        return {"what": what, "links": [{"label": label, "href": links.href(INDEX, kind, name),
                                         "file": links.shown_path(kind, name)} for kind, name, label in found]}

    def both(kind: str, stem: str, prefix: str = "") -> list[tuple[str, str, str]]:
        return [(kind, f"{stem}.{ext}", f"{prefix}{SHOWN[ext]}") for ext in ("pdf", "html")]

    def group(title: str, entries: list[dict | None]) -> dict | None:
        kept = [e for e in entries if e is not None]
        return {"title": title, "entries": kept} if kept else None

    deck = f"{curriculum.course.id}.apkg"
    groups = [group("Start here", [
        entry("Trainer’s overview: the teaching plan, module by module", both("handouts", "overview")),
        entry("Quizzes and answer keys, listed", [("quizzes", "index.html", "web page")]),
    ])]
    for module in curriculum.modules:
        slug = curriculum.module_slug(module)
        groups.append(group(f"Module {module.order}: {module.title}", [
            entry("Study guide", both("handouts", slug)),
            entry("Quiz", [f for letter in letters for f in both("quizzes", f"{slug}-{letter}", f"{letter} ")]),
            entry("Answer keys", [f for letter in letters for f in both("quizzes", f"{slug}-{letter}-key", f"{letter} ")]),
            entry("Practice page", [("quizzes", f"practice/{slug}.html", "web page")]),
        ]))
    groups.append(group("The whole course", [
        entry("Anki deck, a subdeck per module", [("decks", deck, "Anki deck")]),
        entry("Timeline", both("handouts", "timeline")),
        entry("Final exam", [f for letter in letters for f in both("quizzes", f"final-exam-{letter}", f"{letter} ")]),
        entry("Final exam answer keys",
              [f for letter in letters for f in both("quizzes", f"final-exam-{letter}-key", f"{letter} ")]),
        entry("Practice page for the whole course", [("quizzes", "practice/course.html", "web page")]),
    ]))
    exports = sorted(a.name for a in links.artifacts if a.kind == "exports")
    groups.append(group("For a learning platform", [
        entry("Question bank and term list", [("exports", name, SHOWN.get(name.rsplit(".", 1)[-1], name))
                                              for name in exports]),
    ]))
    groups.append(group("For the curriculum's authors", [
        entry("Card preview: every Anki card, front and back, as Anki shows it", [("reports", "cards.html", "web page")]),
        entry("Source coverage: which sentences of each article are taught", [("reports", "coverage.html", "web page")]),
    ]))
    claimed.add(("reports", "card.css"))  # the card preview's style: part of that page, not a file to open
    others = [a for a in links.artifacts if (a.kind, a.name) not in claimed and a.kind != INDEX
              and not a.name.startswith(f"{FONT_FOLDER}/")]
    groups.append(group("Other files", [entry(a.description or a.name, [(a.kind, a.name, a.name.rsplit("/", 1)[-1])])
                                        for a in others]))
    view = {"course": curriculum.course.title, "groups": [g for g in groups if g is not None]}
    return Artifact(INDEX, "index.html", render_html("build-index.html.j2", v=view), "index of this build's outputs")
