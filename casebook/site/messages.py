"""Every word the site layer shows, in French: one place to read, review or translate them.

The generated pages (case pages, case index, principles, references, coverage, « Mon parcours »),
the in-page player's strings, the Sphinx extension's warnings and the site and PDF builds' messages
take their strings from here, with ``str.format`` fields for what varies. Words the notebooks also
show are not repeated: they come from the learner layer's catalogue (:mod:`casebook.learner.messages`),
so both say the same thing. An English edition means a sibling module with the same names. Case
content (situations, options, feedback) is not here: it lives in ``cases/``.

Generated pages are MyST Markdown: MyST markup (a ``{doc}`` or ``{ref}`` role, its target) is not
words to translate; in a template with ``str.format`` fields a role is written ``{{ref}}``.
"""

from casebook.learner import messages as M

# --- a case page (MyST): header, steps, options, debriefing ------------------------------------------
CASE_PAGE_META = "**{professions}** · {platform} · {duration} · principes : {principles}"
CASE_GREY_ZONE = "Zone grise"
CASE_SITUATION = "Situation"
CASE_PLAY = "À vous de jouer"
CASE_NO_JS = ("Pour chaque étape ci-dessous, réfléchissez à votre choix avant d'ouvrir le retour de chaque "
              "option. Avec JavaScript activé, cette page vous fait jouer le cas pas à pas : vous choisissez "
              "d'abord, le retour vient ensuite.")
CASE_STEP_HEADING = "Étape {number} : {prompt}"
CASE_VERDICT = "**Verdict : {verdict}** ({points})"
POINTS_ZERO = "0 point"
POINTS_ONE = "{points:+d} point"
POINTS_MANY = "{points:+d} points"
CASE_OPTION_LEADS_ON = ("Si vous choisissez cette option, la situation continue : voir "
                        "{{ref}}`l'étape {number} <{target}>`.")
CASE_STEP_LEADS_ON = "Après ce choix, la situation continue : voir {{ref}}`l'étape {number} <{target}>`."
CASE_OPTION_FEEDBACK = "Voir le retour sur l'option {letter}"
CASE_FURTHER = "Pour aller plus loin"
CASE_QUESTION = "*Question de réflexion :* {question}"

# --- the case index (cas/index.md) -------------------------------------------------------------------
INDEX_TITLE = "Les cas pratiques"
INDEX_INTRO = ("{count} situations à trancher, classées par principe, par profession et par plateforme. "
               "Chaque page se joue pas à pas : vous choisissez, vous validez, puis vous lisez le retour ; "
               "{{doc}}`Mon parcours </book/_generated/parcours>` récapitule vos résultats. Sans JavaScript, "
               "la page présente les options et, à la demande, le retour sur chacune.")
INDEX_ALL = "Tous les cas"
INDEX_TABLE_HEADER = "| Cas | Professions | Plateforme | Principes |"
INDEX_BY_PRINCIPLE = "Par principe"
INDEX_NO_PUBLIC_CASE = "aucun cas public"
INDEX_BY_PROFESSION = "Par profession"
INDEX_BY_PLATFORM = "Par plateforme ou outil"

# --- the principles page (principes.md) --------------------------------------------------------------
PRINCIPLES_TITLE = "Les douze principes"
PRINCIPLES_INTRO = ("Les principes P01 à P12 sont tirés de l'article source et servent de repère à chaque cas, "
                    "chaque note et chaque graphique du cours. Pour chacun : la section de l'article dont il "
                    "vient, ce que disent les textes de référence, et où l'article simplifie.")
PRINCIPLE_IN_ARTICLE = "**Dans l'article :** section « {section} »."
PRINCIPLE_TEXTS = "**Ce que disent les textes :** {texts} ({references})"
PRINCIPLE_GAP = "**Où l'article simplifie :** {gap}"
PRINCIPLE_CASES = "**Cas liés :** {cases}"
PRINCIPLE_NO_CASE = "aucun"

# --- the references page (references.md) -------------------------------------------------------------
REFERENCES_TITLE = "Textes de référence"
REFERENCES_INTRO = ("Chaque affirmation juridique ou déontologique du cours renvoie à l'une de ces entrées. "
                    "Les liens mènent aux sources officielles ou, à défaut, à la source consultée. La date "
                    "indiquée est celle de la vérification enregistrée pour l'entrée ; les entrées marquées "
                    "« sous réserve » n'ont pas pu être entièrement vérifiées.")
