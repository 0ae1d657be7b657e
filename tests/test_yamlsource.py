from pathlib import Path

import pytest

from nmi_learn.yamlsource import read_yaml


def load(tmp_path: Path, content: str | bytes):
    path = tmp_path / "file.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return read_yaml(path)


def test_scalars_resolve_conservatively(tmp_path):
    document, problems = load(tmp_path, "a: 2018-10-31\nb: no\nc: 12\nd: true\ne: 1.5\nf: ~\ng: '7'\nh: yes\n")
    assert problems == []
    assert document.data == {"a": "2018-10-31", "b": "no", "c": 12, "d": True, "e": 1.5, "f": None,
                             "g": "7", "h": "yes"}


def test_every_node_remembers_its_line(tmp_path):
    document, _ = load(tmp_path, "facts:\n  - id: a\n    citations:\n      - quote: x\n")
    assert document.line_of(("facts", 0, "id")) == 2
    assert document.line_of(("facts", 0, "citations", 0, "quote")) == 4
    assert document.line_of(("facts", 0, "missing")) == 2  # nearest ancestor: the record


@pytest.mark.parametrize(
    "content, line, message",
    [
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (first given on line 1)"),
        ("a: &x [1]\nb: *x\n", 1, "YAML anchors ('&x') are not supported; write the value out"),
        ("a: !!python/object:os.system x\n", 1, "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
        ("a: 1\n---\nb: 2\n", 2, "only one YAML document per file (remove the second '---')"),
        ("a:\n\t- 1\n", 2, "tab character in indentation; YAML must be indented with spaces"),
        ("a: 'open\nb: 2\n", 1, "YAML syntax error: a quoted value is not closed on this line"),
        ("a: [1, 2\nb: 3\n", 2, "YAML syntax error: did not find expected ',' or ']'"
                                " (while parsing a flow sequence that starts on line 1)"),
        ("", 1, "file is empty; expected a YAML mapping"),
        ("# only a comment\n", 1, "file is empty; expected a YAML mapping"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", 1, "nesting is deeper than 32 levels"),
    ],
)
def test_refusals_are_located(tmp_path, content, line, message):
    document, problems = load(tmp_path, content)
    assert document is None
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_non_utf8_names_line_and_byte(tmp_path):
    document, problems = load(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert document is None
    assert [(p.line, p.message) for p in problems] == [
        (2, "not valid UTF-8 (byte 0xE9 at column 7); save the file as UTF-8")]


def test_byte_order_mark_is_refused_with_advice(tmp_path):
    _, problems = load(tmp_path, b"\xef\xbb\xbfa: 1\n")
    assert problems[0].message == "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    document, problems = load(tmp_path, bomb)
    assert document is None
    assert "anchors" in problems[0].message
