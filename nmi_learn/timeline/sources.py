"""Short keys for the articles, so every mark on the figure can say who reports it: "[N, K]".

A key is the first letter of the publisher's name (without a leading
article), numbered when two publishers share a letter: N, K, T, R, G for
NATO, Kurdistan 24, Tsarizm, Rudaw and GlobalData; H1, H2 when both are
Harbour Press.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from .. import model as m

LEADING_ARTICLES = ("the ", "a ", "an ")


def source_keys(sources: Iterable[m.Source]) -> dict[str, str]:
    """A key for each source (by id), in the order given."""
    ordered = list(sources)
    initials = [_initial(source.publisher) for source in ordered]
    sharing = Counter(initials)
    seen: Counter[str] = Counter()
    keys = {}
    for source, initial in zip(ordered, initials):
        seen[initial] += 1
        keys[source.id] = initial if sharing[initial] == 1 else f"{initial}{seen[initial]}"
    return keys


def _initial(publisher: str) -> str:
    name = publisher.strip()
    for article in LEADING_ARTICLES:
        if name.lower().startswith(article) and len(name) > len(article):
            name = name[len(article):]
            break
    return next((char.upper() for char in name if char.isalnum()), "S")


def keys_for(citations: Iterable[m.Citation], keys: dict[str, str]) -> list[str]:
    """The keys of the articles a record cites, each once, in key order (G, K, N; H2 before H10)."""
    return sorted({keys[citation.source] for citation in citations if citation.source in keys}, key=key_order)


def key_order(key: str) -> tuple[str, int]:
    return key[0], int(key[1:] or 0)
