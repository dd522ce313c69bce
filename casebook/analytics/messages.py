"""Every word the analytics layer shows, in French: one place to read, review or translate them.

The attestation PDF and its verification verdicts, the live debrief (terminal summary and
charts) and the class report (HTML page, charts, table headers) take their strings from
here, with ``str.format`` fields for what varies. An English edition means a sibling module
with the same names, not edits across the layer.

Not here, on purpose: what other programs read. The CSV columns and JSON keys of the debrief
and class-report exports are a format (named constants in ``classroom.py``), the attestation
payload's keys are hashed into its verification code, and file names are file names. Number
formatting (decimal comma, narrow no-break space before % and h) stays beside the numbers.
The report's strings go into HTML as they are: escape ``&`` and ``<`` when writing them.
"""

LANGUAGE = "fr"
"""The language of these messages, declared in the attestation PDF and the report page."""

# --- the attestation PDF ------------------------------------------------------------------
ATTESTATION_COURSE_TITLE = "Réseaux sociaux et IA : l'éthique au quotidien des professionnels de santé"
ATTESTATION_DOCUMENT_TITLE = "Attestation — {learner}"
ATTESTATION_TITLE = "Attestation de suivi de formation"
ATTESTATION_TITLE_SELF_DECLARED = "Attestation AUTODÉCLARÉE — non vérifiée par un formateur"
ATTESTATION_SELF_DECLARED_WARNING = (
    "Document produit par l'apprenant lui-même à partir de ses réponses enregistrées sur son poste, "
    "en autoformation. Aucun formateur n'a vérifié ces résultats ; le code ci-dessous ne prouve que "
    "l'absence de modification depuis l'édition.")
ATTESTATION_LEARNER = "Apprenant : {learner}"
ATTESTATION_DATES = "Période : {period}   —   Édition : {issued_on}"
ATTESTATION_SCORE = "Résultat aux cas : {score} des points (seuil fixé : {threshold})"
ATTESTATION_DURATION = ("Durée estimée des activités réalisées : {duration} "
                        "(durées prévues des cas et des labs, pas de mesure du temps de l'apprenant)")
ATTESTATION_ACTIVITIES_HEADING = "Cas et labs réalisés"
ATTESTATION_LIST_SEPARATOR = " ; "
ATTESTATION_CASES = "{count} cas : {cases}."
ATTESTATION_LABS = "Labs : {labs}."
ATTESTATION_NO_LAB = "aucun"
ATTESTATION_PRINCIPLES_HEADING = "Résultats par principe"
ATTESTATION_PRINCIPLES_COLUMNS = ("Principe", "Cas", "Positionnement", "Finale", "Gain g")
ATTESTATION_GAIN = ("Positionnement : {pre} ; évaluation finale : {post} ; "
                    "gain normalisé (Hake) : {gain}.")
ATTESTATION_NO_GAIN = "Positionnement et évaluation finale : non passés tous les deux, gain non calculé."
ATTESTATION_FRAMEWORK_HEADING = "Formation socle au numérique en santé (arrêté du 10 novembre 2022)"
ATTESTATION_DOMAIN_HOURS = "{id} {title} : {hours}"
ATTESTATION_DOMAINS = "{domains}."
ATTESTATION_FRAMEWORK_NOTE = ("Heures estimées à partir des cas et labs réalisés ; rattachement aux domaines "
                              "établi par l'équipe du cours (jugement, voir registry/framework.yml).")
ATTESTATION_ISSUED_BY = "Délivrée par : {instructor}"
ATTESTATION_CODE = "Code de vérification : {code}"
ATTESTATION_VERIFY_NOTE = ("Vérification : casebook attestation verifier FICHIER.pdf (ou le code). Le code est un "
                           "HMAC-SHA256 du contenu de l'attestation calculé avec le secret du cours.")

# --- issuing: why a learner gets no attestation ---------------------------------------------
REFUSED_NO_CASE = "résultat aucun cas réalisé sous le seuil de {threshold:.0f} % : pas d'attestation"
REFUSED_BELOW_THRESHOLD = "résultat {score:.0f} % sous le seuil de {threshold:.0f} % : pas d'attestation"

# --- verifying an attestation (« casebook attestation verifier ») ----------------------------
VERIFY_FILE_NOT_FOUND = "fichier introuvable : {path}"
VERIFY_NOT_AN_ATTESTATION = "ce fichier n'est pas une attestation du cours (aucun contenu vérifiable trouvé)"
VERIFY_TAMPERED = ("attestation NON authentique ou modifiée : son contenu ne correspond pas au code "
                   "calculé avec le secret du cours")
