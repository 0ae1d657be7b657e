"""Counts in words: "1 module", "2 modules", "1 person", "17 people"."""

from __future__ import annotations

IRREGULAR = {"person": "people", "glossary term": "glossary terms", "copy": "copies", "quiz": "quizzes",
             "entry": "entries", "summary": "summaries"}


def plural(noun: str) -> str:
    return IRREGULAR.get(noun, noun + "s")


def counted(number: int, noun: str) -> str:
    """The number and the noun, singular for one: counted(1, "era") == "1 era"."""
    return f"{number:,} {noun if number == 1 else plural(noun)}"
