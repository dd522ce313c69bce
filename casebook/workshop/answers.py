"""Grading a workshop submission: read the recorded answers, score them with the engine.

This is the one place where a submission's answers become points. It is called
outside any kernel by the nbgrader preprocessor (so nothing a learner runs can
change a grade) and, for a plain ``nbgrader autograde``, inside the kernel by the
graded cells, with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.load import Project
from casebook.scoring import Answers, CaseResult, score
from casebook.store import StoreError, read_store_file

ANSWERS_FILE = "reponses-atelier.json"
VIEW_FILE = "atelier-cas.json"
GRADE_SEPARATOR = "__"
JUSTIFICATION = "justification"


def grade_id(case_id: str, principle: str) -> str:
    return f"{case_id}{GRADE_SEPARATOR}{principle}"


def parse_grade_id(value: str) -> tuple[str, str] | None:
    if GRADE_SEPARATOR not in value:
        return None
    case_id, part = value.rsplit(GRADE_SEPARATOR, 1)
    return case_id, part


@dataclass(frozen=True)
class SubmissionAnswers:
    """Answers found in a submission folder, or why there are none."""

    answers: dict[str, Answers]
    problem: str | None = None


def read_submission(folder: Path) -> SubmissionAnswers:
    path = Path(folder) / ANSWERS_FILE
    if not path.exists():
        return SubmissionAnswers({}, f"fichier de réponses absent ({ANSWERS_FILE}) : aucune réponse enregistrée")
    if path.is_symlink() or not path.is_file():
        return SubmissionAnswers({}, f"{ANSWERS_FILE} n'est pas un fichier ordinaire")
    try:
        return SubmissionAnswers(read_store_file(path))
    except StoreError as exc:
        return SubmissionAnswers({}, f"fichier de réponses illisible ({exc})")


def case_result(project: Project, submission: SubmissionAnswers, case_id: str) -> tuple[CaseResult, str | None]:
    """The case's result, and a French reason when it earns nothing because of the submission."""
    case = project.case(case_id)
    answers = submission.answers.get(case_id)
    if submission.problem:
        return score(case, Answers()), submission.problem
    if answers is None or not answers.choices:
        return score(case, Answers()), "aucune réponse à ce cas"
    result = score(case, answers)
    reason = "; ".join(result.problems) or None
    return result, reason


def principle_points(project: Project, folder: Path, case_id: str, principle: str) -> tuple[float, str]:
    """Points earned for one graded cell, with a one-line French explanation."""
    result, reason = case_result(project, read_submission(folder), case_id)
    principle_score = result.by_principle.get(principle)
    if principle_score is None:
        return 0.0, f"principe {principle} non évalué dans ce cas"
    line = f"{principle} : {principle_score.earned:g} / {principle_score.possible:g} point(s)"
    if reason:
        line += f" — {reason}"
    return principle_score.earned, line


def score_cell(case_id: str, principle: str) -> float:
    """Called by the graded cells in a kernel: prints the explanation, returns the points."""
    from casebook.evaluation import grading_project

    points, line = principle_points(grading_project(), Path.cwd(), case_id, principle)
    print(line)
    return points
