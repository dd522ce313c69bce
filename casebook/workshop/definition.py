"""Workshops as data: which cases, in which order, with which due date."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from casebook.core import paths
from casebook.core.errors import DataError, Problem
from casebook.core.load import Project, parse_model
from casebook.core.model import FrenchText, Slug, StrictModel
from casebook.core.yamlfile import YamlSyntaxError, read_yaml
from casebook.workshop import messages as M

GRADING_DIR = "grading"
WORKSHOPS_DIR = "workshops"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class WorkshopError(Exception):
    """A workshop command cannot go on; the message (French) says why and what to do."""


class Workshop(StrictModel):
    """A graded session: a title and an ordered list of case ids."""

    title: FrenchText
    cases: list[Slug] = Field(min_length=1)
    due_date: datetime | None = Field(default=None, description="Date limite (AAAA-MM-JJ HH:MM).")
    description: FrenchText | None = None
    late_penalty: Literal["none", "zero"] = Field(
        default="none",
        description="Pénalité de retard appliquée par nbgrader : « none » (retard signalé, note inchangée, "
                    "par défaut) ou « zero » (copie en retard notée 0).")
    justification: bool = Field(default=True, description="Question de justification notée à la main par cas.")
    name: str = ""

    def due_date_utc(self) -> datetime | None:
        """The due date in UTC (naive, as nbgrader stores it); a date without zone is Paris time."""
        if self.due_date is None:
            return None
        from datetime import timezone
        from zoneinfo import ZoneInfo

        due = self.due_date if self.due_date.tzinfo else self.due_date.replace(tzinfo=ZoneInfo("Europe/Paris"))
        return due.astimezone(timezone.utc).replace(tzinfo=None)

    @property
    def notebook_name(self) -> str:
        return self.name


def grading_root(root: Path | None = None) -> Path:
    return (root or paths.project_root()) / GRADING_DIR


def workshop_file(name: str, root: Path | None = None) -> Path:
    return grading_root(root) / WORKSHOPS_DIR / f"{name}.yml"


def available_workshops(root: Path | None = None) -> list[str]:
    folder = grading_root(root) / WORKSHOPS_DIR
    return sorted(p.stem for p in folder.glob("*.yml"))


def load_workshop(name: str, project: Project) -> Workshop:
    """Read and check a workshop: it exists, parses, and names only known cases."""
    if not NAME_RE.match(name):
        raise WorkshopError(M.WORKSHOP_NAME_INVALID.format(name=name))
    path = workshop_file(name, project.root)
    if not path.exists():
        known = ", ".join(available_workshops(project.root)) or M.WORKSHOP_NONE_AVAILABLE
        raise WorkshopError(M.WORKSHOP_UNKNOWN.format(name=name, known=known, path=path))
    try:
        data = read_yaml(path)
    except YamlSyntaxError as exc:
        raise DataError([exc.problem]) from exc
    workshop, problems = parse_model(path, data, Workshop)
    if workshop is None:
        raise DataError(problems)
    unknown = [c for c in workshop.cases if c not in project.cases]
    if unknown:
        raise DataError([Problem(path, "cases", M.WORKSHOP_UNKNOWN_CASES.format(cases=", ".join(unknown)),
                                 expected=M.WORKSHOP_UNKNOWN_CASES_EXPECTED, found=", ".join(unknown),
                                 code="unknown-case")])
    if len(set(workshop.cases)) != len(workshop.cases):
        raise DataError([Problem(path, "cases", M.WORKSHOP_DUPLICATE_CASE, code="duplicate-case")])
    return workshop.model_copy(update={"name": name})
