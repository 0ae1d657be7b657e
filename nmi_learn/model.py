"""The curriculum schema: typed, immutable records read from the YAML files.

One model per record kind. Field limits here are the card-writing rules
that a schema can express (short answers, non-empty text); cross-record
rules live in `validate.py`.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Optional

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from .dates import FuzzyDate, parse_date
from .wording import comparable  # noqa: F401  (answers are compared so everywhere)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN, max_length=64)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
_POINT = r"(?:(?:early|mid|late) [0-9]{4}|[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)[~?%]?"
DATE_SCHEMA = {"anyOf": [{"type": "string", "pattern": rf"^\s*{_POINT}\s*(?:/\s*{_POINT}\s*)?$"},
                         {"type": "integer", "minimum": 1, "maximum": 9999}],
               "examples": ["2018-10-31", "2018-10", "2018", "early 2019", "2018-11~", "2018-07-11/2018-07-12"]}
Date = Annotated[FuzzyDate, PlainValidator(parse_date), PlainSerializer(str), WithJsonSchema(DATE_SCHEMA)]




class Record(BaseModel):
    """Base of every record: unknown keys are errors, records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerType(str, Enum):
    """What kind of thing an answer is; multiple-choice options share one type."""

    PERSON = "person"
    ROLE = "role"
    DATE = "date"
    NUMBER = "number"
    PLACE = "place"
    COUNTRY = "country"
    ORGANISATION = "organisation"
    EVENT = "event"
    CONCEPT = "concept"
    TERM = "term"


class ExclusionReason(str, Enum):
    """Why a stretch of a seed is not taught."""

    HEADLINE = "headline"
    BOILERPLATE = "boilerplate"
    ADVERT = "advert"
    DUPLICATE = "duplicate"
    OFF_TOPIC = "off-topic"
    RELATED_ARTICLES = "related-articles"
    CREDIT = "credit"
    CAPTION = "caption"
    DATELINE = "dateline"


class Citation(Record):
    """A verbatim quote from one seed that supports a record."""

    source: Slug
    quote: Paragraph


class CardRules(Record):
    """Limits a linter checks on every fact (the minimum information principle)."""

    max_answer_words: StrictInt = Field(default=8, ge=1)
    max_answer_chars: StrictInt = Field(default=80, ge=1)
    vague_phrases: list[ShortText] = []
    require_distractors: bool = False
    attribute_single_source: bool = True  # a fact only one article states names whose claim it is


class Course(Record):
    """The curriculum as a whole: names the deck, the quizzes and the files."""

    id: Slug
    title: ShortText
    subtitle: Optional[Line] = None
    description: Paragraph
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    card_rules: CardRules = CardRules()


class Publication(Record):
    date: Date
    basis: Paragraph  # for curators: how the date was established
    derived: Optional[Line] = None  # for learners, when the article is undated: "undated; worked out from ..."

    def shown(self) -> str:
        """The date as learners see it: "31 October 2018", or "late 2018 (undated; worked out from ...)"."""
        return self.date.label() + (f" ({self.derived})" if self.derived else "")


def _line_range(value: object) -> tuple[int, int]:
    """Read `12` or `"41-55"` as an inclusive range of line numbers."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    first, _, last = text.partition("-")
    line_number = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit takes '²', which int() refuses
    if not (line_number.fullmatch(first.strip()) and (line_number.fullmatch(last.strip()) or not last)):
        raise ValueError(f"'lines' must be a line number or a range such as '41-55', got {value!r}")
    start, end = int(first), int(last or first)
    if not 1 <= start <= end:
        raise ValueError(f"'lines' range {value!r} must start at 1 or later and not run backwards")
    return start, end


LineRange = Annotated[tuple[int, int], PlainValidator(_line_range), PlainSerializer(lambda r: f"{r[0]}-{r[1]}"),
                      WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1},
                                                {"type": "string", "pattern": r"^\s*[0-9]+\s*(?:-\s*[0-9]+\s*)?$"}]})]


class Exclusion(Record):
    """Lines or a passage of a seed that is deliberately not taught."""

    lines: Optional[LineRange] = None
    text: Optional[Paragraph] = None
    reason: ExclusionReason
    note: Optional[Line] = None

    @model_validator(mode="after")
    def _one_target(self) -> "Exclusion":
        if (self.lines is None) == (self.text is None):
            raise ValueError("give exactly one of 'lines' or 'text'")
        return self


class Source(Record):
    """One seed article and what we know about it."""

    id: Slug
    file: Line
    title: Line
    publisher: ShortText
    author: Optional[ShortText] = None
    published: Publication
    url: Optional[Line] = None
    note: Optional[Paragraph] = None
    not_taught: list[Exclusion] = []


class Passage(Record):
    """A sentence or two of a module's narrative, cited like a fact."""

    text: Paragraph
    citations: list[Citation] = Field(min_length=1)


