"""Problems found in user input, and the one exception family the CLI prints.

Every user-facing problem carries the file and line it comes from, so a
trainer editing YAML by hand can jump straight to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at `path:line`."""

    path: Path
    line: int
    message: str
    severity: Severity = "error"

    def display_path(self) -> str:
        """The path relative to the working directory, as the user typed it."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            return str(self.path)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.display_path()}:{self.line}: {prefix}{self.message}"

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.path), self.line, self.message)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


class NmiLearnError(click.ClickException):
    """Base of every error the CLI reports as a clean message with exit code 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # no "Error:" prefix: messages start with path:line
        click.echo(self.format_message(), err=True, file=file)


class CurriculumInvalid(NmiLearnError):
    """The curriculum has errors; nothing was built."""

    def __init__(self, problems: list[Problem], consequence: str = "nothing was built"):
        self.problems = sorted(problems, key=Problem.sort_key)
        count = len(errors_in(self.problems))
        lines = [str(p) for p in self.problems]
        noun = "error" if count == 1 else "errors"
        lines.append(f"{count} {noun}; {consequence}.")
        super().__init__("\n".join(lines))


class OutputError(NmiLearnError):
    """An output could not be produced or written."""
