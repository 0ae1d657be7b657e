"""The files of one build, and relative links between them.

Pages that point at other outputs (the trainer's overview, the build index)
are made after every generator has run, from the build's own artifacts: a
link appears only for a file the build really writes, and it is relative, so
the whole output folder can be moved or copied and still work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..outputs import Artifact, OutputLayout


@dataclass(frozen=True)
class Links:
    layout: OutputLayout
    artifacts: tuple[Artifact, ...]

    def find(self, kind: str, name: str) -> Artifact | None:
        return next((a for a in self.artifacts if a.kind == kind and a.name == name), None)

    def href(self, page_kind: str, kind: str, name: str) -> str:
        """The link from a page at the top of `page_kind`'s folder to `name` in `kind`'s folder."""
        target = os.path.join(os.fspath(self.layout.dirs[kind]), name)
        relative = os.path.relpath(target, os.fspath(self.layout.dirs[page_kind]))
        return PurePosixPath(*relative.split(os.sep)).as_posix()

    def shown_path(self, kind: str, name: str) -> str:
        """How a file is named for a reader: its folder and name ("quizzes/final-exam-A.pdf")."""
        return f"{PurePosixPath(os.fspath(self.layout.dirs[kind])).name}/{name}"
