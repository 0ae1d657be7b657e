"""Rules for what the outputs cannot represent, each refused at its `path:line`.

The curriculum may say anything its schema allows; these rules refuse what
some output would silently get wrong: characters Moodle XML forbids or the
PDF fonts cannot draw, words too long to break across a printed line, links
that are not web addresses, cloze numbers Anki cannot store, dates the
timeline cannot draw, two items of a matching question with the same text,
and a revision ledger the build could not read.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterator
from urllib.parse import urlsplit

from pydantic import BaseModel

from . import model as m
from .cloze import DELETION, deletions
from .errors import CurriculumInvalid, Problem
from .font_coverage import COVERED_RANGES
from .ledger import Ledger
from .loader import Located, RawCurriculum

MAX_CLOZE_NUMBER = 65_536  # Anki stores a card's ordinal in 16 bits: c65537 makes it refuse the whole deck
MAX_WORD_CHARS = 30  # longer runs without a space, hyphen, dash or slash overflow a printed column
NARROW_WORD_CHARS = 14  # ... and these overflow the narrow columns of names, affiliations, terms and titles
NARROW_FIELDS = {(m.Person, "name"), (m.Person, "affiliation"), (m.Term, "term"), (m.Module, "title"),
                 (m.Source, "publisher"), (m.Actor, "label")}
FIRST_YEAR, LAST_YEAR = 2, 9998  # the timeline draws room around each date, inside the calendar's years 1-9999
PRINTED_SCRIPTS = "Latin, Greek and Cyrillic letters and common symbols"

# Fields that never reach an output as text: file names and the passages a seed does not teach.
_NOT_SHOWN = {("file",), ("not_taught",), ("language",)}
_BREAKS = re.compile(r"[\s\-/‐‑‒–—―]+")
_CONTROL_NAMES = {0x00: "NULL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION (\\v)", 0x0C: "FORM FEED (\\f)",
                  0x1B: "ESCAPE", 0x7F: "DELETE"}
_COVERED_STARTS = [start for start, _ in COVERED_RANGES]


def texts_of(located: Located[BaseModel]) -> Iterator[tuple[tuple, str]]:
    """Every text of a record with its place in the record: ('citations', 0, 'quote'), ..."""
    yield from _walk(located.record, ())


def _walk(value: object, sub: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield sub, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if (name,) not in _NOT_SHOWN:
                yield from _walk(getattr(value, name), sub + (name,))
    elif isinstance(value, (list, tuple)):
        for position, item in enumerate(value):
            yield from _walk(item, sub + (position,))


def _records(raw: RawCurriculum) -> Iterator[Located]:
    if raw.course is not None:
        yield raw.course
    for records in (raw.sources, raw.modules, raw.facts, raw.people, raw.terms, raw.actors, raw.eras):
        yield from records


def _field(sub: tuple) -> str:
    return next((part for part in reversed(sub) if isinstance(part, str)), "text")


def character_name(char: str) -> str:
    """'U+7D71 CJK UNIFIED IDEOGRAPH-7D71', 'U+000B LINE TABULATION (\\v)'."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "a control character")
    return f"U+{ord(char):04X} {name}"


def forbidden_in_xml(char: str) -> bool:
    """Characters XML 1.0 does not allow, and other control characters no output shows."""
    point = ord(char)
    if char in "\t\n\r":
        return False
    return (unicodedata.category(char) in ("Cc", "Cs") or 0xFDD0 <= point <= 0xFDEF
            or (point & 0xFFFE) == 0xFFFE)


def printable(char: str) -> bool:
    """True when a PDF font has the character, or it needs no glyph (spaces, invisible format marks)."""
    point = ord(char)
    index = bisect.bisect_right(_COVERED_STARTS, point) - 1
    if index >= 0 and point <= COVERED_RANGES[index][1]:
        return True
    return unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cf") or char in "\t\n\r"


def printed_texts(raw: RawCurriculum, index) -> Iterator[Problem]:
    """Every text of every record, walked once: its characters, then its words."""
    for located in _records(raw):
        for sub, text in texts_of(located):
            problem = _character_problem(located, sub, text) or _word_problem(located, sub, text)
            if problem is not None:
                yield problem