class Module(Record):
    id: Slug
    title: ShortText
    order: StrictInt = Field(ge=1, le=999)
    summary: Optional[Paragraph] = None
    objectives: list[Line] = Field(min_length=1)
    minutes: Optional[StrictInt] = Field(default=None, ge=5, le=600)  # teaching time the trainer should allow
    narrative: list[Passage] = []  # the study guide's opening paragraph, passage by passage


class Fact(Record):
    """One teachable claim: a statement, its question and answer, and its sources."""

    id: Slug
    module: Optional[Slug] = None
    topic: Optional[ShortText] = None
    statement: Sentence
    prompt: Line
    answer: ShortText
    answer_type: AnswerType
    accept: list[ShortText] = []
    cloze: Optional[Sentence] = None
    distractors: list[ShortText] = []
    false_statement: Optional[Sentence] = None
    explanation: Optional[Line] = None
    label: Optional[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]] = None
    date: Optional[Date] = None
    derived_from: Optional[Line] = None
    lasting: StrictBool = False
    actor: Optional[Slug] = None
    attribution: Optional[ShortText] = None
    people: list[Slug] = []
    terms: list[Slug] = []
    related: list[Slug] = []
    tags: list[Slug] = []
    note: Optional[Paragraph] = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _derived_needs_date(self) -> "Fact":
        if self.derived_from is not None and self.date is None:
            raise ValueError("'derived_from' explains a date, so the fact needs a 'date'")
        return self

    @model_validator(mode="after")
    def _lasting_needs_interval(self) -> "Fact":
        if self.lasting and (self.date is None or not self.date.is_interval):
            raise ValueError("'lasting' says the event went on from the start to the end of its date, so the fact "
                             "needs a 'date' interval such as '2004/2011'")
        return self


class Person(Record):
    id: Slug
    name: ShortText
    role: Line
    affiliation: Optional[ShortText] = None  # only where an article gives it
    aliases: list[ShortText] = []
    note: Optional[Paragraph] = None
    citations: list[Citation] = Field(min_length=1)


class Term(Record):
    """A glossary entry: an acronym or name form and what it means."""

    id: Slug
    term: ShortText
    expansion: Optional[ShortText] = None
    meaning: Line
    aliases: list[ShortText] = []
    note: Optional[Paragraph] = None
    citations: list[Citation] = Field(min_length=1)


class Actor(Record):
    """A lane of the timeline: who acts in an event."""

    id: Slug
    label: ShortText


class Era(Record):
    """A span drawn on the timeline; an era without an end runs on past the figure."""

    id: Slug
    label: ShortText
    start: Date
    end: Optional[Date] = None
    actor: Optional[Slug] = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> "Era":
        if self.end is not None and self.end.end < self.start.start:
            raise ValueError(f"era ends ({self.end}) before it starts ({self.start})")
        return self


# File envelopes: the top-level shape of each YAML file. Items are validated
# one by one afterwards, so one bad record does not hide the others.


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourcesFile(Envelope):
    sources: list[dict] = Field(min_length=1)


class ModulesFile(Envelope):
    modules: list[dict] = Field(min_length=1)


class FactsFile(Envelope):
    module: Optional[Slug] = None
    facts: list[dict] = Field(min_length=1)


class PeopleFile(Envelope):
    people: list[dict] = []


class GlossaryFile(Envelope):
    terms: list[dict] = []


class TimelineFile(Envelope):
    actors: list[dict] = []
    eras: list[dict] = []
