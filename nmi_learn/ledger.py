"""The revision ledger: when each Anki note (and note type) last changed.

Anki updates an imported note only when the incoming modification time is
newer than its own, so each note must keep its time until its content
changes, even when the deck is built into an empty directory. The ledger
(`revisions.yaml`, beside the curriculum and committed with it) records a
digest of each note's content and the time that digest first appeared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import CurriculumInvalid, Problem
from .yamlsource import MissingFile, UnreadableFile, UnreadableInput, decode_text, parse_yaml, read_regular_file

LEDGER_FILE = "revisions.yaml"
_HEADER = (
    "# Written by `nmi-learn build`: when each Anki note last changed, so that\n"
    "# re-imported decks update exactly the edited notes. Commit it; do not edit it.\n"
)


def digest(*parts: object) -> str:
    """A short, stable digest of a note's content."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()[:16]


@dataclass(frozen=True)
class Revision:
    digest: str
    changed: int  # seconds since the epoch


@dataclass(frozen=True)
class Ledger:
    """Known revisions by key ("fact:launch-city", "notetype:qa", ...)."""

    revisions: Mapping[str, Revision]

    @classmethod
    def load(cls, root: Path, latest_allowed: int | None = None) -> "Ledger":
        """Read `revisions.yaml` beside the curriculum (none yet: an empty ledger).

        It is read like every curriculum file (a regular file, size checked
        first, the hardened YAML reader), and every time must lie between
        1970 and `latest_allowed` (default: a day from now): a time in the
        future would stop Anki from ever updating that note again.
        """
        path = root / LEDGER_FILE
        try:
            raw = read_regular_file(path)
        except MissingFile:
            return cls({})
        except UnreadableFile as exc:
            raise CurriculumInvalid([Problem(path, 1, f"the revision ledger cannot be read: {exc.message}")]) from None
        latest = latest_allowed if latest_allowed is not None else int(time.time()) + FUTURE_SLACK_SECONDS
        try:
            revisions = _read_lines(decode_text(raw), latest)
            if revisions is None:  # not in the form `dump` writes (edited by hand?): read it as YAML
                revisions = _read_yaml(path, raw, latest)
        except UnreadableInput as exc:
            raise _damaged(path, exc.line, exc.message) from None
        return cls(revisions)

    def stamp(self, digests: Mapping[str, str], now: int | None, keep_others: bool = False) -> "Ledger":
        """The ledger for these digests: unchanged entries keep their time, changed ones get `now`.

        With `keep_others` (a deck of some modules), the entries of other notes stay as they are."""
        moment = now if now is not None else int(time.time())
        stamped = dict(self.revisions) if keep_others else {}
        for key, note_digest in digests.items():
            known = self.revisions.get(key)
            stamped[key] = known if known is not None and known.digest == note_digest else Revision(note_digest, moment)
        return Ledger(dict(sorted(stamped.items())))

    def latest(self) -> int:
        """The time of the most recent change (0 for an empty ledger)."""
        return max((revision.changed for revision in self.revisions.values()), default=0)

    def changed(self, key: str) -> int:
        return self.revisions[key].changed

    def dump(self) -> bytes:
        lines = [_HEADER]
        for key, revision in sorted(self.revisions.items()):
            when = dt.datetime.fromtimestamp(revision.changed, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            lines.append(f"{key}: {{digest: {revision.digest}, changed: '{when}'}}\n")
        return "".join(lines).encode("utf-8")


_LINE = re.compile(r"^(?P<key>[^\s:]+:[^\s:]+): \{digest: (?P<digest>[0-9a-f]+), changed: '(?P<changed>[^']+)'\}$")
_DIGEST = re.compile(r"[0-9a-f]{1,64}")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
FUTURE_SLACK_SECONDS = 86_400  # clocks disagree; a day is more than any two machines should


def _damaged(path: Path, line: int, message: str) -> CurriculumInvalid:
    return CurriculumInvalid([Problem(path, line, f"the revision ledger is damaged: {message}; "
                                                  "restore it from version control")])


def _read_lines(text: str, latest: int) -> dict[str, Revision] | None:
    """Read the one-entry-per-line form that `dump` writes; None if any line is in another form."""
    revisions = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            return None
        revisions[match["key"]] = Revision(match["digest"], _epoch(match["changed"], latest, number))
    return revisions


def _read_yaml(path: Path, raw: bytes, latest: int) -> dict[str, Revision]:
    """Read a ledger in any YAML form, through the same hardened reader as the curriculum."""
    document, problems = parse_yaml(path, raw)
    if document is None:
        raise _damaged(path, problems[0].line, problems[0].message)
    if not isinstance(document.data, dict):
        raise _damaged(path, 1, "expected a mapping of note keys to their digest and time")
    revisions = {}
    for key, entry in document.data.items():
        line = document.line_of((key,))
        if not isinstance(entry, dict) or set(entry) != {"digest", "changed"}:
            raise _damaged(path, line, f"entry '{key}' must be {{digest: ..., changed: '...'}}")
        note_digest = str(entry["digest"])  # a digest of digits alone reads as a number
        if isinstance(entry["digest"], bool) or not _DIGEST.fullmatch(note_digest):
            raise _damaged(path, document.line_of((key, "digest")), f"entry '{key}' has no valid digest")
        revisions[key] = Revision(note_digest, _epoch(entry["changed"], latest, document.line_of((key, "changed"))))
    return revisions


def _epoch(value: object, latest: int, line: int) -> int:
    """Seconds since the epoch of a ledger time, refusing times Anki could never move past."""
    try:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError
        if isinstance(value, int):
            seconds = value
        else:
            parsed = dt.datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=dt.timezone.utc)
            seconds = int(parsed.timestamp())
    except ValueError:
        raise UnreadableInput(line, f"time {value!r} is not of the form 2018-10-31T12:00:00Z") from None
    if seconds < 0:
        raise UnreadableInput(line, f"time {value!r} is before 1970")
    if seconds > latest:
        raise UnreadableInput(line, f"time {value!r} lies in the future")
    return seconds
