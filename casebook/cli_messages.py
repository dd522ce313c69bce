"""Every word the ``casebook`` commands print, in French: one place to read, review or translate them.

``cli.py`` (check, list, coverage, items, notebooks, labs, import) and ``evidence_cli.py``
(evaluation, attestation) take their output, errors and argparse help from here, with
``str.format`` fields for what varies. An English edition means a sibling module with the
same names, not edits across the commands.

Not here, on purpose: sub-command and option names (``verifier``, ``--remplacer``…: the
command line is an interface people script against), the keys of ``--json`` output, file
names, and number formatting (decimal comma). Messages that the commands relay from lower
layers (validation problems, attestation verdicts) live in those layers' catalogues.
Help texts go through argparse, which reads ``%`` as a format character: write ``%%``.
"""

# --- the program and its shared options ---------------------------------------------------
DESCRIPTION = "Cas pratiques : éthique des réseaux sociaux et de l'IA pour les professionnels de santé."
ROOT_HELP = "dossier du projet (défaut : {root})"
COMMAND_METAVAR = "COMMANDE"
JSON_HELP = "sortie JSON"
INTERRUPTED = "Interrompu."

# --- « casebook check » ----------------------------------------------------------------------
CHECK_HELP = "valider les cas et les registres"
CHECK_PATHS_HELP = "fichiers ou dossiers de cas (défaut : tout le projet)"
CHECK_NOT_FOUND = "{target}: fichier ou dossier introuvable"
CHECK_OK = "OK : {cases} cas, {principles} principes, {references} références, aucune erreur."
CHECK_ERRORS_ONE = "{count} erreur trouvée."
CHECK_ERRORS_MANY = "{count} erreurs trouvées."
DATA_HAS_ERRORS = "Les données contiennent des erreurs : corrigez-les (casebook check)."

# --- « casebook list » -----------------------------------------------------------------------
LIST_HELP = "lister les cas"
LIST_COLUMNS = ("id", "titre", "professions", "principes", "visibilité", "étapes")
LIST_COUNT = "{count} cas."

# --- « casebook coverage » -------------------------------------------------------------------
COVERAGE_HELP = "couverture : principes × cas, professions"
COVERAGE_CASE_COLUMN = "cas"
COVERAGE_PRINCIPLE_COLUMNS = ("principe", "cas")
COVERAGE_PROFESSION_COLUMNS = ("profession", "cas")
COVERAGE_SUMMARY = ("{cases} cas : {public} publics, {workshop} d'atelier ; {ai} sur l'IA, "
                    "{branching} à embranchements, {multiple} avec choix multiple, {platforms} plateformes.")
COVERAGE_HOURS_TITLE = "Heures estimées par domaine de la formation socle au numérique en santé ({reference}) :"
COVERAGE_HOURS_COLUMNS = ("domaine", "intitulé", "heures", "chapitres", "cas", "labs")
COVERAGE_HOURS_TOTAL = "Total : {hours} h. Méthode : {method}."

# --- « casebook items » ----------------------------------------------------------------------
ITEMS_HELP = "audit des items : un candidat sans connaissance fait-il mieux que le hasard ?"
ITEMS_PATHS_HELP = "fichiers ou dossiers de cas (défaut : tous les cas)"
ITEMS_STEPS_HELP = "détail par étape (position, rapport de longueur)"
ITEMS_FIX_FIRST = "Corrigez d'abord ces erreurs (casebook check)."

# --- « casebook notebooks » and « casebook labs » -------------------------------------------------
NOTEBOOKS_HELP = "générer les notebooks des apprenants depuis les cas"
NOTEBOOKS_CHECK_HELP = "vérifier sans écrire (échoue si écart)"
NOTEBOOKS_STALE = "Notebooks non à jour par rapport aux cas : {names}\nRégénérez-les avec « casebook notebooks »."
NOTEBOOKS_UP_TO_DATE = "Notebooks à jour."
NOTEBOOKS_WRITTEN = "{count} notebook(s) écrit(s) : {names}"
NOTEBOOKS_NO_CHANGE = "aucun changement"
LABS_HELP = "générer les sources nbgrader des labs de données (grading/source/lab-*)"
LAB_SOURCE_WRITTEN = "Source nbgrader écrite : {path}"

# --- « casebook import » ---------------------------------------------------------------------
IMPORT_HELP = "ajouter à JupyterLab les réponses exportées du site (Mon parcours)"
IMPORT_FILE_HELP = "fichier JSON exporté par « Exporter mes réponses »"
IMPORT_STORE_HELP = ("fichier de réponses de destination "
                     "(défaut : $CASEBOOK_STORE, sinon notebooks/.casebook/reponses.json)")
IMPORT_REPLACE_HELP = "remplacer les réponses d'un cas déjà joué dans JupyterLab"
IMPORT_FILE_NOT_FOUND = "{source} : fichier introuvable."
IMPORT_REFUSED = ("{source} : ce fichier ne peut pas être importé ({reason}). Il doit venir du bouton "
                  "« Exporter mes réponses » de la page « Mon parcours » du site.")
