"""How multiple-choice options look: their value order, and the form cues that give a key away.

A test-wise learner picks the option that differs: the longest one, the only
one with a rank, the only full name among surnames. `form_cues` names such
differences for `nmi-learn check` and the paper report; `value_order` puts
numbers and dates in ascending order, as item-writing guides ask.
"""

from __future__ import annotations

import re
from typing import Sequence

from .dates import MONTHS

RANKS = ("general", "major general", "brigadier general", "lieutenant general", "colonel", "major", "captain",
         "lieutenant", "admiral", "brigadier", "commander", "sergeant", "ambassador", "president", "prime minister",
         "minister", "secretary general", "dr", "mr", "mrs", "ms")
_RANK = re.compile(r"^(?:" + "|".join(sorted((re.escape(r) for r in RANKS), key=len, reverse=True)) + r")\b",
                   re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")
_MONTH = {name.casefold(): number for number, name in enumerate(MONTHS) if name}
_PERIOD = {"early": 2.5, "mid": 6.5, "late": 10.5}
LONGEST_BY_FAR = 1.5  # a key this many times longer than the longest distractor stands out


_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"once": 1, "twice": 2}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def number_value(text: str) -> float | None:
    """The first number in an option ("More than 2,000" -> 2000, "every four hours" -> 4), or None."""
    match = _NUMBER.search(text)
    if match:
        return float(match.group().replace(",", ""))
    word = _NUMBER_WORD.search(text)
    return float(_NUMBER_WORDS[word.group().casefold()]) if word else None


_MONTH_WORDS = [(re.compile(rf"\b{name}\b"), number) for name, number in _MONTH.items()]  # in the order given
_PERIOD_WORDS = [(re.compile(rf"\b{name}\b"), value) for name, value in _PERIOD.items()]


def date_value(text: str) -> tuple[float, float] | None:
    """(year, month with a fraction for the day) of a written date ("11–12 July 2018", "early 2019")."""
    year = _YEAR.search(text)
    lowered = text.casefold()
    month = next((number for name, number in _MONTH_WORDS if name.search(lowered)), None)
    if year is None:  # a month alone ("January") sorts within a year
        return (0.0, float(month)) if month is not None else None
    period = next((value for name, value in _PERIOD_WORDS if name.search(lowered)), None)
    if month is None:
        return float(year.group()), period if period is not None else 6.5
    day = re.match(r"\s*(\d{1,2})\b", text)
    return float(year.group()), month + (int(day.group(1)) / 32 if day else 0.5)


def value_order(options: Sequence[str], answer_type: str | None) -> list[str] | None:
    """The options in ascending order of value, for number and date answers; None if any has no value."""
    if answer_type == "number":
        values = [number_value(option) for option in options]
    elif answer_type == "date":
        values = [date_value(option) for option in options]
    else:
        return None
    if any(value is None for value in values):
        return None
    return [option for _, option in sorted(zip(values, options), key=lambda pair: pair[0])]


# Each form feature, and how the key is described when it alone has it or alone lacks it.
_FEATURES = (
    (lambda text: bool(_RANK.match(text)), "the only option with a rank or title", "the only option without a rank or title"),
    (lambda text: len(text.split()) == 1, "the only one-word option", "the only option of several words"),
    (lambda text: "(" in text, "the only option with words in parentheses", "the only option without words in parentheses"),
    (lambda text: text.startswith("The "), "the only option that opens with 'The'", "the only option that does not open with 'The'"),
)


def form_cues(key: str, distractors: Sequence[str]) -> list[str]:
    """What sets the key apart from every distractor, in words; empty when the options are homogeneous."""
    if not distractors:
        return []
    cues = []
    longest = max(len(d) for d in distractors)
    if len(key) > LONGEST_BY_FAR * longest and len(key) - longest >= 8:
        cues.append(f"the key is far longer than any distractor ({len(key)} characters, the longest distractor "
                    f"{longest})")
    for feature, alone_with, alone_without in _FEATURES:
        present = feature(key)
        if {feature(d) for d in distractors} == {not present}:
            cues.append(f"the key is {alone_with if present else alone_without}")
    return cues


def mixed_types(options: Sequence[str]) -> bool:
    """True when some options are numbers or dates and others are not (options of mixed type)."""
    kinds = {bool(re.search(r"\d", option)) for option in options}
    return len(kinds) > 1


def form_distance(key: str, other: str) -> float:
    """How unlike the key an option looks: form features that differ, plus the relative length gap."""
    differing = sum(feature(key) != feature(other) for feature, *_ in _FEATURES)
    longer, shorter = max(len(key), len(other)), max(1, min(len(key), len(other)))
    return differing + (longer / shorter - 1)
