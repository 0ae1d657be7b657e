"""Exports for learning platforms: Moodle XML, GIFT and a tab-separated term list.

All three carry the same question bank as the quizzes. Each question keeps
a stable id (its kind and fact id) as Moodle's `idnumber` and GIFT title,
and its explanation and citation as general feedback.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from ..curriculum import Curriculum
from ..outputs import Artifact, Keep
from ..questions import KIND_TITLES, Bank, Cite, Kind, Question

GIFT_KINDS = {Kind.MULTIPLE_CHOICE, Kind.TRUE_FALSE, Kind.SHORT_ANSWER, Kind.MATCHING}
MOODLE_TYPES = {Kind.MULTIPLE_CHOICE: "multichoice", Kind.TRUE_FALSE: "truefalse", Kind.SHORT_ANSWER: "shortanswer",
                Kind.MATCHING: "matching", Kind.ORDERING: "ordering", Kind.FILL_IN: "cloze"}
WHOLE_COURSE = "Whole course"


@dataclass(frozen=True)
class Exported:
    artifacts: list[Artifact]
    notes: list[str]


def generate(curriculum: Curriculum, bank: Bank, keep: Keep) -> Exported:
    """The question bank for Moodle (XML) and for GIFT, and the term list; each file is handed to `keep` as
    soon as it is made (a large course's bank is put on disk there rather than held in memory)."""
    grouped = _by_category(curriculum, bank)
    stem = curriculum.course.id
    moodle = keep(Artifact("exports", f"{stem}.moodle.xml", moodle_xml(curriculum, grouped), "Moodle XML question bank"))
    gift, left_out = gift_text(curriculum, grouped)
    gift_file = keep(Artifact("exports", f"{stem}.gift", gift, "GIFT question bank"))
    tsv = keep(Artifact("exports", f"{stem}.tsv", term_list(curriculum), "term list (prompt, answer)"))
    counts = Counter(q.kind for _, questions in grouped for q in questions)
    described = ", ".join(f"{counts[kind]} {KIND_TITLES[kind].lower()}" for kind in Kind if counts[kind])
    notes = [f"exports: {sum(counts.values())} questions in Moodle XML ({described})",
             f"exports: {sum(counts.values()) - sum(left_out.values())} questions in GIFT; left out as GIFT cannot "
             f"express them: " + (", ".join(f"{n} {KIND_TITLES[k].lower()}" for k, n in sorted(left_out.items()))
                                  or "none")]
    return Exported([moodle, gift_file, tsv], notes)


def category_path(curriculum: Curriculum, module_id: str | None) -> str:
    course = category_name(curriculum.course.title)
    if module_id is None:
        return f"$course$/{course}/{WHOLE_COURSE}"
    module = curriculum.module(module_id)
    return f"$course$/{course}/{category_name(f'{curriculum.number(module)} {module.title}')}"


def category_name(text: str) -> str:
    """One level of a Moodle category path: on one line, a '/' written '//' as Moodle reads it back.

    Moodle splits a path at single slashes only and trims each name, so a
    name that starts or ends with a slash gets a space there.
    """
    name = " ".join(text.split()).replace("/", "//")
    return f"{' ' if name.startswith('/') else ''}{name}{' ' if name.endswith('/') else ''}"


def _by_category(curriculum: Curriculum, bank: Bank) -> list[tuple[str, list[Question]]]:
    """Questions per module category, and a last category for matching and ordering across modules."""
    grouped: dict[str | None, list[Question]] = {module.id: [] for module in curriculum.modules}
    grouped[None] = []
    for question in bank.questions:
        grouped[question.module_id].append(question)
    return [(category_path(curriculum, module_id), questions) for module_id, questions in grouped.items() if questions]


def question_name(question: Question) -> str:
    subject = question.fact_ids[0] if len(question.fact_ids) == 1 else question.id.split(":", 1)[1]
    return f"{subject} · {KIND_TITLES[question.kind].lower()}"


def feedback_html(explanation: str, citations: tuple[Cite, ...]) -> str:
    """The explanation, then the citation with its quote."""
    cite = citations[0]
    others = sorted({c.publisher for c in citations[1:]} - {cite.publisher})
    also = f" Also reported by {', '.join(others)}." if others else ""
    return (f"<p>{html.escape(explanation)}</p>"
            f"<blockquote><p>{html.escape(cite.quote)}</p>"
            f"<p>— {html.escape(cite.publisher)}, “{html.escape(cite.title)}”, {html.escape(cite.date)}.{html.escape(also)}"
            f"</p></blockquote>")


def question_tags(curriculum: Curriculum, question: Question) -> list[str]:
    tags = {f"kind-{question.kind.value}"} | {f"source-{c.source_id}" for c in question.citations}
    tags.add(f"module-{question.module_id}" if question.module_id else "module-all")
    for fact_id in question.fact_ids:
        if ":" not in fact_id:
            tags.add(f"answer-{curriculum.fact(fact_id).answer_type.value}")
    return sorted(tags)


# Moodle XML -----------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(tag: str, content: str, html_format: bool = True) -> str:
    attribute = ' format="html"' if html_format else ""
    return f"<{tag}{attribute}><text>{_cdata(content)}</text></{tag}>"


def moodle_xml(curriculum: Curriculum, grouped: list[tuple[str, list[Question]]]) -> bytes:
    out = _Lines()
    out.add('<?xml version="1.0" encoding="UTF-8"?>')
    out.add("<quiz>")
    feedback: dict[tuple, str] = {}  # a fact's questions mostly share explanation and citations
    for category, questions in grouped:
        out.add(f'  <question type="category"><category><text>{xml_escape(category)}</text></category>'
                f'<info format="html"><text></text></info></question>')
        for question in questions:
            key = (question.explanation, question.citations)
            if key not in feedback:
                feedback[key] = feedback_html(*key)
            out.add(_moodle_question(curriculum, question, feedback[key]))
    out.add("</quiz>")
    return out.value()


class _Lines:
    """A file built line by line as UTF-8, holding each line's bytes once (an export of a large course
    runs to tens of megabytes: a list of lines, their join and its encoding would hold it three times)."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()

    def add(self, line: str) -> None:
        self._buffer.write(line.encode("utf-8"))
        self._buffer.write(b"\n")

    def value(self) -> bytes:
        return self._buffer.getvalue()


def _moodle_question(curriculum: Curriculum, question: Question, feedback: str) -> str:
    kind = MOODLE_TYPES[question.kind]
    prompt = question.prompt if question.kind is not Kind.TRUE_FALSE else f"True or false: {question.prompt}"
    body = _cloze_text(question) if question.kind is Kind.FILL_IN else f"<p>{html.escape(prompt)}</p>"
    lines = [
        f'  <question type="{kind}">',
        f"    <name><text>{xml_escape(question_name(question))}</text></name>",
        f"    {_text('questiontext', body)}",
        f"    {_text('generalfeedback', feedback)}",
        f"    <defaultgrade>{question.points}</defaultgrade>",
        # A second try at a two-option item earns nothing (Moodle's own GIFT import does the same).
        f"    <penalty>{'1' if question.kind is Kind.TRUE_FALSE else '0.3333333'}</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_escape(question.id)}</idnumber>",
    ]
    lines += ["    " + line for line in _moodle_answers(question)]
    tags = "".join(f"<tag><text>{xml_escape(tag)}</text></tag>" for tag in question_tags(curriculum, question))
    lines += [f"    <tags>{tags}</tags>", "  </question>"]
    return "\n".join(lines)


def _answer(fraction: str, text: str, text_format: str = "html") -> str:
    return (f'<answer fraction="{fraction}" format="{text_format}"><text>{_cdata(text)}</text>'
            f'<feedback format="html"><text></text></feedback></answer>')


def _moodle_answers(question: Question) -> list[str]:
    if question.kind is Kind.MULTIPLE_CHOICE:
        return (["<single>true</single>", "<shuffleanswers>true</shuffleanswers>", "<answernumbering>abc</answernumbering>"]
                + [_answer("100" if i == 0 else "0", html.escape(option)) for i, option in enumerate(question.options)])
    if question.kind is Kind.TRUE_FALSE:
        return [_answer("100" if question.truth else "0", "true", "moodle_auto_format"),
                _answer("0" if question.truth else "100", "false", "moodle_auto_format")]
    if question.kind is Kind.SHORT_ANSWER:
        forms = list(dict.fromkeys([question.answer, *question.accept]))
        return ["<usecase>0</usecase>"] + [_answer("100", _moodle_wildcard_safe(form), "moodle_auto_format")
                                          for form in forms]
    if question.kind is Kind.MATCHING:
        return ["<shuffleanswers>true</shuffleanswers>"] + [
            f'<subquestion format="html"><text>{_cdata(html.escape(left))}</text>'
            f"<answer><text>{xml_escape(right)}</text></answer></subquestion>" for left, right in question.pairs]
    if question.kind is Kind.ORDERING:
        # Moodle's ordering type takes the correct order from the order of the answer elements; `fraction`
        # repeats each item's position (1, 2, ...) for readers of the file and is not a grade.
        return ["<layouttype>VERTICAL</layouttype>", "<selecttype>ALL</selecttype>",
                f"<selectcount>{len(question.sequence)}</selectcount>",
                "<gradingtype>ABSOLUTE_POSITION</gradingtype>", "<showgrading>SHOW</showgrading>",
                "<numberingstyle>none</numberingstyle>", "<shownumcorrect>1</shownumcorrect>"] + [
            _answer(str(position), html.escape(item)) for position, item in enumerate(question.sequence, start=1)]
    return []  # cloze: the answers live in the question text


def _moodle_wildcard_safe(text: str) -> str:
    """Short-answer answers treat * as a wildcard; escape it."""
    return text.replace("*", "\\*")


def _cloze_text(question: Question) -> str:
    """The fill-in as Moodle cloze: each numbered blank becomes {1:SHORTANSWER:=answer~=other form}.

    Braces of the sentence itself become HTML entities, so that cloze syntax
    written in the text (`{1:MULTICHOICE:...}`) shows as text, not as an extra blank.
    """
    text = html.escape(question.prompt).replace("{", "&#123;").replace("}", "&#125;")
    for number, forms in enumerate(question.blank_forms, start=1):
        blank = f"({number}) ________"
        accepted = "~".join(f"={_cloze_escape(form)}" for form in forms)  # every form earns full marks
        text = text.replace(html.escape(blank), f"{{1:SHORTANSWER:{accepted}}}", 1)
    return f"<p>{text}</p>"


def _cloze_escape(text: str) -> str:
    """Escape the characters that structure a Moodle cloze answer."""
    for char in "\\}#~/\"":
        text = text.replace(char, "\\" + char)
    return html.escape(text, quote=False)


# GIFT -----------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters ~ = # { } : and backslash (first), and keep the text on one line."""
    text = text.replace("\\", "\\\\")  # chained replaces are the fastest way in CPython
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def gift_rich(text: str) -> str:
    """Text GIFT hands to Moodle as HTML (question text, options, matching items, feedback): escaped
    as HTML first, so that `<b>` shows as written and `->` cannot split a matching pair (`-&gt;`)."""
    return gift_escape(html.escape(text, quote=False))


def gift_line(text: str) -> str:
    """Text of a comment or `$CATEGORY:` line, which ends at the line's end: one line, nothing else."""
    return " ".join(text.split())


def gift_text(curriculum: Curriculum, grouped: list[tuple[str, list[Question]]]) -> tuple[bytes, Counter]:
    out = _Lines()
    out.add(f"// {gift_line(curriculum.course.title)}: question bank in GIFT. Generated by nmi-learn; do not edit.")
    left_out: Counter = Counter()
    for category, questions in grouped:
        out.add("")
        out.add(f"$CATEGORY: {gift_line(category)}")
        for question in questions:
            if question.kind not in GIFT_KINDS:
                left_out[question.kind] += 1
                continue
            out.add("")
            out.add(_gift_question(question, question_tags(curriculum, question)))
    out.add("")
    return out.value()[:-1], left_out


def gift_comment_tokens(question: Question, tags: list[str]) -> str:
    """The comment line Moodle 4 reads before a GIFT question: `// [id:...] [tag:...] ...`.

    Moodle takes an id or tag up to the first unescaped `]`, refuses control characters, and refuses
    `<`, `>` and backticks in tags."""
    def token(kind: str, value: str, refused: str = "") -> str:
        if value.isprintable() and not any(char in value for char in refused):
            cleaned = value  # the usual case, without a look at each character
        else:
            cleaned = "".join(c for c in value if c.isprintable() and c not in refused)
        return f"[{kind}:{cleaned.replace(']', chr(92) + ']')}]"

    return "// " + " ".join([token("id", question.id)] + [token("tag", tag, "<>`") for tag in tags])


def _gift_question(question: Question, tags: list[str]) -> str:
    return gift_comment_tokens(question, tags) + "\n" + _gift_body(question)


def _gift_body(question: Question) -> str:
    title = gift_escape(question.id.replace(":", "-"))
    feedback = gift_rich(_plain_feedback(question))
    prompt = gift_rich(question.prompt)
    if question.kind is Kind.MULTIPLE_CHOICE:
        options = "\n".join(("=" if i == 0 else "~") + gift_rich(o) for i, o in enumerate(question.options))
        return f"::{title}::{prompt} {{\n{options}\n####{feedback}\n}}"
    if question.kind is Kind.TRUE_FALSE:
        return f"::{title}::{prompt} {{{'TRUE' if question.truth else 'FALSE'}####{feedback}}}"
    if question.kind is Kind.SHORT_ANSWER:
        forms = " ".join("=" + gift_escape(f) for f in dict.fromkeys([question.answer, *question.accept]))
        return f"::{title}::{prompt} {{{forms}####{feedback}}}"
    pairs = "\n".join(f"={gift_rich(left)} -> {gift_escape(right)}" for left, right in question.pairs)
    return f"::{title}::{prompt} {{\n{pairs}\n####{feedback}\n}}"


def _plain_feedback(question: Question) -> str:
    cite = question.citations[0]
    return f"{question.explanation} Source: {cite.publisher}, “{cite.title}”, {cite.date}: “{cite.quote}”"


# Term list ------------------------------------------------------------------


_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _cell(text: str) -> str:
    """One TSV cell: on one line, no control characters, never read as a formula or a quoted field.

    A spreadsheet runs a cell starting with = + - or @ as a formula, so such a
    cell starts with an apostrophe (the usual guard, shown by spreadsheets as
    text); a cell starting with a double quote would be read as a quoted
    field, so it is written as one.
    """
    if _CONTROL.search(text):  # category Cc is exactly these code points
        text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    cell = " ".join(text.split())
    if cell.startswith(_FORMULA_STARTS):
        cell = "'" + cell
    if cell.startswith('"'):
        cell = '"' + cell.replace('"', '""') + '"'
    return cell


def term_list(curriculum: Curriculum) -> bytes:
    """Prompt and answer per line: facts, then people (name, role), then glossary terms."""
    rows = [(fact.prompt, fact.answer) for fact in curriculum.facts]
    rows += [(person.name, person.role + (f" ({person.affiliation})" if person.affiliation else ""))
             for person in curriculum.people]
    rows += [(term.term, term.expansion or term.meaning) for term in curriculum.terms]
    return "".join(f"{_cell(prompt)}\t{_cell(answer)}\n" for prompt, answer in rows).encode("utf-8")
