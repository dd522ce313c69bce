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

NOTEBOOKS_DIR = "notebooks"
HOME = "Accueil.ipynb"
PROGRESS = "mon-parcours.ipynb"
LABS = {
    "lab-anonymat.ipynb": "Lab « Anonyme, vraiment ? » : ré-identification et k-anonymat",
    "lab-ia-equitable.ipynb": "Lab « Une IA de tri équitable ? » : erreurs par groupe de patients",
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
        ("markdown", f"# {theme.label}\n\n"
                     "Chaque cas présente une situation, puis une ou plusieurs décisions à prendre. "
                     "Choisissez une réponse, cliquez sur « Valider » et lisez le retour : il explique "
                     "quels principes votre choix respecte ou enfreint, et ce que disent les textes. "
                     "Vos réponses sont enregistrées automatiquement dans ce dossier.\n\n"
                     "Pour commencer, exécutez le notebook : menu « Run » puis « Run All Cells ».\n\n"
                     "Pour aller directement à un cas, utilisez la table des matières de JupyterLab "
                     "(menu « View » → « Table of Contents »).\n\n"
                     f"**Les cas de ce carnet :**\n\n{toc}\n\n[← Retour à l'accueil]({HOME})"),
        ("code", "from casebook.learner.widgets import show_case"),
    ]
    for number, case in enumerate(cases, start=1):
        cells.append(("markdown", f"## Cas {number} : {case.title}"))
        cells.append(("code", f'show_case("{case.id}")'))
    cells.append(("markdown", f"[Voir mon parcours]({PROGRESS}) · [← Retour à l'accueil]({HOME})"))
    return _notebook(cells)


def home_notebook(project: Project) -> dict:
    by_theme = public_cases_by_theme(project)
    sections = []
    for theme, cases in by_theme.items():
        name = theme_notebook_name(theme)
        items = "\n".join(f"  {n}. {c.title}" for n, c in enumerate(cases, start=1))
        sections.append(f"- **[{theme.label}]({name})** ({len(cases)} cas)\n{items}")
    chapter_list = "\n".join(f"- [{title}](../{CHAPTERS_DIR}/{slug}.md)" for slug, title in chapters(project.root))
    labs = "\n".join(f"- [{title}]({name})" for name, title in LABS.items())
    text = (
        "# Réseaux sociaux et IA : l'éthique au quotidien des professionnels de santé\n\n"
        "Bienvenue. Ce cours s'adresse à tous les professionnels de santé : médecins, internes et "
        "étudiants, infirmiers, pharmaciens, sages-femmes, masseurs-kinésithérapeutes, "
        "chirurgiens-dentistes et personnels des établissements.\n\n"
        "## Comment ça marche\n\n"
        "1. Ouvrez un carnet de cas ci-dessous et exécutez-le (menu « Run » → « Run All Cells »).\n"
        "2. Pour chaque situation, choisissez une réponse au clavier ou à la souris, puis cliquez sur "
        "« Valider ».\n"
        "3. Lisez le retour : le verdict (recommandé, acceptable, risqué ou faute), l'explication, les "
        "principes respectés ou enfreints et les textes de référence.\n"
        "4. Certains choix ont des conséquences : une nouvelle étape apparaît alors.\n"
        "5. Vos réponses sont enregistrées dans ce dossier et retrouvées à la prochaine ouverture ; "
        "« Recommencer » efface celles d'un cas.\n\n"
        "Parcours conseillé : lisez le chapitre d'un principe, puis faites les cas qui s'y rapportent, "
        f"et suivez vos progrès dans [Mon parcours]({PROGRESS}).\n\n"
        "## Les carnets de cas\n\n" + "\n".join(sections) + "\n\n"
        "## Les labs de données\n\n" + labs + "\n\n"
        "## Les chapitres du cours\n\n" + chapter_list + "\n\n"
        "*Contenu pédagogique, qui ne remplace pas un conseil juridique. Les textes cités ont été "
        "vérifiés à la date indiquée dans le registre des références.*"
    )
    return _notebook([("markdown", text)])


def progress_notebook() -> dict:
    return _notebook([
        ("markdown", "# Mon parcours\n\nCe carnet relit vos réponses enregistrées et montre les cas faits "
                     "et votre score par principe. Exécutez-le à nouveau après avoir avancé.\n\n"
                     f"[← Retour à l'accueil]({HOME})"),
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
