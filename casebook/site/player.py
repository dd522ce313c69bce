"""Data for the site's player (``_vendor/js/casebook-player.js``, and ``casebook-parcours.js``
for « Mon parcours »), generated from the cases at build time.

The published site plays public cases in the browser, with no server: each
case page embeds its case as JSON, and the « Mon parcours » page embeds the
scoring data of every public case. The script applies the rules of
:mod:`casebook.core.scoring`; everything the rules depend on (verdict ranks,
confidence-based marking) and every French string it shows come from here, so
the script holds logic only. Workshop cases never produce data: only
:attr:`Project.public_cases` is read, and :func:`case_data` refuses anything else.

Nothing here is secret from the reader: a public case's feedback is on its page
anyway (behind the no-JavaScript dropdowns).
"""

from __future__ import annotations

import json

from casebook.text.labels import reference_label
from casebook.core.load import Project
from casebook.core.model import VERDICT_LABELS, VERDICT_RANKS, Case, Visibility
from casebook.core.order import STATIC_SEED
from casebook.core.scoring import CBM_RIGHT, CBM_WRONG
from casebook.site import messages as S
from casebook.text.typography import french_typography

DATA_FORMAT = 1
STORAGE_KEY = "casebook-reponses"
"""localStorage key of the reader's answers: ``{"format": 1, "seed": …, "cases": {…}}`` (the store format)."""
ASIDE_KEY = "casebook-reponses-illisibles"
"""Where unreadable stored answers are kept (never silently deleted) when new answers are saved."""

REVISIT_BELOW = 0.7
"""The progress page suggests revisiting a case or principle scored under this share of its points."""

EXPORT_FILE_NAME = "mes-reponses-casebook.json"
"""The file name the player gives the reader's exported answers (``casebook import`` reads that file)."""

# Every string the player shows (case pages; « Mon parcours » adds PROGRESS_MESSAGES), by the key the
# script looks up: the words are in the site's catalogue (:mod:`casebook.site.messages`), which takes
# those the notebooks also show from the learner layer's, so both say the same thing.
MESSAGES = S.PLAYER
PROGRESS_MESSAGES = {**S.PLAYER_PROGRESS, "file_name": EXPORT_FILE_NAME}

# Relative links from the generated pages (see casebook.site.pages: book/_generated/…).
CASE_PAGE_LINKS = {"principles": "../../principes.html", "references": "../../references.html",
                   "progress": "../../parcours.html", "cases": "../pages/"}
PROGRESS_PAGE_LINKS = {"principles": "principes.html", "references": "references.html",
                       "progress": "parcours.html", "cases": "cas/pages/"}


def messages(progress: bool = False) -> dict[str, str]:
    """The player's French strings, with French typography (« Mon parcours »'s own with ``progress``)."""
    strings = {**MESSAGES, **PROGRESS_MESSAGES} if progress else MESSAGES
    return {key: french_typography(text) for key, text in strings.items()}


def engine_config() -> dict:
    """What the scoring rules depend on, taken from the engine so the script cannot drift."""
    return {
        "format": DATA_FORMAT,
        "storageKey": STORAGE_KEY,
        "asideKey": ASIDE_KEY,
        "staticSeed": STATIC_SEED,
        "verdicts": {v.value: {"label": VERDICT_LABELS[v], "rank": VERDICT_RANKS[v]} for v in VERDICT_RANKS},
        "cbmRight": {str(k): v for k, v in CBM_RIGHT.items()},
        "cbmWrong": {str(k): v for k, v in CBM_WRONG.items()},
        "revisitBelow": REVISIT_BELOW,
    }


def case_data(case: Case, project: Project, texts: bool = True) -> dict:
    """One public case as the player reads it. ``texts=False`` keeps only what scoring needs."""
    if case.visibility is not Visibility.PUBLIC:
        raise ValueError(S.PLAYER_WORKSHOP_CASE.format(case_id=case.id))
    steps = []
    for step in case.steps:
        options = []
        for option in step.options:
            entry = {"id": option.id, "verdict": option.verdict.value, "points": option.points,
                     "respects": list(option.respects), "breaks": list(option.breaks), "next": option.next}
            if texts:
                entry.update(text=option.text, feedback=option.feedback, references=list(option.references))
            options.append(entry)
        entry = {"id": step.id, "kind": step.kind.value, "next": step.next, "options": options}
        if texts:
            entry.update(prompt=step.prompt, situation=step.situation)
        steps.append(entry)
    data = {"id": case.id, "title": case.title, "principles": list(case.principles), "steps": steps}
    if texts:
        data.update(debrief=list(case.debrief),
                    confidence=case.confidence.question if case.confidence is not None else None)
    return data


def _principle_names(project: Project, ids) -> dict[str, str]:
    return {p: project.principles[p].name for p in sorted(set(ids)) if p in project.principles}


def _references(project: Project, ids) -> dict[str, dict]:
    out = {}
    for ref_id in sorted(set(ids)):
        ref = project.references.get(ref_id)
        if ref is not None:
            entry = {"label": reference_label(ref), "title": ref.title}
            if ref.caveat and not ref.verified:  # only then: every byte counts on a case page
                entry["caveat"] = ref.caveat
            out[ref_id] = entry
    return out


def case_payload(case: Case, project: Project) -> dict:
    """Everything a case page's player needs, and only that."""
    principle_ids = [p for s in case.steps for o in s.options for p in (*o.respects, *o.breaks)]
    ref_ids = [r for s in case.steps for o in s.options for r in o.references]
    return {"config": engine_config(), "messages": messages(), "links": CASE_PAGE_LINKS,
            "principles": _principle_names(project, [*case.principles, *principle_ids]),
            "references": _references(project, ref_ids), "case": case_data(case, project)}


def progress_payload(project: Project) -> dict:
    """« Mon parcours »: the scoring data of every public case (no feedback text)."""
    cases = sorted(project.public_cases, key=lambda c: c.title)
    return {"config": engine_config(), "messages": messages(progress=True), "links": PROGRESS_PAGE_LINKS,
            "principles": _principle_names(project, project.principles),
            "cases": [case_data(c, project, texts=False) for c in cases]}


def json_for_html(data: dict) -> str:
    """JSON safe inside ``<script type="application/json">`` and a Markdown fence (no ``<``, ``&``, backtick)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("`", "\\u0060")):
        text = text.replace(char, escaped)
    return text


def data_script(data: dict) -> str:
    return f'<script type="application/json" id="cb-data">{json_for_html(data)}</script>'
