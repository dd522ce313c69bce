"""Every word the engine shows, in French: one place to read, review or translate them.

The engine's problems (``casebook check``), the item audit (``casebook items``), the
format reference and framework pages, the scoring and answer-store messages take their
strings from here, with ``str.format`` fields for what varies. An English edition means
a sibling module with the same names, not edits across the layer. Case content lives in
``cases/`` and field descriptions stay on the schema (:mod:`casebook.core.model`): they are
the format's documentation.

One group is not made of messages and says so: the separators and stems the item audit
looks for in case text are rules about the cases' language, not the interface's. Identifiers
that other programs read (problem codes, strategy ids, JSON keys, file names) stay in the code.
"""

# --- shared pieces ---------------------------------------------------------------------------
QUOTED = "« {text} »"
OR = " ou "
NONE_MASCULINE = "aucun"
NONE_FEMININE = "aucune"
EXPECTED_REGISTRY_PRINCIPLE = "un principe du registre (P01 à P12)"
EXPECTED_REFERENCE_ID = "un identifiant de registry/references.yml"
EXPECTED_MISCONCEPTION_ID = "un identifiant de registry/misconceptions.yml"
EXPECTED_UNIQUE_ID = "un identifiant unique"

# --- a problem, as ``casebook check`` prints it (errors.Problem) ------------------------------
PROBLEM = "{where}: {field}: {message}"
PROBLEM_WHOLE_FILE = "(fichier)"
PROBLEM_EXPECTED = " ; attendu : {expected}"
PROBLEM_FOUND = " ; trouvé : {found}"

# --- enum display labels (model.py; keyed by the value written in case files) ----------------
PROFESSION_LABELS = {
    "medecin": "Médecin",
    "interne-etudiant": "Interne / étudiant",
    "infirmier": "Infirmier",
    "pharmacien": "Pharmacien",
    "sage-femme": "Sage-femme",
    "masseur-kinesitherapeute": "Masseur-kinésithérapeute",
    "chirurgien-dentiste": "Chirurgien-dentiste",
    "personnel-etablissement": "Personnel d'établissement",
}
VERDICT_LABELS = {
    "recommande": "Recommandé",
    "acceptable": "Acceptable",
    "risque": "Risqué",
    "faute": "Faute",
}
THEME_LABELS = {
    "secret": "Secret et données des patients",
    "relation": "Relation avec les patients en ligne",
    "communication": "Communiquer et informer le public",
    "reputation": "Réputation, avis et attaques en ligne",
    "ia": "Intelligence artificielle",
    "organisation": "Établissements et organisation",
}
CONFIDENCE_QUESTION_DEFAULT = "À quel point êtes-vous sûr·e de votre réponse ?"

# --- schema errors (load.py, from pydantic's error types) ------------------------------------
EMPTY_TEXT = "texte vide"
"""Raised by the schema on blank text; the loader recognises it by this exact text."""
SCHEMA_MISSING = "champ obligatoire manquant"
SCHEMA_MISSING_EXPECTED = "ce champ"
SCHEMA_UNKNOWN_FIELD = "champ inconnu"
SCHEMA_UNKNOWN_FIELD_EXPECTED = "aucun champ de ce nom (faute de frappe ?)"
SCHEMA_VALUE_NOT_ALLOWED = "valeur non permise"
SCHEMA_VALUE_NOT_ALLOWED_EXPECTED = "une valeur parmi {allowed}"
SCHEMA_BAD_SLUG = "identifiant invalide"
SCHEMA_BAD_SLUG_EXPECTED = "des minuscules sans accent, des chiffres et des tirets (ex. « mon-cas »)"
SCHEMA_BAD_PRINCIPLE = "principe invalide"
SCHEMA_BAD_PRINCIPLE_EXPECTED = "un identifiant de P01 à P12"
SCHEMA_BAD_FORMAT = "format invalide"
SCHEMA_BAD_FORMAT_EXPECTED = "le motif {pattern}"
SCHEMA_LIST_TOO_SHORT = "liste trop courte"
SCHEMA_LIST_TOO_SHORT_EXPECTED = "au moins {min_length} élément(s)"
SCHEMA_TEXT_TOO_SHORT = "texte trop court"
SCHEMA_TEXT_TOO_SHORT_EXPECTED = "au moins {min_length} caractère(s)"
SCHEMA_BAD_TYPE = "type invalide"
SCHEMA_EXPECTED_TEXT = "du texte"
SCHEMA_EXPECTED_INTEGER = "un nombre entier"
SCHEMA_EXPECTED_BOOLEAN = "true ou false"
SCHEMA_EXPECTED_LIST = "une liste"
SCHEMA_EXPECTED_OBJECT = "un objet (clé : valeur)"
SCHEMA_OUT_OF_BOUNDS = "valeur hors limites"
SCHEMA_BOUNDS_AND = " et "
SCHEMA_BAD_DATE = "date invalide"
SCHEMA_BAD_DATE_EXPECTED = "une date AAAA-MM-JJ"
SCHEMA_EMPTY_TEXT_EXPECTED = "un texte en français non vide"

