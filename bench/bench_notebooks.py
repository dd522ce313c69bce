"""Learner notebooks: « run all » of a scenario notebook in a fresh kernel, and « Valider » → feedback.

Targets (issue 3): run all ≤ 3 s; feedback computed in the kernel ≤ 50 ms.
Run: .venv/bin/python bench/bench_notebooks.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run_all(name: str) -> tuple[float, float]:
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
    end = time.perf_counter()
    return end - start, end - started


def validate_to_feedback(runs: int = 50) -> list[float]:
    from casebook.core.load import Project
    from casebook.core.store import AnswerStore
    from casebook.learner.widgets import CaseView

    project = Project.load()
    case = project.case("avis-google-une-etoile")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            view = CaseView(case, project, AnswerStore.open(Path(tmp) / "r.json"))
            panel = view.panels[0]
            panel.choice.value = "retablir-faits"
            start = time.perf_counter()
            panel.validate_button.click()
            times.append(time.perf_counter() - start)
            view.restart()
    return times


def main() -> None:
    os.environ["CASEBOOK_STORE"] = str(Path(tempfile.mkdtemp()) / "reponses.json")
    for name in ("cas-reputation.ipynb", "cas-secret.ipynb"):
        results = [run_all(name) for _ in range(3)]
        total = statistics.median(r[0] for r in results)
        cells = statistics.median(r[1] for r in results)
        print(f"« run all » {name} : {total:.2f} s avec démarrage du noyau, {cells:.2f} s pour les cellules "
              f"(médiane de 3) — cible ≤ 3 s")
    times = validate_to_feedback()
    print(f"« Valider » → retour affiché (calcul + rendu + enregistrement) : médiane {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms sur {len(times)} essais — cible ≤ 50 ms")


if __name__ == "__main__":
    main()
