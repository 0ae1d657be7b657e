"""The content rules of `check`: each fault a located warning (an error under --strict), and a case that passes.

They keep every learner-visible sentence to what its article says, with whose claim it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import replace_in, run

HISTORY = "curriculum/facts/01-history.yaml"
REPAIRS = "curriculum/facts/02-repairs.yaml"
PEOPLE = "curriculum/people.yaml"

# (name, file, old, new, expected line)
CASES = [
    ("single-source-claim-without-attribution", "curriculum/course.yaml", "attribute_single_source: false",
     "attribute_single_source: true",
     f"{REPAIRS}:23: warning: only The Gazette states this: set 'attribution' to whose claim it is (e.g. 'The "
     "Gazette') and name it in the prompt, statement, false statement and cloze"),
    ("attribution-missing-from-cloze", "curriculum/facts/02-repairs.yaml", "    attribution: Mara Quill\n",
     '    attribution: Mara Quill\n    cloze: "The light belongs to {{c1::everyone who sails past it}}."\n',
     f"{REPAIRS}:44: warning: an attributed claim must name its source in the cloze (expected 'Mara Quill')"),
    ("quote-from-an-advert", "curriculum/facts/02-repairs.yaml", "        quote: The work was paid for by the Coastal Trust",
     "        quote: The work was paid for by the Coastal Trust\n      - source: gazette\n"
     "        quote: Subscribe to the Gazette",
     f"{REPAIRS}:27: the quote comes from a passage set aside as not taught (advert): it is not the article's own "
     "claim"),
    ("year-in-no-quote", "curriculum/facts/02-repairs.yaml",
     "quote: The Northpoint lighthouse was relit on 14 March 2021 after two years of repairs.",
     "quote: The Northpoint lighthouse was relit on 14 March",
     f"{REPAIRS}:10: warning: no quote gives the year of this date (14 March 2021): say in 'derived_from', in words "
     "a learner understands, how it was worked out"),
    ("file-name-in-learner-text", "curriculum/facts/02-repairs.yaml", "    actor: trust\n",
     "    actor: trust\n    note: The date is resolved in sources.yaml.\n",
     f"{REPAIRS}:12: warning: learners read the note: it must not name 'sources.yaml' (say it in words, or move "
     "curators' remarks to a YAML # comment)"),
    ("cloze-of-a-common-word", HISTORY, 'cloze: "The last resident keeper was {{c1::Tomas Brand}}."',
     'cloze: "The last resident {{c1::keeper}} was Tomas Brand."',
     f"{HISTORY}:38: warning: the cloze deletes 'keeper', one common word that is not the answer: it tests the "
     "wording, not knowledge; delete the answer instead"),
    ("prompt-holds-its-answer", HISTORY, "prompt: Who was the last resident keeper of the Northpoint lighthouse?",
     "prompt: Who was Tomas Brand, the last resident keeper of the Northpoint lighthouse?",
     f"{HISTORY}:34: warning: the prompt contains its answer ('Tomas Brand')"),
    ("answer-is-the-prompts-initials", REPAIRS, "answer: The Coastal Trust\n", "answer: NL\n",
     f"{REPAIRS}:18: warning: the answer 'NL' is the initials of words in the prompt"),
    ("role-not-in-any-quote", PEOPLE, "role: Chair of the Coastal Trust", "role: Founder of the Coastal Trust",
     f"{PEOPLE}:4: warning: the role uses words no quote of this person uses (founder): give the role as the "
     "articles do, and cite the quote that gives it"),
]


@pytest.mark.parametrize("name, file, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_a_content_fault_is_reported_at_its_line(tiny: Path, name, file, old, new, expected):
    replace_in(tiny.parent / file, old, new)
    result = run("check", "--curriculum", "curriculum")
    lines = result.output.splitlines()
    assert expected in lines, result.output
    is_warning = ": warning: " in expected
    assert result.exit_code == (0 if is_warning else 1)
    strict = run("check", "--curriculum", "curriculum", "--strict")
    assert strict.exit_code == 1 and expected.replace("warning: ", "") in strict.output.splitlines()
    assert "Traceback" not in strict.output


def test_the_tiny_course_passes_every_content_rule(tiny: Path):
    result = run("check", "--curriculum", "curriculum", "--strict")
    assert result.exit_code == 0 and "0 warnings" in result.output


def test_a_single_article_course_need_not_attribute(tiny: Path):
    """With one article, every fact is that article's: naming it on every card says nothing."""
    replace_in(tiny / "course.yaml", "attribute_single_source: false", "attribute_single_source: true")
    sources = tiny / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text[: text.index("  - id: diary")], encoding="utf-8")
    result = run("check", "--curriculum", "curriculum")
    assert "only The Gazette states this" not in result.output
