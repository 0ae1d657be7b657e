"""Anki-style cloze text: `{{c1::Brussels}}` or `{{c1::Brussels::city}}`."""

from __future__ import annotations

import re
from dataclasses import dataclass

DELETION = re.compile(r"\{\{c(?P<number>[1-9][0-9]{0,7})::(?P<answer>(?:(?!::|\}\}|\{\{).)+?)(?:::(?P<hint>(?:(?!\}\}|\{\{).)+?))?\}\}")


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str
    hint: str | None
    start: int
    end: int


def deletions(text: str) -> list[Deletion]:
    """The well-formed deletions in `text`, in order."""
    return [
        Deletion(int(match["number"]), match["answer"], match["hint"], match.start(), match.end())
        for match in DELETION.finditer(text)
    ]


def cloze_problems(text: str) -> list[str]:
    """What is wrong with a cloze text: no deletion, or a malformed or unclosed one."""
    problems = []
    found = deletions(text)
    covered = {i for d in found for i in range(d.start, d.end)}
    for match in re.finditer(r"\{\{", text):
        if match.start() not in covered:
            snippet = text[match.start() : match.start() + 30]
            if "}}" not in text[match.start():]:
                problems.append(f"cloze deletion is not closed: '{snippet}' needs '}}}}'")
            else:
                problems.append(f"malformed cloze deletion at '{snippet}': write {{{{c1::answer}}}}")
    if not found and not problems:
        problems.append("cloze text has no deletion; mark the answer as {{c1::answer}}")
    return problems


def numbered_blanks(text: str) -> str:
    """The cloze text with each deletion replaced by a numbered blank: 'in (1) ________ on ...'."""
    counter = iter(range(1, 1000))
    return DELETION.sub(lambda m: f"({next(counter)}) ________" + (f" ({m['hint']})" if m["hint"] else ""), text)