REFERENCE_IDENTIFIER = "Identifiant : {identifier}"
REFERENCE_SOURCE = "Source : <{url}>"
REFERENCE_CHECKED_ON = "Vérifié le : {date:%d/%m/%Y}"
REFERENCE_CAVEAT = "**Sous réserve :** {caveat}"

# --- the coverage page and its figure (couverture.md) ------------------------------------------------
COVERAGE_CHART_TITLE = "Principes exercés par chaque cas public"
COVERAGE_TITLE = "Couverture du recueil"
COVERAGE_INTRO = ("Le recueil compte {public} cas publics (et {workshop} cas réservés aux ateliers, qui ne "
                  "sont pas publiés). La figure montre quels principes chaque cas public exerce.")
COVERAGE_ALT = ("Matrice dont les lignes sont les cas publics et les colonnes les principes P01 à P12 ; "
                "une case foncée indique que le cas exerce le principe.")
COVERAGE_CAPTION = "Principes exercés par chaque cas public."
COVERAGE_COUNTS = "Nombre de cas (publics et d'atelier) par principe : {counts}."

# --- « Mon parcours » (parcours.md) ------------------------------------------------------------------
PROGRESS_PAGE_TITLE = "Mon parcours"
PROGRESS_PAGE_INTRO = ("Votre progression sur les cas joués sur ce site : points et confiance par principe, "
                       "cas et principes à revoir. Tout est calculé dans votre navigateur, à partir des "
                       "réponses gardées sur cet appareil ; rien n'est envoyé (voir {doc}`la page "
                       "Confidentialité </book/confidentialite>`).")
PROGRESS_PAGE_NO_JS = ("Cette page montre votre profil à partir des cas que vous avez joués sur ce site, dans "
                       "ce navigateur. Elle a besoin de JavaScript ; sans lui, les pages des cas restent "
                       "lisibles, mais rien n'est gardé.")
PROGRESS_PAGE_IMPORT_TITLE = "Reprendre vos réponses dans JupyterLab"
PROGRESS_PAGE_IMPORT = ("Le bouton « {export} » enregistre un fichier JSON. Dans le dossier du cours, la "
                        "commande `casebook import {file_name}` l'ajoute à vos réponses de JupyterLab (sans "
                        "écraser un cas que vous y avez déjà joué autrement, sauf avec `--remplacer`).")