# --- loading files and the project (load.py) -------------------------------------------------
CASE_NOT_A_MAPPING = "le fichier ne décrit pas un cas"
CASE_NOT_A_MAPPING_EXPECTED = "un objet YAML (clé : valeur)"
UNKNOWN_SCHEMA_VERSION = "version de format inconnue"
REGISTRY_MISSING = "fichier de registre introuvable"
REGISTRY_NOT_A_LIST = "le registre doit être une liste"
REGISTRY_NOT_A_LIST_EXPECTED = "une liste d'entrées"
DUPLICATE_ID = "identifiant en double"
UNKNOWN_CASE = "cas inconnu : « {case_id} » (cas connus : {known})"
CASES_FOLDER_MISSING = "dossier des cas introuvable"
CASES_FOLDER_MISSING_EXPECTED = ("le dossier du projet, avec cases/ et registry/ (option --root ou "
                                 "variable CASEBOOK_ROOT)")
DUPLICATE_CASE_ID = "identifiant de cas en double"
DUPLICATE_CASE_ID_FOUND = "{case_id} (déjà utilisé par {other})"

FILE_NOT_UTF8 = "le fichier n'est pas en UTF-8"
YAML_SYNTAX = "syntaxe YAML invalide ({reason})"
YAML_SYNTAX_EXPECTED = "un document YAML valide"

# --- rules across fields and files (validate.py) ---------------------------------------------
ID_NOT_FILE_NAME = "l'identifiant doit être le nom du fichier"
ID_NOT_FILE_NAME_EXPECTED = "« {case_id} » dans un fichier nommé {case_id}{suffix}"
ID_NOT_FILE_NAME_EXPECTED_STEM = "{stem} (le nom du fichier)"
UNKNOWN_PRINCIPLE = "principe inconnu"
DUPLICATE_PRINCIPLE = "principe listé deux fois"
DUPLICATE_PRINCIPLE_EXPECTED = "chaque principe une seule fois"
PRINCIPLE_BOTH_WAYS = "une option ne peut pas respecter et enfreindre le même principe"
PRINCIPLE_BOTH_WAYS_EXPECTED = "respects et breaks disjoints"
PRINCIPLE_NOT_DECLARED = "des options citent des principes absents de la liste du cas"
PRINCIPLE_NOT_DECLARED_EXPECTED = "principles contient {principles}"
PRINCIPLE_NOT_EXERCISED = "principe déclaré mais exercé par aucune option"
PRINCIPLE_NOT_EXERCISED_EXPECTED = "chaque principe déclaré cité par au moins une option"
UNKNOWN_REFERENCE = "référence absente du registre"
NO_REFERENCE = "le retour ne cite aucune référence du registre"
NO_REFERENCE_EXPECTED = "au moins une référence"
DUPLICATE_STEP = "identifiant d'étape en double"
DUPLICATE_STEP_EXPECTED = "un identifiant unique dans le cas"
DUPLICATE_OPTION = "identifiant d'option en double"
DUPLICATE_OPTION_EXPECTED = "un identifiant unique dans l'étape"
NEXT_ON_MULTIPLE = "une option de choix multiple ne peut pas mener à une étape"
NEXT_ON_MULTIPLE_EXPECTED = "« next » au niveau de l'étape"
UNKNOWN_STEP = "étape suivante inconnue"
UNKNOWN_STEP_EXPECTED = "une de : {steps}"
NO_GOOD_OPTION = "l'étape n'a aucune option recommandée ou acceptable"
NO_GOOD_OPTION_EXPECTED = "au moins une option « recommande » ou « acceptable »"
RECOMMENDED_BREAKS = "une option recommandée ne peut enfreindre aucun principe"
CYCLE = "les étapes forment une boucle"
CYCLE_EXPECTED = "un parcours sans retour en arrière"
UNREACHABLE_STEP = "étape inaccessible"
UNREACHABLE_STEP_EXPECTED = "une étape atteignable depuis « {start} »"
POINTS_OFF_SCALE = "les points ne suivent pas le barème unique ({kind}, « {verdict} »)"
POINTS_OFF_SCALE_EXPECTED = "{points} (ou pas de champ points : il est déduit du verdict)"
UNKNOWN_MISCONCEPTION = "idée reçue absente du registre"
MISCONCEPTION_VERDICT = "l'idée reçue « {misconception} » reçoit le même verdict dans tous les cas"
WORKSHOP_OPTION_BRANCH = "un cas d'atelier ne se ramifie pas selon l'option choisie"
WORKSHOP_OPTION_BRANCH_EXPECTED = "« next » au niveau de l'étape (même suite pour toutes les options)"
BEST_PATH_THROUGH_ERROR = "le parcours qui rapporte le plus passe par une mauvaise réponse"
BEST_PATH_THROUGH_ERROR_EXPECTED = "un maximum atteint en choisissant les bonnes options"
BEST_PATH_THROUGH_ERROR_FOUND = "option(s) {options} à l'étape « {step} »"
MISSING_PRINCIPLES = "principes manquants"
MISSING_PRINCIPLES_EXPECTED = "P01 à P12"
MISSING_PRINCIPLES_FOUND = "manquent {principles}"
REGISTRY_UNKNOWN_REFERENCE_EXPECTED = "un identifiant de references.yml"
MISSING_CAVEAT = "entrée non vérifiée sans réserve explicite"
MISSING_CAVEAT_EXPECTED = "un champ caveat qui dit ce qui n'est pas vérifié"
MISSING_CAVEAT_FOUND = "absent"

