"""Live debrief and class report, computed on simulated submissions with known answers."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from casebook.analytics import classroom as analytics
from casebook.core.scoring import Answers, score
from casebook.workshop import commands
from casebook.workshop.simulate import simulate_class
from workshop_fixtures import course_env, make_course

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, venv_bin):
    mp = pytest.MonkeyPatch()
    root = make_course(tmp_path_factory.mktemp("analyse"))
    for key, value in course_env(root, venv_bin).items():
        mp.setenv(key, value)
    mp.delenv("CASEBOOK_EXCHANGE", raising=False)
    ctx = commands.Context.open("demo", root)
    commands.release(ctx)
    answers = simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, 12, seed=42)
    commands.grade(ctx, workers=2)
    yield ctx, answers
    mp.undo()


def test_debrief_counts_match_the_answers(graded_class):
    ctx, answers = graded_class
    result = analytics.workshop_debrief(ctx)
    assert result.learners == 12
    for case_id in ctx.workshop.cases:
        case = ctx.project.case(case_id)
        for step in case.steps:
            expected = Counter(o for a in answers.values() for o in a[case_id].choices.get(step.id, ()))
            reached = sum(1 for a in answers.values() if a[case_id].choices.get(step.id))
            rows = result.counts[(result.counts.case_id == case_id) & (result.counts.step_id == step.id)]
            assert dict(zip(rows.option_id, rows.choix)) == {o.id: expected.get(o.id, 0) for o in step.options}
            assert set(rows.repondants) == {reached}
        assert result.figures[case_id].exists() and result.figures[case_id].stat().st_size > 1000
    single = analytics.workshop_debrief(ctx, "avis-google-une-etoile")
    assert set(single.counts.case_id) == {"avis-google-une-etoile"}
    with pytest.raises(commands.WorkshopError, match="ne fait pas partie"):
        analytics.workshop_debrief(ctx, "cas-absent")


def test_class_report_numbers(graded_class):
    ctx, answers = graded_class
    report = analytics.workshop_report(ctx)
    html = report.html_path.read_text(encoding="utf-8")
    for student in answers:
        assert student not in html  # pseudonymised by default
    assert "Apprenant 01" in html and 'alt="Carte de chaleur' in html
    # Mastery per learner and principle == the engine's earned / possible (rows are pseudonymised,
    # so each principle's column is compared as a sorted list of the learners' values).
    expected: dict[str, list[float]] = {}
    for learner in answers.values():
        totals: dict[str, tuple[float, float]] = {}
        for case_id in ctx.workshop.cases:
            result = score(ctx.project.case(case_id), learner.get(case_id, Answers()))
            for principle, s in result.by_principle.items():
                e, p = totals.get(principle, (0.0, 0.0))
                totals[principle] = (e + s.earned, p + s.possible)
        for principle, (e, p) in totals.items():
            if p:
                expected.setdefault(principle, []).append(e / p)
    assert set(report.mastery.columns) == set(expected)
    for principle, values in expected.items():
        assert sorted(report.mastery[principle].dropna()) == pytest.approx(sorted(values)), principle
    csv = pd.read_csv(report.html_path.parent / "maitrise-par-principe.csv", index_col=0)
    assert csv.shape == report.mastery.shape
    assert csv.to_numpy() == pytest.approx(report.mastery.to_numpy(), nan_ok=True)
    # Difficulty: the mean score ratio per case, computed independently.
    for row in report.cases.itertuples():
        ratios = [score(ctx.project.case(row.case_id), a.get(row.case_id, Answers())).ratio for a in answers.values()]
        assert row.difficulte == pytest.approx(sum(ratios) / len(ratios))
        assert -1.0 <= row.discrimination <= 1.0 or pd.isna(row.discrimination)
    # Options nobody chose are listed.
    never = report.options[(report.options.choix == 0) & (report.options.repondants > 0)]
    for row in never.itertuples():
        assert all(row.option_id not in a[row.case_id].choices.get(row.step_id, ()) for a in answers.values())
    total = sum(report.totals)
    assert total == pytest.approx(sum(sum(s.earned for s in score(ctx.project.case(c), a.get(c, Answers())).by_principle.values())
                                      for a in answers.values() for c in ctx.workshop.cases))


def test_names_only_on_request(graded_class, tmp_path):
    ctx, answers = graded_class
    report = analytics.workshop_report(ctx, show_names=True)
    html = report.html_path.read_text(encoding="utf-8")
    assert re.search(r"etu0\d\d", html)  # no roster: ids stand for names
