"""The key-free view of a case: what a workshop learner may receive.

``public_view`` keeps only what is needed to play the case: the text of the
situation, prompts and options, and where each choice leads. Verdicts, points,
principles respected or broken, feedback, references and the debrief are left
out. ``case_from_view`` rebuilds a playable :class:`~casebook.core.model.Case` from it,
with neutral placeholders in memory only, so the same widgets can run it.
"""

from __future__ import annotations

from casebook.core.model import Case
from casebook.workshop import messages as M
from casebook.workshop.opaque import opaque_id

REDACTED_FORMAT = 1
PLACEHOLDER_FEEDBACK = M.PLACEHOLDER_FEEDBACK


def public_view(case: Case, secret: str | None = None) -> dict:
    """The key-free view; with the course ``secret``, options get opaque ids and a neutral order."""

    def options(step):
        if secret is None:
            return [{"id": o.id, "text": o.text, "next": o.next} for o in step.options]
        listed = [{"id": opaque_id(secret, case.id, step.id, o.id), "text": o.text, "next": o.next}
                  for o in step.options]
        return sorted(listed, key=lambda o: o["id"])

    return {
        "id": case.id,
        "title": case.title,
        "professions": [p.value for p in case.professions],
        "platform": case.platform,
        "theme": case.theme.value,
        "duration_minutes": case.duration_minutes,
        "context": case.context,
        "steps": [
            {
                "id": step.id,
                "prompt": step.prompt,
                "situation": step.situation,
                "kind": step.kind.value,
                "next": step.next,
                "options": options(step),
            }
            for step in case.steps
        ],
        "confidence": case.confidence.question if case.confidence else None,
    }


def case_from_view(view: dict) -> Case:
    """A playable case with placeholders where the key would be (never written anywhere)."""
    steps = []
    for step in view["steps"]:
        steps.append({
            "id": step["id"], "prompt": step["prompt"], "situation": step.get("situation"),
            "kind": step["kind"], "next": step.get("next"),
            "options": [{"id": o["id"], "text": o["text"], "next": o.get("next"), "verdict": "acceptable",
                         "feedback": PLACEHOLDER_FEEDBACK} for o in step["options"]],
        })
    data = {
        "schema_version": 1, "id": view["id"], "title": view["title"], "visibility": "workshop",
        "professions": view["professions"], "platform": view["platform"], "theme": view["theme"],
        "principles": ["P01"], "duration_minutes": view["duration_minutes"], "context": view["context"],
        "steps": steps, "debrief": [PLACEHOLDER_FEEDBACK],
        "justification": {"question": PLACEHOLDER_FEEDBACK, "rubric": [PLACEHOLDER_FEEDBACK]},
    }
    if view.get("confidence"):
        data["confidence"] = {"question": view["confidence"]}
    return Case.model_validate(data)
