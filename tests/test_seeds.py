"""Seed texts: normalisation, quote lookup, and the map back to raw offsets."""

from nmi_learn.seeds import SeedText, normalise

RAW = "Line one  “quoted” —  text\n\u00a0with\ttabs and Oct. 31.\n"


def test_normalise_folds_marks_dashes_and_whitespace():
    assert normalise(RAW) == 'Line one "quoted" - text with tabs and Oct. 31.'


def test_quotes_match_across_typographic_variants():
    seed = SeedText(RAW)
    assert seed.contains('"quoted" – text with tabs')
    assert not seed.contains("quoted text")
    assert not seed.contains("   ")


def test_spans_point_back_at_the_raw_text():
    seed = SeedText(RAW)
    span = seed.find('"quoted" - text with')
    assert RAW[span.start : span.end] == "“quoted” —  text\n\u00a0with"
    assert seed.line_of(span.start) == 1 and seed.line_of(span.end - 1) == 2
    twice = SeedText("a  b, a b")
    assert [twice.text[s.start : s.end] for s in twice.find_all("a b")] == ["a  b", "a b"]


def test_longest_matching_prefix_says_where_a_quote_diverges():
    assert SeedText(RAW).longest_matching_prefix("Line one “quoted” text") == 'Line one "quoted" '
