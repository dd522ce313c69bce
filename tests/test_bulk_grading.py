"""Bulk grading (casebook/workshop/bulk.py) against plain nbgrader, the engine and the formgrader API.

Every comparison runs the real thing: `nbgrader autograde` / `generate_feedback` as separate
processes on a byte-for-byte copy of the course, nbgrader's gradebook read back through SQL,
and nbgrader's own `NbGraderAPI` (what formgrader's handlers call).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from casebook.core.scoring import Answers, best_answers
from casebook.workshop import bulk, commands
from casebook.workshop.answers import ANSWERS_FILE, JUSTIFICATION, grade_id
from casebook.workshop.simulate import learner_answers, simulate_class, write_submission
from workshop_fixtures import local_course

pytestmark = pytest.mark.slow


@pytest.fixture
def course(tmp_path, monkeypatch, venv_bin):
    root = local_course(tmp_path, monkeypatch, venv_bin)
    monkeypatch.delenv("CASEBOOK_DB_URL", raising=False)
    monkeypatch.delenv("CASEBOOK_BULK", raising=False)
    ctx = commands.Context.open("demo", root)
    commands.release(ctx)
    return ctx


def gradebook_dump(db: Path) -> dict:
    """Everything nbgrader's autograde writes about submissions, keyed by names instead of uuids."""
    con = sqlite3.connect(db)
    try:
        out = {"students": sorted(con.execute("SELECT id, first_name, last_name, email, lms_user_id FROM student"))}
        out["submissions"] = sorted(con.execute(
            "SELECT s.student_id, a.name, s.timestamp, s.extension FROM submitted_assignment s "
            "JOIN assignment a ON a.id = s.assignment_id"))
        out["notebooks"] = sorted(con.execute(
            "SELECT s.student_id, n.name, sn.flagged, sn.late_submission_penalty FROM submitted_notebook sn "
            "JOIN submitted_assignment s ON s.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id"))
        out["grades"] = sorted(con.execute(
            "SELECT s.student_id, c.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade "
            "FROM grade g JOIN base_cell c ON c.id = g.cell_id JOIN submitted_notebook sn ON sn.id = g.notebook_id "
            "JOIN submitted_assignment s ON s.id = sn.assignment_id"), key=repr)
        out["comments"] = sorted(con.execute(
            "SELECT s.student_id, c.name, m.auto_comment, m.manual_comment FROM comment m "
            "JOIN base_cell c ON c.id = m.cell_id JOIN submitted_notebook sn ON sn.id = m.notebook_id "
            "JOIN submitted_assignment s ON s.id = sn.assignment_id"), key=repr)
        return out
    finally:
        con.close()


def row_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")}
    finally:
        con.close()


def nbgrader(grading: Path, *args: str, env: dict) -> None:
    result = subprocess.run(["nbgrader", *args], cwd=grading, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def make_class(ctx) -> dict[str, dict[str, Answers]]:
    """Simulated learners plus the awkward and hostile ones the submission gate must still stop."""
    answers = simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, 6, seed=31)
    release = ctx.folder("release")
    submitted = ctx.grading / "submitted"
    write_submission(release, submitted / "sans-reponses" / "demo", None)
    broken = submitted / "reponses-cassees" / "demo"
    write_submission(release, broken, {})
    (broken / ANSWERS_FILE).write_text("{ pas du JSON", encoding="utf-8")
    case_id = ctx.workshop.cases[0]
    answers["horodate"] = {case_id: best_answers(ctx.project.case(case_id))}
    write_submission(release, submitted / "horodate" / "demo", answers["horodate"])
    (submitted / "horodate" / "demo" / "timestamp.txt").write_text("2026-12-01 09:30:00.000000 UTC", encoding="utf-8")
    # Refused by the gate (zero with its reason): a notebook nbformat cannot read.
    write_submission(release, submitted / "json-invalide" / "demo", answers["horodate"])
    (submitted / "json-invalide" / "demo" / "demo.ipynb").write_text('{"cells": [', encoding="utf-8")
    # Hostile (tests/test_workshop_attacks.py): the answers file is a link to a system file; the gate
    # sets it aside and the copy is graded without answers, the feedback saying why.
    write_submission(release, submitted / "lien-passwd" / "demo", None)
    (submitted / "lien-passwd" / "demo" / ANSWERS_FILE).symlink_to("/etc/passwd")
    # A justification written by the learner (their notebook differs from the release).
    own = submitted / "etu001" / "demo" / "demo.ipynb"
    notebook = json.loads(own.read_text(encoding="utf-8"))
    free = [c for c in notebook["cells"] if "".join(c["source"]).startswith("*Ma justification")]
    free[0]["source"] = "".join(free[0]["source"]) + "Je refuse : le **secret médical** prime, même « entre collègues »."
    own.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    return answers