# --- scoring a learner's answers (scoring.py; the site's player mirrors these) ----------------
ANSWERS_NOT_AN_OBJECT = "les réponses doivent être un objet"
ANSWERS_CONFIDENCE_UNREADABLE_NOTE = "{case_id} : niveaux de confiance illisibles, ignorés (hors note)"
ANSWERS_NOT_OBJECTS = "« choices » et « confidence » doivent être des objets"
ANSWERS_BAD_CHOICE = "choix invalide pour l'étape « {step} »"
ANSWERS_CONFIDENCE_IGNORED_NOTE = "{case_id} / {step} : confiance « {level} » ignorée (hors note)"
ANSWERS_BAD_CONFIDENCE = "confiance invalide pour l'étape « {step} »"
STEP_OPTION_TWICE = "option choisie deux fois"
STEP_UNKNOWN_OPTION = "option inconnue : {options}"
STEP_SEVERAL_FOR_SINGLE = "plusieurs options choisies pour une question à choix unique"
STEP_NO_OPTION = "aucune option choisie"
SCORE_UNREADABLE_ANSWERS = "réponses illisibles : {error}"
SCORE_STEP_PROBLEM = "étape « {step} » : {problem}"
SCORE_OFF_PATH = "réponses hors du parcours ignorées : {steps}"

# --- reading an answer file (answer_file.py; reasons shown to learners and instructors) ------
ANSWER_FILE_TOO_DEEP = "imbrication de plus de {depth} niveaux"
ANSWER_FILE_BAD_JSON = "JSON invalide : {detail}"
ANSWER_FILE_BAD_FORMAT = "format inattendu"
ANSWER_FILE_NO_CASES = "la liste des cas manque"
ANSWER_FILE_CASE_PROBLEM = "{case} : {why}"

# --- the learner's answer store (store.py) ---------------------------------------------------
STORE_UNREADABLE = "fichier illisible, {reason}"
STORE_RESET_NOTICE = ("Vos réponses enregistrées n'ont pas pu être relues (fichier endommagé : "
                      "{reason}). Vous repartez de zéro ; l'ancien fichier a été conservé sous « {aside} ».")

