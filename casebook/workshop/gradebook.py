"""nbgrader's side of a workshop: its configuration and API, the gradebook's export rows, failures kept.

Shared by the workshop commands (:mod:`casebook.workshop.commands`) and the bulk grading path
(:mod:`casebook.workshop.bulk`), which both sit above it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from casebook.workshop import messages as M

EXPORTS = "exports"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.I)


def venv_env(base: dict | None = None) -> dict:
    """An environment for nbgrader subprocesses: this Python's bin first on PATH (nbgrader runs alembic)."""
    env = dict(os.environ if base is None else base)
    bin_dir = str(Path(sys.executable).parent)
    parts = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
    env["PATH"] = os.pathsep.join([bin_dir, *parts])
    return env


@contextmanager
def alembic_on_path():
    """Only while nbgrader creates a gradebook (it runs ``alembic`` from PATH in this process)."""
    before = os.environ.get("PATH")
    os.environ["PATH"] = venv_env()["PATH"]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = before


def nbgrader_config(grading: Path, execute: bool = True, timeout: int | None = None, late_penalty: str = "none"):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(grading)).load_config()
    extra = Config()
    if not execute:
        extra.Execute.enabled = False
        extra.ClearOutput.enabled = False
    if timeout:
        extra.Execute.timeout = timeout
    extra.LateSubmissionPlugin.penalty_method = late_penalty
    config.merge(extra)
    return config


NBGRADER_LAYOUT = os.path.join("{nbgrader_step}", "{student_id}", "{assignment_id}")
"""nbgrader's default ``directory_structure``: the gate's safety checks walk ``<step>/<learner>/<workshop>``."""


def course_directory(grading: Path, config=None):
    """nbgrader's ``CourseDirectory`` for this grading folder: the one place folder names come from.

    The course's ``nbgrader_config.py`` may rename the steps' folders (``submitted_directory``…); every
    command, the gate, the analytics and the simulations find them here, never by joining names. A
    different ``directory_structure`` is refused with a sentence: the gate's checks (links, learner ids,
    quarantine) are written for nbgrader's default ``<step>/<learner>/<workshop>`` layout.
    """
    from nbgrader.coursedir import CourseDirectory

    from casebook.workshop.definition import WorkshopError

    if config is None:
        # without a nbgrader_config.py, nbgrader itself runs on its defaults: so do we
        from traitlets.config import Config

        config = nbgrader_config(grading) if (Path(grading) / "nbgrader_config.py").exists() else Config()
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(grading)
    if os.path.normpath(coursedir.directory_structure) != os.path.normpath(NBGRADER_LAYOUT):
        raise WorkshopError(M.UNSUPPORTED_LAYOUT.format(found=coursedir.directory_structure, expected=NBGRADER_LAYOUT))
    return coursedir


NBGRADER_DEFAULT_FOLDERS = {"source": "source", "release": "release", "submitted": "submitted",
                            "autograded": "autograded", "feedback": "feedback"}
"""nbgrader's own defaults for the steps' folders (a test checks them against ``CourseDirectory``)."""

_NAMES_FOLDERS = re.compile(r"_directory|directory_structure|load_subconfig")


def _config_keeps_default_folders(grading: Path) -> bool:
    """True when the grading folder's ``nbgrader_config.py`` (the only file :func:`nbgrader_config` reads)
    cannot change a step's folder: absent, or naming no ``*_directory`` nor ``directory_structure``."""
    try:
        text = (Path(grading) / "nbgrader_config.py").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return not _NAMES_FOLDERS.search(text)


def step_root(grading: Path, step: str, coursedir=None) -> Path:
    """The folder of one nbgrader step for every learner (``submitted/``, ``autograded/``, ``feedback/``…).

    Read-only callers (the live debrief, the class report) should not pay for importing nbgrader, which
    costs seconds: when the course's configuration cannot rename a folder, nbgrader's default is the answer.
    """
    if coursedir is None and _config_keeps_default_folders(grading):
        return Path(grading) / NBGRADER_DEFAULT_FOLDERS[step]
    coursedir = coursedir or course_directory(grading)
    return Path(coursedir.root) / getattr(coursedir, f"{step}_directory")


def step_path(grading: Path, step: str, student: str, workshop: str, coursedir=None) -> Path:
    """``<step>/<student>/<workshop>`` under the course's folder names (``student`` is ``.`` for source
    and release). nbgrader's ``format_path`` takes the step's folder name, not the step."""
    coursedir = coursedir or course_directory(grading)
    return Path(coursedir.format_path(getattr(coursedir, f"{step}_directory"), student, workshop))


def nbgrader_api(grading: Path, execute: bool = True, timeout: int | None = None, late_penalty: str = "none"):
    from nbgrader.apps import NbGraderAPI

    config = nbgrader_config(grading, execute, timeout, late_penalty)
    return NbGraderAPI(course_directory(grading, config), config=config)


def workshop_assignment(gb, name: str):
    """The workshop's row in nbgrader's gradebook, or a French error saying what to do."""
    from nbgrader.api import MissingEntry

    from casebook.workshop.definition import WorkshopError

    try:
        return gb.find_assignment(name)
    except MissingEntry as exc:
        raise WorkshopError(M.WORKSHOP_NOT_IN_GRADEBOOK.format(name=name)) from exc


def failures_path(ctx) -> Path:
    return ctx.grading / EXPORTS / f"{ctx.name}-problemes.json"


def write_failures(ctx, failed: dict[str, str], kept: dict[str, str] | None = None) -> None:
    path = failures_path(ctx)
    path.parent.mkdir(exist_ok=True)
    failures = {**(kept or {}), **failed}
    path.write_text(json.dumps(dict(sorted(failures.items())), ensure_ascii=False, indent=1), encoding="utf-8")


def read_failures(ctx) -> dict[str, str]:
    path = failures_path(ctx)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@dataclass
class LearnerGrades:
    student_id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    submitted: bool
    score: float
    max_score: float
    by_cell: dict[str, tuple[float, float]]
    problem: str | None = None
    pending: dict[str, float] = field(default_factory=dict)
    """Hand-graded cells not graded yet: grade id → points at stake (shown as pending,
    :data:`~casebook.workshop.messages.STATUS_PENDING`, never 0)."""
    late_seconds: float = 0.0
    late_penalty: float = 0.0

    @property
    def pending_points(self) -> float:
        return sum(self.pending.values())
