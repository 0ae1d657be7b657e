"""Rules for the narrative paragraph of each module: its passages are cited like facts.

Every quote must be found in its seed (an error), may not come from a passage
set aside as not taught (an error), and a passage only one article supports
names that article, as a fact's attribution does (a warning).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .errors import Problem
from .seeds import normalise

if TYPE_CHECKING:
    from .loader import RawCurriculum
    from .validate import Index


def narrative_citations(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """Each quote of a narrative passage names a known source and occurs in its seed."""
    for located in raw.modules:
        for p, passage in enumerate(located.record.narrative):
            for c, citation in enumerate(passage.citations):
                where = ("narrative", p, "citations", c)
                if citation.source not in index.sources:
                    if not raw.unknowable("sources", citation.source):
                        yield located.origin.problem(f"unknown source '{citation.source}'", *where, "source")
                    continue
                seed = raw.seeds.get(citation.source)
                if seed is not None and not seed.contains(citation.quote):
                    yield located.origin.problem(
                        f"quote not found in seed {index.sources[citation.source].record.file} "
                        f"(source '{citation.source}')", *where, "quote")
                elif seed is not None and _set_aside(raw, citation.source, citation.quote):
                    yield located.origin.problem(
                        "the quote comes from a passage set aside as not taught: it is not the article's own claim",
                        *where, "quote")


def narrative_attribution(raw: "RawCurriculum", index: "Index") -> Iterator[Problem]:
    """A passage that only one article supports names that article ("Tsarizm reports ...")."""
    if len(raw.sources) < 2 or (raw.course and not raw.course.record.card_rules.attribute_single_source):
        return
    for located in raw.modules:
        for p, passage in enumerate(located.record.narrative):
            sources = {citation.source for citation in passage.citations}
            if len(sources) != 1 or next(iter(sources)) not in index.sources:
                continue
            publisher = index.sources[next(iter(sources))].record.publisher
            if normalise(publisher).casefold() not in normalise(passage.text).casefold():
                yield located.origin.problem(
                    f"only {publisher} supports this passage: name it in the text (e.g. '{publisher} reports ...')",
                    "narrative", p, "text", severity="warning")


def _set_aside(raw: "RawCurriculum", source_id: str, quote: str) -> bool:
    """Whether every occurrence of the quote lies in a passage of the seed set aside as not taught."""
    seed = raw.seeds[source_id]
    source = next((located.record for located in raw.sources if located.record.id == source_id), None)
    wanted = normalise(quote)
    if source is None or not wanted:
        return False
    inside = 0
    for exclusion in source.not_taught:
        if exclusion.lines is not None:
            text = "\n".join(seed.lines[exclusion.lines[0] - 1 : exclusion.lines[1]])
        else:
            text = exclusion.text or ""
        inside += normalise(text).count(wanted)
    return inside > 0 and seed.normalised.count(wanted) <= inside


NARRATIVE_RULES = [narrative_citations, narrative_attribution]
