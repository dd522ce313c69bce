"""The two data labs, written once and generated in two forms.

* the practice notebook (``notebooks/lab-*.ipynb``): each exercise has an empty
  answer cell and a check cell with immediate feedback (``verifier``);
* the nbgrader source (``grading/source/lab-*/``): the same cells with the
  reference solution between solution markers and autograded test cells
  (``controle``), ready for ``nbgrader generate_assignment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.core import ipynb
from casebook.core.ipynb import serialise  # noqa: F401 - one serialiser for every notebook file
from casebook.labs import messages as M


@dataclass(frozen=True)
class Exercise:
    id: str
    instructions: str
    solution: str
    points: int = 1


Cell = tuple[str, str] | Exercise

SETUP_ANONYMAT = (
    "import matplotlib.pyplot as plt\n"
    "from casebook.labs.data import publications, QUASI_IDENTIFIERS\n"
    "from casebook.labs.checks import verifier\n\n"
    "df = publications()\n"
    "df.head()"
)

ANONYMAT: list[Cell] = [
    ("markdown", M.ANONYMAT_INTRO),
    ("code", SETUP_ANONYMAT),
    ("markdown", M.ANONYMAT_K_ANONYMITY),
    Exercise("k_min", M.ANONYMAT_K_MIN, "k_min = int(df.groupby(QUASI_IDENTIFIERS).size().min())"),
    Exercise("uniques", M.ANONYMAT_UNIQUES,
             "tailles = df.groupby(QUASI_IDENTIFIERS)['publication'].transform('size')\n"
             "uniques = int((tailles == 1).sum())"),
    ("markdown", M.ANONYMAT_GENERALISE),
    Exercise("k_generalise", M.ANONYMAT_K_GENERALISE,
             "general = df.copy()\n"
             "bas = (general['age'] // 10) * 10\n"
             "general['tranche_age'] = bas.astype(str) + '-' + (bas + 9).astype(str)\n"
             "general['mois'] = general['date'].str[:7]\n"
             "COLONNES = ['tranche_age', 'commune', 'mois', 'service', 'pathologie']\n"
             "k_generalise = int(general.groupby(COLONNES).size().min())"),
    ("markdown", M.ANONYMAT_SUPPRESS),
    Exercise("lignes_supprimees", M.ANONYMAT_ROWS_REMOVED,
             "tailles = general.groupby(COLONNES)['publication'].transform('size')\n"
             "garde = general[tailles >= 5]\n"
             "lignes_supprimees = len(df) - len(garde)"),
    ("markdown", M.ANONYMAT_COST),
    ("code",
     "niveaux = {\n"
     f"    {M.ANONYMAT_LEVEL_NONE!r}: ['age', 'commune', 'date', 'service', 'pathologie'],\n"
     f"    {M.ANONYMAT_LEVEL_AGE_DATE!r}: ['tranche_age', 'commune', 'mois', 'service', 'pathologie'],\n"
     f"    {M.ANONYMAT_LEVEL_NO_COMMUNE!r}: ['tranche_age', 'mois', 'service', 'pathologie'],\n"
     "}\n"
     "from casebook.labs.checks import generalise\n"
     "g = generalise(df)\n"
     "k = [int(g.groupby(c).size().min()) for c in niveaux.values()]\n"
     "gardees = [float((g.groupby(c)['publication'].transform('size') >= 5).mean()) for c in niveaux.values()]\n"
     "fig, ax = plt.subplots(figsize=(6, 3))\n"
     f"ax.plot(list(niveaux), gardees, marker='o', label={M.ANONYMAT_PLOT_KEPT!r})\n"
     "ax.set_ylim(0, 1)\n"
     f"ax.set_ylabel({M.ANONYMAT_PLOT_Y!r})\n"
     f"ax.set_title({M.ANONYMAT_PLOT_TITLE!r})\n"
     "for x, (kk, y) in enumerate(zip(k, gardees)):\n"
     "    ax.annotate(f'k = {kk}', (x, y), textcoords='offset points', xytext=(0, 8), ha='center')\n"
     "ax.legend()\n"
     "plt.show()"),
]

SETUP_TRI = (
    "import matplotlib.pyplot as plt\n"
    "from casebook.labs.data import triage\n"
    "from casebook.labs.checks import verifier\n\n"
    "df = triage()\n"
    "df.head()"
)

TRI: list[Cell] = [
    ("markdown", M.TRI_INTRO),
    ("code", SETUP_TRI),
    ("markdown", M.TRI_FALSE_NEGATIVES),
    Exercise("taux_faux_negatifs", M.TRI_FALSE_NEGATIVE_RATE,
             "urgences = df[df['urgence_reelle']]\n"
             "taux_faux_negatifs = 1 - urgences.groupby('groupe_age')['urgence_predite'].mean()"),
    Exercise("ecart", M.TRI_GAP,
             f"ecart = float(taux_faux_negatifs[{M.DATA_AGE_75_PLUS!r}] - "
             f"taux_faux_negatifs[{M.DATA_AGE_UNDER_75!r}])"),
    ("code",
     "fig, ax = plt.subplots(figsize=(5, 3))\n"
     "(1 - df[df['urgence_reelle']].groupby('groupe_age')['urgence_predite'].mean()).plot.bar(ax=ax, color='#8a5300')\n"
     f"ax.set_ylabel({M.TRI_PLOT_Y!r})\n"
     f"ax.set_title({M.TRI_PLOT_TITLE!r})\n"
     "plt.show()"),
    ("markdown", M.TRI_CROSS),
    Exercise("groupe_le_plus_penalise", M.TRI_MOST_PENALISED,
             "urgences = df[df['urgence_reelle']]\n"
             "croise = 1 - urgences.groupby(['groupe_age', 'sexe'])['urgence_predite'].mean()\n"
             "groupe_le_plus_penalise = tuple(croise.idxmax())"),
    ("markdown", M.TRI_NOW_WHAT),
    Exercise("reponse_supervision", M.TRI_SUPERVISION, "reponse_supervision = 'B'"),
    Exercise("reponse_information", M.TRI_INFORMATION, "reponse_information = 'C'"),
]

LABS = {"lab-anonymat": ANONYMAT, "lab-ia-equitable": TRI}


def _cell(kind: str, source: str, meta: dict | None = None) -> dict:
    return ipynb.cell(kind, source, meta)


def _nbgrader(grade_id: str, **flags) -> dict:
    return ipynb.nbgrader(grade_id, **{"locked": False, **flags})


_notebook = ipynb.notebook


def practice_notebook(name: str) -> dict:
    cells = []
    for item in LABS[name]:
        if isinstance(item, Exercise):
            cells.append(_cell("markdown", M.EXERCISE_HEADING.format(id=item.id, instructions=item.instructions)))
            cells.append(_cell("code", f"{M.ANSWER_PLACEHOLDER}\n{item.id} = None"))
            cells.append(_cell("code", f'verifier("{item.id}", {item.id})'))
        else:
            cells.append(_cell(*item))
    cells.append(_cell("markdown", M.BACK_HOME))
    return _notebook(cells)


def source_notebook(name: str) -> dict:
    cells = []
    for position, item in enumerate(LABS[name]):
        if isinstance(item, Exercise):
            cells.append(_cell("markdown", M.EXERCISE_HEADING.format(id=item.id, instructions=item.instructions),
                               _nbgrader(f"{item.id}-consigne", locked=True)))
            cells.append(_cell("code", f"### BEGIN SOLUTION\n{item.solution}\n### END SOLUTION",
                               _nbgrader(f"{item.id}-reponse", solution=True)))
            cells.append(_cell("code", "from casebook.labs.checks import controle\n"
                                       f'controle("{item.id}", {item.id})',
                               _nbgrader(f"{item.id}-test", grade=True, locked=True, points=item.points)))
        else:
            kind, source = item
            cells.append(_cell(kind, source, _nbgrader(f"cellule-{position}", locked=True)))
    return _notebook(cells)


def write_sources(grading: Path) -> list[Path]:
    written = []
    for name in LABS:
        folder = grading / "source" / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.ipynb"
        path.write_text(serialise(source_notebook(name)), encoding="utf-8")
        written.append(path)
    return written
