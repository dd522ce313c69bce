"""Every word the workshop layer shows, in French: one place to read, review or translate them.

The workshop notebook, the submission gate's refusal reasons, the grading reasons (a zero
always says why), the learner's feedback, the exports' feedback column and the instructor's
``casebook workshop …`` commands (``workshop/cli.py`` and ``workshop/rehearsal.py``, in the
CLI layer) take their strings from here, with named ``str.format`` fields for what varies.
An English edition means a sibling module with the same names, not edits across the layer.

The reasons below are compared by the tests and stored in exports (``<atelier>-problemes.json``,
``<atelier>-controle.json``, the Moodle CSV's feedback column): changing one changes those files.
What other programs read is not here: file and folder names, grade ids, JSON keys, CSV column
headers of an export format (Moodle import, per-principle CSV) and the mark-scheme delimiters
stay beside the code that writes them, as named constants. The feedback page nbgrader renders
is a template file (``grading/modeles/``); the cases' own words live in ``cases/``.
"""

# --- the workshop notebook (grading/source/<atelier>/<atelier>.ipynb) -------------------------
NOTEBOOK_DUE = "\n\n**À rendre avant le {due:%d/%m/%Y à %H:%M}.**"
NOTEBOOK_INTRO = "# {title}\n\n{description}{due}\n\n## Mode d'emploi\n\n{steps}\n\n" \
                 "Le retour détaillé (verdicts, explications, principes) vous sera donné après la correction."
NOTEBOOK_STEPS_WITH_JUSTIFICATION = (
    "1. Exécutez tout le notebook (menu « Run » puis « Run All Cells »).\n"
    "2. Pour chaque cas, choisissez votre réponse et cliquez sur « Valider ». Votre choix est "
    "enregistré automatiquement dans le fichier `{answers_file}`, à côté de ce notebook : "
    "ne le supprimez pas et ne le modifiez pas.\n"
    "3. Rédigez la justification demandée pour chaque cas.\n"
    "4. Enregistrez le notebook, puis soumettez le dossier de l'atelier.")
NOTEBOOK_STEPS_WITHOUT_JUSTIFICATION = (
    "1. Exécutez tout le notebook (menu « Run » puis « Run All Cells »).\n"
    "2. Pour chaque cas, choisissez votre réponse et cliquez sur « Valider ». Votre choix est "
    "enregistré automatiquement dans le fichier `{answers_file}`, à côté de ce notebook : "
    "ne le supprimez pas et ne le modifiez pas.\n"
    "3. Enregistrez le notebook, puis soumettez le dossier de l'atelier.")
NOTEBOOK_CASE_HEADING = "## Cas {number} : {title}"
NOTEBOOK_JUSTIFICATION_TASK = (
    "### Justification (cas {number})\n\n{question}\n\n"
    "*Écrivez votre réponse dans la cellule suivante (double-cliquez pour la modifier).*\n\n"
    "{mark_scheme_begin}\n**Grille de correction :**\n\n{rubric}\n{mark_scheme_end}")
NOTEBOOK_JUSTIFICATION_ANSWER = "*Ma justification pour le cas {number} :* "
NOTEBOOK_GRADED_CELL_COMMENT = (
    "# Correction automatique : cas {number}, {principle} ({name}).\n"
    "# Cette cellule est verrouillée ; la note est calculée à partir de vos réponses enregistrées.\n")
NOTEBOOK_END = ("## Fin de l'atelier\n\nVérifiez que chaque cas affiche « Réponse enregistrée » ou "
                "« Cas terminé », enregistrez, puis soumettez.")

# --- what the learner's notebook shows (released folder) ---------------------------------------
VIEW_FILE_MISSING = ("{view_file} est introuvable à côté du notebook : récupérez à nouveau le dossier "
                     "de l'atelier.")
READ_FOR_GRADING = "Cas « {case_id} » : réponses lues dans {answers_file} pour la correction."
PLACEHOLDER_FEEDBACK = "Retour disponible après la correction de l'atelier."
"""Stands in memory for every key the released view leaves out (verdicts, feedback, debrief)."""

