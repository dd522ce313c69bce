"""Does the casebook cover what the course promises? (read through `casebook coverage --json`)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casebook.core.load import Project

PROFESSIONS = ["medecin", "interne-etudiant", "infirmier", "pharmacien", "sage-femme",
               "masseur-kinesitherapeute", "chirurgien-dentiste"]


@pytest.fixture(scope="module")
def coverage() -> dict:
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "coverage", "--json"], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def test_json_has_the_documented_keys(coverage):
    for key in ("cases", "public_cases", "workshop_cases", "by_principle", "by_profession", "ai_cases",
                "branching_cases", "multiple_choice_cases"):
        assert key in coverage


def test_casebook_size(coverage):
    assert coverage["cases"] >= 40 and coverage["public_cases"] >= 32 and coverage["workshop_cases"] >= 8


def test_every_principle_in_four_cases(coverage):
    assert set(coverage["by_principle"]) == {f"P{n:02d}" for n in range(1, 13)}
    assert min(coverage["by_principle"].values()) >= 4, coverage["by_principle"]


def test_every_profession_in_three_cases(coverage):
    for profession in PROFESSIONS:
        assert coverage["by_profession"][profession] >= 3, profession


def test_platforms_ai_branching_multiple(coverage):
    assert coverage["platforms"] >= 8
    assert coverage["ai_cases"] >= 8
    assert coverage["branching_cases"] >= 8
    assert coverage["multiple_choice_cases"] >= 8


def test_grey_zones_are_marked_and_fairly_scored():
    grey = [c for c in Project.load().cases.values() if c.grey_zone]
    assert len(grey) >= 3
    for case in grey:
        # Some step offers two defensible positions, both « acceptable », both worth the step's best.
        def two_defensible(step):
            best = max(o.points for o in step.options)
            return sum(o.verdict.value == "acceptable" and o.points == best for o in step.options) >= 2
        assert any(two_defensible(step) for step in case.steps), case.id
        assert len(case.grey_zone.explanation.split()) >= 15, case.id


def test_list_json_lists_every_case():
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "list", "--json"], capture_output=True,
                            text=True, check=True)
    rows = json.loads(result.stdout)
    project = Project.load()
    assert sorted(r["id"] for r in rows) == sorted(project.cases)
    assert set(rows[0]) >= {"id", "title", "professions", "principles", "visibility", "steps"}
    table = subprocess.run([sys.executable, "-m", "casebook.cli", "list"], capture_output=True, text=True, check=True)
    assert f"{len(rows)} cas." in table.stdout and "visibilité" in table.stdout
