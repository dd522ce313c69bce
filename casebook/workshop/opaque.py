"""Opaque option ids for released workshops: the key maps them back at grading.

Option ids are written by case authors and often describe the action
(``publier-masque``, ``differer``); a learner who opens the released
``atelier-cas.json`` must learn nothing from them, nor from the order in which
options are listed. So the released view names each option by an HMAC of
``case|step|option`` under the course secret, and lists options in the order of
those opaque ids. Grading recomputes the same HMACs from the cases (which the
instructor has) and translates recorded answers back; answers recorded with the
cases' own ids grade the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from casebook.core.model import Case
from casebook.core.scoring import Answers

SECRET_FILE = ".pseudonymes-sel"
"""The course secret (historical name: it first salted pseudonyms only)."""
OPAQUE_PREFIX = "o"
OPAQUE_LENGTH = 10


def course_secret(grading: Path) -> str:
    """The per-course secret, created on first use, readable by the instructor only."""
    path = Path(grading) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(os.urandom(16).hex())
    return path.read_text(encoding="utf-8").strip()


def opaque_id(secret: str, case_id: str, step_id: str, option_id: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{case_id}|{step_id}|{option_id}".encode("utf-8"),
                      hashlib.sha256).hexdigest()
    return OPAQUE_PREFIX + digest[:OPAQUE_LENGTH]


def option_mapping(case: Case, secret: str) -> dict[str, dict[str, str]]:
    """Per step: opaque id → the case's option id."""
    return {step.id: {opaque_id(secret, case.id, step.id, o.id): o.id for o in step.options}
            for step in case.steps}


def to_case_ids(case: Case, answers: Answers, secret: str | None) -> Answers:
    """``answers`` with opaque option ids replaced by the case's ids (others left as they are)."""
    if secret is None:
        return answers
    mapping = option_mapping(case, secret)
    choices = {step_id: tuple(mapping.get(step_id, {}).get(p, p) for p in picked)
               for step_id, picked in answers.choices.items()}
    return Answers(choices=choices, confidence=dict(answers.confidence))
