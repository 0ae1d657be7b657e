"""Counts in words ("1 module", "2 modules", "17 people"), and answers as compared with each other."""

from __future__ import annotations

IRREGULAR = {"person": "people", "glossary term": "glossary terms", "copy": "copies", "quiz": "quizzes",
             "entry": "entries", "summary": "summaries"}


def plural(noun: str) -> str:
    return IRREGULAR.get(noun, noun + "s")


def counted(number: int, noun: str) -> str:
    """The number and the noun, singular for one: counted(1, "era") == "1 era"."""
    return f"{number:,} {noun if number == 1 else plural(noun)}"


def comparable(text: str) -> str:
    """An answer as compared with others: case, spacing and a final full stop do not count."""
    return " ".join(text.casefold().split()).rstrip(".")
