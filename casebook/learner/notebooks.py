"""Generate the learner notebooks from the case data (never edited by hand).

``casebook notebooks`` writes them; ``casebook notebooks --check`` fails when a
committed notebook differs from what the data gives (the drift test runs it).
Notebooks only *call* the engine by case id: the case text stays in ``cases/``.
Cell ids are derived from the content so regenerating is byte-stable.
"""

from __future__ import annotations

from pathlib import Path

from casebook.core import ipynb, paths
from casebook.core.ipynb import serialise  # noqa: F401 - the writers' and tests' one serialiser
from casebook.core.load import Project
from casebook.core.model import Case, Theme
from casebook.learner import messages as M

NOTEBOOKS_DIR = "notebooks"
HOME = "Accueil.ipynb"
PROGRESS = "mon-parcours.ipynb"
LABS = {
    "lab-anonymat.ipynb": M.LAB_ANONYMITY_TITLE,
    "lab-ia-equitable.ipynb": M.LAB_FAIR_TRIAGE_TITLE,
}
CHAPTERS_DIR = "book/chapitres"


def chapters(root: Path | None = None) -> list[tuple[str, str]]:
    """(slug, title) of each chapter, in the order of ``_toc.yml``, titled by its first heading.

    Derived, never copied: a chapter renamed or moved in the toc shows up here as it is.
    """
    import yaml

    root = root or paths.project_root()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            file = node.get("file")
            if isinstance(file, str) and file.startswith(CHAPTERS_DIR + "/"):
                found.append(file[len(CHAPTERS_DIR) + 1:].removesuffix(".md"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    result = []
    for slug in found:
        text = (root / CHAPTERS_DIR / f"{slug}.md").read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), slug)
        result.append((slug, title))
    return result


def theme_notebook_name(theme: Theme) -> str:
    return f"cas-{theme.value}.ipynb"


def _notebook(cells: list[tuple[str, str]]) -> dict:
    return ipynb.notebook([ipynb.cell(kind, source) for kind, source in cells])


def theme_notebook(theme: Theme, cases: list[Case]) -> dict:
    toc = "\n".join(f"{n}. {c.title}" for n, c in enumerate(cases, start=1))
    cells: list[tuple[str, str]] = [
        ("markdown", M.THEME_NOTEBOOK_INTRO.format(theme=theme.label, toc=toc, home=HOME)),
        ("code", "from casebook.learner.widgets import show_case"),
    ]
    for number, case in enumerate(cases, start=1):
        cells.append(("markdown", M.THEME_NOTEBOOK_CASE_HEADING.format(number=number, title=case.title)))
        cells.append(("code", f'show_case("{case.id}")'))
    cells.append(("markdown", M.THEME_NOTEBOOK_FOOTER.format(progress=PROGRESS, home=HOME)))
    return _notebook(cells)


def home_notebook(project: Project) -> dict:
    by_theme = public_cases_by_theme(project)
    sections = []
    for theme, cases in by_theme.items():
        name = theme_notebook_name(theme)
        items = "\n".join(f"  {n}. {c.title}" for n, c in enumerate(cases, start=1))
        sections.append(M.HOME_NOTEBOOK_THEME_ENTRY.format(theme=theme.label, notebook=name, count=len(cases),
                                                          cases=items))
    chapter_list = "\n".join(f"- [{title}](../{CHAPTERS_DIR}/{slug}.md)" for slug, title in chapters(project.root))
    labs = "\n".join(f"- [{title}]({name})" for name, title in LABS.items())
    text = M.HOME_NOTEBOOK.format(progress=PROGRESS, themes="\n".join(sections), labs=labs,
                                  chapters=chapter_list)
    return _notebook([("markdown", text)])


def progress_notebook() -> dict:
    return _notebook([
        ("markdown", M.PROGRESS_NOTEBOOK_INTRO.format(home=HOME)),
        ("code", "from casebook.learner.progress import show_progress\n\nshow_progress()"),
    ])


def public_cases_by_theme(project: Project) -> dict[Theme, list[Case]]:
    grouped: dict[Theme, list[Case]] = {}
    for theme in Theme:
        cases = sorted((c for c in project.public_cases if c.theme is theme), key=lambda c: c.title)
        if cases:
            grouped[theme] = cases
    return grouped


def expected_notebooks(project: Project) -> dict[str, dict]:
    """Every generated notebook, by file name."""
    from casebook.labs.build import LABS as LAB_DEFINITIONS, practice_notebook

    notebooks = {HOME: home_notebook(project), PROGRESS: progress_notebook()}
    for name in LAB_DEFINITIONS:
        notebooks[f"{name}.ipynb"] = practice_notebook(name)
    for theme, cases in public_cases_by_theme(project).items():
        notebooks[theme_notebook_name(theme)] = theme_notebook(theme, cases)
    return notebooks


def write_notebooks(project: Project, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) the generated notebooks; return the names that differ."""
    folder = project.root / NOTEBOOKS_DIR
    folder.mkdir(exist_ok=True)
    stale = []
    for name, notebook in expected_notebooks(project).items():
        path = folder / name
        text = serialise(notebook)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                path.write_text(text, encoding="utf-8")
    generated = set(expected_notebooks(project)) | set(LABS)
    for path in folder.glob("cas-*.ipynb"):
        if path.name not in generated:
            stale.append(path.name)
            if not check:
                path.unlink()
    return stale
