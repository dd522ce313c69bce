"""Every word the data labs show, in French: one place to read, review or translate them.

The two labs (practice notebooks and nbgrader sources, :mod:`casebook.labs.build`), their
checks' feedback (:mod:`casebook.labs.checks`) and the values of their synthetic data sets
(:mod:`casebook.labs.data`) take their strings from here, with ``str.format`` fields for
what varies. An English edition means a sibling module with the same names, not edits
across the layer.

The labs' code (set-up cells, plots, reference solutions) stays in ``build.py``; the French
labels it shows (plot titles, axis names) are here and are inserted as Python literals.
Column names of the data sets (``age``, ``commune``, ``groupe_age``…) are identifiers the
learner types in code: they stay in the code, like variable names.
"""

# --- the synthetic data sets' values (data.py) -----------------------------------------------
# The learner reads them in the data frames and plots; the reference solutions and checks
# compare with these same constants, so a translation stays consistent.
DATA_COMMUNES = ["Villeneuve", "Saint-Aubin", "Montfleury", "Belcastel", "Lanrivain", "Port-Mélan"]
DATA_SERVICES = ["urgences", "maternité", "pédiatrie", "cardiologie", "orthopédie"]
DATA_COMMON_CONDITIONS = ["fracture", "angine", "appendicite", "bronchiolite", "accouchement", "malaise"]
DATA_RARE_CONDITIONS = ["maladie de Fabry", "syndrome de Marfan", "mucoviscidose"]
DATA_AGE_UNDER_75 = "moins de 75 ans"
DATA_AGE_75_PLUS = "75 ans et plus"
DATA_SEX_WOMAN = "femme"
DATA_SEX_MAN = "homme"

# --- feedback of the check cells (checks.py) -------------------------------------------------
HINTS = {
    "k_min": "Le k-anonymat est la taille du plus petit groupe de lignes qui partagent toutes les "
             "valeurs des quasi-identifiants : groupby(...).size().min().",
    "uniques": "Comptez les lignes dont le groupe (mêmes quasi-identifiants) ne contient qu'elles-mêmes.",
    "k_generalise": "Après généralisation (âge par décennie, date par mois), recalculez la taille du plus "
                    "petit groupe.",
    "lignes_supprimees": "Supprimez les lignes des groupes de moins de 5 après généralisation, et comptez-les.",
    "taux_faux_negatifs": "Parmi les vraies urgences seulement, la part que l'outil n'a pas prédite, par "
                          "groupe d'âge.",
    "ecart": "Taux de faux négatifs des 75 ans et plus moins celui des moins de 75 ans.",
    "groupe_le_plus_penalise": "Le couple (groupe d'âge, sexe) au taux de faux négatifs le plus élevé.",
    "reponse_supervision": "Relisez la section sur la garantie humaine dans le chapitre « IA en santé ».",
    "reponse_information": "Que doit faire le professionnel qui utilise un dispositif à traitement algorithmique ?",
}
"""The hint shown when an answer is wrong, keyed by exercise id (the checks know exactly these)."""
UNKNOWN_EXERCISE = "exercice inconnu : {exercise}"
ANSWER_TO_REVIEW = "Réponse à revoir. Indice : {hint}"
CHECK_WRONG = "✗ {message}"
CHECK_RIGHT = "✓ Juste."

# --- the notebooks' scaffolding around each exercise (build.py) ------------------------------
EXERCISE_HEADING = "**Exercice `{id}`.** {instructions}"
ANSWER_PLACEHOLDER = "# Écrivez votre réponse ici"
BACK_HOME = "[← Retour à l'accueil](Accueil.ipynb)"

# --- lab « Anonyme, vraiment ? » (lab-anonymat) ----------------------------------------------
ANONYMAT_INTRO = (
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
    "votre réponse est juste.")
ANONYMAT_K_ANONYMITY = (
    "## 1. Le k-anonymat\n\nUn jeu de données est *k-anonyme* si chaque combinaison de quasi-identifiants "
    "est partagée par au moins *k* lignes. Plus *k* est petit, plus la ré-identification est facile.")
ANONYMAT_K_MIN = "Calculez `k_min`, le k-anonymat du jeu `df` pour les colonnes `QUASI_IDENTIFIERS`."
ANONYMAT_UNIQUES = ("Combien de publications sont **uniques** sur ces quasi-identifiants ? Rangez le "
                    "nombre dans `uniques`.")
