"""Practice pages: one self-contained HTML file per module and one for the whole course.

Each page carries its questions as JSON in a `<script type="application/json">`
element and its script and style inline, so it works from a USB stick or a
mail attachment with no server and no network. A Content-Security-Policy
with the hashes of that script and style forbids every other script, style
and request. The bytes depend only on the curriculum and the seed; the order
a learner meets questions and options is shuffled in the browser.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

from ..curriculum import Curriculum
from ..outputs import Artifact
from ..practice import PracticePage, page_data, script_json
from ..render import TEMPLATES, render_html

DIRECTORY = "practice"  # inside the quizzes directory
SCRIPTS = ("practice-marking.js", "practice-widgets.js", "practice.js")  # in this order, as one script
STYLE = "practice.css"


def generate(curriculum: Curriculum, pages: list[PracticePage]) -> list[Artifact]:
    """The HTML file of every practice page."""
    script = "\n".join(_asset(name) for name in SCRIPTS)
    style = _asset(STYLE)
    policy = content_security_policy(script, style)
    siblings = [{"file": f"{page.id}.html", "label": page.label} for page in pages]
    artifacts = []
    for page in pages:
        html = render_html("practice.html.j2", page=page, course=curriculum.course,
                           data=Markup(script_json(page_data(curriculum, page))), script=Markup(script),
                           style=Markup(style), policy=policy, siblings=siblings,
                           question_count=len(page.questions))
        artifacts.append(Artifact("quizzes", f"{DIRECTORY}/{page.id}.html", html,
                                  f"practice page: {page.label}"))
    return artifacts


def index_entries(pages: list[PracticePage]) -> list[dict]:
    """What the quiz index lists for each practice page."""
    return [{"href": f"{DIRECTORY}/{page.id}.html", "title": page.title, "scope": page.scope,
             "questions": len(page.questions)} for page in pages]


def content_security_policy(script: str, style: str) -> str:
    """Only this page's own script and style may run; nothing may be fetched, framed or submitted."""
    return (f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
            "base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _asset(name: str) -> str:
    """A script or style file to inline; it must not be able to end its own element early."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"{name} must not contain '</': it is inlined in a <script> or <style> element")
    return text
