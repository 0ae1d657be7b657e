import datetime as dt

import pytest

from nmi_learn.dates import Precision, parse_date


@pytest.mark.parametrize(
    "text, label, precision, start, end",
    [
        ("2018-10-31", "31 October 2018", Precision.DAY, dt.date(2018, 10, 31), dt.date(2018, 10, 31)),
        ("2018-10", "October 2018", Precision.MONTH, dt.date(2018, 10, 1), dt.date(2018, 10, 31)),
        ("2018", "2018", Precision.YEAR, dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("early 2019", "early 2019", Precision.PERIOD, dt.date(2019, 1, 1), dt.date(2019, 4, 30)),
        ("late 2018", "late 2018", Precision.PERIOD, dt.date(2018, 9, 1), dt.date(2018, 12, 31)),
        ("2018-11~", "c. November 2018", Precision.MONTH, dt.date(2018, 11, 1), dt.date(2018, 11, 30)),
        ("2016?", "2016?", Precision.YEAR, dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
        ("2020-02", "February 2020", Precision.MONTH, dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
    ],
)
def test_points_parse_to_spans_and_print_as_written(text, label, precision, start, end):
    date = parse_date(text)
    assert (date.label(), date.precision, date.start, date.end) == (label, precision, start, end)


@pytest.mark.parametrize(
    "text, label",
    [
        ("2018-07-11/2018-07-12", "11–12 July 2018"),
        ("2018-10-31/2018-12-31", "31 October – 31 December 2018"),
        ("2020-10/2020-11", "October–November 2020"),
        ("2004/2011", "2004 – 2011"),
        ("2018-10-31/2018-12", "31 October 2018 – December 2018"),
    ],
)
def test_intervals_print_compactly(text, label):
    assert parse_date(text).label() == label
    assert parse_date(text).is_interval


def test_dates_sort_by_span():
    written = ["2019", "early 2019", "2018-10-31", "2018-10", "2017-01"]
    ordered = sorted(written, key=lambda text: parse_date(text).sort_key())
    assert ordered == ["2017-01", "2018-10", "2018-10-31", "early 2019", "2019"]


def test_bare_year_number_from_yaml_is_accepted():
    assert parse_date(2016).label() == "2016"


def test_approximate_covers_periods_and_qualifiers_only():
    assert parse_date("early 2019").approximate
    assert parse_date("2018-11~").approximate
    assert not parse_date("2018-11").approximate


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2018-02-30", "February 2018 has 28 days"),
        ("2020-13", "there is no month 13"),
        ("31/10/2018", "an interval has exactly one '/'"),
        ("Oct. 31", "write YYYY-MM-DD"),
        ("2019/2018", "the interval ends before it starts"),
        ("0000", "year 0000 does not exist"),
        ("soon", "write YYYY-MM-DD"),
    ],
)
def test_invalid_dates_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)
