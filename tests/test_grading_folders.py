"""Grading folders come from nbgrader's configuration: a course that renames them is graded in place.

nbgrader lets a course rename each step's folder (``submitted_directory``…). The gate, the bulk
grader, the feedback, the debrief and the simulations must all follow that configuration; none may
fall back to nbgrader's default names. A layout the gate's checks were not written for is refused
with a sentence before anything is touched.
"""

from __future__ import annotations

import os

import pytest

from casebook.analytics import classroom as analytics
from casebook.workshop import commands
from casebook.workshop.definition import WorkshopError
from casebook.workshop.simulate import simulate_class
from workshop_fixtures import local_course

pytestmark = pytest.mark.slow

RENAMED = {"submitted": "copies", "autograded": "corrigees", "feedback": "retours", "release": "publie"}
DEFAULT_NAMES = ("submitted", "autograded", "feedback", "release")


def _configure(root, lines: list[str]) -> None:
    config = root / "grading" / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_renamed_step_folders_are_used_by_every_command(tmp_path, monkeypatch, venv_bin):
    root = local_course(tmp_path, monkeypatch, venv_bin)
    _configure(root, [f'c.CourseDirectory.{step}_directory = "{name}"' for step, name in RENAMED.items()])
    grading = root / "grading"
    ctx = commands.Context.open("demo", root)
    commands.release(ctx)
    assert (grading / "publie" / "demo" / "demo.ipynb").is_file()

    answers = simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, 3, seed=11)
    assert sorted(p.name for p in (grading / "copies").iterdir()) == sorted(answers)
    # a hostile copy in the renamed folder: the gate must see it there and set it aside
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (grading / "copies" / "intrus").symlink_to(outside, target_is_directory=True)

    report = commands.grade(ctx, workers=1)
    assert sorted(report.graded) == sorted(answers)
    assert not os.path.lexists(grading / "copies" / "intrus")  # moved to quarantine, not followed
    for student in answers:
        assert (grading / "corrigees" / student / "demo" / "demo.ipynb").is_file()
        assert (grading / "retours" / student / "demo" / "demo.html").is_file()
    debrief = analytics.workshop_debrief(ctx)
    assert debrief.learners == len(answers)
    for name in DEFAULT_NAMES:
        assert not (grading / name).exists(), f"{name}/ created although the course renamed it"


def test_a_layout_the_gate_was_not_written_for_is_refused_in_french(tmp_path, monkeypatch, venv_bin):
    root = local_course(tmp_path, monkeypatch, venv_bin)
    _configure(root, ['c.CourseDirectory.directory_structure = "{nbgrader_step}/{assignment_id}/{student_id}"'])
    ctx = commands.Context.open("demo", root)
    with pytest.raises(WorkshopError, match=r"directory_structure.*disposition par défaut de nbgrader"):
        commands.release(ctx)
    with pytest.raises(WorkshopError, match="directory_structure"):
        analytics.submission_folders(ctx.grading, "demo")
    assert not any((root / "grading" / name).exists() for name in DEFAULT_NAMES)


def test_default_folder_names_are_nbgrader_s_own():
    from nbgrader.coursedir import CourseDirectory

    from casebook.workshop.gradebook import NBGRADER_DEFAULT_FOLDERS

    coursedir = CourseDirectory()
    assert NBGRADER_DEFAULT_FOLDERS == {step: getattr(coursedir, f"{step}_directory") for step in NBGRADER_DEFAULT_FOLDERS}


def test_reading_answers_does_not_import_nbgrader_when_the_course_keeps_its_folders(tmp_path):
    """The live debrief reads answer files only: importing nbgrader would cost it seconds."""
    import subprocess
    import sys

    from workshop_fixtures import make_course

    root = make_course(tmp_path)
    (root / "grading" / "submitted" / "etu001" / "demo").mkdir(parents=True)
    probe = ("import sys; from pathlib import Path; from casebook.analytics.classroom import submission_folders; "
             f"found = submission_folders(Path({str(root / 'grading')!r}), 'demo'); "
             "print(sorted(found), 'nbgrader' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['etu001'] False"