# --- workshop files (grading/workshops/<atelier>.yml) -------------------------------------------
WORKSHOP_NAME_INVALID = "nom d'atelier invalide : « {name} » (lettres minuscules, chiffres, - et _)"
WORKSHOP_UNKNOWN = "atelier inconnu : « {name} » (ateliers disponibles : {known}) ; fichier attendu : {path}"
WORKSHOP_NONE_AVAILABLE = "aucun"
WORKSHOP_UNKNOWN_SHORT = "atelier inconnu : « {name} » ; fichier attendu : {path}"
WORKSHOP_UNKNOWN_CASES = "cas inconnu(s) : {cases}"
WORKSHOP_UNKNOWN_CASES_EXPECTED = "des identifiants de cases/"
WORKSHOP_DUPLICATE_CASE = "cas listé deux fois"

# --- reading a learner's file within bounds (reasons, in the gate report and the feedback) ------
COPY_FOLDER_MISSING = "dossier de la copie introuvable ({folder})"
COPY_FOLDER_IS_LINK = "le dossier de la copie est un lien symbolique ou n'est pas un dossier"
FILE_MISSING = "{name} absent"
FILE_IS_LINK = "{name} est un lien symbolique (refusé)"
FILE_CANNOT_OPEN = "{name} ne peut pas être ouvert ({error})"
FILE_NOT_REGULAR = "{name} n'est pas un fichier ordinaire (tube, dossier ou périphérique refusé)"
FILE_TOO_BIG = "{name} est trop volumineux ({size}, maximum {maximum})"
FILE_TOO_BIG_WHILE_READING = "{name} est trop volumineux (plus de {maximum})"
FILE_TOO_SLOW = "lecture de {name} trop lente (plus de {seconds:g} s)"
SIZE_KILOBYTES = "{size:.0f} Ko"
SIZE_MEGABYTES = "{size:.1f} Mo"

# --- the answers file and the points of a graded cell ------------------------------------------
ANSWERS_UNREADABLE = "fichier de réponses illisible ({problem})"
CASE_ANSWERS_UNREADABLE = "réponses à ce cas illisibles ({problem})"
ANSWERS_MISSING = "fichier de réponses absent ({answers_file}) : aucune réponse enregistrée"
ANSWERS_REFUSED = "fichier de réponses refusé : {reason}"
NO_ANSWER_TO_CASE = "aucune réponse à ce cas"
PRINCIPLE_POINTS = "{principle} : {earned:g} / {possible:g} point(s)"
PRINCIPLE_NOT_ASSESSED_IN_CASE = "principe {principle} non évalué dans ce cas"
PRINCIPLE_NOT_ASSESSED = "principe {principle} non évalué"
UNKNOWN_CASE = "cas inconnu : {case_id}"
LINE_WITH_REASON = "{line} — {reason}"

# --- the submission gate (refusal reasons and notes; grading/exports/<atelier>-controle.json) ---
LEARNER_ID_REFUSED = ("identifiant d'apprenant refusé (admis : lettres sans accent, chiffres, « . », « _ », "
                      "« - », « @ », sans point initial)")
KIND_SYMLINK = "lien symbolique"
KIND_FOLDER = "dossier"
KIND_FIFO = "tube nommé"
KIND_SOCKET = "socket"
KIND_DEVICE = "périphérique"
KIND_FILE = "fichier"
COPY_FOLDER_REFUSED = "dossier de la copie refusé ({kind})"
NOTEBOOK_REFUSED = "notebook refusé : {reason}"
NOTEBOOK_MISSING_NAMED = "notebook absent de la copie ({notebook})"
NOTEBOOK_NOT_UTF8 = "notebook illisible (le fichier n'est pas en UTF-8)"
NOTEBOOK_TOO_DEEP = "notebook illisible (imbrication JSON excessive)"
NOTEBOOK_NOT_JSON = "notebook illisible (fichier JSON invalide)"
NOTEBOOK_INVALID = "notebook illisible (structure de notebook invalide)"
NOTEBOOK_UNREADABLE = "notebook illisible ({error})"
FILE_NOT_EXPECTED = "fichier non prévu dans une copie"
FILE_SET_ASIDE = "« {name} » écarté ({reason})"
TIMESTAMP_UNREADABLE = "horodatage illisible"
TIMESTAMP_UNREADABLE_NOTE = "horodatage de la remise illisible : copie corrigée sans date de remise"

