"""What a build wrote: a manifest in the output folder, so the next build can remove what it no longer makes.

After a module is renamed, its old quiz, key and guide would otherwise stay
beside the new ones, and a trainer printing "everything in build/quizzes"
would print outdated keys. Each build records every file it wrote (path and
digest); the next build that makes a target whole again (all its quizzes, say)
removes the files of that target it no longer makes, provided they are unchanged since they
were written. Files a build never wrote are never touched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

MANIFEST_NAME = ".nmi-learn-manifest.json"
FORMAT = 1


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One file a build wrote: the build target that made it and the digest of its bytes."""

    target: str
    sha256: str
    inputs: str = ""  # digest of what the file was made from, when it is worth not making again


@dataclass(frozen=True)
class Manifest:
    """Every file the builds into one output folder wrote, by path relative to that folder."""

    entries: Mapping[str, Entry] = field(default_factory=dict)
    inputs: str = ""  # the digest of everything the build read (build_key.py), when it had no warning to repeat

    @classmethod
    def load(cls, path: Path) -> tuple["Manifest", str | None]:
        """The manifest at `path`, or an empty one with a warning if it is missing or damaged (never trusted)."""
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return cls(), None
        except (OSError, ValueError) as exc:
            return cls(), f"{path}: the record of earlier outputs is unreadable ({exc}); no old output is removed"
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown format {data.get('format')!r}")
            entries = {str(name): Entry(str(item["target"]), str(item["sha256"]), str(item.get("inputs", "")))
                       for name, item in data["outputs"].items()}
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            return cls(), f"{path}: the record of earlier outputs is damaged ({exc}); no old output is removed"
        return cls(entries, str(data.get("inputs", ""))), None

    def intact(self, root: Path) -> bool:
        """Whether every file recorded is in place under `root` with the bytes it was written with."""
        for name, entry in self.entries.items():
            try:
                if digest_of((root / name).read_bytes()) != entry.sha256:
                    return False
            except OSError:
                return False
        return bool(self.entries)

    def dump(self) -> bytes:
        outputs = {name: {"target": entry.target, "sha256": entry.sha256, **({"inputs": entry.inputs} if entry.inputs
                                                                            else {})}
                   for name, entry in sorted(self.entries.items())}
        record = {"format": FORMAT, "generator": "nmi-learn", "outputs": outputs,
                  **({"inputs": self.inputs} if self.inputs else {})}
        return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Cleanup:
    """The manifest after this build, and the files to remove once the new outputs are in place."""

    manifest: Manifest
    remove: tuple[Path, ...]
    kept: tuple[Path, ...]  # stale, but changed since they were written: left alone and named


def plan(previous: Manifest, written: Mapping[str, Entry], whole_targets: Iterable[str], root: Path) -> Cleanup:
    """Stale files: written before by a target this build made whole, not written now, unchanged on disk."""
    whole = set(whole_targets)
    entries = {name: entry for name, entry in previous.entries.items() if entry.target not in whole}
    entries.update(written)
    remove, kept = [], []
    for name, entry in sorted(previous.entries.items()):
        if entry.target not in whole or name in written:
            continue
        path = root / name
        try:
            current = digest_of(path.read_bytes()) if path.is_file() else None
        except OSError:
            current = None
        if current is None:
            continue  # already gone
        if current == entry.sha256:
            remove.append(path)
        else:
            kept.append(path)  # changed since it was written: the user's now, no longer recorded
    return Cleanup(Manifest(entries), tuple(remove), tuple(kept))
