"""Problems found in project data, reported so a person can act on them.

Every problem names the file, the line when it is known, the field path, what
was expected and what was found. Checks collect problems instead of raising on
the first one, so an author fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebook.core import messages as M


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: Path
    field: str
    message: str
    expected: str | None = None
    found: str | None = None
    line: int | None = None
    code: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.line is not None:
            where += f":{self.line}"
        text = M.PROBLEM.format(where=where, field=self.field or M.PROBLEM_WHOLE_FILE, message=self.message)
        if self.expected is not None:
            text += M.PROBLEM_EXPECTED.format(expected=self.expected)
        if self.found is not None:
            text += M.PROBLEM_FOUND.format(found=self.found)
        return text

    def as_dict(self) -> dict:
        return {
            "file": str(self.file),
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
        }


@dataclass
class Report:
    """All problems of a check run."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class DataError(Exception):
    """Raised when data needed at run time is invalid; carries the problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def shorten(value: object, limit: int = 60) -> str:
    """A short, printable rendering of a found value for messages."""
    text = repr(value) if not isinstance(value, str) else M.QUOTED.format(text=value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
