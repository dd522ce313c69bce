"""Generate a workshop's nbgrader source folder from the cases (never edited by hand).

One notebook per workshop (so grading starts one kernel per learner), with, per
case: its heading, a locked cell showing the widget, a manually graded task
cell (question + rubric in a mark scheme region, removed from the release), a
free Markdown cell for the learner's justification, and one locked, autograded
cell per principle whose hidden test scores the recorded answer. The key itself
is never in the notebook: hidden tests only name the case and the principle.

Beside the notebook, ``atelier-cas.json`` holds the key-free view of each case
that the learner's widgets need.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casebook.core import ipynb
from casebook.core.load import Project
from casebook.core.model import Case
from casebook.core.scoring import possible_by_principle
from casebook.workshop import messages as M
from casebook.workshop.answers import ANSWERS_FILE, JUSTIFICATION, VIEW_FILE, grade_id
from casebook.workshop.definition import Workshop, grading_root
from casebook.workshop.opaque import course_secret
from casebook.workshop.redact import REDACTED_FORMAT, public_view

MARK_SCHEME_BEGIN = "<!-- DEBUT GRILLE -->"
MARK_SCHEME_END = "<!-- FIN GRILLE -->"
"""Mark-scheme delimiters (same as ``ClearMarkScheme`` in ``grading/nbgrader_config.py``): HTML
comments, so formgrader shows the rubric without nbgrader's ``BEGIN/END MARK SCHEME`` headings. A format
read by the course's configuration, not words: not in the catalogue, never translated."""


def _meta(grade_id_: str, *, locked: bool = True, **flags) -> dict:
    return ipynb.nbgrader(grade_id_, locked=locked, **flags)


_cell = ipynb.cell


def case_cells(case: Case, number: int, project: Project, justification: bool = True) -> list[dict]:
    cells = [
        _cell("markdown", M.NOTEBOOK_CASE_HEADING.format(number=number, title=case.title), _meta(f"{case.id}__titre")),
        _cell("code", f'show_workshop_case("{case.id}")', _meta(f"{case.id}__widget")),
    ]
    cells += _justification_cells(case, number) if justification else []
    cells += _principle_cells(case, number, project)
    return cells


def _justification_cells(case: Case, number: int) -> list[dict]:
    cells = []
    rubric = "\n".join(f"- {item}" for item in case.justification.rubric)
    cells.append(_cell(
        "markdown",
        M.NOTEBOOK_JUSTIFICATION_TASK.format(number=number, question=case.justification.question, rubric=rubric,
                                             mark_scheme_begin=MARK_SCHEME_BEGIN, mark_scheme_end=MARK_SCHEME_END),
        _meta(f"{case.id}__{JUSTIFICATION}", task=True, points=case.justification.points)))
    cells.append(_cell("markdown", M.NOTEBOOK_JUSTIFICATION_ANSWER.format(number=number)))
    return cells


def _principle_cells(case: Case, number: int, project: Project) -> list[dict]:
    cells = []
    for principle, possible in possible_by_principle(case).items():
        if possible <= 0:
            continue
        name = project.principles[principle].name if principle in project.principles else principle
        source = (
            M.NOTEBOOK_GRADED_CELL_COMMENT.format(number=number, principle=principle, name=name) +
            "### BEGIN HIDDEN TESTS\n"
            "from casebook.workshop.answers import score_cell\n"
            f'score_cell("{case.id}", "{principle}")\n'
            "### END HIDDEN TESTS"
        )
        cells.append(_cell("code", source, _meta(grade_id(case.id, principle), grade=True, points=possible)))
    return cells


def workshop_notebook(workshop: Workshop, project: Project) -> dict:
    due = M.NOTEBOOK_DUE.format(due=workshop.due_date) if workshop.due_date else ""
    steps = (M.NOTEBOOK_STEPS_WITH_JUSTIFICATION if workshop.justification
             else M.NOTEBOOK_STEPS_WITHOUT_JUSTIFICATION).format(answers_file=ANSWERS_FILE)
    intro = M.NOTEBOOK_INTRO.format(title=workshop.title, description=workshop.description or "", due=due,
                                    steps=steps)
    cells = [
        _cell("markdown", intro, _meta("consignes")),
        _cell("code", "from casebook.workshop.learner import show_workshop_case", _meta("import")),
    ]
    for number, case_id in enumerate(workshop.cases, start=1):
        cells += case_cells(project.case(case_id), number, project, workshop.justification)
    cells.append(_cell("markdown", M.NOTEBOOK_END, _meta("fin")))
    return ipynb.notebook(cells)


def views_file(workshop: Workshop, project: Project) -> dict:
    return {"format": REDACTED_FORMAT, "workshop": workshop.name,
            "cases": {cid: public_view(project.case(cid), course_secret(grading_root(project.root)))
                      for cid in workshop.cases}}


def build_source(workshop: Workshop, project: Project) -> Path:
    """Write ``grading/source/<name>/`` from scratch; return the notebook path."""
    folder = grading_root(project.root) / "source" / workshop.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    notebook = folder / f"{workshop.name}.ipynb"
    notebook.write_text(ipynb.serialise(workshop_notebook(workshop, project)), encoding="utf-8")
    (folder / VIEW_FILE).write_text(json.dumps(views_file(workshop, project), ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    return notebook
