"""Every word the learner layer shows, in French: one place to read, review or translate them.

The widgets, the rendered feedback, the case session and « Mon parcours » take their
strings from here, with ``str.format`` fields for what varies. An English edition means
a sibling module with the same names, not edits across the layer. Case content (situations,
options, feedback) is not here: it lives in ``cases/``.
"""

# --- a case's header and static view -------------------------------------------------------
REFERENCES = "Références : {links}"
UNVERIFIED = "sous réserve : {caveat}"
INSPIRED_BY = "Inspiré de : {source}"
GREY_ZONE_TITLE = "Zone grise :"
GREY_ZONE = "des experts raisonnables divergent sur ce cas ; plusieurs réponses sont défendables."
PRINCIPLES_AT_STAKE = "Principes en jeu : {badges}"
DURATION = "environ {minutes} min"
RESPECTS_PREFIX = "respecte : "
BREAKS_PREFIX = "enfreint : "
RESPECTS = "Respecte : {badges}"
BREAKS = "Enfreint : {badges}"
KIND_MULTIPLE = "plusieurs réponses possibles"
KIND_SINGLE = "une seule réponse"
OPTION_LEADS_ON = "Si vous choisissez cette option, la situation continue : voir l'étape « {prompt} »."
SEE_OPTION_FEEDBACK = "Voir le retour sur cette option"
DEBRIEF_DISCLOSURE = "Points clés du débriefing"
STATIC_NOTE = "Version statique : ouvrez ce cas dans JupyterLab pour choisir et recevoir le retour pas à pas."

# --- feedback after « Valider » ----------------------------------------------------------------
ANSWER_RECORDED_TITLE = "Réponse enregistrée."
ANSWER_RECORDED = "Le retour détaillé sera donné après la correction de l'atelier."
YOUR_CHOICE = "Votre choix :"
RECOMMENDED = "Option recommandée :"
MISSED_ACTIONS = "Actions appropriées non cochées :"
STEP_POINTS = "Points pour cette étape : {earned:g} / {maximum:g}"

# --- end of a case -----------------------------------------------------------------------------
CASE_DONE_RECORDED = "Cas terminé, réponses enregistrées."
SUMMARY_TITLE = "Bilan du cas"
SUMMARY_POINTS = "{points:g} / {maximum:g} points"
PRINCIPLE_COLUMN = "Principe"
POINTS_COLUMN = "Points"
CONFIDENCE_TITLE = "Confiance et résultat"
CONFIDENCE_WORDS = {1: "peu sûr·e", 2: "assez sûr·e", 3: "très sûr·e"}
CONFIDENCE_LINE = "Étape « {step} » : {confidence}, réponse {outcome} ({cbm:+d})"
OUTCOME_RIGHT = "juste"
OUTCOME_REVIEW = "à revoir"
OVERCONFIDENT_TITLE = "Attention :"
OVERCONFIDENT = "vous étiez très sûr·e d'une réponse à revoir. Ce sont les erreurs les plus utiles à corriger."
CONFIDENCE_SCORE = "Score de confiance (formatif, hors note) : {total:+d}"
TAKE_AWAY = "À retenir"

# --- widgets -----------------------------------------------------------------------------------
CONFIDENCE_CHOICES = [(f"{level} – {word}", level) for level, word in CONFIDENCE_WORDS.items()]
VALIDATE = "Valider"
VALIDATED = "Validé"
VALIDATE_TOOLTIP = "Valider votre réponse et voir le retour"
RESTART = "Recommencer"
RESTART_TOOLTIP = "Effacer vos réponses à ce cas et recommencer"
HINT_MULTIPLE = "Cochez toutes les réponses qui conviennent."
HINT_SINGLE = "Choisissez une réponse."
PLAIN_TEXT_CASE = "Cas « {title} » (ouvrez ce notebook dans JupyterLab pour jouer)"

# --- the case session (errors a learner can meet) ------------------------------------------------
NOT_CURRENT_STEP = "l'étape « {step} » n'est pas l'étape en cours"
CHOOSE_ONE_AT_LEAST = "choisissez au moins une option avant de valider"
ONE_OPTION_EXPECTED = "une seule option est attendue"

# --- « Mon parcours » ------------------------------------------------------------------------------
PROGRESS_AXIS = "Points obtenus (% du maximum, cas terminés)"
NOT_WORKED_YET = "pas encore travaillé"
DONE_COLUMN = "Cas terminé"
NO_CASE_DONE = "Aucun cas terminé pour l'instant."
PROGRESS_COUNTS = "{done} cas terminés sur {total}"
PROGRESS_STARTED = "{started} en cours."
PROGRESS_TITLE = "Mon score par principe"
UNKNOWN_OPTION = "option inconnue"
