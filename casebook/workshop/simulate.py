"""Simulated learners, to rehearse a workshop and to test grading end to end.

Each simulated learner gets a copy of the released folder in
``submitted/<id>/<workshop>/`` and an answer file walked along the case graph
with a seeded random generator, so the expected grades are known in advance.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from casebook.core.load import Project
from casebook.core.model import Case, StepKind
from casebook.core.scoring import Answers, next_step_id
from casebook.core.answer_file import answer_file_data
from casebook.workshop.answers import ANSWERS_FILE
from casebook.workshop.gradebook import course_directory, step_path


def random_answers(case: Case, rng: random.Random, stop_probability: float = 0.1) -> Answers:
    choices: dict[str, tuple[str, ...]] = {}
    confidence: dict[str, int] = {}
    step_id = case.first_step.id
    while step_id is not None:
        if rng.random() < stop_probability:
            break
        step = case.step(step_id)
        if step.kind is StepKind.SINGLE:
            picked = (rng.choice(step.options),)
        else:
            picked = tuple(o for o in step.options if rng.random() < 0.5) or (rng.choice(step.options),)
        choices[step_id] = tuple(o.id for o in picked)
        if rng.random() < 0.5:
            confidence[step_id] = rng.randint(1, 3)
        step_id = next_step_id(step, picked)
    return Answers(choices=choices, confidence=confidence)


def learner_answers(project: Project, case_ids: list[str], seed: int) -> dict[str, Answers]:
    rng = random.Random(seed)
    return {cid: random_answers(project.case(cid), rng) for cid in case_ids}


def write_submission(release: Path, target: Path, answers: dict[str, Answers] | None) -> None:
    """Copy the released folder to ``target`` and record ``answers`` (None: no answer file)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(release, target)
    if answers is not None:
        data = answer_file_data(answers)
        (target / ANSWERS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def simulate_class(project: Project, grading: Path, workshop_name: str, case_ids: list[str], count: int,
                   seed: int = 2026, prefix: str = "etu") -> dict[str, dict[str, Answers]]:
    """Create ``count`` submissions; return the answers written, by learner id."""
    coursedir = course_directory(grading)
    release = step_path(grading, "release", ".", workshop_name, coursedir)
    written = {}
    for n in range(count):
        student = f"{prefix}{n:03d}"
        answers = learner_answers(project, case_ids, seed + n)
        write_submission(release, step_path(grading, "submitted", student, workshop_name, coursedir), answers)
        written[student] = answers
    return written