# --- the item audit: ``casebook items`` (items.py) --------------------------------------------
STRATEGY_LABELS = {
    "hasard": "au hasard (espérance)",
    "plus-longue": "toujours la plus longue",
    "plus-de-propositions": "toujours celle qui enchaîne le plus de propositions",
    "premiere": "toujours la première (ordre du fichier)",
    "plus-courte": "toujours la plus courte",
    "moins-de-propositions": "toujours celle qui enchaîne le moins de propositions",
    "derniere": "toujours la dernière (ordre du fichier)",
    "vocabulaire": "toujours celle qui sonne le plus « procédure » (vocabulaire)",
    "sauf-plus-longue": "au hasard, mais jamais la plus longue (espérance)",
    "tronc-commun": "parmi les variantes d'un même début, la plus courte",
    "hors-tronc-commun": "l'option qui ne partage son début avec aucune autre",
    "sans-mots-pieges": "au hasard, mais jamais un « mot piège » (espérance)",
    "longueur-mediane": "toujours celle de longueur médiane",
    "sauf-plus-courte": "au hasard, mais jamais la plus courte (espérance)",
    "indices-lexicaux": "la plus proche, par ses mots, des bonnes réponses d'autres cas",
}
"""Keyed by the strategy ids of the JSON report (``casebook items --json``)."""
ITEMS_FAIL_STRATEGY = ("cas {group} : la stratégie « {strategy} » obtient {percent:.0f} %, soit {gain:.0f} "
                       "points de plus que le hasard ({chance:.0f} %) ; maximum permis : +{limit:.0f}")
ITEMS_FAIL_LONGEST = ("la meilleure option est la plus longue dans {share:.0f} % des étapes à choix unique ; "
                      "maximum permis : {limit:.0f} %")
ITEMS_FAIL_POSITION = "la meilleure option n'est jamais en position {position} dans l'ordre du fichier"
ITEMS_REPORT_TITLE = "Stratégies sans connaissance du cours (points obtenus, en % du maximum) :"
ITEMS_COLUMN_STRATEGY = "stratégie"
ITEMS_COLUMN_PUBLIC = "publics"
ITEMS_COLUMN_WORKSHOP = "ateliers"
ITEMS_LONGEST_IS_BEST = ("Meilleure option la plus longue : {count} étapes à choix unique sur {total} "
                         "({share:.0f} %).")
ITEMS_BEST_POSITIONS = "Position de la meilleure option dans le fichier (choix unique) : {positions}."
ITEMS_POSITION_COUNT = "{position} : {count}"
ITEMS_COLUMN_CASE_STEP = "cas / étape"
ITEMS_COLUMN_KIND = "type"
ITEMS_COLUMN_POSITION = "position"
ITEMS_COLUMN_LENGTH = "longueur"
ITEMS_COLUMN_LENGTH_RANK = "rang"
ITEMS_COLUMN_FOUND_BY = "stratégies qui trouvent la meilleure"
ITEMS_FAILURE = "ÉCHEC : {failure}"
ITEMS_OK = "OK : aucune stratégie sans connaissance ne dépasse le hasard de plus de {limit:.0f} points."

# --- what the item audit looks for in case text (items.py) -----------------------------------
# Rules, not messages: they match the cases' language (French), not the interface's. Change
# them with the cases' language, never when translating the interface.
CLAUSE_SEPARATORS = r"[,;:()]|\bet\b|\bpuis\b|\bou\b|\bmais\b|\bsans\b|\bavant\b|\baprès\b"
"""A regular expression: what chains two actions or qualifications in an option."""
REASSURING_STEMS = (
    "signal", "préven", "prévien", "inform", "vérifi", "consign", "direction", "cadre", "dpo", "délégué",
    "référent", "ordre", "expliqu", "sécuris", "respect", "document", "trac", "protég", "conseil", "accord",
    "équipe", "déclar", "alert", "dossier",
)
"""Stems of the « responsible, institutional » register (see :data:`casebook.core.items.REASSURING_STEMS`)."""
FUNCTION_WORDS = (
    "les", "des", "une", "aux", "que", "qui", "par", "pour", "dans", "avec", "sur", "son", "sa",
    "ses", "leur", "leurs", "lui", "elle", "elles", "ils", "vous", "votre", "vos", "nous", "notre", "nos",
    "est", "sont", "cette", "ces", "cet", "plus", "mais", "donc", "car", "comme", "tout", "tous", "toute",
    "toutes", "aussi", "bien", "encore", "déjà", "puis", "dont", "où", "quand", "d'un", "d'une",
)
"""Articles, pronouns and linking words, too common to cue a key; verbs and negations stay, since a
learner can learn them (see :mod:`casebook.core.word_cues`)."""
ITEMS_TELLING_WORDS_TITLE = ("Mots qui distinguent le plus les bonnes réponses des autres options (à varier "
                             "s'ils ne tiennent pas au fond) :")
