"""Data labs: the lesson holds on the synthetic data, and nbgrader grades the exercises."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from casebook.labs.build import LABS, Exercise
from casebook.labs.checks import _answers, controle
from casebook.labs.data import publications, triage
from workshop_fixtures import course_env, make_course


def test_synthetic_data_is_seeded_and_teaches_the_point():
    assert publications().equals(publications()) and triage().equals(triage())
    answers = _answers()
    assert answers["k_min"] == 1 and answers["uniques"] > 100  # names removed, people still unique
    assert answers["k_generalise"] < 5 <= len(publications()) - answers["lignes_supprimees"]
    assert answers["ecart"] > 0.1  # the tool misses more emergencies in the older group


def test_reference_solutions_pass_and_wrong_answers_fail():
    for name, cells in LABS.items():
        namespace = {}
        for item in cells:
            if isinstance(item, Exercise):
                exec(item.solution, namespace)
                controle(item.id, namespace[item.id])
                with pytest.raises(AssertionError, match="Indice"):
                    controle(item.id, None)
            elif item[0] == "code":
                exec(item[1].replace("plt.show()", "").replace("df.head()", ""), namespace)


@pytest.mark.slow
@pytest.mark.parametrize("lab", sorted(LABS))
def test_nbgrader_full_marks_for_solution_zero_for_empty(lab, tmp_path, venv_bin):
    root = make_course(tmp_path)
    env = course_env(root, venv_bin)
    grading = root / "grading"
    run = lambda *args: subprocess.run(list(args), cwd=grading, env=env, capture_output=True, text=True)  # noqa: E731
    result = run(str(venv_bin / "casebook"), "labs")
    assert result.returncode == 0, result.stderr
    result = run("nbgrader", "generate_assignment", lab, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    for student, origin in (("solution", grading / "source" / lab), ("vide", grading / "release" / lab)):
        shutil.copytree(origin, grading / "submitted" / student / lab)
    result = run("nbgrader", "autograde", lab, "--force")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    result = run("nbgrader", "export", "--to", str(tmp_path / "notes.csv"))
    assert result.returncode == 0, result.stderr
    with (tmp_path / "notes.csv").open(encoding="utf-8") as handle:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(handle)}
    expected_max = sum(item.points for item in LABS[lab] if isinstance(item, Exercise))
    assert scores["solution"] == (expected_max, expected_max)
    assert scores["vide"] == (0.0, expected_max)
    released = json.loads((grading / "release" / lab / f"{lab}.ipynb").read_text(encoding="utf-8"))
    assert "BEGIN SOLUTION" not in json.dumps(released)