def _character_problem(located: Located, sub: tuple, text: str) -> Problem | None:
    """Control characters (Moodle XML would not be well-formed) and characters the PDF fonts lack."""
    if text.isascii() and text.isprintable():
        return None  # the common case, checked at C speed
    bad = next((c for c in text if forbidden_in_xml(c)), None)
    if bad is not None:
        return located.origin.problem(
            f"'{_field(sub)}' contains the control character {character_name(bad)}, which Moodle XML "
            "forbids and no output can show; remove it", *sub)
    missing = [c for c in dict.fromkeys(text) if not printable(c)]
    if not missing:
        return None
    more = f" and {len(missing) - 1} other characters" if len(missing) > 1 else ""
    return located.origin.problem(
        f"'{_field(sub)}' contains '{missing[0]}' ({character_name(missing[0])}){more}, which no font of the "
        f"printed documents can draw (it would print as an empty box); they draw {PRINTED_SCRIPTS}", *sub)


def _word_problem(located: Located, sub: tuple, text: str) -> Problem | None:
    """A word longer than a printed column cannot be broken, and runs off the page."""
    narrow = (type(located.record), sub[0]) in NARROW_FIELDS
    limit = NARROW_WORD_CHARS if narrow else MAX_WORD_CHARS
    if len(text) <= limit or max(map(len, text.split())) <= limit:
        return None  # no run between spaces is too long: the common case, checked at C speed
    if sub == ("url",) and not is_web_address(text):
        return None  # web_addresses says what is wrong with it
    if sub == ("cloze",):  # as printed: the deletions' answers, without their markup
        text = DELETION.sub(lambda match: f" {match['answer']} ", text)
    longest = max(_BREAKS.split(text), key=len)
    if len(longest) <= limit:
        return None
    shown = longest if len(longest) <= 30 else longest[:27] + "…"
    where = "the narrow column it is printed in" if narrow else "a printed line"
    return located.origin.problem(
        f"'{_field(sub)}' has a word of {len(longest):,} characters ('{shown}'), longer than {where} can hold "
        f"(at most {limit}); add spaces or hyphens", *sub)


def is_web_address(url: str) -> bool:
    """An http or https address with a host: the only kind of address that becomes a link."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", url)
    except ValueError:
        return False


def web_addresses(raw: RawCurriculum, index) -> Iterator[Problem]:
    """A source's `url` becomes a link: only http and https addresses are links."""
    for located in raw.sources:
        url = located.record.url
        if url is not None and not is_web_address(url):
            shown = url if len(url) <= 40 else url[:37] + "…"
            yield located.origin.problem(
                f"'url' must be a web address starting with http:// or https:// (found '{shown}')", "url")


def cloze_numbers(raw: RawCurriculum, index) -> Iterator[Problem]:
    for located in raw.facts:
        if located.record.cloze is None:
            continue
        for deletion in deletions(located.record.cloze):
            if deletion.number > MAX_CLOZE_NUMBER:
                yield located.origin.problem(
                    f"cloze number c{deletion.number} is out of range: Anki numbers cards from c1 to "
                    f"c{MAX_CLOZE_NUMBER} (usually c1, c2, ...)", "cloze")
                break


def timeline_dates(raw: RawCurriculum, index) -> Iterator[Problem]:
    """Dates the timeline draws must leave it room within the calendar."""
    dated = [(located, ("date",), located.record.date) for located in raw.facts]
    dated += [(located, (name,), getattr(located.record, name)) for located in raw.eras for name in ("start", "end")]
    for located, sub, date in dated:
        if date is not None and not (FIRST_YEAR <= date.start.year and date.end.year <= LAST_YEAR):
            yield located.origin.problem(
                f"date '{date}' is out of range: the timeline draws years {FIRST_YEAR:04d} to {LAST_YEAR}", *sub)


def matching_texts(raw: RawCurriculum, index) -> Iterator[Problem]:
    """Matching questions pair names with roles and abbreviations with expansions: no two may read alike."""
    people = [located for located in index.people.values()]
    terms = [located for located in index.terms.values() if located.record.expansion]
    for records, kind, fields in ((people, "person", ("name", "role")), (terms, "term", ("term", "expansion"))):
        for field in fields:
            seen: dict[str, Located] = {}
            for located in records:
                key = m.comparable(getattr(located.record, field))
                if key in seen:
                    first = seen[key]
                    yield located.origin.problem(
                        f"{field} '{getattr(located.record, field)}' is also the {field} of {kind} "
                        f"'{first.record.id}' ({first.origin.path.name}:{first.origin.line_of(field)}): a matching "
                        f"question could not tell them apart; make each {field} distinct", field)
                seen.setdefault(key, located)


def revision_ledger(raw: RawCurriculum, index) -> Iterator[Problem]:
    """The revision ledger reads cleanly and its times are possible, so that `check` finds what `build` would."""
    if raw.root.is_dir():
        try:
            Ledger.load(raw.root)
        except CurriculumInvalid as exc:
            yield from exc.problems


RULES = [printed_texts, web_addresses, cloze_numbers, timeline_dates, matching_texts,
         revision_ledger]