# --- the player (casebook-player.js): looked up by key by the script ---------------------------------
# Placeholders {n}, {x}, {y}, {z} are replaced by the script (not by str.format).
PLAYER = {
    "play_title": "Jouer le cas",
    "step": "Étape {n}",
    "hint_single": M.HINT_SINGLE,
    "hint_multiple": M.HINT_MULTIPLE,
    "confidence_default": "À quel point êtes-vous sûr·e de votre choix ?",
    "optional": "(facultatif)",
    **{f"confidence_{level}": label for label, level in M.CONFIDENCE_CHOICES},
    **{f"confidence_words_{level}": word for level, word in M.CONFIDENCE_WORDS.items()},
    "validate": M.VALIDATE,
    "validated": M.VALIDATED,
    "restart": M.RESTART,
    "restart_hint": "Effacer vos réponses à ce cas et le rejouer depuis le début",
    "nothing_chosen": "Choisissez au moins une option avant de valider.",
    "feedback_title": "Retour sur l'étape {n}",
    "your_choice": "Votre choix : {x}",
    "respects": M.RESPECTS.format(badges="").strip(),
    "breaks": M.BREAKS.format(badges="").strip(),
    "references": M.REFERENCES.format(links="").strip(),
    "caveat": "sous réserve",
    "points_step": "Points pour cette étape : {x} / {y}",
    "recommended": "L'option recommandée était {x} :",
    "why": "Pourquoi :",
    "missed": M.MISSED_ACTIONS,
    "announce": "Retour affiché : {x}, {y} point(s) sur {z}.",
    "announce_end": "Cas terminé : {x} point(s) sur {y}. Le bilan est affiché.",
    "summary_title": M.SUMMARY_TITLE,
    "summary_points": "{x} / {y} points",
    "principle": M.PRINCIPLE_COLUMN,
    "points": M.POINTS_COLUMN,
    "confidence_title": M.CONFIDENCE_TITLE,
    "confidence_line": "Étape {n} : {x}, réponse {y} ({z})",
    "right": M.OUTCOME_RIGHT,
    "wrong": M.OUTCOME_REVIEW,
    "overconfident": f"{M.OVERCONFIDENT_TITLE} {M.OVERCONFIDENT}",
    "cbm_total": "Score de confiance (formatif, hors note) : {x}",
    "debrief": M.TAKE_AWAY,
    "see_progress": "Voir « Mon parcours »",
    "kept_here": "Vos réponses sont gardées dans ce navigateur, sur cet appareil seulement. "
                 "Rien n'est envoyé.",
    "storage_unavailable": "Ce navigateur ne permet pas de garder vos réponses : vous pouvez jouer, "
                           "mais elles seront perdues en quittant la page.",
    "storage_unreadable": "Les réponses gardées sur cet appareil n'ont pas pu être relues (format ancien "
                          "ou endommagé) : elles sont ignorées. Elles seront mises de côté, sans être "
                          "effacées, à votre prochaine réponse.",
    "case_changed": "Ce cas a changé depuis votre dernière visite : vos réponses ont été reprises "
                    "jusqu'à l'étape modifiée.",
}
PLAYER_PROGRESS = {
    # « Mon parcours » (casebook-parcours.js), in addition to PLAYER.
    "profile_title": "Votre profil par principe",
    "profile_intro": "{x} cas terminé(s) sur {y}, {z} en cours. Les points comptent les cas terminés.",
    "nothing_yet": "Vous n'avez encore terminé aucun cas sur ce site depuis cet appareil : jouez un cas, "
                   "votre profil apparaîtra ici.",
    "not_worked": M.NOT_WORKED_YET,
    "principle_line": "{x} / {y} points ({z} %) · {n} cas terminé(s)",
    "calibration": "confiance : {x} en moyenne sur {n} réponse(s) notée(s)",
    "calibration_none": "confiance : aucune réponse notée",
    "calibration_good": "justifiée",
    "calibration_mixed": "à affiner",
    "calibration_over": "excessive",
    "chart_label": "{x} : {y} % des points",
    "revisit_title": "À revoir",
    "revisit_cases": "Cas à reprendre",
    "revisit_principles": "Principes à retravailler",
    "revisit_none": "Rien à revoir pour l'instant.",
    "case_started": "{x} (commencé, à terminer)",
    "case_low": "{x} ({y} / {z} points)",
    "data_title": "Vos réponses sur cet appareil",
    "export": "Exporter mes réponses",
    "erase": "Effacer mes réponses",
    "erase_confirm": "Effacer toutes vos réponses gardées sur cet appareil ? Cette action est définitive.",
    "erased": "Vos réponses ont été effacées de cet appareil.",
    "exported": "Fichier « {x} » préparé : enregistrez-le où vous voulez.",
    "nothing_to_export": "Aucune réponse gardée sur cet appareil : rien à exporter.",
}
PLAYER_WORKSHOP_CASE = "le cas « {case_id} » est réservé aux ateliers : il ne va pas sur le site"

# --- Sphinx extension: warnings (errors with -W) and the text its roles add ---------------------------
ROLE_UNKNOWN_REFERENCE = "référence inconnue du registre : « {text} »"
ROLE_UNVERIFIED = " (sous réserve)"
ROLE_UNKNOWN_CASE = "cas inconnu : « {case_id} »"
ROLE_WORKSHOP_CASE = "le cas « {case_id} » est réservé aux ateliers : il ne peut pas être lié sur le site"
ROLE_UNKNOWN_PRINCIPLE = "principe inconnu : « {text} »"
PAGES_UPDATED = "casebook : {count} page(s) générée(s) mise(s) à jour"
THEME_PATTERN_MISSING = "casebook : le motif {pattern} est introuvable dans {file} (thème mis à jour ?)"
SIDEBAR_TOGGLE_LABEL = "Afficher ou masquer les pages de cette partie"

# --- the site build (make book, python -m casebook.site build) ----------------------------------------
BUILD_FAILED = "Échec de la construction du site ({warnings} avertissement(s))."
BUILD_DONE = "Site construit sans avertissement : {pages} pages HTML dans {folder}"
BUILD_USAGE = "usage : python -m casebook.site build [--incremental]"

# --- the course PDF (make pdf) -------------------------------------------------------------------------
PDF_SINGLEHTML_FAILED = "la construction HTML en une page a échoué :\n{output}"
PDF_NO_CHROMIUM = "Chromium introuvable : installez le paquet Debian chromium (.ci/run le fait)."
PDF_ERROR = "Erreur : {error}"
PDF_DONE = "Cours en PDF : {target}"
