"""What the casebook covers: counts per principle, profession, platform and kind."""

from __future__ import annotations

from collections import Counter

from casebook.core.load import Project
from casebook.core.model import Profession, Visibility


def coverage(project: Project) -> dict:
    """Counts used by ``casebook coverage`` and by the coverage tests.

    Every principle of the registry and every profession appears, with 0 when
    no case exercises it, so a gap is visible rather than absent.
    """
    cases = sorted(project.cases.values(), key=lambda c: c.id)
    by_principle = Counter(p for c in cases for p in c.principles)
    by_profession = Counter(p.value for c in cases for p in c.professions)
    by_platform = Counter(c.platform for c in cases)
    by_theme = Counter(c.theme.value for c in cases)
    principle_ids = sorted(set(project.principles) | set(by_principle))
    return {
        "cases": len(cases),
        "public_cases": sum(c.visibility is Visibility.PUBLIC for c in cases),
        "workshop_cases": sum(c.visibility is Visibility.WORKSHOP for c in cases),
        "ai_cases": sum(c.ai for c in cases),
        "branching_cases": sum(c.is_branching for c in cases),
        "multiple_choice_cases": sum(c.has_multiple_choice for c in cases),
        "grey_zone_cases": sum(c.grey_zone is not None for c in cases),
        "by_principle": {p: by_principle.get(p, 0) for p in principle_ids},
        "by_profession": {p.value: by_profession.get(p.value, 0) for p in Profession},
        "by_platform": dict(sorted(by_platform.items())),
        "by_theme": dict(sorted(by_theme.items())),
        "platforms": len(by_platform),
        "matrix": {c.id: sorted(c.principles) for c in cases},
    }
