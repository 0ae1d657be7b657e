"""The bad-input corpus: each case breaks a copy of the tiny curriculum one way.

Each asserts the exact message at its `path:line`, exit code 1, and no
traceback, through both `check` and `build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import run

HISTORY = "curriculum/facts/01-history.yaml"
REPAIRS = "curriculum/facts/02-repairs.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    expected: str  # the full `path:line: message` line
    old: str | None = None  # replace `old` by `new` in `file` ...
    new: str | bytes = ""  # ... or, with old=None, write `new` as the whole file
    cascade: bool = False  # other lines may follow from the same mistake
    delete: bool = False  # remove `file` altogether
    directory: bool = False  # make `file` a directory
    sparse_bytes: int = 0  # make `file` a sparse file of this size (nothing is written to disk)
    more: tuple[tuple[str, str, str], ...] = ()  # further (file, old, new) edits that make up the same mistake

    def apply(self, root: Path) -> None:
        path = root / self.file
        if self.delete:
            path.unlink()
            return
        if self.directory:
            if path.exists():
                path.unlink()
            path.mkdir(parents=True)
            return
        if self.sparse_bytes:
            with open(path, "wb") as stream:
                stream.truncate(self.sparse_bytes)
            return
        if self.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.new if isinstance(self.new, bytes) else self.new.encode("utf-8"))
            return
        for file, old, new in ((self.file, self.old, self.new), *self.more):
            text = (root / file).read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {file}"
            (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    # YAML syntax
    Case("unclosed-quote", HISTORY, f"{HISTORY}:6: YAML syntax error: a quoted value is not closed on this line", old='answer: "1873"', new='answer: "1873'),
    Case("mapping-in-plain-scalar", HISTORY, f"{HISTORY}:5: YAML syntax error: mapping values are not allowed in this context; a value that holds "
         "': ' must be put in quotes",
         old="prompt: In what year", new="prompt: Year: in what year"),
    Case("unclosed-flow-list", HISTORY, f"{HISTORY}:9: YAML syntax error: did not find expected ',' or ']'"
         " (while parsing a flow sequence that starts on line 8)", old='["1962", "1901", "1850"]', new='["1962", "1901", "1850"'),
    Case("bad-indentation", HISTORY, f"{HISTORY}:5: YAML syntax error: did not find expected '-' indicator"
         " (while parsing a block collection that starts on line 3); check this line's indentation against the line "
         "above", old="    prompt:", new="   prompt:"),
    Case("tab-indentation", HISTORY, f"{HISTORY}:5: tab character in indentation; YAML must be indented with spaces",
         old="    prompt:", new="\tprompt:"),
    Case("byte-order-mark", "curriculum/modules.yaml",
         "curriculum/modules.yaml:1: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
         new=b"\xef\xbb\xbf" + (Path(__file__).parent / "fixtures/tiny/curriculum/modules.yaml").read_bytes()),
    Case("empty-file", "curriculum/modules.yaml", "curriculum/modules.yaml:1: file is empty; expected a YAML mapping",
         new=""),
    Case("not-utf8", "curriculum/people.yaml",
         "curriculum/people.yaml:3: not valid UTF-8 (byte 0xE9 at column 18); save the file as UTF-8",
         new=b"people:\n  - id: mara-quill\n    name: Mara Qu\xe9ll\n"),
    Case("top-level-list", "curriculum/glossary.yaml",
         "curriculum/glossary.yaml:1: expected a mapping at the top level, found a list", new="- a\n- b\n"),
    Case("top-level-scalar", "curriculum/course.yaml",
         "curriculum/course.yaml:1: expected a mapping at the top level, found a single value ('hello')",
         new="hello\n", cascade=True),
    Case("duplicate-key", HISTORY, f"{HISTORY}:6: duplicate key 'prompt' (first given on line 5)",
         old='    answer: "1873"', new='    prompt: again\n    answer: "1873"'),
    Case("python-tag", HISTORY, f"{HISTORY}:6: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"
         " is not allowed", old='answer: "1873"', new="answer: !!python/object/apply:os.system ['ls']"),
    Case("alias-bomb", "curriculum/glossary.yaml",
         "curriculum/glossary.yaml:1: YAML anchors ('&a') are not supported; write the value out",
         new="a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n"),
    Case("deep-nesting", "curriculum/glossary.yaml", "curriculum/glossary.yaml:1: nesting is deeper than 32 levels",
         new="terms: " + "[" * 200 + "]" * 200 + "\n"),
    Case("missing-required-file", "curriculum/sources.yaml", "curriculum/sources.yaml:1: file not found",
         delete=True),
    # schema
    Case("unknown-field", HISTORY, f"{HISTORY}:6: unknown field 'anwser' (did you mean 'answer'?)",
         old='answer: "1873"', new='anwser: "1873"', cascade=True),
    Case("missing-field", HISTORY, f"{HISTORY}:3: missing required field 'prompt'",
         old="    prompt: In what year was the Northpoint lighthouse first lit?\n", new=""),
    Case("missing-citations", REPAIRS, f"{REPAIRS}:27: missing required field 'citations'",
         old="    citations:\n      - source: gazette\n        quote: raised 40,000 pounds from local donors\n",
         new=""),
    Case("wrong-type-number", "curriculum/modules.yaml",
         "curriculum/modules.yaml:4: 'order' must be a whole number, not text ('first')",
         old="order: 1", new="order: first"),
    Case("wrong-type-text", HISTORY, f"{HISTORY}:6: 'answer' must be text, not a number (1873)",
         old='answer: "1873"', new="answer: 1873"),
    Case("wrong-type-list", HISTORY, f"{HISTORY}:8: 'distractors' must be a list, not text ('1962')",
         old='distractors: ["1962", "1901", "1850"]', new="distractors: '1962'"),
    Case("unknown-answer-type", HISTORY, f"{HISTORY}:7: 'answer_type' must be one of: 'person', 'role', 'date',"
         " 'number', 'place', 'country', 'organisation', 'event', 'concept' or 'term'; not 'year'",
         old="answer_type: date", new="answer_type: year"),
    Case("empty-string", HISTORY, f"{HISTORY}:4: 'statement' must not be empty",
         old="statement: The Northpoint lighthouse was first lit in 1873.", new='statement: "  "'),
    Case("huge-string", HISTORY, f"{HISTORY}:4: 'statement' is too long (100,000 characters; the limit is 500)",
         old="statement: The Northpoint lighthouse was first lit in 1873.", new="statement: " + "x" * 100_000),
    Case("bad-id", HISTORY, f"{HISTORY}:3: 'id' must be an id of lowercase letters, digits and single hyphens"
         " (such as 'first-edition'), not 'First Lit'", old="id: first-lit", new="id: First Lit"),
    Case("path-in-id", HISTORY, f"{HISTORY}:3: 'id' must be an id of lowercase letters, digits and single hyphens"
         " (such as 'first-edition'), not '../../etc/passwd'", old="id: first-lit", new="id: ../../etc/passwd"),
    # identity and references
    Case("duplicate-id-within-file", HISTORY,
         f"{HISTORY}:16: duplicate fact id 'first-lit' (first defined at 01-history.yaml:3)",
         old="id: automated", new="id: first-lit"),
    Case("duplicate-id-across-files", REPAIRS,
         f"{REPAIRS}:3: duplicate fact id 'first-lit' (first defined at 01-history.yaml:3)",
         old="id: relit", new="id: first-lit"),
    Case("unknown-source", HISTORY, f"{HISTORY}:13: unknown source 'gazete' (did you mean 'gazette'?)",
         old="      - source: gazette\n        quote: The lighthouse was first lit in 1873",
         new="      - source: gazete\n        quote: The lighthouse was first lit in 1873"),
    Case("unknown-module", HISTORY, f"{HISTORY}:1: unknown module 'histroy' (did you mean 'history'?)",
         old="module: history", new="module: histroy"),
    Case("unknown-person", HISTORY, f"{HISTORY}:25: unknown person 'tomas-brandt' (did you mean 'tomas-brand'?)",
         old="people: [tomas-brand]", new="people: [tomas-brandt]"),
    Case("unknown-related-fact", HISTORY, f"{HISTORY}:12: unknown fact 'nowhere'",
         old="    actor: keepers\n    citations:", new="    actor: keepers\n    related: [nowhere]\n    citations:"),
    Case("unknown-actor", HISTORY, f"{HISTORY}:11: unknown actor 'keeper' (did you mean 'keepers'?)",
         old="actor: keepers", new="actor: keeper"),
    Case("duplicate-module-order", "curriculum/modules.yaml",
         "curriculum/modules.yaml:9: module 'repairs' has the same order (1) as module 'history'",
         old="order: 2", new="order: 1"),
    # sources and quotes
    Case("quote-not-in-seed", HISTORY, f'{HISTORY}:14: quote not found in seed ../seeds/lighthouse-gazette.txt'
         ' (source \'gazette\'); it matches the seed up to "The lighthouse was first lit in 18" and then differs',
         old="quote: The lighthouse was first lit in 1873", new="quote: The lighthouse was first lit in 1837"),
    Case("quote-unrelated", HISTORY, f"{HISTORY}:14: quote not found in seed ../seeds/lighthouse-gazette.txt"
         " (source 'gazette'); its start does not occur in the seed",
         old="quote: The lighthouse was first lit in 1873", new="quote: Nothing like this was ever written"),
    Case("missing-seed-file", "curriculum/sources.yaml",
         "curriculum/sources.yaml:3: seed file not found: ../seeds/lighthouse-gazete.txt",
         old="file: ../seeds/lighthouse-gazette.txt", new="file: ../seeds/lighthouse-gazete.txt"),
    Case("seed-not-utf8", "seeds/keeper-diary.txt", "curriculum/sources.yaml:15: seed file ../seeds/keeper-diary.txt"
         " (line 1): not valid UTF-8 (byte 0xFF at column 1); save the file as UTF-8", new=b"\xff\xfe"),
    Case("exclusion-past-end", "curriculum/sources.yaml",
         "curriculum/sources.yaml:12: lines 7-70 run past the end of the seed (8 lines)",
         old="      - lines: 7\n", new="      - lines: 7-70\n"),
    # dates
    Case("impossible-date", REPAIRS, f"{REPAIRS}:10: invalid date '2021-02-30': February 2021 has 28 days",
         old="date: 2021-03-14", new="date: 2021-02-30"),
    Case("malformed-date", REPAIRS, f"{REPAIRS}:10: invalid date '14/03/2021': an interval has exactly one '/'",
         old="date: 2021-03-14", new="date: 14/03/2021"),
    Case("reversed-date-range", REPAIRS,
         f"{REPAIRS}:10: invalid date '2021-03-14/2019-03': the interval ends before it starts",
         old="date: 2021-03-14", new="date: 2021-03-14/2019-03"),
    Case("reversed-era", "curriculum/timeline.yaml",
         "curriculum/timeline.yaml:7: era ends (1873) before it starts (1962)",
         old="    start: 1873\n    end: 1962", new="    start: 1962\n    end: 1873"),
    Case("dated-fact-without-label", HISTORY,
         f"{HISTORY}:9: a dated fact needs a 'label' (a few words for the timeline)",
         old="    label: First lit\n", new=""),
    # cards
    Case("cloze-without-deletion", HISTORY,
         f"{HISTORY}:38: cloze text has no deletion; mark the answer as {{{{c1::answer}}}}",
         old="{{c1::Tomas Brand}}", new="Tomas Brand"),
    Case("cloze-unclosed", HISTORY, f"{HISTORY}:38: cloze deletion is not closed: '{{{{c1::Tomas Brand.' needs '}}}}'",
         old="{{c1::Tomas Brand}}.", new="{{c1::Tomas Brand."),
    Case("distractor-is-answer", HISTORY, f"{HISTORY}:8: distractor '1873' is the answer (or an accepted form of it)",
         old='["1962", "1901", "1850"]', new='["1962", "1873", "1850"]'),
    Case("distractors-repeat", HISTORY, f"{HISTORY}:8: distractor '1962' repeats distractor 1",
         old='["1962", "1901", "1850"]', new='["1962", "1962 ", "1850"]'),
    Case("too-few-distractors", HISTORY, f"{HISTORY}:8: give at least 3 distractors for a multiple-choice"
         " question, or none (found 2)", old='["1962", "1901", "1850"]', new='["1962", "1901"]'),
    # what an output cannot represent
    Case("vertical-tab", HISTORY, f"{HISTORY}:4: 'statement' contains the control character U+000B LINE TABULATION"
         " (\\v), which Moodle XML forbids and no output can show; remove it",
         old="statement: The Northpoint lighthouse was first lit in 1873.",
         new='statement: "The Northpoint lighthouse was first\\v lit in 1873."'),
    Case("null-character", HISTORY, f"{HISTORY}:5: 'prompt' contains the control character U+0000 NULL, which"
         " Moodle XML forbids and no output can show; remove it",
         old="prompt: In what year was the Northpoint lighthouse first lit?",
         new='prompt: "In what year\\0 was the Northpoint lighthouse first lit?"'),
    Case("escape-in-person-role", "curriculum/people.yaml", "curriculum/people.yaml:4: 'role' contains the control"
         " character U+001B ESCAPE, which Moodle XML forbids and no output can show; remove it",
         old="role: Chair of the Coastal Trust", new='role: "Chair of the \\e[31mCoastal Trust"'),
    Case("cjk-text", HISTORY, f"{HISTORY}:4: 'statement' contains '灯' (U+706F CJK UNIFIED IDEOGRAPH-706F) and 1"
         " other characters, which no font of the printed documents can draw (it would print as an empty box);"
         " they draw Latin, Greek and Cyrillic letters and common symbols",
         old="statement: The Northpoint lighthouse was first lit in 1873.",
         new="statement: The Northpoint lighthouse (灯塔) was first lit in 1873."),
    Case("emoji", HISTORY, f"{HISTORY}:5: 'prompt' contains '🗼' (U+1F5FC TOKYO TOWER), which no font of the"
         " printed documents can draw (it would print as an empty box); they draw Latin, Greek and Cyrillic letters"
         " and common symbols", old="prompt: In what year was the Northpoint lighthouse first lit?",
         new="prompt: In what year was the Northpoint lighthouse 🗼 first lit?"),
    Case("word-too-long", HISTORY, f"{HISTORY}:4: 'statement' has a word of 400 characters ('xxxxxxxxxxxxxxxxxxxxxxxxxxx…'),"
         " longer than a printed line can hold (at most 30); add spaces or hyphens",
         old="statement: The Northpoint lighthouse was first lit in 1873.",
         new="statement: The Northpoint lighthouse " + "x" * 400 + " was first lit in 1873."),
    Case("word-too-long-for-its-column", "curriculum/people.yaml", "curriculum/people.yaml:12: 'affiliation' has a word"
         " of 20 characters ('Northpointlighthouse'), longer than the narrow column it is printed in can hold"
         " (at most 14); add spaces or hyphens",
         old="affiliation: Northpoint lighthouse", new="affiliation: Northpointlighthouse"),
    Case("javascript-url", "curriculum/sources.yaml", "curriculum/sources.yaml:5: 'url' must be a web address"
         " starting with http:// or https:// (found 'javascript:alert(document.cookie)')",
         old="    publisher: The Gazette\n", new="    url: javascript:alert(document.cookie)\n    publisher: The Gazette\n"),
    Case("cloze-number-too-large", REPAIRS, f"{REPAIRS}:22: cloze number c70000 is out of range: Anki numbers"
         " cards from c1 to c65536 (usually c1, c2, ...)", old="{{c1::the Coastal Trust}}", new="{{c70000::the Coastal Trust}}"),
    Case("cloze-number-of-12-digits", REPAIRS, f"{REPAIRS}:22: malformed cloze deletion at '{{{{c111111111111::the Coastal T':"
         " write {{c1::answer}}", old="{{c1::the Coastal Trust}}", new="{{c" + "1" * 12 + "::the Coastal Trust}}"),
    Case("date-past-the-timeline", REPAIRS, f"{REPAIRS}:10: date '9999-12-31' is out of range: the timeline draws"
         " years 0002 to 9998", old="date: 2021-03-14", new="date: 9999-12-31"),
    Case("era-before-the-timeline", "curriculum/timeline.yaml", "curriculum/timeline.yaml:9: date '0001' is out of"
         " range: the timeline draws years 0002 to 9998", old="    start: 1873\n", new="    start: '0001'\n"),
    Case("same-role-twice", "curriculum/people.yaml", "curriculum/people.yaml:11: role 'Chair of the Coastal Trust'"
         " is also the role of person 'mara-quill' (people.yaml:4): a matching question could not tell them apart;"
         " make each role distinct", old="role: Last resident keeper", new="role: Chair of the Coastal Trust"),
    Case("same-name-twice", "curriculum/people.yaml", "curriculum/people.yaml:10: name 'mara quill' is also the name"
         " of person 'mara-quill' (people.yaml:3): a matching question could not tell them apart; make each name"
         " distinct", old="name: Tomas Brand", new="name: mara quill"),
    Case("same-expansion-twice", "curriculum/glossary.yaml", "curriculum/glossary.yaml:9: expansion 'Coastal Trust'"
         " is also the expansion of term 'ct' (glossary.yaml:4): a matching question could not tell them apart;"
         " make each expansion distinct",
         new="terms:\n  - id: ct\n    term: CT\n    expansion: Coastal Trust\n    meaning: The trust that paid.\n"
             "    citations: [{source: gazette, quote: the Coastal Trust}]\n"
             "  - id: tct\n    term: TCT\n    expansion: Coastal Trust\n    meaning: The same trust.\n"
             "    citations: [{source: gazette, quote: the Coastal Trust}]\n"),
    Case("integer-of-5000-digits", "curriculum/modules.yaml",
         "curriculum/modules.yaml:4: number is out of range (5,000 digits; at most 18)",
         old="order: 1", new="order: " + "1" * 5000),
    Case("superscript-line-number", "curriculum/sources.yaml", "curriculum/sources.yaml:12: 'lines' must be a line"
         " number or a range such as '41-55', got '²'", old="      - lines: 7\n", new="      - lines: '²'\n"),
    # files that are not regular files, or too large to read
    Case("seed-is-a-device", "curriculum/sources.yaml", "curriculum/sources.yaml:3: seed file /dev/zero: is a"
         " character device, not a regular file; only regular files are read",
         old="file: ../seeds/lighthouse-gazette.txt", new="file: /dev/zero"),
    Case("seed-too-large", "seeds/keeper-diary.txt", "curriculum/sources.yaml:15: seed file ../seeds/keeper-diary.txt:"
         " file is too large (4,294,967,296 bytes; the limit is 67,108,864)", sparse_bytes=4 * 1024**3),
    Case("glossary-is-a-directory", "curriculum/glossary.yaml",
         "curriculum/glossary.yaml:1: expected a YAML file, found a directory", directory=True),
    # the revision ledger, read like every curriculum file
    Case("ledger-time-in-year-5000", "curriculum/revisions.yaml", "curriculum/revisions.yaml:3: the revision ledger"
         " is damaged: time '5000-01-01T00:00:00Z' lies in the future; restore it from version control",
         new="# ledger\n\nfact:first-lit: {digest: 0123456789abcdef, changed: '5000-01-01T00:00:00Z'}\n"),
    Case("ledger-time-by-hand", "curriculum/revisions.yaml", "curriculum/revisions.yaml:3: the revision ledger"
         " is damaged: time '31/10/2018' is not of the form 2018-10-31T12:00:00Z; restore it from version control",
         new="fact:first-lit:\n  digest: 0123456789abcdef\n  changed: 31/10/2018\n"),
    Case("ledger-is-a-directory", "curriculum/revisions.yaml", "curriculum/revisions.yaml:1: the revision ledger"
         " cannot be read: expected a file, found a directory", directory=True),
    Case("ledger-deeply-nested", "curriculum/revisions.yaml", "curriculum/revisions.yaml:1: the revision ledger"
         " is damaged: nesting is deeper than 32 levels; restore it from version control",
         new="a: " + "[" * 900 + "]" * 900 + "\n"),
    Case("ledger-not-a-mapping", "curriculum/revisions.yaml", "curriculum/revisions.yaml:1: the revision ledger"
         " is damaged: expected a mapping of note keys to their digest and time; restore it from version control",
         new="- one\n- two\n"),
    # quotes that differ only where nothing shows
    Case("quote-with-zero-width-space", HISTORY, f"{HISTORY}:14: quote not found in seed ../seeds/lighthouse-gazette.txt"
         " (source 'gazette'); the quote contains the invisible U+200B (zero width space), which the seed does not"
         " have there; delete it from the quote",
         old="quote: The lighthouse was first lit in 1873", new="quote: The light\u200bhouse was first lit in 1873"),
    Case("seed-with-right-to-left-mark", "seeds/lighthouse-gazette.txt",
         f"{HISTORY}:14: quote not found in seed ../seeds/lighthouse-gazette.txt (source 'gazette'); the seed has"
         " the invisible U+200F (right-to-left mark) inside this passage, which the quote does not; copy the quote"
         " from the seed with it, or remove it from the seed",
         old="The lighthouse was first lit in 1873", new="The\u200f lighthouse was first lit in 1873"),
    Case("quote-in-another-normalisation-form", REPAIRS,
         f"{REPAIRS}:14: quote not found in seed ../seeds/lighthouse-gazette.txt (source 'gazette'); the quote has the"
         " same letters in another Unicode normalisation form (the quote is in NFD, the seed in NFC; an accented"
         " letter can be one character or a letter and a combining accent); save both files in NFC",
         old="quote: The Northpoint lighthouse was relit", new="quote: The Northpoint lighthouse was re\u0301lit",
         more=(("seeds/lighthouse-gazette.txt", "The Northpoint lighthouse was relit",
                "The Northpoint lighthouse was r\u00e9lit"),)),
    Case("fact-file-without-module", HISTORY,
         f"{HISTORY}:2: fact has no module: set 'module' on the fact or at the top of the file",
         old="module: history\n", new="", cascade=True),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_input_is_reported_at_its_line(tiny: Path, tmp_path: Path, case: Case, command: str):
    case.apply(tiny.parent)
    args = [command, "--curriculum", "curriculum"]
    if command == "build":
        args += ["--out", str(tmp_path / "out")]
    result = run(*args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.strip().splitlines() if not line.startswith("Curriculum: ")]
    assert case.expected in lines
    errors = [line for line in lines if ": warning: " not in line][:-1]  # the last line is the count
    if not case.cascade:
        assert errors == [case.expected]
    if command == "build":
        assert not (tmp_path / "out").exists()


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 78
    assert len({case.name for case in CASES}) == len(CASES)
    assert len({case.expected for case in CASES}) == len(CASES)


def test_missing_curriculum_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--curriculum", "nowhere")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "nowhere:1: curriculum directory does not exist"
