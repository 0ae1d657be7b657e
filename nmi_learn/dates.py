"""Dates as precise as the sources allow, after EDTF (ISO 8601-2).

Written forms, each optionally followed by `~` (approximate) or `?`
(uncertain), as in EDTF level 1:

    2018-10-31        a day
    2018-10           a month
    2018              a year
    early 2019        the first third of a year (also `mid`, `late`)
    2018-07-11/2018-07-12   an interval between two of the forms above

Every date covers a span of days [start, end]; dates sort by that span, so
'2018-10' < '2018-10-31' < 'early 2019' < '2019'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

MONTHS = [calendar.month_name[m] for m in range(13)]
PERIODS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_POINT = re.compile(
    r"(?:(?P<period>early|mid|late) (?P<pyear>\d{4})"
    r"|(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?)"
    r"(?P<qualifier>[~?%])?"
)


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    PERIOD = "period"  # early, mid or late in a year
    YEAR = "year"


@dataclass(frozen=True, order=False)
class DatePoint:
    """One date at some precision: the days it may mean are [start, end]."""

    start: dt.date
    end: dt.date
    precision: Precision
    approximate: bool = False
    uncertain: bool = False
    period: str | None = None

    def label(self) -> str:
        """The date the way a person writes it: '31 October 2018', 'early 2019'."""
        if self.precision is Precision.DAY:
            text = f"{self.start.day} {MONTHS[self.start.month]} {self.start.year}"
        elif self.precision is Precision.MONTH:
            text = f"{MONTHS[self.start.month]} {self.start.year}"
        elif self.precision is Precision.PERIOD:
            text = f"{self.period} {self.start.year}"
        else:
            text = str(self.start.year)
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text = f"{text}?"
        return text



@dataclass(frozen=True)
class FuzzyDate:
    """A date or interval as written in the curriculum, sortable and printable."""

    text: str
    first: DatePoint
    last: DatePoint | None = None  # set for intervals

    @property
    def start(self) -> dt.date:
        return self.first.start

    @property
    def end(self) -> dt.date:
        return (self.last or self.first).end

    @property
    def is_interval(self) -> bool:
        return self.last is not None

    @property
    def approximate(self) -> bool:
        """True when the date is not a plain day, month or year as stated."""
        points = [self.first] + ([self.last] if self.last else [])
        return any(p.approximate or p.uncertain or p.precision is Precision.PERIOD for p in points)

    @property
    def precision(self) -> Precision:
        return self.first.precision

    def sort_key(self) -> tuple[int, int]:
        return (self.start.toordinal(), self.end.toordinal())

    def label(self) -> str:
        """Printable form: '11–12 July 2018', 'October–November 2020', 'early 2019'."""
        if self.last is None:
            return self.first.label()
        a, b = self.first, self.last
        plain = not (a.approximate or a.uncertain or b.approximate or b.uncertain)
        if plain and a.precision is b.precision is Precision.DAY and a.start.year == b.start.year:
            if a.start.month == b.start.month:
                return f"{a.start.day}–{b.start.day} {MONTHS[a.start.month]} {a.start.year}"
            return f"{a.start.day} {MONTHS[a.start.month]} – {b.label()}"
        if plain and a.precision is b.precision is Precision.MONTH and a.start.year == b.start.year:
            return f"{MONTHS[a.start.month]}–{MONTHS[b.start.month]} {a.start.year}"
        return f"{a.label()} – {b.label()}"

    def __str__(self) -> str:
        return self.text


def parse_date(text: str | int) -> FuzzyDate:
    """Parse a written date; raise ValueError with a reader-friendly reason."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)  # YAML reads a bare year such as 2016 as a number
    if not isinstance(text, str):
        raise ValueError(f"a date must be written as text such as '2018-10-31', got {text!r}")
    cleaned = " ".join(text.split())
    parts = cleaned.split("/")
    if len(parts) > 2:
        raise ValueError(f"invalid date '{text}': an interval has exactly one '/'")
    first = _parse_point(parts[0].strip(), text)
    if len(parts) == 1:
        return FuzzyDate(cleaned, first)
    last = _parse_point(parts[1].strip(), text)
    if last.end < first.start or (last.start, last.end) < (first.start, first.end):
        raise ValueError(f"invalid date '{text}': the interval ends before it starts")
    return FuzzyDate(cleaned, first, last)


def _parse_point(text: str, whole: str) -> DatePoint:
    match = _POINT.fullmatch(text)
    if not match:
        raise ValueError(
            f"invalid date '{whole}': write YYYY-MM-DD, YYYY-MM, YYYY, "
            "'early|mid|late YYYY' (optionally ending in ~ or ?), or two of them joined by '/'"
        )
    qualifier = match["qualifier"] or ""
    flags = {"approximate": qualifier in ("~", "%"), "uncertain": qualifier in ("?", "%")}
    if match["period"]:
        year = int(match["pyear"])
        first_month, last_month = PERIODS[match["period"]]
        return DatePoint(
            dt.date(year, first_month, 1), _month_end(year, last_month), Precision.PERIOD, period=match["period"], **flags
        )
    year = int(match["year"])
    if year < 1:
        raise ValueError(f"invalid date '{whole}': year 0000 does not exist")
    if match["month"] is None:
        return DatePoint(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, **flags)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"invalid date '{whole}': there is no month {month:02d}")
    if match["day"] is None:
        return DatePoint(dt.date(year, month, 1), _month_end(year, month), Precision.MONTH, **flags)
    day = int(match["day"])
    try:
        day_date = dt.date(year, month, day)
    except ValueError:
        last_day = calendar.monthrange(year, month)[1]
        raise ValueError(
            f"invalid date '{whole}': {MONTHS[month]} {year} has {last_day} days"
        ) from None
    return DatePoint(day_date, day_date, Precision.DAY, **flags)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
