"""What a workshop learner runs: the case widget, fed with the key-free view only.

The released folder holds ``atelier-cas.json`` (no verdict, points or feedback);
answers go to ``reponses-atelier.json`` beside the notebook and are graded
after submission.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from casebook.core.load import Project
from casebook.workshop import messages as M
from casebook.workshop.answers import ANSWERS_FILE, VIEW_FILE
from casebook.workshop.redact import case_from_view


@lru_cache(maxsize=4)
def _views(folder: str) -> dict:
    path = Path(folder) / VIEW_FILE
    if not path.exists():
        raise FileNotFoundError(M.VIEW_FILE_MISSING.format(view_file=VIEW_FILE))
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def show_workshop_case(case_id: str, folder: str | Path | None = None):
    from IPython.display import HTML, display

    folder = Path(folder or Path.cwd())
    if os.environ.get("NBGRADER_EXECUTION"):
        # Under nbgrader (autograde, validate) nothing may touch the answer file: grades are read from it.
        display(HTML(f"<p>{M.READ_FOR_GRADING.format(case_id=case_id, answers_file=ANSWERS_FILE)}</p>"))
        return None

    from casebook.core.store import AnswerStore
    from casebook.learner.widgets import CaseView

    case = case_from_view(_views(str(folder))[case_id])
    project = Project(root=folder)
    view = CaseView(case, project, AnswerStore.open(folder / ANSWERS_FILE), show_key=False)
    display(view)
    return view
