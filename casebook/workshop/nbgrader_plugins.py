"""Preprocessors that nbgrader loads from ``grading/nbgrader_config.py``.

``ScoreRecordedAnswers`` runs during ``autograde``, after execution and before
nbgrader saves the grades: it recomputes every graded cell's output from the
submitted answer file, outside the kernel. Whatever a learner's cells did in
the kernel (redefining the scoring function, patching the engine, printing a
fake score, deleting the answers) cannot change a grade; with ``--no-execute``
no learner code runs at all.

``GetGradesPending`` replaces nbgrader's ``GetGrades`` in ``generate_feedback`` so
that justifications not graded yet read « en attente ».

``CleanFeedback`` runs during ``generate_feedback``: Python tracebacks become a
short French note, so learners never see a stack trace or test source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor

from casebook.learner import render
from casebook.core.load import Project
from casebook.workshop import messages as M
from casebook.workshop.answers import SubmissionAnswers, case_result, parse_grade_id, read_submission

PRINCIPLE_RE = re.compile(r"^P(0[1-9]|1[0-2])$")


@lru_cache(maxsize=1)
def _project() -> Project:
    from casebook.learner.evaluation import grading_project

    return grading_project()


def _graded_target(cell: NotebookNode) -> tuple[str, str] | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code" or not meta.get("grade"):
        return None
    parsed = parse_grade_id(str(meta.get("grade_id", "")))
    if parsed is None or not PRINCIPLE_RE.match(parsed[1]):
        return None
    return parsed


def case_feedback_html(project: Project, case_id: str, result, reason: str | None) -> str:
    """Per-case feedback for the learner: each step answered, then the summary and debrief."""
    case = project.case(case_id)
    title = M.FEEDBACK_CASE_TITLE.format(title=render.escape(case.title))
    parts = [f"<style>{render.CSS}</style><div class='cb-case'><h3>{title}</h3>"]
    if reason:
        parts.append(f"<p class='cb-notice'>{render.escape(reason)}</p>")
    for step_result in result.steps:
        step = case.step(step_result.step_id)
        if step_result.chosen or step_result.problem:
            parts.append(f"<h4>{render.escape(step.prompt)}</h4>")
            parts.append(render.step_result_html(step, step_result, project, show_key=True, reveal_best=False))
    parts.append(render.summary_html(case, result, project, show_key=True))
    parts.append("</div>")
    return "".join(parts)


def _gate_answers_reason(resources: dict) -> str | None:
    """Why the submission gate set this learner's answers file aside, if it did (run from grading/)."""
    from casebook.workshop.gate import read_gate_report

    info = resources.get("nbgrader", {})
    student, assignment = info.get("student"), info.get("assignment")
    if not student or not assignment:
        return None
    return read_gate_report(Path.cwd(), assignment).get(student, {}).get("answers_reason")


class ScoreRecordedAnswers(NbGraderPreprocessor):
    """Set each autograded cell's output to the points the recorded answers earn."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        project = _project()
        submission = read_submission(folder)
        gate_reason = _gate_answers_reason(resources)
        if gate_reason and submission.problem:
            # The gate set the answers file aside: say why (not merely « absent »).
            submission = SubmissionAnswers({}, gate_reason)
        described: set[str] = set()
        for cell in nb.cells:
            target = _graded_target(cell)
            if target is None:
                continue
            case_id, principle = target
            outputs = []
            if case_id not in project.cases:
                lines, points = M.UNKNOWN_CASE.format(case_id=case_id), 0.0
            else:
                result, reason = case_result(project, submission, case_id)
                score = result.by_principle.get(principle)
                points = score.earned if score else 0.0
                lines = (M.PRINCIPLE_POINTS.format(principle=principle, earned=points, possible=score.possible)
                         if score else M.PRINCIPLE_NOT_ASSESSED.format(principle=principle))
                if reason:
                    lines = M.LINE_WITH_REASON.format(line=lines, reason=reason)
                if case_id not in described:
                    described.add(case_id)
                    outputs.append({"output_type": "display_data", "metadata": {},
                                    "data": {"text/html": case_feedback_html(project, case_id, result, reason),
                                             "text/plain": M.FEEDBACK_CASE_PLAIN.format(case_id=case_id)}})
            outputs.append({"output_type": "stream", "name": "stdout", "text": lines + "\n"})
            outputs.append({"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": repr(float(points))}})
            cell.outputs = [from_dict(o) for o in outputs]
            cell.execution_count = 1
            self.log.info("%s / %s : %s", case_id, principle, lines)
        return nb, resources


class GetGradesPending(GetGrades):
    """nbgrader's ``GetGrades``, except that a hand-graded cell nobody graded yet has no score
    (``None``): the feedback template shows it « en attente », never 0."""

    def _get_score(self, cell: NotebookNode, resources: dict) -> None:
        super()._get_score(cell, resources)
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                          self.assignment_id, self.student_id)
        if grade.manual_score is None and grade.auto_score is None:
            cell.metadata.nbgrader["score"] = None


def is_pending(grade) -> bool:
    """A gradebook grade that waits for hand grading (no manual score, no automatic score)."""
    return grade.manual_score is None and grade.auto_score is None


class CleanFeedback(NbGraderPreprocessor):
    """Replace tracebacks with a French note in the learner's feedback."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        if cell.get("cell_type") != "code":
            return cell, resources
        cleaned = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                cleaned.append(from_dict({
                    "output_type": "stream", "name": "stdout",
                    "text": M.FEEDBACK_CELL_ERROR.format(error=output.get("ename", ""))}))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            else:
                cleaned.append(output)
        cell.outputs = cleaned
        return cell, resources
