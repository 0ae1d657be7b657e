"""Outputs of the previous build, found by the digest of the inputs they were made from.

A document whose inputs (its data, its template and every template it
imports, the renderer's version, the document date) did not change since the
last build into the same folder is not rendered again: its bytes are read back
from the file that build wrote, after checking them against the digest the
manifest records. A file changed or removed since is simply rendered anew.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .manifest import Manifest, digest_of


def inputs_digest(*parts: bytes | str) -> str:
    """A digest of everything a document is made from, part by part."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass
class OutputCache:
    """Earlier outputs by inputs digest; `hits` counts the documents it saved rendering."""

    files: Mapping[str, tuple[Path, str]] = field(default_factory=dict)  # inputs -> (path, sha256 of bytes)
    hits: int = 0

    @classmethod
    def of(cls, manifest: Manifest, root: Path) -> "OutputCache":
        return cls({entry.inputs: (root / name, entry.sha256) for name, entry in sorted(manifest.entries.items())
                    if entry.inputs})

    def get(self, inputs: str) -> bytes | None:
        """The bytes made from these inputs last time, if the file is still as it was written."""
        found = self.files.get(inputs)
        if found is None:
            return None
        path, sha256 = found
        try:
            content = path.read_bytes()
        except OSError:
            return None
        if digest_of(content) != sha256:
            return None
        self.hits += 1
        return content