def test_bulk_equals_plain_nbgrader_path(course, tmp_path, monkeypatch):
    """Same gradebook rows, autograded notebooks, feedback pages, zero reasons and exports as main's
    plain path (`CASEBOOK_BULK=0`: nbgrader's autograde and generate_feedback, one learner at a time)."""
    from bs4 import BeautifulSoup
    from nbgrader.api import Gradebook

    answers = make_class(course)
    # A due date and a penalty policy: "horodate" is late and loses its points, as nbgrader decides.
    with Gradebook(commands.nbgrader_api(course.grading).coursedir.db_url) as gb:
        gb.update_or_create_assignment("demo", duedate="2026-11-30 18:00:00 UTC")
    course.workshop = course.workshop.model_copy(update={"late_penalty": "zero"})  # `late_penalty: zero`
    twin_root = tmp_path / "jumeau" / "cours"
    shutil.copytree(course.project.root, twin_root, symlinks=True)
    twin = twin_root / "grading"
    graded = sorted([*answers, "sans-reponses", "reponses-cassees", "lien-passwd"])

    report = commands.grade(course, workers=2)
    assert sorted(report.graded) == graded
    assert set(report.failed) == {"json-invalide"} and "JSON" in report.failed["json-invalide"]
    state = json.loads((course.grading / bulk.STATE_DIR / "bulk-demo.json").read_text(encoding="utf-8"))
    assert set(state["students"]) == set(graded)  # all graded in bulk

    monkeypatch.setenv("CASEBOOK_BULK", "0")
    monkeypatch.setenv("CASEBOOK_ROOT", str(twin_root))
    plain_ctx = commands.Context.open("demo", twin_root)
    plain_ctx.workshop = plain_ctx.workshop.model_copy(update={"late_penalty": "zero"})
    plain = commands.grade(plain_ctx, workers=1)
    assert sorted(plain.graded) == graded and plain.failed == report.failed
    assert not (twin / bulk.STATE_DIR).exists()

    ours, theirs = gradebook_dump(course.grading / "gradebook.db"), gradebook_dump(twin / "gradebook.db")
    assert ours == theirs
    assert len(ours["grades"]) > 10 * len(answers)
    assert [s for s in ours["submissions"] if s[0] == "horodate"][0][2].startswith("2026-12-01 09:30:00")
    assert [n[3] for n in ours["notebooks"] if n[0] == "horodate"] == [sum(
        g[2] for g in ours["grades"] if g[0] == "horodate" and g[2])] != [0]  # penalty = its whole score
    justifications = [g for g in ours["grades"] if g[1].endswith("__" + JUSTIFICATION)]
    assert justifications and all(g[5] == 1 and g[2] is None for g in justifications)  # left for formgrader

    for student in graded:
        mine = (course.grading / "autograded" / student / "demo" / "demo.ipynb").read_text(encoding="utf-8")
        assert mine == (twin / "autograded" / student / "demo" / "demo.ipynb").read_text(encoding="utf-8"), student
        ours_files = sorted(p.name for p in (course.grading / "autograded" / student / "demo").iterdir())
        assert ours_files == sorted(p.name for p in (twin / "autograded" / student / "demo").iterdir())
        # Feedback: the same page. nbconvert ends its HTML export by re-serializing the page through
        # BeautifulSoup (markup normalization only); the bulk path skips that pass, so ours goes
        # through the very same call before the byte-for-byte comparison.
        mine = (course.grading / "feedback" / student / "demo" / "demo.html").read_text(encoding="utf-8")
        plain_html = (twin / "feedback" / student / "demo" / "demo.html").read_text(encoding="utf-8")
        assert str(BeautifulSoup(mine, features="html.parser")) == plain_html, student
        assert "<img" not in mine  # nbconvert's pass would add alt texts to images: there are none
        assert sorted(p.name for p in (course.grading / "feedback" / student / "demo").iterdir()) == \
            sorted(p.name for p in (twin / "feedback" / student / "demo").iterdir())
    for student in report.failed:  # zero feedback pages (written by commands.grade on both paths)
        assert (course.grading / "feedback" / student / "demo" / "demo.html").read_text(encoding="utf-8") == \
            (twin / "feedback" / student / "demo" / "demo.html").read_text(encoding="utf-8")
    feedback = (course.grading / "feedback" / "reponses-cassees" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "fichier de réponses illisible" in feedback and "BEGIN HIDDEN TESTS" not in feedback
    linked = (course.grading / "feedback" / "lien-passwd" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "fichier de réponses refusé" in linked and "root:" not in linked
    assert "en attente" in feedback  # pending justifications (main's GetGradesPending)
    assert "Je refuse : le <strong>secret médical</strong>" in \
        (course.grading / "feedback" / "etu001" / "demo" / "demo.html").read_text(encoding="utf-8")

    # Exports: our bulk reads write the same files as the plain path (nbgrader export included).
    monkeypatch.delenv("CASEBOOK_BULK")
    monkeypatch.setenv("CASEBOOK_ROOT", str(course.project.root))
    mine = commands.export(course)
    monkeypatch.setenv("CASEBOOK_BULK", "0")
    monkeypatch.setenv("CASEBOOK_ROOT", str(twin_root))
    theirs = commands.export(plain_ctx)
    for kind in ("nbgrader", "moodle", "principes"):
        assert mine[kind].read_bytes() == theirs[kind].read_bytes(), kind
    assert (course.grading / "exports" / "demo-problemes.json").read_bytes() == \
        (twin / "exports" / "demo-problemes.json").read_bytes()
    nbgrader(course.grading, "export", "--to", str(tmp_path / "nbgrader.csv"), "--assignment", "demo",
             env=dict(os.environ, CASEBOOK_ROOT=str(course.project.root)))
    assert (tmp_path / "nbgrader.csv").read_bytes() == mine["nbgrader"].read_bytes()


def test_bulk_grades_equal_engine_on_every_learner(course, monkeypatch):
    from test_workshop import _expected, _exported

    answers = simulate_class(course.project, course.grading, "demo", course.workshop.cases, 40, seed=5)
    report = commands.grade(course, workers=2)
    assert sorted(report.graded) == sorted(answers) and not report.failed
    exported = _exported(commands.export(course)["principes"])
    assert set(exported) == set(answers)
    for student, learner in answers.items():
        assert exported[student] == _expected(course.project, learner, course.workshop.cases), student
    # The exports' bulk read returns exactly the rows of the row-by-row read (nbgrader's lazy loading).
    from nbgrader.api import Gradebook

    with Gradebook(commands.nbgrader_api(course.grading).coursedir.db_url) as gb:
        gb.add_student("absent", first_name="Aïcha", email="aicha@exemple.fr")
    bulk_rows = commands.gradebook_rows(course)
    monkeypatch.setenv("CASEBOOK_BULK", "0")
    assert commands.gradebook_rows(course) == bulk_rows and len(bulk_rows) == len(answers) + 1


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.parent.parent.name: p.stat().st_mtime_ns for p in folder.glob("*/demo/demo.*")}


def test_regrade_skips_unchanged_keeps_hand_grades_and_adds_no_rows(course):
    from nbgrader.api import Gradebook

    simulate_class(course.project, course.grading, "demo", course.workshop.cases, 5, seed=9)
    commands.grade(course, workers=2)
    db = course.grading / "gradebook.db"
    counts = row_counts(db)
    justification = grade_id(course.workshop.cases[0], JUSTIFICATION)
    url = commands.nbgrader_api(course.grading).coursedir.db_url
    with Gradebook(url) as gb:  # what formgrader does when an instructor grades the justification
        grade = gb.find_grade(justification, "demo", "demo", "etu000")
        grade.manual_score, grade.needs_manual_grade = 2.5, False
        gb.find_comment(justification, "demo", "demo", "etu000").manual_comment = "Bien argumenté."
        gb.db.commit()
        before_total = gb.find_submission("demo", "etu000").score
    autograded, feedback = _mtimes(course.grading / "autograded"), _mtimes(course.grading / "feedback")
    dump = gradebook_dump(db)

    report = commands.grade(course, workers=2)  # nothing changed: nothing is redone
    assert sorted(report.graded) == [f"etu{n:03d}" for n in range(5)] and not report.failed
    assert row_counts(db) == counts and gradebook_dump(db) == dump
    assert _mtimes(course.grading / "autograded") == autograded and _mtimes(course.grading / "feedback") == feedback

    # etu001 changes an answer; etu000 resubmits the same answers with a new timestamp.
    changed = learner_answers(course.project, course.workshop.cases, 777)
    write_submission(course.folder("release"), course.grading / "submitted" / "etu001" / "demo", changed)
    (course.grading / "submitted" / "etu000" / "demo" / "timestamp.txt").write_text(
        "2026-12-02 08:00:00.000000 UTC", encoding="utf-8")
    commands.grade(course, workers=2)
    assert row_counts(db) == counts  # updated in place, no duplicate rows
    after = _mtimes(course.grading / "autograded")
    assert {s for s in after if after[s] != autograded[s]} == {"etu000", "etu001"}
    with Gradebook(url) as gb:
        grade = gb.find_grade(justification, "demo", "demo", "etu000")
        assert grade.manual_score == 2.5 and grade.score == 2.5  # the hand grade survives
        assert gb.find_comment(justification, "demo", "demo", "etu000").manual_comment == "Bien argumenté."
        assert gb.find_submission("demo", "etu000").score == pytest.approx(before_total)
        assert str(gb.find_submission("demo", "etu000").timestamp).startswith("2026-12-02 08:00:00")
    html = (course.grading / "feedback" / "etu000" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "Bien argumenté." in html
    from test_workshop import _expected, _exported

    exported = _exported(commands.export(course)["principes"])
    assert exported["etu001"] == _expected(course.project, changed, course.workshop.cases)


def test_formgrader_api_lists_bulk_submissions_for_hand_grading(course):
    from nbgrader.apps import NbGraderAPI

    simulate_class(course.project, course.grading, "demo", course.workshop.cases, 4, seed=3)
    commands.grade(course, workers=2)
    api = commands.nbgrader_api(course.grading)
    assert isinstance(api, NbGraderAPI)
    submissions = {s["student"]: s for s in api.get_submissions("demo")}
    assert set(submissions) == {f"etu{n:03d}" for n in range(4)}
    assert all(s["autograded"] and s["needs_manual_grade"] for s in submissions.values())
    notebooks = api.get_notebook_submissions("demo", "demo")
    assert len(notebooks) == 4 and all(n["needs_manual_grade"] for n in notebooks)
    indices = api.get_notebook_submission_indices("demo", "demo")
    assert len(indices) == 4
    # formgrader's per-cell view: one manual task per case, flagged, with no autograder score.
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url) as gb:
        notebook = gb.find_submission_notebook_by_id(notebooks[0]["id"])
        manual = [g for g in notebook.grades if g.needs_manual_grade]
        assert {g.name for g in manual} == {grade_id(c, JUSTIFICATION) for c in course.workshop.cases}
        assert all(g.auto_score is None for g in manual)


def test_execution_and_opt_out_stay_on_nbgrader(course, monkeypatch):
    """--executer (kernels) and CASEBOOK_BULK=0 never touch the bulk path."""
    simulate_class(course.project, course.grading, "demo", course.workshop.cases, 2, seed=4)
    monkeypatch.setenv("CASEBOOK_BULK", "0")
    report = commands.grade(course, workers=2)
    assert sorted(report.graded) == ["etu000", "etu001"]
    assert not (course.grading / bulk.STATE_DIR / "bulk-demo.json").exists()
    assert bulk.grade_hook(course, ["etu000"], commands.GradeReport(), 2, execute=True) == (["etu000"], [])


def _depth_exceeds_char_by_char(text: str, limit: int) -> bool:
    """The gate's JSON depth check as first written (one character at a time): the reference."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def test_gate_depth_scan_equals_the_character_loop():
    """The regex scan the gate now uses gives the character loop's verdict on every input tried."""
    import random

    from casebook.core.answer_file import json_depth_exceeds

    rng = random.Random(18)
    for _ in range(50_000):
        text = "".join(rng.choice('[]{}"\\ a\n') for _ in range(rng.randint(0, 24)))
        limit = rng.randint(0, 4)
        assert json_depth_exceeds(text, limit) == _depth_exceeds_char_by_char(text, limit), (text, limit)
    deep = "[" * 65 + "]" * 65
    assert json_depth_exceeds(deep, 64) and not json_depth_exceeds(f'"{deep}"', 64)
    assert not json_depth_exceeds('"' + deep, 64)  # an unterminated string swallows the rest