ANONYMAT_GENERALISE = (
    "## 2. Généraliser\n\nRemplacez l'âge par sa décennie (`tranche_age`, par exemple `40-49`) et la date "
    "par le mois (`mois`, par exemple `2026-02`). Les colonnes à utiliser ensuite sont "
    "`['tranche_age', 'commune', 'mois', 'service', 'pathologie']`.")
ANONYMAT_K_GENERALISE = "Construisez `general` (le jeu généralisé) et calculez `k_generalise`."
ANONYMAT_SUPPRESS = (
    "## 3. Supprimer\n\nMême généralisées, certaines lignes restent trop rares (une pathologie rare dans une "
    "petite commune…). Supprimez les lignes des groupes de moins de 5.")
ANONYMAT_ROWS_REMOVED = "Rangez dans `lignes_supprimees` le nombre de lignes supprimées."
ANONYMAT_COST = (
    "## 4. Ce que l'on perd\n\nLa cellule suivante trace, pour trois niveaux de généralisation, le k-anonymat "
    "obtenu et la part des lignes conservées avec un seuil de 5. Protéger coûte de l'information : c'est "
    "pourquoi une publication « pédagogique » doit être pensée pour que personne ne soit reconnaissable, "
    "pas seulement débarrassée du nom.")
ANONYMAT_LEVEL_NONE = "aucune"
ANONYMAT_LEVEL_AGE_DATE = "âge et date"
ANONYMAT_LEVEL_NO_COMMUNE = "sans commune"
ANONYMAT_PLOT_KEPT = "part des lignes gardées (k ≥ 5)"
ANONYMAT_PLOT_Y = "part des lignes"
ANONYMAT_PLOT_TITLE = "Généraliser protège mais appauvrit"

# --- lab « Une IA de tri équitable ? » (lab-ia-equitable) ------------------------------------
TRI_INTRO = (
    "# Lab « Une IA de tri équitable ? »\n\n"
    "Un service d'urgences teste un outil d'aide au tri. Les données sont **synthétiques** : 2 000 patients "
    "fictifs, avec l'urgence réelle (décidée après coup) et ce que l'outil avait prédit. L'outil est-il "
    "aussi fiable pour tous ? Une erreur grave ici est le *faux négatif* : une vraie urgence que l'outil "
    "n'a pas signalée.\n\n"
    "Repères : le professionnel reste responsable de la décision et informe le patient de l'usage d'un "
    "dispositif à traitement algorithmique ; voir le principe P11, le chapitre « IA en santé » et les "
    "textes de référence (code de la santé publique, règlement européen sur l'IA).")
TRI_FALSE_NEGATIVES = "## 1. Taux de faux négatifs par groupe d'âge"
TRI_FALSE_NEGATIVE_RATE = (
    "Parmi les vraies urgences, calculez par `groupe_age` la part que l'outil n'a **pas** prédite. "
    "Rangez le résultat (une `Series` indexée par groupe) dans `taux_faux_negatifs`.")
TRI_GAP = "Calculez `ecart`, le taux des 75 ans et plus moins celui des moins de 75 ans."
TRI_PLOT_Y = "taux de faux négatifs"
TRI_PLOT_TITLE = "Urgences manquées par groupe"
TRI_CROSS = "## 2. Croiser les groupes"
TRI_MOST_PENALISED = (
    "Croisez `groupe_age` et `sexe` : quel couple a le taux de faux négatifs le plus élevé ? Rangez-le "
    "dans `groupe_le_plus_penalise` sous la forme d'un tuple, par exemple `('moins de 75 ans', 'homme')`.")
TRI_NOW_WHAT = (
    "## 3. Et maintenant ?\n\n**Question A.** Face à ces résultats, que doit faire l'équipe ?\n\n"
    "- A. Laisser l'outil décider seul pour les moins de 75 ans, où il se trompe moins.\n"
    "- B. Garder une décision humaine pour chaque patient, signaler le biais au fabricant et à la "
    "direction, et surveiller les erreurs par groupe.\n"
    "- C. Retirer l'âge des données de l'outil : le biais disparaîtra.\n\n"
    "**Question B.** Que doit-on au patient trié avec l'aide de l'outil ?\n\n"
    "- A. Rien : c'est un outil interne.\n"
    "- B. Son consentement écrit, sans lequel l'outil ne peut pas être utilisé.\n"
    "- C. L'informer que l'outil a été utilisé et de l'interprétation retenue.")
TRI_SUPERVISION = ("Rangez votre réponse à la question A (`'A'`, `'B'` ou `'C'`) dans "
                   "`reponse_supervision`.")
TRI_INFORMATION = "Rangez votre réponse à la question B dans `reponse_information`."
