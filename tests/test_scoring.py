"""Does scoring follow the documented rules, on fixture and shipped cases?"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.core.load import Project, load_project
from casebook.core.scoring import Answers, best_answers, case_maximum, possible_by_principle, score

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("scoring")
    shutil.copytree(FIXTURES / "registry", root / "registry")
    shutil.copytree(FIXTURES / "cases", root / "cases")
    project, report = load_project(root)
    assert report.ok, report
    return project


@pytest.fixture(scope="module")
def case(fixture_project):
    return fixture_project.cases["cas-minimal"]


def all_cases() -> list:
    return list(Project.load().cases.values())


def test_single_choice_scores_the_option(case):
    result = score(case, {"choices": {"debut": ["c"]}})
    assert result.points == 2 and result.maximum == 3
    assert result.complete and result.steps[0].verdict.value == "acceptable"
    assert result.by_principle["P01"].earned == 2 and result.by_principle["P01"].possible == 3


def test_branching_scores_the_path_taken(case):
    result = score(case, {"choices": {"debut": ["a"], "suite": ["supprimer", "cadre"]}})
    assert [s.step_id for s in result.steps] == ["debut", "suite"]
    assert result.points == 2 and result.maximum == 3
    # Breaking P01 and P03 at the first step earns them nothing there.
    assert result.by_principle["P01"].earned == 2
    assert not result.problems


def test_multiple_choice_partial_credit_and_floor(case):
    half = score(case, {"choices": {"debut": ["a"], "suite": ["supprimer"]}})
    assert half.steps[1].earned == 1
    cost = score(case, {"choices": {"debut": ["a"], "suite": ["supprimer", "garder"]}})
    assert cost.steps[1].earned == 0  # 1 - 2, floored
    floored = score(case, {"choices": {"debut": ["a"], "suite": ["garder"]}})
    assert floored.steps[1].earned == 0  # -2 floored at zero, never negative
    assert floored.points == 0


def test_best_path_is_the_maximum(case):
    assert best_answers(case).choices == {"debut": ("b",)}
    result = score(case, best_answers(case))
    assert result.points == result.maximum == case_maximum(case) == 3
    assert all(s.earned == s.possible for s in result.by_principle.values())


def test_empty_and_broken_answers_earn_zero_with_reason(case):
    assert score(case, {}).points == 0
    assert score(case, Answers()).points == 0
    unknown = score(case, {"choices": {"debut": ["z"]}})
    assert unknown.points == 0 and "option inconnue : z" in unknown.problems[0]
    two = score(case, {"choices": {"debut": ["a", "b"]}})
    assert two.points == 0 and "plusieurs options" in two.problems[0]
    junk = score(case, {"choices": "n'importe quoi"})
    assert junk.points == 0 and junk.problems[0].startswith("réponses illisibles")
    off = score(case, {"choices": {"debut": ["b"], "suite": ["cadre"]}})
    assert off.points == 3 and "hors du parcours" in off.problems[0]


def test_confidence_based_marking_is_separate(case):
    sure_right = score(case, {"choices": {"debut": ["b"]}, "confidence": {"debut": 3}})
    sure_wrong = score(case, {"choices": {"debut": ["a"], "suite": ["cadre"]}, "confidence": {"debut": 3}})
    unsure_wrong = score(case, {"choices": {"debut": ["a"]}, "confidence": {"debut": 1}})
    assert sure_right.cbm_total == 3 and sure_wrong.cbm_total == -6 and unsure_wrong.cbm_total == 0
    assert sure_right.points == 3  # confidence never changes the grade


_SCORE_IN_A_FRESH_PROCESS = """
import json, sys
from dataclasses import asdict
from casebook.core.load import load_project
from casebook.core.scoring import score
project, _ = load_project(__import__("pathlib").Path(sys.argv[1]))
result = score(project.cases["cas-minimal"], json.loads(sys.argv[2]))
print(json.dumps(asdict(result), sort_keys=True, default=str))
"""


def test_scoring_is_deterministic_across_processes(make_project, base_case):
    """Same answers, same result, whatever the hash seed or the order picks were listed in."""
    import json
    import os
    import subprocess
    import sys

    root = make_project({"cas-minimal.yml": base_case})
    outputs = set()
    for seed, picks in (("1", ["cadre", "supprimer"]), ("2", ["supprimer", "cadre"]), ("3", ["cadre", "supprimer"])):
        answers = json.dumps({"choices": {"debut": ["a"], "suite": picks}, "confidence": {"suite": 2}})
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", _SCORE_IN_A_FRESH_PROCESS, str(root), answers], env=env,
                             capture_output=True, text=True, check=True).stdout
        outputs.add(out)
    assert len(outputs) == 1
    result = json.loads(outputs.pop())
    assert result["points"] == 2 and result["steps"][1]["chosen"] == ["supprimer", "cadre"]


def _answers_strategy(case):
    step_ids = [s.id for s in case.steps] + ["inconnue"]
    option_ids = sorted({o.id for s in case.steps for o in s.options} | {"zz"})
    return st.fixed_dictionaries({
        "choices": st.dictionaries(st.sampled_from(step_ids), st.lists(st.sampled_from(option_ids), max_size=4)),
        "confidence": st.dictionaries(st.sampled_from(step_ids), st.integers(-1, 4)),
    })


@pytest.mark.parametrize("case_id", [c.id for c in all_cases()] + ["fixture"])
def test_properties_on_every_case(case_id, case):
    """Never above the maximum, never below zero, per principle too; best path earns it all."""
    target = case if case_id == "fixture" else Project.load().cases[case_id]
    possible = possible_by_principle(target)

    @settings(max_examples=150, deadline=None)
    @given(_answers_strategy(target))
    def prop(answers):
        result = score(target, answers)
        assert 0 <= result.points <= result.maximum == case_maximum(target)
        for principle, s in result.by_principle.items():
            assert 0 <= s.earned <= s.possible == possible[principle]

    prop()
    best = score(target, best_answers(target))
    assert best.points == best.maximum > 0
    assert best.complete and not best.problems
    assert score(target, {}).points == 0
