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
    ("markdown",
     "# Lab « Anonyme, vraiment ? »\n\n"
     "Un soignant raconte en ligne « un cas de la semaine » sans donner de nom. Est-ce anonyme ? "
     "Ce lab utilise des données **synthétiques** (aucune personne réelle) : 400 publications fictives "
     "qui mentionnent l'âge, la commune, la date, le service et la pathologie du patient. Ces champs ne "
     "sont pas des noms, mais combinés ils peuvent désigner une seule personne : ce sont des "
     "*quasi-identifiants*.\n\n"
     "Repères : une donnée est personnelle dès qu'une personne est identifiable, même indirectement ; "
     "supprimer le nom ne suffit pas, et des données seulement pseudonymisées restent des données "
     "personnelles (voir le principe P01 et les pages « Textes de référence » : RGPD, données de santé, "
     "guide de la CNIL sur l'anonymisation).\n\n"
     "Exécutez les cellules dans l'ordre ; après chaque exercice, la cellule de vérification vous dit si "
     "votre réponse est juste."),
    ("code", SETUP_ANONYMAT),
    ("markdown",
     "## 1. Le k-anonymat\n\nUn jeu de données est *k-anonyme* si chaque combinaison de quasi-identifiants "
     "est partagée par au moins *k* lignes. Plus *k* est petit, plus la ré-identification est facile."),
    Exercise("k_min", "Calculez `k_min`, le k-anonymat du jeu `df` pour les colonnes `QUASI_IDENTIFIERS`.",
             "k_min = int(df.groupby(QUASI_IDENTIFIERS).size().min())"),
    Exercise("uniques", "Combien de publications sont **uniques** sur ces quasi-identifiants ? Rangez le "
                        "nombre dans `uniques`.",
             "tailles = df.groupby(QUASI_IDENTIFIERS)['publication'].transform('size')\n"
             "uniques = int((tailles == 1).sum())"),
    ("markdown",
     "## 2. Généraliser\n\nRemplacez l'âge par sa décennie (`tranche_age`, par exemple `40-49`) et la date "
     "par le mois (`mois`, par exemple `2026-02`). Les colonnes à utiliser ensuite sont "
     "`['tranche_age', 'commune', 'mois', 'service', 'pathologie']`."),
    Exercise("k_generalise", "Construisez `general` (le jeu généralisé) et calculez `k_generalise`.",
             "general = df.copy()\n"
             "bas = (general['age'] // 10) * 10\n"
             "general['tranche_age'] = bas.astype(str) + '-' + (bas + 9).astype(str)\n"
             "general['mois'] = general['date'].str[:7]\n"
             "COLONNES = ['tranche_age', 'commune', 'mois', 'service', 'pathologie']\n"
             "k_generalise = int(general.groupby(COLONNES).size().min())"),
    ("markdown",
     "## 3. Supprimer\n\nMême généralisées, certaines lignes restent trop rares (une pathologie rare dans une "
     "petite commune…). Supprimez les lignes des groupes de moins de 5."),
    Exercise("lignes_supprimees", "Rangez dans `lignes_supprimees` le nombre de lignes supprimées.",
             "tailles = general.groupby(COLONNES)['publication'].transform('size')\n"
             "garde = general[tailles >= 5]\n"
             "lignes_supprimees = len(df) - len(garde)"),
    ("markdown",
     "## 4. Ce que l'on perd\n\nLa cellule suivante trace, pour trois niveaux de généralisation, le k-anonymat "
     "obtenu et la part des lignes conservées avec un seuil de 5. Protéger coûte de l'information : c'est "
     "pourquoi une publication « pédagogique » doit être pensée pour que personne ne soit reconnaissable, "
     "pas seulement débarrassée du nom."),
    ("code",
     "niveaux = {\n"
     "    'aucune': ['age', 'commune', 'date', 'service', 'pathologie'],\n"
     "    'âge et date': ['tranche_age', 'commune', 'mois', 'service', 'pathologie'],\n"
     "    'sans commune': ['tranche_age', 'mois', 'service', 'pathologie'],\n"
     "}\n"
     "from casebook.labs.checks import generalise\n"
     "g = generalise(df)\n"
     "k = [int(g.groupby(c).size().min()) for c in niveaux.values()]\n"
     "gardees = [float((g.groupby(c)['publication'].transform('size') >= 5).mean()) for c in niveaux.values()]\n"
     "fig, ax = plt.subplots(figsize=(6, 3))\n"
     "ax.plot(list(niveaux), gardees, marker='o', label='part des lignes gardées (k ≥ 5)')\n"
     "ax.set_ylim(0, 1)\n"
     "ax.set_ylabel('part des lignes')\n"
     "ax.set_title('Généraliser protège mais appauvrit')\n"
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
    ("markdown",
     "# Lab « Une IA de tri équitable ? »\n\n"
     "Un service d'urgences teste un outil d'aide au tri. Les données sont **synthétiques** : 2 000 patients "
     "fictifs, avec l'urgence réelle (décidée après coup) et ce que l'outil avait prédit. L'outil est-il "
     "aussi fiable pour tous ? Une erreur grave ici est le *faux négatif* : une vraie urgence que l'outil "
     "n'a pas signalée.\n\n"
     "Repères : le professionnel reste responsable de la décision et informe le patient de l'usage d'un "
     "dispositif à traitement algorithmique ; voir le principe P11, le chapitre « IA en santé » et les "
     "textes de référence (code de la santé publique, règlement européen sur l'IA)."),
    ("code", SETUP_TRI),
    ("markdown", "## 1. Taux de faux négatifs par groupe d'âge"),
    Exercise("taux_faux_negatifs",
             "Parmi les vraies urgences, calculez par `groupe_age` la part que l'outil n'a **pas** prédite. "
             "Rangez le résultat (une `Series` indexée par groupe) dans `taux_faux_negatifs`.",
             "urgences = df[df['urgence_reelle']]\n"
             "taux_faux_negatifs = 1 - urgences.groupby('groupe_age')['urgence_predite'].mean()"),
    Exercise("ecart", "Calculez `ecart`, le taux des 75 ans et plus moins celui des moins de 75 ans.",
             "ecart = float(taux_faux_negatifs['75 ans et plus'] - taux_faux_negatifs['moins de 75 ans'])"),
    ("code",
     "fig, ax = plt.subplots(figsize=(5, 3))\n"
     "(1 - df[df['urgence_reelle']].groupby('groupe_age')['urgence_predite'].mean()).plot.bar(ax=ax, color='#8a5300')\n"
     "ax.set_ylabel('taux de faux négatifs')\n"
     "ax.set_title('Urgences manquées par groupe')\n"
     "plt.show()"),
    ("markdown", "## 2. Croiser les groupes"),
    Exercise("groupe_le_plus_penalise",
             "Croisez `groupe_age` et `sexe` : quel couple a le taux de faux négatifs le plus élevé ? Rangez-le "
             "dans `groupe_le_plus_penalise` sous la forme d'un tuple, par exemple `('moins de 75 ans', 'homme')`.",
             "urgences = df[df['urgence_reelle']]\n"
             "croise = 1 - urgences.groupby(['groupe_age', 'sexe'])['urgence_predite'].mean()\n"
             "groupe_le_plus_penalise = tuple(croise.idxmax())"),
    ("markdown",
     "## 3. Et maintenant ?\n\n**Question A.** Face à ces résultats, que doit faire l'équipe ?\n\n"
     "- A. Laisser l'outil décider seul pour les moins de 75 ans, où il se trompe moins.\n"
     "- B. Garder une décision humaine pour chaque patient, signaler le biais au fabricant et à la "
     "direction, et surveiller les erreurs par groupe.\n"
     "- C. Retirer l'âge des données de l'outil : le biais disparaîtra.\n\n"
     "**Question B.** Que doit-on au patient trié avec l'aide de l'outil ?\n\n"
     "- A. Rien : c'est un outil interne.\n"
     "- B. Son consentement écrit, sans lequel l'outil ne peut pas être utilisé.\n"
     "- C. L'informer que l'outil a été utilisé et de l'interprétation retenue."),
    Exercise("reponse_supervision", "Rangez votre réponse à la question A (`'A'`, `'B'` ou `'C'`) dans "
                                    "`reponse_supervision`.", "reponse_supervision = 'B'"),
    Exercise("reponse_information", "Rangez votre réponse à la question B dans `reponse_information`.",
             "reponse_information = 'C'"),
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
            cells.append(_cell("markdown", f"**Exercice `{item.id}`.** {item.instructions}"))
            cells.append(_cell("code", f"# Écrivez votre réponse ici\n{item.id} = None"))
            cells.append(_cell("code", f'verifier("{item.id}", {item.id})'))
        else:
            cells.append(_cell(*item))
    cells.append(_cell("markdown", "[← Retour à l'accueil](Accueil.ipynb)"))
    return _notebook(cells)


def source_notebook(name: str) -> dict:
    cells = []
    for position, item in enumerate(LABS[name]):
        if isinstance(item, Exercise):
            cells.append(_cell("markdown", f"**Exercice `{item.id}`.** {item.instructions}",
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