VERIFY_GENUINE = ("attestation authentique et non modifiée — {learner}, délivrée par le formateur, "
                  "code {code}")
VERIFY_GENUINE_SELF_DECLARED = ("attestation authentique et non modifiée — {learner}, autodéclarée "
                                "(autoformation), code {code}")
VERIFY_CODE_MALFORMED = "code mal formé : attendu cinq groupes de quatre caractères (ex. 1A2B-3C4D-…)"
VERIFY_CODE_UNKNOWN = "code inconnu : aucune attestation de ce cours ne porte ce code"
VERIFY_CODE_VALID = "code valide : attestation de {learner}, éditée le {issued_on}, résultat {score}"

# --- reading the learners' answers ----------------------------------------------------------
CASE_PROBLEM = "{case_id} : {reason}"
REASONS_SEPARATOR = "; "

# --- the live debrief (charts and terminal summary) --------------------------------------------
DEBRIEF_STEP_TITLE = "{prompt} ({count} répondants)"
DEBRIEF_AXIS = "Nombre de choix"
DEBRIEF_COPIES_READ = "{count} copie(s) lue(s)."
DEBRIEF_STEP_LINE = "{case_id} / {step_id} ({count} répondants)"

# --- errors of « casebook workshop debrief / rapport » ----------------------------------------
CASE_NOT_IN_WORKSHOP = "le cas « {case_id} » ne fait pas partie de l'atelier « {workshop} » (cas : {cases})"
NO_ANSWERS_TO_READ = "aucune réponse à lire pour l'atelier « {workshop} » (ni copie rendue, ni échange)"
NO_GRADED_SUBMISSION = ("aucune copie corrigée pour l'atelier « {workshop} » : lancez d'abord "
                        "« casebook workshop grade {workshop} »")

# --- the class report: pseudonyms, item flags, charts -------------------------------------------
PSEUDONYM = "Apprenant {number:0{width}d}"
FLAG_LOW_DISCRIMINATION = "discrimination faible ({value:.2f})"
FLAG_BAD_OPTION_WINS = "étape « {step} » : une mauvaise option attire plus que les bonnes"
MASTERY_CHART_TITLE = "Maîtrise par principe (part des points obtenus)"
SCORES_CHART_TITLE = "Distribution des scores"
SCORES_CHART_X = "Points (hors justifications)"
SCORES_CHART_Y = "Apprenants"

# --- the class report page (HTML: rapport.html) -------------------------------------------------
REPORT_TITLE = "Rapport : {title}"
REPORT_HEADING = "Rapport de classe : {title}"
REPORT_SUMMARY_PSEUDONYMISED = "{learners} apprenants (pseudonymisés) ; {cases} cas.\nScore moyen : {mean:.1f} points."
REPORT_SUMMARY_NAMED = "{learners} apprenants (noms affichés) ; {cases} cas.\nScore moyen : {mean:.1f} points."
REPORT_MASTERY_HEADING = "Maîtrise par principe"
REPORT_MASTERY_ALT = "Carte de chaleur : apprenants en lignes, principes en colonnes, part des points obtenus de 0 à 1"
REPORT_LEARNERS_HEADING = "Par apprenant"
REPORT_SCORES_HEADING = "Distribution des scores"
REPORT_SCORES_ALT = "Histogramme du nombre d'apprenants par score total"
REPORT_CASES_HEADING = "Analyse des cas"
REPORT_CASES_NOTE = ("Difficulté : part moyenne des points obtenus (1 = cas réussi par tous).\n"
                     "Discrimination : corrélation point-bisériale entre le score du cas et le reste du score\n"
                     "(en dessous de {threshold}, le cas distingue mal les apprenants).")
REPORT_NEVER_CHOSEN_HEADING = "Options que personne n'a choisies"
REPORT_NEVER_CHOSEN_NONE = "Aucune."
REPORT_CHOICES_HEADING = "Choix par option"

# --- the class report's table headers (the page only; the CSV columns keep their format names) ---
COLUMN_LEARNER = "apprenant"
COLUMN_POINTS = "points"
COLUMN_CASE = "case_id"
COLUMN_STEP = "step_id"
COLUMN_LETTER = "lettre"
COLUMN_VERDICT = "verdict"
COLUMN_OPTION = "option"
COLUMN_CHOICES = "choix"
COLUMN_RESPONDENTS = "repondants"
COLUMN_SHARE = "part"
COLUMN_DIFFICULTY = "difficulte"
COLUMN_DISCRIMINATION = "discrimination"
COLUMN_TO_REVIEW = "a_revoir"
