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
from casebook.workshop.answers import ANSWERS_FILE, JUSTIFICATION, VIEW_FILE, grade_id
from casebook.workshop.definition import Workshop, grading_root
from casebook.workshop.opaque import course_secret
from casebook.workshop.redact import REDACTED_FORMAT, public_view

MARK_SCHEME_BEGIN = "<!-- DEBUT GRILLE -->"
MARK_SCHEME_END = "<!-- FIN GRILLE -->"
"""Mark-scheme delimiters (same as ``ClearMarkScheme`` in ``grading/nbgrader_config.py``): HTML
comments, so formgrader shows the rubric without nbgrader's « BEGIN/END MARK SCHEME » headings."""


def _meta(grade_id_: str, *, locked: bool = True, **flags) -> dict:
    return ipynb.nbgrader(grade_id_, locked=locked, **flags)


_cell = ipynb.cell


def case_cells(case: Case, number: int, project: Project, justification: bool = True) -> list[dict]:
    cells = [
        _cell("markdown", f"## Cas {number} : {case.title}", _meta(f"{case.id}__titre")),
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
        f"### Justification (cas {number})\n\n{case.justification.question}\n\n"
        "*Écrivez votre réponse dans la cellule suivante (double-cliquez pour la modifier).*\n\n"
        f"{MARK_SCHEME_BEGIN}\n**Grille de correction :**\n\n{rubric}\n{MARK_SCHEME_END}",
        _meta(f"{case.id}__{JUSTIFICATION}", task=True, points=case.justification.points)))
    cells.append(_cell("markdown", f"*Ma justification pour le cas {number} :* "))
    return cells


def _principle_cells(case: Case, number: int, project: Project) -> list[dict]:
    cells = []
    for principle, possible in possible_by_principle(case).items():
        if possible <= 0:
            continue
        name = project.principles[principle].name if principle in project.principles else principle
        source = (
            f"# Correction automatique : cas {number}, {principle} ({name}).\n"
            "# Cette cellule est verrouillée ; la note est calculée à partir de vos réponses enregistrées.\n"
            "### BEGIN HIDDEN TESTS\n"
            "from casebook.workshop.answers import score_cell\n"
            f'score_cell("{case.id}", "{principle}")\n'
            "### END HIDDEN TESTS"
        )
        cells.append(_cell("code", source, _meta(grade_id(case.id, principle), grade=True, points=possible)))
    return cells


def workshop_notebook(workshop: Workshop, project: Project) -> dict:
    due = f"\n\n**À rendre avant le {workshop.due_date:%d/%m/%Y à %H:%M}.**" if workshop.due_date else ""
    intro = (
        f"# {workshop.title}\n\n{workshop.description or ''}{due}\n\n"
        "## Mode d'emploi\n\n"
        "1. Exécutez tout le notebook (menu « Run » puis « Run All Cells »).\n"
        "2. Pour chaque cas, choisissez votre réponse et cliquez sur « Valider ». Votre choix est "
        f"enregistré automatiquement dans le fichier `{ANSWERS_FILE}`, à côté de ce notebook : "
        "ne le supprimez pas et ne le modifiez pas.\n"
        + ("3. Rédigez la justification demandée pour chaque cas.\n"
           "4. Enregistrez le notebook, puis soumettez le dossier de l'atelier.\n\n" if workshop.justification else
           "3. Enregistrez le notebook, puis soumettez le dossier de l'atelier.\n\n") +
        "Le retour détaillé (verdicts, explications, principes) vous sera donné après la correction."
    )
    cells = [
        _cell("markdown", intro, _meta("consignes")),
        _cell("code", "from casebook.workshop.learner import show_workshop_case", _meta("import")),
    ]
    for number, case_id in enumerate(workshop.cases, start=1):
        cells += case_cells(project.case(case_id), number, project, workshop.justification)
    cells.append(_cell("markdown", "## Fin de l'atelier\n\nVérifiez que chaque cas affiche « Réponse "
                                   "enregistrée » ou « Cas terminé », enregistrez, puis soumettez.",
                       _meta("fin")))
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
