"""Hostile learners against real nbgrader runs: a mixed class, the exchange, the rehearsal.

Every attack of issue 14 is in the mixed class: one `grade`, `debrief` and `report` must
finish for everybody, the 30 honest learners must grade exactly like the engine, and each
hostile copy gets 0 or partial marks with its French reason in status, the Moodle export
and the learner's feedback. The exchange test links the answer key, the gradebook and the
pseudonym salt into an inbound folder after `nbgrader submit`, then walks every tree a
learner can read after `release_feedback` / `fetch_feedback`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.analytics import classroom as analytics
from casebook.core.scoring import Answers, best_answers, possible_by_principle, score
from casebook.workshop import commands
from casebook.workshop.opaque import course_secret
from casebook.workshop.answers import ANSWERS_FILE
from casebook.workshop.simulate import learner_answers, simulate_class, write_submission
from workshop_fixtures import local_course

pytestmark = pytest.mark.slow
CASE = "avis-google-une-etoile"


@pytest.fixture
def course(tmp_path, monkeypatch, venv_bin):
    root = local_course(tmp_path, monkeypatch, venv_bin)
    return commands.Context.open("demo", root)


def _engine_total(project, answers: dict[str, Answers], case_ids) -> float:
    return sum(s.earned for c in case_ids for s in score(project.case(c), answers.get(c, Answers())).by_principle.values())


def _principles(path: Path) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["student_id"], {})[(row["case_id"], row["principle"])] = float(row["points"])
    return rows


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _texts(folder: Path) -> dict[Path, str]:
    """Every regular file under ``folder`` (links are not followed), decoded leniently."""
    out = {}
    for dirpath, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            out[path] = path.read_bytes().decode("utf-8", "replace")
    return out


def test_mixed_class_hostile_and_thirty_honest(course):
    ctx = course
    project = ctx.project
    commands.release(ctx)
    honest = simulate_class(project, ctx.grading, "demo", ctx.workshop.cases, 30)
    release = ctx.folder("release")
    submitted = ctx.grading / "submitted"
    salt = course_secret(ctx.grading)
    best = {c: best_answers(project.case(c)) for c in ctx.workshop.cases}
    full = _engine_total(project, best, ctx.workshop.cases)

    def make(student, answers=best):
        folder = submitted / student / "demo"
        write_submission(release, folder, answers)
        return folder

    key_case = next(c for c in ctx.workshop.cases if project.case(c).visibility.value == "workshop")
    key = make("cle")
    (key / "cle.html").symlink_to(project.root / "cases" / f"{key_case}.yml")
    (key / "carnet.html").symlink_to(ctx.grading / "gradebook.db")
    (key / "sel.html").symlink_to(ctx.grading / ".pseudonymes-sel")
    passwd = make("passwd")
    (passwd / ANSWERS_FILE).unlink()
    (passwd / ANSWERS_FILE).symlink_to("/etc/passwd")
    copier = make("copieur")
    (copier / ANSWERS_FILE).unlink()
    (copier / ANSWERS_FILE).symlink_to(submitted / "etu000" / "demo" / ANSWERS_FILE)
    (submitted / "dossier-lie").mkdir()
    (submitted / "dossier-lie" / "demo").symlink_to(submitted / "etu001" / "demo")
    binary = make("binaire")
    (binary / "page.html").write_bytes(bytes(range(256)) * 64)
    huge = make("enorme")
    with open(huge / ANSWERS_FILE, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    deep = make("profond")
    (deep / ANSWERS_FILE).write_text('{"format": 1, "cases": ' + "[" * 100_000 + "]" * 100_000 + "}")
    pipe = make("tube")
    (pipe / ANSWERS_FILE).unlink()
    os.mkfifo(pipe / ANSWERS_FILE)
    broken_case = make("un-cas-casse")
    data = json.loads((broken_case / ANSWERS_FILE).read_text(encoding="utf-8"))
    data["cases"][ctx.workshop.cases[1]] = {"choices": 12}
    (broken_case / ANSWERS_FILE).write_text(json.dumps(data), encoding="utf-8")
    confident = make("confiance")
    data = json.loads((confident / ANSWERS_FILE).read_text(encoding="utf-8"))
    for case in data["cases"].values():
        case["confidence"] = {step: 2.5 for step in case["choices"]}
    (confident / ANSWERS_FILE).write_text(json.dumps(data), encoding="utf-8")
    first = project.case(CASE).first_step
    spam = make("spam", {CASE: Answers(choices={first.id: (first.options[0].id,) * 50})})
    assert spam.exists()
    make("x[1]")
    make("*")
    (make("horodatage") / "timestamp.txt").write_text("n'importe quoi", encoding="utf-8")
    (make("retard") / "timestamp.txt").write_text("2027-01-10 09:00:00.000000 UTC", encoding="utf-8")

    report = commands.grade(ctx, workers=2)
    rows = {r.student_id: r for r in commands.gradebook_rows(ctx)}
    exported = _principles(commands.export(ctx)["principes"])
    for student, answers in honest.items():
        expected = {(c, p): s.earned for c in ctx.workshop.cases
                    for p, s in score(project.case(c), answers[c]).by_principle.items()}
        assert exported[student] == expected, student
    for student in ("cle", "binaire", "confiance", "horodatage", "retard"):
        assert rows[student].score == pytest.approx(full), student
        assert rows[student].problem is None, student
    expected_partial = full - sum(possible_by_principle(project.case(ctx.workshop.cases[1])).values())
    assert rows["un-cas-casse"].score == pytest.approx(expected_partial)
    assert rows["spam"].score == 0
    reasons = {
        "passwd": "fichier de réponses refusé", "copieur": "fichier de réponses refusé",
        "enorme": "fichier de réponses refusé", "tube": "fichier de réponses refusé",
        "profond": "imbrication",
    }
    feedback_dir = ctx.grading / "feedback"
    for student, words in reasons.items():
        assert rows[student].score == 0, student
        html = (feedback_dir / student / "demo" / "demo.html").read_text(encoding="utf-8")
        assert words in html, student
    assert "dossier-lie" in report.failed and "lien symbolique" in report.failed["dossier-lie"]
    for bad in ("x[1]", "*"):
        assert "identifiant d'apprenant refusé" in report.failed[bad]
    moodle = commands.export(ctx)["moodle"].read_text(encoding="utf-8")
    assert "Note 0 : identifiant d'apprenant refusé" in moodle and "Note 0 : dossier de la copie refusé" in moodle
    assert "Rendu en retard" in moodle and "aucune copie rendue" not in moodle
    assert "Please see" not in moodle and "[ERROR]" not in moodle
    status = commands.status(ctx)
    assert "retard" in status["retards"] and "dossier-lie" in status["problemes"]
    assert any("horodatage" in item for item in status["elements_ecartes"]["horodatage"])
    assert set(status["en_attente"]) >= set(honest)
    # Nothing the instructor owns reached autograded/ or feedback/.
    yaml_text = (project.root / "cases" / f"{key_case}.yml").read_text(encoding="utf-8")
    rubric = [_normalise(r) for r in project.case(key_case).justification.rubric]
    for tree in ("autograded", "feedback"):
        for path, text in _texts(ctx.grading / tree).items():
            assert path.suffix != ".html" or path.name == "demo.html", path
            assert "SQLite format 3" not in text and salt not in text and "root:x:0:0" not in text, path
            assert yaml_text[:200] not in text, path
            # autograded/ is the instructor's (formgrader shows the rubric there); feedback/ is the learner's.
            assert tree == "autograded" or not any(r in _normalise(text) for r in rubric), path
    # Debrief and report finish; each option counted once per learner.
    debrief = analytics.workshop_debrief(ctx)
    assert debrief.counts.part.max() <= 1.0
    assert "profond" in debrief.problems and "tube" in debrief.problems
    analytics.workshop_report(ctx)
    # A second run (here: the learners whose folders held extra files) works with no cleaning by hand,
    # gives the same grades, and keeps the reasons of the copies already set aside.
    commands.grade(ctx, workers=2, students=["binaire", "cle", "etu000"])
    again = {r.student_id: r.score for r in commands.gradebook_rows(ctx)}
    assert again == {s: r.score for s, r in rows.items()}
    assert "identifiant d'apprenant refusé" in commands.status(ctx)["problemes"]["x[1]"]


def test_hand_grading_flows_to_status_export_and_feedback(course):
    from nbgrader.api import Gradebook

    ctx = course
    commands.release(ctx)
    simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, 2)
    commands.grade(ctx, workers=2)
    api = commands.nbgrader_api(ctx.grading)
    before = (ctx.grading / "feedback" / "etu000" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert before.count("en attente /") == 2 * len(ctx.workshop.cases)
    assert "Score:" not in before and "Student's task" not in before and "Grade cell" not in before and "MARK SCHEME" not in before
    assert not re.search(r"<script[^>]+src=", before)
    moodle = list(csv.reader(commands.export(ctx)["moodle"].open(encoding="utf-8")))
    assert all(row[2] == "" and row[3].startswith("En attente") for row in moodle[1:])
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        grade = gb.find_grade(f"{CASE}__justification", "demo", "demo", "etu000")
        grade.manual_score = 2.0
        gb.db.commit()
    commands.feedback(ctx)
    after = (ctx.grading / "feedback" / "etu000" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert after.count("en attente /") == before.count("en attente /") - 2
    assert not re.search(r"<script[^>]+src=", after)
    rows = {r.student_id: r for r in commands.gradebook_rows(ctx)}
    assert f"{CASE}__justification" not in rows["etu000"].pending
    assert f"{CASE}__justification" in rows["etu001"].pending
    status = commands.status(ctx)
    assert status["en_attente"]["etu001"].startswith("en attente")
    scaled = commands.export(ctx, scale_to=20)["moodle"]
    raw = commands.export(ctx)["moodle"]
    assert scaled != raw and scaled.exists() and raw.exists()


def test_exchange_symlink_to_key_never_reaches_a_learner(course, tmp_path, venv_bin):
    ctx = course
    exchange = tmp_path / "echange"
    exchange.mkdir()
    os.environ["CASEBOOK_EXCHANGE"] = str(exchange)
    try:
        commands.release(ctx)
        salt = course_secret(ctx.grading)
        key_case = next(c for c in ctx.workshop.cases if ctx.project.case(c).visibility.value == "workshop")
        homes = {}
        answers = {}
        for n, learner in enumerate(("camille", "yanis")):
            home = tmp_path / "home" / learner
            home.mkdir(parents=True)
            homes[learner] = home
            env = dict(os.environ, HOME=str(home), USER=learner, LOGNAME=learner)
            (home / "nbgrader_config.py").write_text(
                f"c = get_config()\nc.CourseDirectory.course_id = 'ethique-numerique-sante'\n"
                f"c.Exchange.root = {str(exchange)!r}\n", encoding="utf-8")
            fetched = subprocess.run(["nbgrader", "fetch_assignment", "demo"], cwd=home, env=env,
                                     capture_output=True, text=True)
            assert fetched.returncode == 0, fetched.stderr
            answers[learner] = learner_answers(ctx.project, ctx.workshop.cases, 100 + n) if n == 0 else {}
            (home / "demo" / ANSWERS_FILE).write_text(json.dumps(
                {"format": 1, "cases": {k: v.to_dict() for k, v in answers[learner].items()}}), encoding="utf-8")
            done = subprocess.run(["nbgrader", "submit", "demo", "--student", learner], cwd=home, env=env,
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        inbound = exchange / "ethique-numerique-sante" / "inbound"
        yanis = next(p for p in inbound.iterdir() if p.name.startswith("yanis+"))
        camille = next(p for p in inbound.iterdir() if p.name.startswith("camille+"))
        # After submitting, the attacker links the instructor's files into their own inbound folder…
        (yanis / "cle.html").symlink_to(ctx.project.root / "cases" / f"{key_case}.yml")
        (yanis / "carnet.html").symlink_to(ctx.grading / "gradebook.db")
        (yanis / "sel.html").symlink_to(ctx.grading / ".pseudonymes-sel")
        # … and a third name points a whole submission at another learner's.
        (inbound / camille.name.replace("camille+", "zoe+", 1)).symlink_to(camille)

        report = commands.grade(ctx, workers=2)
        assert set(report.graded) == {"camille", "yanis"}
        assert "zoe" in report.failed and "lien symbolique" in report.failed["zoe"]
        assert commands.release_feedback(ctx)
        for learner, home in homes.items():
            env = dict(os.environ, HOME=str(home), USER=learner, LOGNAME=learner)
            got = subprocess.run(["nbgrader", "fetch_feedback", "demo", "--student", learner], cwd=home, env=env,
                                 capture_output=True, text=True)
            assert got.returncode == 0, got.stderr
            assert list((home / "demo" / "feedback").rglob("demo.html")), learner
        readable = {**_texts(exchange), **_texts(tmp_path / "home"), **_texts(ctx.grading / "feedback")}
        assert readable
        chosen = {o for a in answers["camille"].values() for picks in a.choices.values() for o in picks}
        checked = 0
        for case_id in ctx.workshop.cases:
            case = ctx.project.case(case_id)
            if case.visibility.value != "workshop":
                continue
            secrets = [_normalise(r) for r in case.justification.rubric]
            secrets += [_normalise(o.feedback) for s in case.steps for o in s.options if o.id not in chosen]
            for path, text in readable.items():
                flat = _normalise(text)
                for secret in secrets:
                    assert secret not in flat, f"{path} : {secret[:60]}"
                    checked += 1
        assert checked > 100
        for path, text in readable.items():
            assert "SQLite format 3" not in text and salt not in text and "verdict:" not in text, path
        released = list((exchange / "ethique-numerique-sante" / "feedback").rglob("*.html"))
        assert len(released) == 2  # one page per graded learner, nothing else
        exported = _principles(commands.export(ctx)["principes"])
        assert exported["camille"] == {(c, p): s.earned for c in ctx.workshop.cases
                                       for p, s in score(ctx.project.case(c), answers["camille"][c]).by_principle.items()}
    finally:
        os.environ.pop("CASEBOOK_EXCHANGE", None)


def test_rehearsal_command(course):
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "workshop", "repetition", "demo",
                             "--apprenants", "3", "--workers", "2"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 / 3 identiques" in result.stdout and "Débriefing : 3 copie(s) lue(s)" in result.stdout
    assert "Copie de travail supprimée" in result.stdout
    assert not (course.grading / "gradebook.db").exists()  # the real course is untouched