ITEMS_TELLING_WORD = "  {word} : {in_keys} fois dans une bonne réponse, {in_others} fois ailleurs"
TRAP_WORDS = (
    "whatsapp", "messenger", "chiffr", "initiales", "flout", "masqu", "cnil", "accord écrit", "vous-même",
    "lundi", "snapchat", "story",
)
"""Words a test-wise learner may learn to avoid (see :data:`casebook.core.items.TRAP_WORDS`)."""

# --- the format reference page (format_reference.py) -----------------------------------------
FORMAT_SECTION_CASE = "Le cas"
FORMAT_SECTION_CASE_INTRO = "Un fichier `cases/<identifiant>.yml` décrit un cas ; l'identifiant est le nom du fichier."
FORMAT_SECTION_STEP = "Une étape (`steps`)"
FORMAT_SECTION_STEP_INTRO = "La première étape de la liste est le point de départ."
FORMAT_SECTION_OPTION = "Une option (`options`)"
FORMAT_SECTION_OPTION_INTRO = "Ce que l'apprenant peut choisir, et le retour qu'il reçoit."
FORMAT_SECTION_JUSTIFICATION = "La justification (`justification`)"
FORMAT_SECTION_JUSTIFICATION_INTRO = "La question ouverte notée à la main en atelier."
FORMAT_SECTION_CONFIDENCE = "La question de confiance (`confidence`)"
FORMAT_SECTION_CONFIDENCE_INTRO = "Facultative : « à quel point êtes-vous sûr·e ? »."
FORMAT_SECTION_GREY_ZONE = "La zone grise (`grey_zone`)"
FORMAT_SECTION_GREY_ZONE_INTRO = "Pour un cas où des experts raisonnables divergent."
FORMAT_SECTION_MISCONCEPTION = "Une idée reçue (`registry/misconceptions.yml`)"
FORMAT_SECTION_MISCONCEPTION_INTRO = ("Une erreur que de vrais professionnels commettent ; son verdict est le "
                                      "même dans tous les cas.")
FORMAT_TYPE_ONE_OF = "une valeur parmi {values}"
FORMAT_TYPE_LIST_OF_VALUES = "liste de valeurs parmi {values}"
FORMAT_TYPE_LIST_OF_OBJECTS = "liste d'objets (voir plus bas)"
FORMAT_TYPE_LIST_OF = "liste de {item}"
FORMAT_TYPE_OBJECT = "objet (voir plus bas)"
FORMAT_TYPE_TEXT = "texte"
FORMAT_TYPE_INTEGER = "nombre entier"
FORMAT_TYPE_BOOLEAN = "`true` ou `false`"
FORMAT_REQUIRED = "obligatoire"
FORMAT_OPTIONAL = "facultatif"
FORMAT_DEFAULT = "défaut : {default!r}"
FORMAT_PAGE_TITLE = "Format des fichiers de cas"
FORMAT_PAGE_INTRO = ("Cette page est générée depuis le schéma du moteur (`casebook/core/model.py`) : elle dit "
                     "exactement ce que `casebook check` accepte. Un champ inconnu est une erreur ; chaque erreur "
                     "donne le fichier, la ligne, le champ, ce qui était attendu et ce qui a été trouvé.")
FORMAT_FIELDS_TABLE_HEADER = "| Champ | Type | | Description |"
FORMAT_SCALE_TITLE = "Le barème unique"
FORMAT_SCALE_INTRO = "Un verdict donne toujours les mêmes points ; le champ `points` peut être omis."
FORMAT_SCALE_TABLE_HEADER = "| Verdict | Choix unique | Choix multiple |"
FORMAT_VALUES_TITLE = "Valeurs permises"
FORMAT_VALUES_LINE = "- `{field}` : {values}"
FORMAT_RULES_TITLE = "Règles vérifiées au-delà du schéma"
FORMAT_RULES = (
    "les principes cités existent (P01 à P12) et chaque principe déclaré est exercé par une option ;",
    "chaque option cite au moins une entrée du registre des références ;",
    "les étapes sont atteignables, sans boucle, et le meilleur parcours passe par de bonnes réponses ;",
    "une option recommandée n'enfreint aucun principe ;",
    "une option marquée d'une idée reçue a le verdict que le registre des idées reçues lui donne ;",
    "un cas d'atelier ne se ramifie qu'au niveau des étapes (la même suite pour toutes les options) ;",
    "`casebook items` : aucune stratégie sans connaissance (la plus longue, la plus chargée, la première) "
    "ne dépasse le hasard de plus de 10 points, et la meilleure option n'est pas la plus longue dans plus "
    "de 40 % des étapes à choix unique.",
)

