"""Every word the learner layer shows, in French: one place to read, review or translate them.

The widgets, the rendered feedback, the case session, « Mon parcours », the generated
notebooks and the pre/post evaluation take their strings from here, with ``str.format``
fields for what varies. An English edition means a sibling module with the same names, not
edits across the layer. Case content (situations, options, feedback) is not here: it lives in
``cases/``.
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

# --- generated notebooks (casebook notebooks): home, theme notebooks, « Mon parcours » -------------
LAB_ANONYMITY_TITLE = "Lab « Anonyme, vraiment ? » : ré-identification et k-anonymat"
LAB_FAIR_TRIAGE_TITLE = "Lab « Une IA de tri équitable ? » : erreurs par groupe de patients"
THEME_NOTEBOOK_INTRO = (
    "# {theme}\n\n"
    "Chaque cas présente une situation, puis une ou plusieurs décisions à prendre. "
    "Choisissez une réponse, cliquez sur « Valider » et lisez le retour : il explique "
    "quels principes votre choix respecte ou enfreint, et ce que disent les textes. "
    "Vos réponses sont enregistrées automatiquement dans ce dossier.\n\n"
    "Pour commencer, exécutez le notebook : menu « Run » puis « Run All Cells ».\n\n"
    "Pour aller directement à un cas, utilisez la table des matières de JupyterLab "
    "(menu « View » → « Table of Contents »).\n\n"
    "**Les cas de ce carnet :**\n\n{toc}\n\n[← Retour à l'accueil]({home})")
THEME_NOTEBOOK_CASE_HEADING = "## Cas {number} : {title}"
THEME_NOTEBOOK_FOOTER = "[Voir mon parcours]({progress}) · [← Retour à l'accueil]({home})"
HOME_NOTEBOOK_THEME_ENTRY = "- **[{theme}]({notebook})** ({count} cas)\n{cases}"
HOME_NOTEBOOK = (
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
    "et suivez vos progrès dans [Mon parcours]({progress}).\n\n"
    "## Les carnets de cas\n\n{themes}\n\n"
    "## Les labs de données\n\n{labs}\n\n"
    "## Les chapitres du cours\n\n{chapters}\n\n"
    "*Contenu pédagogique, qui ne remplace pas un conseil juridique. Les textes cités ont été "
    "vérifiés à la date indiquée dans le registre des références.*")
PROGRESS_NOTEBOOK_INTRO = (
    "# Mon parcours\n\nCe carnet relit vos réponses enregistrées et montre les cas faits "
    "et votre score par principe. Exécutez-le à nouveau après avoir avancé.\n\n"
    "[← Retour à l'accueil]({home})")

# --- pre/post evaluation: the two forms ------------------------------------------------------------
FORM_TITLE_PRE = "Test de positionnement"
FORM_TITLE_POST = "Évaluation finale"

# --- pre/post evaluation: problems « casebook check » reports on the forms ---------------------------
FORM_PRINCIPLES_UNCOVERED = "principes sans item dans ce test"
FORM_ALL_PRINCIPLES = "P01 à P12"
FORM_ITEM_NOT_SECRET = "un item d'évaluation garde son corrigé secret"
FORM_ITEM_IN_CASES = "item déjà présent dans cases/"
FORM_SCALE = "barème unique : recommandé 3, acceptable 2, risqué 1, faute 0"
FORMS_SHARE_ITEMS = "items communs aux deux tests"
FORMS_SHARE_TEXTS = "textes communs aux deux tests"

# --- pre/post evaluation: the class gain report (gain.html and its chart) -------------------------
# The CSV files' column names are a format read by other programs: they stay in evaluation.py.
GAIN_OVERALL = "ensemble"
GAIN_TOTAL = "Total"
GAIN_CHART_AXIS = "gain normalisé g (moyenne ± écart-type)"
GAIN_CHART_TITLE = "Gain du positionnement à l'évaluation finale, par principe"
GAIN_CHART_ALT = ("Diagramme en barres du gain normalisé moyen par principe, avec l'écart-type en barre "
                  "d'erreur.")
GAIN_REPORT_TITLE = "Gain du positionnement à l'évaluation finale"
GAIN_REPORT_INTRO = (
    "Gain normalisé de Hake : g = (finale − positionnement) / (100 − positionnement), scores en % du maximum.\n"
    "g vaut 1 quand tout ce qui restait à apprendre est acquis, 0 sans progrès, et il est négatif en cas de recul.\n"
    "Il n'est pas défini pour un apprenant qui avait déjà 100 % au positionnement.\n"
    "« g classe » est calculé sur les moyennes de la classe ; « g moyen ± écart-type » sur les gains individuels.\n"
    "{learners} apprenant(s) ont passé les deux tests.")
GAIN_REPORT_MISSING = ("Sans évaluation finale : {only_pre} apprenant(s) ; sans positionnement : {only_post}. "
                       "Ils ne comptent pas dans le gain.")
GAIN_BY_PRINCIPLE = "Par principe"
GAIN_BY_LEARNER = "Par apprenant"
GAIN_LEARNER_COLUMN = "Apprenant"
GAIN_PRE_COLUMN = "Positionnement"
GAIN_POST_COLUMN = "Finale"
GAIN_CLASS_COLUMN = "g classe"
GAIN_MEAN_COLUMN = "g moyen ± écart-type"

# --- pre/post evaluation: a self-paced learner's result (notebook) ----------------------------------
FORM_NOT_DONE = "{form} : pas encore terminé."
FORM_SCORE = "{form} : {earned:g} / {possible:g} points ({percent:.0f} %)."
SELF_GAIN_COLUMN = "Gain g"
SELF_GAIN_OVERALL = ("Gain normalisé d'ensemble : {gain} "
                     "(1 = tout ce qui restait à apprendre est acquis, 0 = pas de progrès).")
