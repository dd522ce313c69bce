"""The one builder of notebook files: cells, nbgrader metadata and the notebook around them.

Learner notebooks, the data labs (practice and nbgrader source) and the workshops' nbgrader
source are all plain ``.ipynb`` JSON written from data. They are built here, the same way:
markdown gets French typography, each cell gets an id that depends on its position, kind and
source (stable across runs, so regenerated files do not drift, and unique even when two cells
share a source), and code cells start with no output.
"""

from __future__ import annotations

import hashlib
import json

from casebook.text.typography import french_typography

NBGRADER_SCHEMA = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def cell(kind: str, source: str, metadata: dict | None = None) -> dict:
    """A cell without its id (:func:`notebook` numbers the cells)."""
    if kind not in ("markdown", "code"):
        raise ValueError(f"unknown cell kind {kind!r}")
    return {"cell_type": kind, "metadata": metadata or {}, "source": source}


def nbgrader(grade_id: str, *, locked: bool, grade: bool = False, solution: bool = False,
             task: bool = False, points: float | None = None) -> dict:
    """nbgrader's cell metadata (schema 3); ``points`` only for graded cells and tasks."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": NBGRADER_SCHEMA,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def notebook(cells: list[dict]) -> dict:
    """The notebook holding ``cells``, in order: typography, ids and empty outputs applied."""
    built = []
    for position, item in enumerate(cells):
        kind, source = item["cell_type"], item["source"]
        if kind == "markdown":
            source = french_typography(source)
        cell_id = hashlib.sha1(f"{position}:{kind}:{source}".encode()).hexdigest()[:12]
        made = {"cell_type": kind, "id": cell_id, "metadata": item["metadata"], "source": source}
        if kind == "code":
            made.update(execution_count=None, outputs=[])
        built.append(made)
    return {
        "cells": built,
        "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def serialise(data: dict) -> str:
    """The file's text: one-space indentation like Jupyter, sorted keys, UTF-8 kept, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
