"""Item-writing rules for multiple-choice options, as warnings (`--strict` makes them errors).

A test-wise learner spots the key by its form: far longer than the rest,
the only one with a rank, the only number among words; and a false statement
by being shorter than the true ones. These rules measure what can be measured
on a fact's curated options (its answer and distractors) and statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from . import model as m
from .errors import Problem
from .option_forms import date_value, form_cues, mixed_types, number_value

if TYPE_CHECKING:
    from .loader import RawCurriculum
    from .validate import Index


def option_cues(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """Options that set the key apart by form or mix types of answer."""
    for located in raw.facts:
        fact = located.record
        if len(fact.distractors) < 3:
            continue
        options = [fact.answer, *fact.distractors]
        for cue in form_cues(fact.answer, fact.distractors):
            yield located.origin.problem(f"multiple-choice cue: {cue}; make the options look alike",
                                         "distractors", severity="warning")
        valued = {m.AnswerType.NUMBER: number_value, m.AnswerType.DATE: date_value}.get(fact.answer_type)
        if valued is not None:
            without = [option for option in options if valued(option) is None]
            if without:
                kind = fact.answer_type.value
                yield located.origin.problem(
                    f"options of a {kind} answer must all be {kind}s, so they can be listed in order "
                    f"(not: {', '.join(repr(o) for o in without)})", "distractors", severity="warning")
        elif mixed_types(options):
            yield located.origin.problem(
                "options of mixed type: some hold numbers and others do not; make them all of one kind",
                "distractors", severity="warning")


FALSE_LENGTH_RATIO = 1.25  # a false statement within a quarter of its statement's length reads alike


def false_statements_alike(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A false statement of comparable length to its true statement, so length does not give the key away."""
    for located in raw.facts:
        fact = located.record
        if fact.false_statement is None:
            continue
        ratio = len(fact.false_statement) / len(fact.statement)
        if not 1 / FALSE_LENGTH_RATIO <= ratio <= FALSE_LENGTH_RATIO:
            yield located.origin.problem(
                f"the false statement is {len(fact.false_statement)} characters and the statement "
                f"{len(fact.statement)}: write them alike in length and style, so the length does not give the "
                "answer away", "false_statement", severity="warning")
