"""The item-writing rules of `check`: warnings at the line of the options, errors under --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import replace_in, run

HISTORY = "curriculum/facts/01-history.yaml"
CUE = "make the options look alike"

CASES = [
    ("rank-only-on-key", "[Mara Quill, John Reed, Ann Wells]", "[Captain Mara Quill, Captain John Reed, Captain Ann Wells]",
     f"{HISTORY}:37: warning: multiple-choice cue: the key is the only option without a rank or title; {CUE}"),
    ("surname-only-distractors", "[Mara Quill, John Reed, Ann Wells]", "[Quill, Reed, Wells]",
     f"{HISTORY}:37: warning: multiple-choice cue: the key is the only option of several words; {CUE}"),
    ("key-longest-by-far", "[Every two hours, Every eight hours, Every twelve hours]", "[2 hours, 8 hours, 12 h]",
     f"{HISTORY}:49: warning: multiple-choice cue: the key is far longer than any distractor (16 characters, the "
     f"longest distractor 7); {CUE}"),
    ("number-option-without-value", '["1962", "1901", "1850"]', '["1962", "1901", "Long ago"]',
     f"{HISTORY}:8: warning: options of a date answer must all be dates, so they can be listed in order "
     "(not: 'Long ago')"),
    ("false-statement-a-word-long", "    label: First lit\n",
     "    false_statement: It was 1901.\n    label: First lit\n",
     f"{HISTORY}:9: warning: the false statement is 12 characters and the statement 48: write them alike in length "
     "and style, so the length does not give the answer away"),
    ("mixed-types", "[Mara Quill, John Reed, Ann Wells]", "[Mara Quill, John Reed, 7 keepers]",
     f"{HISTORY}:37: warning: options of mixed type: some hold numbers and others do not; make them all of one kind"),
]


@pytest.mark.parametrize("name, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_an_option_cue_is_a_located_warning_and_an_error_under_strict(tiny: Path, name, old, new, expected):
    replace_in(tiny / "facts" / "01-history.yaml", old, new)
    lenient = run("check", "--curriculum", "curriculum")
    assert lenient.exit_code == 0 and expected in lenient.output.splitlines()
    strict = run("check", "--curriculum", "curriculum", "--strict")
    assert strict.exit_code == 1 and expected.replace("warning: ", "") in strict.output.splitlines()
    assert "Traceback" not in strict.output


def test_homogeneous_options_pass(tiny: Path):
    result = run("check", "--curriculum", "curriculum", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
