"""Preprocessors that nbgrader loads from ``grading/nbgrader_config.py``.

``ScoreRecordedAnswers`` runs during ``autograde``, after execution and before
nbgrader saves the grades: it recomputes every graded cell's output from the
submitted answer file, outside the kernel. Whatever a learner's cells did in
the kernel (redefining the scoring function, patching the engine, printing a
fake score, deleting the answers) cannot change a grade; with ``--no-execute``
no learner code runs at all.

``CleanFeedback`` runs during ``generate_feedback``: Python tracebacks become a
short French note, so learners never see a stack trace or test source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from casebook import render
from casebook.load import Project
from casebook.workshop.answers import case_result, parse_grade_id, read_submission

PRINCIPLE_RE = re.compile(r"^P(0[1-9]|1[0-2])$")


@lru_cache(maxsize=1)
def _project() -> Project:
    from casebook.evaluation import grading_project

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
    parts = [f"<style>{render.CSS}</style><div class='cb-case'><h3>Retour : {render.escape(case.title)}</h3>"]
    if reason:
        parts.append(f"<p class='cb-notice'>{render.escape(reason)}</p>")
    for step_result in result.steps:
        step = case.step(step_result.step_id)
        if step_result.chosen or step_result.problem:
            parts.append(f"<h4>{render.escape(step.prompt)}</h4>")
            parts.append(render.step_result_html(step, step_result, project, show_key=True))
    parts.append(render.summary_html(case, result, project, show_key=True))
    parts.append("</div>")
    return "".join(parts)


class ScoreRecordedAnswers(NbGraderPreprocessor):
    """Set each autograded cell's output to the points the recorded answers earn."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        project = _project()
        submission = read_submission(folder)
        described: set[str] = set()
        for cell in nb.cells:
            target = _graded_target(cell)
            if target is None:
                continue
            case_id, principle = target
            outputs = []
            if case_id not in project.cases:
                lines, points = f"cas inconnu : {case_id}", 0.0
            else:
                result, reason = case_result(project, submission, case_id)
                score = result.by_principle.get(principle)
                points = score.earned if score else 0.0
                lines = (f"{principle} : {points:g} / {score.possible:g} point(s)" if score
                         else f"principe {principle} non évalué")
                if reason:
                    lines += f" — {reason}"
                if case_id not in described:
                    described.add(case_id)
                    outputs.append({"output_type": "display_data", "metadata": {},
                                    "data": {"text/html": case_feedback_html(project, case_id, result, reason),
                                             "text/plain": f"Retour sur le cas {case_id}"}})
            outputs.append({"output_type": "stream", "name": "stdout", "text": lines + "\n"})
            outputs.append({"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": repr(float(points))}})
            cell.outputs = [from_dict(o) for o in outputs]
            cell.execution_count = 1
            self.log.info("%s / %s : %s", case_id, principle, lines)
        return nb, resources


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
                    "text": f"(Cette cellule a produit une erreur lors de la correction : {output.get('ename', '')}.)\n"}))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            else:
                cleaned.append(output)
        cell.outputs = cleaned
        return cell, resources
