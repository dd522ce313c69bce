"""The known-groups tool (tools/blind_test.py): a blind respondent's state is scored like the learners' answers,
and `compare` says whether novices stay under and trained respondents over the issue's bounds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from casebook.core.load import Project
from casebook.core.scoring import Answers, best_answers, next_step_id, score

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "blind_test.py"


def worst_answers(case) -> Answers:
    """The lowest-scoring option of each single-choice step (the worst one of a multiple-choice step), along
    the path those answers take."""
    choices = {}
    step_id = case.first_step.id
    while step_id is not None and step_id not in choices:
        step = case.step(step_id)
        worst = min(step.options, key=lambda o: o.points)
        choices[step_id] = (worst.id,)
        step_id = next_step_id(step, [worst])
    return Answers(choices=choices)


def _state(path: Path, answers_by_case: dict[str, Answers]) -> Path:
    path.write_text(json.dumps({"cases": {c: {s: list(o) for s, o in a.choices.items()}
                                          for c, a in answers_by_case.items()}}), encoding="utf-8")
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, cwd=ROOT)


def test_compare_reports_both_groups_and_the_bounds(tmp_path):
    project = Project.load()
    public = project.case("photo-naissance")
    workshop = project.case("kine-charlatan-avis")
    assert public.visibility.value == "public" and workshop.visibility.value == "workshop"
    novice = _state(tmp_path / "novice.json", {c.id: worst_answers(c) for c in (public, workshop)})
    trained = _state(tmp_path / "trained.json", {c.id: best_answers(c) for c in (public, workshop)})
    for case in (public, workshop):
        assert score(case, worst_answers(case)).points < score(case, best_answers(case)).points

    result = _run("compare", "--novices", str(novice), "--trained", str(trained))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("public") and "photo-naissance" in line and line.rstrip().endswith("100%")
               for line in lines)
    assert "TOTAL public trained: 100 % on 1 cases (target >= 85 %: met)" in result.stdout
    assert "TOTAL workshop novices:" in result.stdout and "NOT met" not in result.stdout

    # Novices who answer like the trained group break the bound, and the command says so.
    result = _run("compare", "--novices", str(trained), "--trained", str(trained))
    assert result.returncode == 1
    assert "TOTAL public novices: 100 % on 1 cases (target <= 70 %: NOT met)" in result.stdout


def test_score_of_a_state_matches_the_learners_scoring(tmp_path):
    project = Project.load()
    case = project.case("photo-naissance")
    state = _state(tmp_path / "r.json", {case.id: best_answers(case)})
    result = _run("--state", str(state), "score")
    expected = score(case, best_answers(case))
    line = next(line for line in result.stdout.splitlines() if "photo-naissance" in line)
    assert line.split()[-3:] == [f"{expected.points:g}", "/", f"{expected.maximum:g}"]
