"""Where outputs go, and writing them so that a failure never leaves half a file.

Generators return `Artifact`s in memory; `write_all` first writes every
artifact to a temporary file beside its target, and only when all of
them are written renames them into place. A failure before the renames
leaves every previous output untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .errors import OutputError

KINDS = ("decks", "quizzes", "handouts", "exports", "reports")
INDEX = "index"  # the build's index page, at the top of the output folder
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")  # no '..', no '\\', no '/x'



@dataclass(frozen=True)
class Artifact:
    """One output file: its kind (the directory it goes to), its name there, its bytes."""

    kind: str
    name: str
    content: bytes
    description: str = ""


@dataclass(frozen=True)
class OutputLayout:
    """The directory of each kind of output."""

    dirs: Mapping[str, Path]

    @classmethod
    def default(cls, cwd: Path) -> "OutputLayout":
        """Decks in `decks/`, everything else under `build/` (the index at its top)."""
        return cls({**{kind: cwd / ("decks" if kind == "decks" else f"build/{kind}") for kind in KINDS},
                    INDEX: cwd / "build"})

    @classmethod
    def under(cls, out: Path) -> "OutputLayout":
        """Everything under one directory: `out/decks/`, `out/quizzes/`, ..., and `out/index.html`."""
        return cls({**{kind: out / kind for kind in KINDS}, INDEX: out})

    def path_for(self, artifact: Artifact) -> Path:
        """The target path, refusing any name that would leave its directory."""
        base = self.dirs[artifact.kind].resolve()
        target = (base / artifact.name).resolve()
        if not SAFE_NAME.fullmatch(artifact.name) or base not in target.parents:
            raise OutputError(f"refusing to write '{artifact.name}' outside {base}")
        return target


def write_all(artifacts: Iterable[Artifact], layout: OutputLayout) -> list[Path]:
    """Write every artifact atomically; return the paths written, in order."""
    staged: list[tuple[Path, Path]] = []
    try:
        for artifact in artifacts:
            target = layout.path_for(artifact)
            staged.append((_stage(target, artifact.content), target))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]


def write_atomic(target: Path, content: bytes) -> None:
    """Write one file atomically (used for files beside the curriculum)."""
    os.replace(_stage(target, content), target)


def _stage(target: Path, content: bytes) -> Path:
    """Write `content` to a temporary file in the target's directory."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{_shown(target.parent)}: cannot write here ({exc.strerror or exc})") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{_shown(target)}: cannot write ({exc.strerror or exc})") from None
    return temporary


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