IMPORT_DONE = ("Réponses importées dans {destination} : {added} cas ajouté(s), {replaced} remplacé(s), "
               "{same} déjà identique(s).")
IMPORT_KEPT = ("{count} cas déjà joué(s) autrement dans JupyterLab, gardé(s) tel(s) quel(s) : {cases} "
               "(relancez avec --remplacer pour prendre les réponses du site).")
IMPORT_UNKNOWN = "{count} cas inconnu(s) de ce cours, ignoré(s) : {cases}."

# --- evaluation and attestation commands: errors -----------------------------------------------
ERROR = "Erreur : {error}"
DATA_ERROR = "Erreur dans les données :\n{error}"

# --- « casebook evaluation » -----------------------------------------------------------------
EVALUATION_HELP = "tests de positionnement et d'évaluation finale, gain"
EVALUATION_METAVAR = "ACTION"
EVALUATION_CHECK_HELP = "vérifier les deux formes parallèles (aucun item commun, barème)"
EVALUATION_REPORT_HELP = "gain normalisé (Hake) par principe et par apprenant, graphique"
EVALUATION_NAMES_HELP = "afficher les noms au lieu des pseudonymes"
EVALUATION_FORMS_OK = ("Tests de positionnement et d'évaluation finale : formes parallèles valides, "
                       "aucun item commun.")
EVALUATION_NO_LEARNER = ("Erreur : aucun apprenant n'a de copie corrigée aux deux tests (positionnement et "
                         "evaluation-finale).")
EVALUATION_SUMMARY = ("{count} apprenant(s) aux deux tests : positionnement {pre:.0f} %, finale {post:.0f} %, "
                      "gain de classe g = {class_gain:+.2f}, gain individuel moyen {mean_gain:+.2f} "
                      "(écart-type {sd_gain:.2f}).")
EVALUATION_FILE = "{kind} : {path}"

# --- « casebook attestation » ------------------------------------------------------------------
ATTESTATION_HELP = "attestations PDF par apprenant (au-dessus d'un seuil) ; « verifier » pour contrôler"
ATTESTATION_WORKSHOP_METAVAR = "NOM"
ATTESTATION_WORKSHOP_HELP = "atelier noté du cours pris en compte (répétable)"
ATTESTATION_INSTRUCTOR_HELP = "nom du formateur qui délivre l'attestation"
ATTESTATION_THRESHOLD_HELP = "seuil en %% des points (défaut : 80)"
ATTESTATION_PERIOD_HELP = "période de la formation (ex. « du 2 au 30 mars 2027 »)"
ATTESTATION_DATE_HELP = "date d'édition (défaut : aujourd'hui)"
ATTESTATION_OUTPUT_HELP = "dossier des PDF (défaut : grading/exports/attestations)"
ATTESTATION_PSEUDONYMS_HELP = "pseudonymes au lieu des noms de la liste"
ATTESTATION_SELF_PACED_HELP = "depuis vos réponses locales : attestation AUTODÉCLARÉE"
ATTESTATION_NAME_HELP = "votre nom (autoformation)"
ATTESTATION_ANSWERS_HELP = "fichier de réponses local (défaut : .casebook/reponses.json)"
ATTESTATION_NO_WORKSHOP = "indiquez au moins un atelier du cours (--atelier NOM)"
ATTESTATION_BAD_THRESHOLD = "le seuil doit être un pourcentage entre 0 et 100 (ex. --seuil 80)"
ATTESTATION_NAME_MISSING = "en autoformation, indiquez votre nom : --nom « Prénom Nom »"
ATTESTATION_NO_ANSWERS = "aucune réponse enregistrée trouvée ({store}) : faites d'abord des cas"
ATTESTATION_INSTRUCTOR_MISSING = "indiquez le formateur qui délivre l'attestation : --formateur « Dr Nom »"
ATTESTATION_SELF_PACED_INSTRUCTOR = "aucun (autoformation)"
ATTESTATION_DEFAULT_PERIOD = "jusqu'au {date}"
ATTESTATION_REFUSED_LINE = "{learner} : {reason}"
ATTESTATION_ISSUED_LINE = "{learner} : {path} (code {code})"
ATTESTATION_TOTALS = "{produced} attestation(s) produite(s), {refused} refusée(s) sous le seuil de {threshold:.0f} %."

# --- « casebook attestation verifier » -----------------------------------------------------------
VERIFY_HELP = "vérifier une attestation : FICHIER.pdf ou CODE"
VERIFY_TARGET_METAVAR = "FICHIER_OU_CODE"
VERIFY_ANSWERS_HELP = "autoformation : fichier de réponses local dont vient le secret"
VERIFY_OK = "OK : {verdict}"
VERIFY_REFUSED = "REFUSÉ : {verdict}"
