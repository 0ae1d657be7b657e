"""A build's finished files kept on disk, not in memory, until they are written.

Every output is written only when all of them are made (so a failed build
replaces nothing); holding them all in memory until then costs as much memory
as the outputs weigh (about 240 MB at 10,000 facts). The spool is a private,
hidden folder inside the output folder, so that writing a spooled file is a
rename on the same disk. It is removed when the build ends, however it ends;
one left by a build that was killed is removed by the next build, which knows
it from a live one by a lock the live one holds on it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .manifest import digest_of

try:
    import fcntl
except ImportError:  # not on Windows: a killed build's spool stays until removed by hand
    fcntl = None

if TYPE_CHECKING:
    from .outputs import Artifact

PREFIX = ".nmi-learn-spool-"
SPOOL_FROM = 32 * 1024  # smaller files cost less memory than a file each on disk


@dataclass(frozen=True)
class Spooled:
    """An output's bytes, in a file of the spool: where, how many, and their SHA-256."""

    path: Path
    size: int
    sha256: str

    def read(self) -> bytes:
        return self.path.read_bytes()


class Spool:
    """The build's spool folder under `root`, for the length of a `with` block.

    Where no folder can be made (a read-only place), files stay in memory:
    writing them there would fail anyway, and says why.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._folder: Path | None = None
        self._lock: int | None = None
        self._made_root = False

    def __enter__(self) -> "Spool":
        try:
            self._made_root = not self._root.exists()
            self._root.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(self._root)
            self._folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self._root))
            self._lock = _locked_folder(self._folder)
        except OSError:  # no folder, or no lock on it (a file system without locks): files stay in memory
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
        if self._made_root:  # a build that wrote nothing leaves no empty output folder behind
            try:
                self._root.rmdir()
            except OSError:
                pass

    def keep(self, artifact: "Artifact") -> "Artifact":
        """The artifact with its bytes moved to the spool (a large one), or as it was."""
        body = artifact.body
        if self._folder is None or not isinstance(body, bytes) or len(body) < SPOOL_FROM:
            return artifact
        handle, name = tempfile.mkstemp(dir=self._folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        return replace(artifact, body=Spooled(Path(name), len(body), digest_of(body)))

    def keep_all(self, artifacts: Iterable["Artifact"]) -> list["Artifact"]:
        return [self.keep(artifact) for artifact in artifacts]


def move_or_copy(spooled: Spooled, target: Path) -> None:
    """Put a spooled file at `target` (a staged temporary), a rename where both are on one disk."""
    try:
        os.rename(spooled.path, target)
    except OSError:
        shutil.copyfile(spooled.path, target)


def _locked_folder(folder: Path) -> int | None:
    """Hold a lock on the folder for as long as the build lives (the system drops it when the build dies)."""
    if fcntl is None:
        return None
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return descriptor


def _remove_abandoned(root: Path) -> None:
    """Remove the spools of builds that died before they could (no one holds their lock)."""
    if fcntl is None:
        return
    for folder in root.glob(f"{PREFIX}*"):
        try:
            descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a build that is running
            continue
        finally:
            os.close(descriptor)
        shutil.rmtree(folder, ignore_errors=True)