# --- the exchange (collect; grading/exports/<atelier>-ramassage.json) ---------------------------
COPY_REFUSED_AT_COLLECT = "copie refusée au ramassage"
EXCHANGE_FOLDER_REFUSED = "dossier de la copie refusé dans l'échange ({kind})"
EXCHANGE_DEPOSIT_NAME_UNREADABLE = "nom de dépôt illisible dans l'échange"
EXCHANGE_DEPOSIT_PREFIX = "(échange)"
"""Also the start of a key in the collect report (a deposit that names no learner): keep in step."""
EXCHANGE_DEPOSIT_KEY = EXCHANGE_DEPOSIT_PREFIX + " {name}"
LOG_REFUSED_AT_COLLECT = "Copie de %s : éléments refusés au ramassage (%s)"
"""A log line (``logging``'s %-style fields: the learner, then what was refused)."""

# --- grading: why a copy earns 0 (grading/exports/<atelier>-problemes.json, status, feedback) -----
NO_SUBMISSION = "aucune copie rendue"
COPY_REFUSED = "copie refusée"
NOTEBOOK_MISSING = "notebook absent de la copie"
SUBMISSION_TIMESTAMP_UNREADABLE = "horodatage de la remise illisible"
FILE_NOT_UTF8 = "fichier illisible (pas en UTF-8)"
GRADING_TIMEOUT = "délai de correction dépassé"
KERNEL_DIED = "le noyau Python s'est arrêté pendant la correction"
AUTOGRADE_FAILED_UNKNOWN = "échec de la correction automatique (cause non précisée par nbgrader)"
AUTOGRADE_FAILED = "échec de la correction automatique ({name} : {message})"
FAILURE_BY_EXCEPTION = {
    "NotJSONError": NOTEBOOK_NOT_JSON,
    "JSONDecodeError": NOTEBOOK_NOT_JSON,
    "ValidationError": NOTEBOOK_INVALID,
    "UnicodeDecodeError": FILE_NOT_UTF8,
    "CellTimeoutError": GRADING_TIMEOUT,
    "DeadKernelError": KERNEL_DIED,
}
"""The reason for each exception nbgrader may log (looked up by the exception's name)."""
FEEDBACK_NOT_GENERATED = "retour non généré : {reason}"
BULK_NOTEBOOK_UNEXPECTED = "notebook absent ou inattendu"
"""Why a copy is left from bulk grading to nbgrader (which then gives its own reason)."""

# --- grading: the instructor's errors ------------------------------------------------------------
NBGRADER_STEP_FAILED = "nbgrader {step} a échoué :\n{log}"
GRADEBOOK_DOWN = ("le carnet de notes ne répond pas ({where}) : rien n'a été noté. Vérifiez que le "
                  "serveur de base de données est démarré, puis relancez la même commande (détail : {detail})")
WORKSHOP_NOT_RELEASED = ("l'atelier « {name} » n'a pas été publié : lancez d'abord "
                         "« casebook workshop release {name} »")
NOTHING_TO_GRADE = ("aucune copie à corriger : le dossier {folder} ne contient aucun sous-dossier "
                    "<apprenant>/{name}/")
NOTHING_GRADED = ("aucune copie corrigée pour l'atelier « {name} » : lancez d'abord "
                  "« casebook workshop grade {name} »")
WORKSHOP_NOT_IN_GRADEBOOK = ("l'atelier « {name} » est absent du carnet de notes : publiez-le puis "
                             "corrigez-le")

UNSUPPORTED_LAYOUT = ("nbgrader_config.py : CourseDirectory.directory_structure vaut « {found} » ; les ateliers "
                      "attendent la disposition par défaut de nbgrader, « {expected} ». Les noms des dossiers "
                      "(submitted_directory, feedback_directory…) peuvent, eux, être changés.")

# --- progress bars (stderr) ----------------------------------------------------------------------
PROGRESS_UNIT = "apprenant"
PROGRESS_AUTOGRADE = "Correction automatique"
PROGRESS_FEEDBACK = "Retours aux apprenants"
PROGRESS_BULK_AUTOGRADE = "Correction automatique (en bloc)"
PROGRESS_BULK_FEEDBACK = "Retours aux apprenants (en bloc)"

