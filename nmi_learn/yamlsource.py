"""Read a YAML file into plain data that remembers the line of every node.

The file is parsed as a stream of events (libyaml when available) and built
here, so that we decide what YAML may do: no tags, no aliases (no alias
bombs), a bounded depth, no duplicate keys, and no implicit dates or
yes/no booleans that would silently turn `answer: no` into `False`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
MAX_INT_DIGITS = 18  # every whole number fits in 64 bits; longer ones are typing slips, not data

Loc = tuple  # a path into the data: keys and list indexes

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}


@dataclass(frozen=True)
class YamlDocument:
    """The data of one YAML file and the line (1-based) of each node in it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(repr=False)

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class UnreadableInput(Exception):
    """Input that cannot be read as YAML or UTF-8 text, at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class UnreadableFile(Exception):
    """A path that is not a regular file we may read: missing, a directory, a FIFO or device, too large."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingFile(UnreadableFile):
    pass


class DirectoryNotFile(UnreadableFile):
    pass


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most `limit` of them.

    The file is opened without blocking (a FIFO would otherwise wait for a
    writer forever), checked to be a regular file, and its size checked
    before anything is read; no more than `limit` + 1 bytes are ever read,
    even from a file that grows or reports no size.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise MissingFile("file not found") from None
    except IsADirectoryError:
        raise DirectoryNotFile("expected a file, found a directory") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise DirectoryNotFile("expected a file, found a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _SPECIAL_KINDS if test(info.st_mode)), "a special file")
            raise UnreadableFile(f"is {kind}, not a regular file; only regular files are read")
        if info.st_size > limit:
            raise UnreadableFile(_too_large(info.st_size, limit))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UnreadableFile(_too_large(total, limit, at_least=True))
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"file is too large ({more}{size:,} bytes; the limit is {limit:,})"


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Load `path`; on failure return no document and the problem found."""
    try:
        raw = read_regular_file(path)
    except DirectoryNotFile:
        return None, [Problem(path, 1, "expected a YAML file, found a directory")]
    except UnreadableFile as exc:
        return None, [Problem(path, 1, exc.message)]
    return parse_yaml(path, raw)


def parse_yaml(path: Path, raw: bytes) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the bytes of `path` as read; on failure return no document and the problem found."""
    try:
        text = decode_text(raw)
        data, lines = _build(text)
    except UnreadableInput as exc:
        return None, [Problem(path, exc.line, exc.message)]
    if data is None:
        return None, [Problem(path, 1, "file is empty; expected a YAML mapping")]
    return YamlDocument(path, data, lines), []


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 strictly, explaining where and how it fails."""
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableInput(1, _too_large(len(raw), MAX_FILE_BYTES))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise UnreadableInput(1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        raise UnreadableInput(
            line, f"not valid UTF-8 (byte 0x{byte} at column {column}); save the file as UTF-8"
        ) from None


def _build(text: str) -> tuple[Any, dict[Loc, int]]:
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        opened = _unclosed_quote_line(text, exc.context_mark.line + 1 if exc.context_mark else 1, line)
        if opened is not None:
            raise UnreadableInput(opened, "YAML syntax error: a quoted value is not closed on this line") from None
        raise UnreadableInput(line, _syntax_message(exc, text, line)) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no problem_mark
        line = text.count("\n", 0, getattr(exc, "position", 0) or 0) + 1
        raise UnreadableInput(line, f"YAML syntax error: {_one_line(str(exc))}") from None
    return builder.root, builder.lines


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    problem = exc.problem or "invalid YAML"
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\\t" in problem or offending[: len(offending) - len(offending.lstrip())].count("\t"):
        return "tab character in indentation; YAML must be indented with spaces"
    context = ""
    if exc.context:
        started = exc.context_mark.line + 1 if exc.context_mark else None
        where = f" that starts on line {started}" if started and started != line else ""
        context = f" ({exc.context}{where})"
    return f"YAML syntax error: {problem}{context}{_hint(problem)}"


_HINTS = {
    "mapping values are not allowed": "a value that holds ': ' must be put in quotes",
    "did not find expected '-' indicator": "check this line's indentation against the line above",
    "expected <block end>": "check this line's indentation against the line above",
    "did not find expected key": "check this line's indentation against the line above",
    "could not find expected ':'": "a key needs ': ' after it, or a long value needs quotes",
    "found character that cannot start any token": "a value that starts with this character must be put in quotes",
}


def _hint(problem: str) -> str:
    """Advice for the syntax errors authors make most, in their words."""
    advice = next((text for start, text in _HINTS.items() if problem.startswith(start)), None)
    return f"; {advice}" if advice else ""


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w .-]+:\s+)?(?P<quote>[\"'])(?P<rest>.*)$")


def _unclosed_quote_line(text: str, first: int, last: int) -> int | None:
    """The first line in [first, last] whose quoted value never closes, if any.

    libyaml reports an unclosed quote where the file ends or the next key
    breaks, often lines later; this points at the line the user must fix.
    """
    lines = text.splitlines()
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        match = _QUOTED_VALUE.match(lines[number - 1])
        if not match:
            continue
        quote, rest = match["quote"], match["rest"].rstrip()
        body = rest.replace('\\\\', "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in body:
            return number
    return None


def _one_line(message: str) -> str:
    return " ".join(message.split())


@dataclass
class _Frame:
    container: Any
    loc: Loc
    key: str | None = None
    key_line: int = 0


class _Builder:
    """Turns parser events into dicts, lists and scalars, recording lines."""

    def __init__(self) -> None:
        self.root: Any = None
        self.lines: dict[Loc, int] = {}
        self.stack: list[_Frame] = []
        self.documents = 0

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)  # compared by identity, most frequent first: this runs for every node
        if kind is yaml.ScalarEvent:
            line = event.start_mark.line + 1
            if event.anchor is not None or event.tag not in _STR_TAGS:
                self._refuse_anchor_and_tag(event, line, allowed_tags=_STR_TAGS)
            self._add(_scalar_value(event, line), line)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            line = event.start_mark.line + 1
            self._refuse_anchor_and_tag(event, line, allowed_tags={None})
            if len(self.stack) >= MAX_DEPTH:
                raise UnreadableInput(line, f"nesting is deeper than {MAX_DEPTH} levels")
            container: Any = {} if kind is yaml.MappingStartEvent else []
            loc = self._add(container, line)
            self.stack.append(_Frame(container, loc))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
        elif kind is yaml.AliasEvent:
            line = event.start_mark.line + 1
            raise UnreadableInput(line, f"YAML aliases ('*{event.anchor}') are not supported; write the value out")
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                line = event.start_mark.line + 1
                raise UnreadableInput(line, "only one YAML document per file (remove the second '---')")

    @staticmethod
    def _refuse_anchor_and_tag(event: Any, line: int, allowed_tags: set) -> None:
        if event.anchor is not None:
            raise UnreadableInput(line, f"YAML anchors ('&{event.anchor}') are not supported; write the value out")
        if event.tag not in allowed_tags:
            raise UnreadableInput(line, f"YAML tag '{event.tag}' is not allowed")

    def _add(self, value: Any, line: int) -> Loc:
        if not self.stack:
            self.root = value
            self.lines[()] = line
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            loc = frame.loc + (len(frame.container),)
            frame.container.append(value)
            self.lines[loc] = line
            return loc
        if frame.key is None:
            if isinstance(value, (dict, list)):
                raise UnreadableInput(line, "a mapping key must be a plain value, not a list or mapping")
            key = "" if value is None else str(value)
            if key in frame.container:
                first = self.lines[frame.loc + (key,)]
                raise UnreadableInput(line, f"duplicate key '{key}' (first given on line {first})")
            frame.key, frame.key_line = key, line
            return frame.loc
        loc = frame.loc + (frame.key,)
        frame.container[frame.key] = value
        self.lines[loc] = frame.key_line
        frame.key = None
        return loc


def _scalar_value(event: yaml.ScalarEvent, line: int) -> Any:
    """Resolve a plain scalar the conservative way; quoted scalars stay strings."""
    text = event.value
    if not event.implicit[0] or event.tag is not None:  # quoted, block or tagged
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_INT_DIGITS:  # also keeps int() clear of its 4,300-digit limit
            raise UnreadableInput(line, f"number is out of range ({digits:,} digits; at most {MAX_INT_DIGITS})")
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text
