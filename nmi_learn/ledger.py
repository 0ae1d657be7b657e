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

import yaml

from .errors import NmiLearnError
from .outputs import write_atomic

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
    def load(cls, root: Path) -> "Ledger":
        path = root / LEDGER_FILE
        if not path.exists():
            return cls({})
        try:
            text = path.read_text(encoding="utf-8")
            revisions = _read_lines(text)
            if revisions is None:  # not in the form `dump` writes (edited by hand?): read it as YAML
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                data = yaml.load(text, Loader=loader) or {}
                revisions = {key: Revision(str(entry["digest"]), _epoch(entry["changed"])) for key, entry in data.items()}
        except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError) as exc:
            raise NmiLearnError(f"{path}: the revision ledger is damaged ({exc}); restore it from version control") from None
        return cls(revisions)

    def stamp(self, digests: Mapping[str, str], now: int | None) -> "Ledger":
        """The ledger for these digests: unchanged entries keep their time, changed ones get `now`."""
        moment = now if now is not None else int(time.time())
        stamped = {}
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

    def save_if_changed(self, root: Path, previous: "Ledger") -> bool:
        """Write the ledger when it differs from what was loaded; True if written."""
        if self.revisions == previous.revisions and (root / LEDGER_FILE).exists():
            return False
        write_atomic(root / LEDGER_FILE, self.dump())
        return True


_LINE = re.compile(r"^(?P<key>[^\s:]+:[^\s:]+): \{digest: (?P<digest>[0-9a-f]+), changed: '(?P<changed>[^']+)'\}$")


def _read_lines(text: str) -> dict[str, Revision] | None:
    """Read the one-entry-per-line form that `dump` writes; None if any line is in another form."""
    revisions = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            return None
        revisions[match["key"]] = Revision(match["digest"], _epoch(match["changed"]))
    return revisions


def _epoch(value: object) -> int:
    if isinstance(value, int):
        return value
    parsed = dt.datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    return int(parsed.timestamp())