# --- the learner's feedback ----------------------------------------------------------------------
ZERO_FEEDBACK = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Retour : {title}</title></head>
<body><h1>Retour : {title}</h1>
<p><strong>Note : 0.</strong> Votre copie n'a pas pu être corrigée : {reason}.</p>
<p>Adressez-vous à votre formateur ou formatrice si vous pensez qu'il s'agit d'une erreur.</p>
</body></html>
"""
"""The whole feedback page of a copy that could not be graded (``title`` and ``reason`` HTML-escaped)."""
FEEDBACK_CASE_TITLE = "Retour : {title}"
FEEDBACK_CASE_PLAIN = "Retour sur le cas {case_id}"
FEEDBACK_CELL_ERROR = "(Cette cellule a produit une erreur lors de la correction : {error}.)\n"

# --- the Moodle export's feedback column and the status -------------------------------------------
MOODLE_ZERO = "Note 0 : {problem}."
MOODLE_PENDING = ("En attente : justifications non encore corrigées ({points:g} points ; cas {cases}). "
                  "Points déjà attribués : {score:g} / {max_score:g}.")
MOODLE_POINTS = "{score:g} / {max_score:g} points."
MOODLE_POINTS_WITH_HAND_GRADING = "{score:g} / {max_score:g} points (justifications corrigées à la main comprises)."
MOODLE_LATE_WITH_PENALTY = "Rendu en retard de {late}, pénalité {penalty:g} point(s)."
MOODLE_LATE_WITHOUT_PENALTY = "Rendu en retard de {late}, sans pénalité."
MOODLE_NO_ID_WARNING = (
    "ATTENTION : {count} apprenant(s) sans identifiant Moodle ni adresse électronique ({learners}). "
    "Moodle ne pourra pas leur attribuer leur note : importez la liste des apprenants avec "
    "« casebook workshop roster apprenants.csv », puis relancez l'export.")
LIST_CUT = "{shown} …"
LATE_HOURS = "{hours} h {minutes:02d}"
LATE_MINUTES = "{minutes} min"
DUE_DATE = "{due:%d/%m/%Y %H:%M}"
STATUS_PENDING = "en attente : {points:g} point(s) de justification"
STATUS_LATE = "en retard de {late}"
STATUS_SET_ASIDE = "{name} ({kind}) : {reason}"

# --- the roster (casebook workshop roster) ---------------------------------------------------------
ROSTER_FILE_MISSING = "fichier introuvable : {path}"
ROSTER_COLUMNS_WRONG = "colonnes attendues : {expected} ; trouvé : {found}"
ROSTER_EMPTY_IDS = "identifiant vide aux lignes {lines} de {path}"
ROSTER_IMPORT_FAILED = "l'import nbgrader a échoué :\n{output}"

# --- casebook workshop … (workshop/cli.py): output ------------------------------------------------
CLI_ERROR = "Erreur : {error}"
CLI_DATA_ERROR = "Erreur dans les données :\n{error}"
CLI_GRADEBOOK_DOWN = ("Erreur : le carnet de notes ne répond pas : vérifiez que le serveur de base de données "
                      "est démarré, puis relancez la commande (détail : {detail}).")
CLI_BUILT = "Notebook source généré : {path}"
CLI_RELEASED = "Atelier publié dans {folder}"
CLI_RELEASED_TO_EXCHANGE = "… et déposé dans l'échange {exchange}"
CLI_COLLECTED = "{count} copie(s) ramassée(s) dans l'échange."
CLI_GRADED = "{count} copie(s) corrigée(s)."
CLI_ZERO_LINE = "  {student} : note 0 — {reason}"
CLI_EXPORT_LINE = "Export {kind} : {path}"
CLI_FEEDBACK_PUBLISHED_AFTER_GRADING = ("Retours publiés dans l'échange (les apprenants font « nbgrader "
                                        "fetch_feedback {name} »).")
CLI_FEEDBACK_REGENERATED = "{count} retour(s) régénéré(s) depuis le carnet de notes dans {folder}."
CLI_LEARNER_LINE = "  {student} : {text}"
CLI_FEEDBACK_PUBLISHED = "Retours publiés dans l'échange (« nbgrader fetch_feedback {name} » côté apprenant)."
CLI_FORMGRADER_STARTS = ("formgrader démarre sur http://127.0.0.1:{port}/formgrader (dossier {folder}) ; "
                         "l'adresse avec le jeton s'affiche ci-dessous ; Ctrl+C pour arrêter.")
CLI_FORMGRADER_NEXT = "Après la correction des justifications : « casebook workshop retours {name} »."
CLI_STATUS_TITLE = "Atelier « {name} » — {title}"
CLI_STATUS_CASES = "  cas : {cases}"
CLI_STATUS_RELEASE = "  source générée : {built} ; publié : {released}"
CLI_YES = "oui"
CLI_NO = "non"
CLI_STATUS_COUNTS = "  copies rendues : {submitted} ; corrigées : {graded} ; retours : {feedback}"
CLI_STATUS_DUE = "  date limite : {due}"
CLI_STATUS_ZERO = "  note 0 — {student} : {reason}"
CLI_STATUS_SET_ASIDE = "  écarté — {student} : {item}"
CLI_STATUS_WARNING = "  {line}"
CLI_ROSTER_IMPORTED = "{count} apprenant(s) importé(s) dans le carnet de notes."
CLI_DEBRIEF_FIGURE = "Graphique {case_id} : {path}"
CLI_REPORT = "Rapport : {path}"
CLI_REPORT_EXPORTS = "Exports CSV dans {folder}"

# --- casebook workshop … (workshop/cli.py): help ---------------------------------------------------
HELP_WORKSHOP = "ateliers notés avec nbgrader"
HELP_NAME = "nom de l'atelier (grading/workshops/NOM.yml)"
HELP_BUILD = "générer le notebook source nbgrader depuis les cas"
HELP_RELEASE = "générer la version apprenant (et la déposer dans l'échange s'il est configuré)"
HELP_GRADE = "ramasser (échange), corriger en parallèle, générer les retours, exporter"
HELP_WORKERS = "processus parallèles (défaut : nombre de cœurs)"
HELP_EXECUTE = "exécuter aussi les notebooks dans un noyau (les notes ne changent pas)"
HELP_TIMEOUT = "délai maximal par cellule, en secondes"
HELP_EXPORT = "exporter les notes : CSV nbgrader, import Moodle, CSV par principe"
HELP_SCALE = "ramener la note sur ce total (ex. 20)"
HELP_FEEDBACK = ("régénérer les retours depuis le carnet de notes (après la correction à la main) "
                 "et les publier dans l'échange")
HELP_FORMGRADER = "ouvrir formgrader sur le cours pour corriger les justifications"
HELP_REHEARSAL = "répéter l'atelier avec des apprenants simulés, dans une copie de travail"
HELP_LEARNERS = "nombre d'apprenants simulés"
HELP_KEEP = "conserver la copie de travail"
HELP_STATUS = "état de l'atelier"
HELP_DEBRIEF = "répartition des choix par cas et par étape (sans noyau), avec graphiques"
HELP_ONE_CASE = "un seul cas"
HELP_REPORT = "rapport de classe HTML (pseudonymisé) : maîtrise par principe, analyse des items"
HELP_NAMES = "afficher les noms au lieu des pseudonymes"
HELP_ROSTER = "importer la liste des apprenants (CSV : id, first_name, last_name, email, lms_user_id)"

# --- casebook workshop repetition (workshop/rehearsal.py) ------------------------------------------
REHEARSAL_NEEDS_LEARNERS = "il faut au moins un apprenant simulé (--apprenants 1 ou plus)"
REHEARSAL_TITLE = "Répétition de l'atelier « {name} » ({title}) dans {course}"
REHEARSAL_RELEASED = "1. Publication : {folder}"
REHEARSAL_SIMULATED = "2. {count} copie(s) simulée(s) dans {folder}"
REHEARSAL_GRADED = "3. Correction : {graded} copie(s) corrigée(s), {failed} en échec"
REHEARSAL_COMPARED = "4. Notes comparées au moteur : {same} / {count} identiques"
REHEARSAL_COMPARED_WITH_DIFFERENCES = ("4. Notes comparées au moteur : {same} / {count} identiques "
                                       "(différences : {learners})")
REHEARSAL_EXPORTS = "   Exports : {files}"
REHEARSAL_DEBRIEF = "5. Débriefing : {learners} copie(s) lue(s), {figures} graphique(s)"
REHEARSAL_REPORT = "6. Rapport de classe : {path}"
REHEARSAL_JUSTIFICATIONS = "Justifications : en attente de correction à la main (formgrader) dans la vraie séance."
REHEARSAL_REMOVED = "Copie de travail supprimée (--garder pour la conserver)."
