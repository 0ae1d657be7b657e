"""A check of printed papers as a reviewer would make it: items that cue each other, key balance, option order.

It reads each variant as printed (the placed questions, their options and
items) and compares text by a separate, plain method (regular expressions
over the whole visible text), so it also checks the assembly that chose the
questions rather than repeating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .option_forms import form_cues, value_order
from .questions import Kind
from .quizzes import Placed, Variant
from .seeds import normalise

_COMMON_WORDS = frozenset("a am an as at be by do go he if in is it me my no of on or so to up us we".split())


@dataclass(frozen=True)
class PaperFigures:
    """What a reviewer counts on one printed paper."""

    paper: str
    questions: int
    cueing: tuple[str, ...]  # "7 shows '250', the answer of 2"
    true_false: int
    keyed_true: int
    multiple_choice: int
    key_longest: int
    form_cued: int  # multiple-choice keys that differ in form from every distractor
    value_options: int  # number and date questions
    value_options_in_order: int
    matching: int
    matching_with_spares: int

    @property
    def true_share(self) -> float | None:
        return self.keyed_true / self.true_false if self.true_false else None

    @property
    def key_longest_share(self) -> float | None:
        return self.key_longest / self.multiple_choice if self.multiple_choice else None


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NOT_WORD = re.compile(r"[^\w]+")


def _plain(text: str) -> str:
    """Text as compared: quote marks and dashes folded, thousands separators dropped, punctuation as space."""
    text = normalise(text)
    text = _THOUSANDS.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=4096)
def _pattern(answer: str) -> re.Pattern | None:
    plain = _plain(answer)
    if not plain:
        return None
    flags = 0 if (plain.isupper() and plain.casefold() in _COMMON_WORDS) else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(plain)}(?!\w)", flags)


def visible_text(placed: Placed) -> str:
    """Everything the question shows on paper, as one string."""
    return " | ".join([placed.question.prompt, *placed.options, *placed.left])


def _case_key(word: str) -> str:
    """A word as `re.IGNORECASE` compares it: two words it matches get one key (casefold, and the dotted
    and dotless i that it takes for i)."""
    return word.casefold().replace("i\u0307", "i").replace("ı", "i")


@lru_cache(maxsize=4096)
def _first_word(answer: str) -> str:
    return _case_key(_plain(answer).split(" ")[0])


def cueing_pairs(variant: Variant) -> list[str]:
    """Every pair of questions where one shows the other's answer, or both ask about one fact.

    An answer's pattern is tried only on the questions that show its first word, so a paper of n
    questions costs about n searches, not n squared."""
    placed = variant.placed
    texts = [_plain(visible_text(p)) for p in placed]
    showing: dict[str, set[int]] = {}  # word (as compared) -> the questions that show it
    for index, text in enumerate(texts):
        for word in text.split(" "):
            showing.setdefault(_case_key(word), set()).add(index)
    asking: dict[str, list[int]] = {}  # fact id -> the questions that ask about it
    for index, p in enumerate(placed):
        for fact_id in set(p.question.fact_ids):
            asking.setdefault(fact_id, []).append(index)
    found = []
    for index, target in enumerate(placed):
        hits: dict[int, str] = {}  # question -> the first of the target's answers it shows
        for answer in target.question.answer_forms:
            pattern = _pattern(answer)
            if pattern is None:
                continue
            for other in showing.get(_first_word(answer), ()):
                if other != index and other not in hits and pattern.search(texts[other]):
                    hits[other] = answer
        same_fact = {other for fact_id in set(target.question.fact_ids) for other in asking[fact_id]
                     if placed[other].number > target.number}
        for other in sorted(hits.keys() | same_fact):
            if other in hits:
                found.append(f"{placed[other].number} shows '{hits[other]}', an answer of {target.number}")
            else:
                found.append(f"{target.number} and {placed[other].number} ask about the same fact")
    return found


def check_variant(variant: Variant) -> PaperFigures:
    placed = variant.placed
    by_kind = {kind: [p for p in placed if p.question.kind is kind] for kind in Kind}
    choices = by_kind[Kind.MULTIPLE_CHOICE]
    valued = [p for p in choices if value_order(p.question.options, p.question.answer_type) is not None]
    return PaperFigures(
        paper=f"{variant.quiz.id}-{variant.letter}",
        questions=len(placed),
        cueing=tuple(cueing_pairs(variant)),
        true_false=len(by_kind[Kind.TRUE_FALSE]),
        keyed_true=sum(1 for p in by_kind[Kind.TRUE_FALSE] if p.question.truth),
        multiple_choice=len(choices),
        key_longest=sum(1 for p in choices if len(p.options[p.correct]) > max(
            len(o) for i, o in enumerate(p.options) if i != p.correct)),
        form_cued=sum(1 for p in choices if form_cues(p.options[p.correct], [
            o for i, o in enumerate(p.options) if i != p.correct])),
        value_options=len(valued),
        value_options_in_order=sum(1 for p in valued if list(p.options) == value_order(
            p.options, p.question.answer_type)),
        matching=len(by_kind[Kind.MATCHING]),
        matching_with_spares=sum(1 for p in by_kind[Kind.MATCHING] if len(p.options) - len(p.left) in (1, 2)),
    )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "none"


def report_lines(figures: list[PaperFigures]) -> list[str]:
    """The build summary's lines on the papers: one per paper, then the totals."""
    lines = ["papers: cueing pairs, true/false keyed True, multiple-choice keys longest, numbers and dates in order"]
    for f in figures:
        lines.append(f"  {f.paper:<24} {len(f.cueing)} cueing · T/F True {_share(f.keyed_true, f.true_false)} · "
                     f"key longest {_share(f.key_longest, f.multiple_choice)} · in order "
                     f"{_share(f.value_options_in_order, f.value_options)}")
    return lines