# --- the course framework: problems (framework.py) -------------------------------------------
FRAMEWORK_MISSING = "fichier de correspondance introuvable"
FRAMEWORK_UNKNOWN_REFERENCE = "référence inconnue du registre"
FRAMEWORK_ITEM_NAMES = {"chapters": "chapitre", "cases": "cas", "labs": "lab"}
"""What an entry of each section of ``registry/framework.yml`` is called in the messages below."""
FRAMEWORK_MAPPED_TWICE = "{item} rattaché deux fois"
FRAMEWORK_UNKNOWN_ITEM = "{item} inconnu du cours"
FRAMEWORK_UNKNOWN_ITEM_EXPECTED = "un {item} existant"
FRAMEWORK_UNKNOWN_CAPACITY = "capacité inconnue"
FRAMEWORK_UNKNOWN_CAPACITY_EXPECTED = "une capacité déclarée sous domains"
FRAMEWORK_LAB_DURATION_MISSING = "durée estimée du lab manquante"
FRAMEWORK_LAB_DURATION_MISSING_EXPECTED = "un nombre de minutes"
FRAMEWORK_UNMAPPED = "{item} non rattaché au référentiel"
FRAMEWORK_UNMAPPED_EXPECTED = "une entrée « {id} » sous {section}"
FRAMEWORK_METHOD = ("cas : duration_minutes ; labs : durée estimée dans registry/framework.yml ; chapitres : "
                    "nombre de mots / {words_per_minute} mots par minute ; un élément qui sert "
                    "plusieurs domaines est partagé à parts égales")

# --- the course framework: the site page (framework.py) --------------------------------------
FRAMEWORK_PAGE_TITLE = "Ce que le cours couvre dans la formation socle au numérique en santé"
FRAMEWORK_PAGE_INTRO = (
    "L'arrêté du 10 novembre 2022 organise la formation socle au numérique en santé des étudiants en "
    "santé en cinq domaines. Le tableau indique, pour chacun, le temps que le cours y consacre. "
    "Ces heures sont des **estimations** : la durée prévue de chaque cas, une durée estimée pour chaque "
    "lab, et le temps de lecture des chapitres à {words_per_minute} mots par minute. "
    "Un élément qui sert plusieurs domaines est partagé entre eux à parts égales. Aucune durée ne vient "
    "du suivi des apprenants.")
FRAMEWORK_TABLE_HEADER = "| Domaine | Heures estimées | dont chapitres | dont cas | dont labs | Éléments |"
FRAMEWORK_TABLE_TOTAL = "| **Total** | **{hours}** | | | | |"
FRAMEWORK_JUDGEMENT_TITLE = "Ce qui est un jugement"
FRAMEWORK_JUDGEMENT = (
    "Les cinq domaines sont ceux de l'arrêté. Les capacités ci-dessous sont formulées par l'équipe du "
    "cours : la liste détaillée de l'annexe n'a pas pu être lue sur le site officiel, et chaque "
    "rattachement d'un chapitre, d'un cas ou d'un lab à une capacité est un jugement. "
    "La correspondance complète est dans `registry/framework.yml`.")
FRAMEWORK_CAPACITIES_TITLE = "Capacités par domaine"
FRAMEWORK_SOURCE = "Source : {title} — [{identifier}]({url})."
FRAMEWORK_CAVEAT = "**Sous réserve :** {caveat}"
FRAMEWORK_PDF_TITLE = "Le cours en PDF"
FRAMEWORK_PDF_BUILT = (
    "Le cours public (chapitres, cas publics avec leurs retours, principes, références, glossaire) existe "
    "aussi en un seul PDF, pour la lecture hors ligne et l'impression : "
    '<a href="../../{pdf}">télécharger le cours en PDF</a>.')
FRAMEWORK_PDF_NOT_BUILT = (
    "Le cours public (chapitres, cas publics avec leurs retours, principes, références, glossaire) existe "
    "aussi en un seul PDF, pour la lecture hors ligne et l'impression : "
    "il n'a pas encore été construit pour ce site (commande `make pdf`, puis `make book`).")
