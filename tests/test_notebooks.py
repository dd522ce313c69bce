"""Do the learner notebooks stay in step with the cases, carry no outputs, and run in a fresh kernel?"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from casebook.core.load import Project
from casebook.learner.notebooks import expected_notebooks, serialise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_generated_notebooks_match_the_cases():
    """Drift check: regenerating from cases/ gives exactly the committed notebooks."""
    project = Project.load()
    for name, notebook in expected_notebooks(project).items():
        path = ROOT / "notebooks" / name
        assert path.exists(), f"{name} manquant : lancez « casebook notebooks »"
        assert path.read_text(encoding="utf-8") == serialise(notebook), f"{name} périmé : lancez « casebook notebooks »"


def test_every_public_case_is_reachable_from_home_in_two_clicks():
    project = Project.load()
    home = json.loads((ROOT / "notebooks" / "Accueil.ipynb").read_text(encoding="utf-8"))
    home_text = "".join(c["source"] for c in home["cells"])
    for case in project.public_cases:
        notebook = f"cas-{case.theme.value}.ipynb"
        assert f"]({notebook})" in home_text  # click 1: the theme notebook
        source = (ROOT / "notebooks" / notebook).read_text(encoding="utf-8")
        assert f'show_case(\\"{case.id}\\")' in source  # click 2: the case in that notebook
    for case in project.workshop_cases:
        assert case.id not in home_text
        for path in NOTEBOOKS:
            assert case.id not in path.read_text(encoding="utf-8"), f"cas d'atelier {case.id} dans {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} a des sorties"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_headless(path, tmp_path, monkeypatch):
    """Run all cells in a fresh kernel, as a learner would, with a throw-away answer store."""
    monkeypatch.setenv("CASEBOOK_STORE", str(tmp_path / "reponses.json"))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    if path.name.startswith("cas-"):
        bundles = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "display_data"]
        assert bundles and all("application/vnd.jupyter.widget-view+json" in b.data and "text/html" in b.data
                               for b in bundles)


def _toc_files() -> set[str]:
    import yaml

    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                found.add(node["file"].removesuffix(".md").removesuffix(".ipynb"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    return found


def test_toc_lists_every_generated_notebook():
    """The site builds only what the toc lists (only_build_toc_files): a new notebook must be in it."""
    listed = _toc_files()
    generated = {f"notebooks/{Path(name).stem}" for name in expected_notebooks(Project.load())}
    missing = sorted(generated - listed)
    assert not missing, f"notebooks générés absents de _toc.yml : {missing}"


def test_home_chapter_titles_come_from_the_chapters():
    """Titles are derived from each chapter's heading, in toc order, and every chapter is listed."""
    from casebook.learner.notebooks import chapters

    derived = chapters(ROOT)
    assert {slug for slug, _ in derived} == {p.stem for p in (ROOT / "book" / "chapitres").glob("*.md")}
    for slug, title in derived:
        heading = next(line for line in (ROOT / "book" / "chapitres" / f"{slug}.md").read_text(
            encoding="utf-8").splitlines() if line.startswith("# "))
        assert heading == f"# {title}"
    home = json.loads((ROOT / "notebooks" / "Accueil.ipynb").read_text(encoding="utf-8"))
    home_text = "".join(c["source"] for c in home["cells"])
    from casebook.text.typography import french_typography

    positions = [home_text.index(f"[{french_typography(title)}](../book/chapitres/{slug}.md)")
                 for slug, title in derived]
    assert positions == sorted(positions)
