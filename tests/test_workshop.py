"""Workshops graded by real nbgrader runs: generation, secrecy, grading, exports, adversarial submissions."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.core.load import Project
from casebook.core.scoring import Answers, score
from casebook.workshop import commands
from casebook.workshop.answers import ANSWERS_FILE, VIEW_FILE, grade_id
from casebook.workshop.build import MARK_SCHEME_BEGIN, MARK_SCHEME_END, workshop_notebook
from casebook.workshop.definition import WorkshopError, load_workshop
from casebook.workshop.simulate import learner_answers, simulate_class, write_submission
from casebook.core.scoring import best_answers, possible_by_principle
from workshop_fixtures import exported_points, local_course, tree_digest

pytestmark = pytest.mark.slow


@pytest.fixture
def course(tmp_path, monkeypatch, venv_bin):
    root = local_course(tmp_path, monkeypatch, venv_bin)
    return commands.Context.open("demo", root)


@pytest.fixture
def released(course):
    commands.release(course)
    return course


def cli(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd)


# --- definition and generation ----------------------------------------------


def test_demo_workshop_has_branching_and_workshop_cases(course):
    cases = [course.project.case(c) for c in course.workshop.cases]
    assert len(cases) >= 3
    assert any(c.is_branching for c in cases)
    assert any(c.visibility.value == "workshop" for c in cases)


def test_source_has_one_graded_cell_per_case_and_principle(course):
    notebook = workshop_notebook(course.workshop, course.project)
    graded = {c["metadata"]["nbgrader"]["grade_id"]: c for c in notebook["cells"]
              if c["metadata"].get("nbgrader", {}).get("grade")}
    for case_id in course.workshop.cases:
        case = course.project.case(case_id)
        for principle, possible in possible_by_principle(case).items():
            cell = graded[grade_id(case_id, principle)]
            assert cell["metadata"]["nbgrader"]["points"] == possible
            assert "### BEGIN HIDDEN TESTS" in cell["source"] and cell["metadata"]["nbgrader"]["locked"]
    tasks = [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("task")]
    assert len(tasks) == len(course.workshop.cases)
    assert all(MARK_SCHEME_BEGIN in t["source"] and MARK_SCHEME_END in t["source"] for t in tasks)
    assert not any("MARK SCHEME" in t["source"] for t in tasks)  # no big nbgrader headings in formgrader


def test_clear_errors_for_unknown_workshop_case_and_empty_submissions(course, tmp_path):
    env = dict(os.environ)
    result = cli("workshop", "status", "inexistant", env=env)
    assert result.returncode == 1 and "atelier inconnu : « inexistant »" in result.stderr
    assert "demo" in result.stderr  # lists what exists
    bad = course.grading / "workshops" / "casse.yml"
    bad.write_text("title: Atelier cassé\ncases: [avis-google-une-etoile, cas-fantome]\n", encoding="utf-8")
    result = cli("workshop", "build", "casse", env=env)
    assert result.returncode == 1 and "cas inconnu(s) : cas-fantome" in result.stderr and "casse.yml" in result.stderr
    commands.release(course)
    result = cli("workshop", "grade", "demo", env=env)
    assert result.returncode == 1 and "aucune copie à corriger" in result.stderr


# --- secrecy -------------------------------------------------------------------


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def test_release_reveals_no_key(released):
    """Every file `release` writes is searched for each workshop case's key material."""
    files = [p for p in released.folder("release").rglob("*") if p.is_file()]
    assert {p.name for p in files} == {"demo.ipynb", VIEW_FILE}
    corpus = _normalise("\n".join(p.read_text(encoding="utf-8") for p in files))
    raw = "\n".join(p.read_text(encoding="utf-8") for p in files)
    for forbidden in ("BEGIN HIDDEN TESTS", "score_cell", "MARK SCHEME", "GRILLE", "Grille de correction"):
        assert forbidden not in raw
    workshop_cases = [released.project.case(c) for c in released.workshop.cases
                      if released.project.case(c).visibility.value == "workshop"]
    assert workshop_cases
    checked = 0
    for case in workshop_cases:
        for step in case.steps:
            for option in step.options:
                assert _normalise(option.feedback) not in corpus, f"feedback de {case.id}/{option.id}"
                checked += 1
        for point in case.debrief + case.justification.rubric:
            assert _normalise(point) not in corpus
    views = json.loads((released.folder("release") / VIEW_FILE).read_text(encoding="utf-8"))
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(views)
    assert not keys & {"verdict", "points", "feedback", "respects", "breaks", "references", "debrief", "rubric"}
    notebook = json.loads((released.folder("release") / "demo.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        assert "cb-v-" not in source and '"verdict"' not in source and not cell.get("outputs")
    assert checked > 10


# --- grading -----------------------------------------------------------------


def _expected(project, answers: dict[str, Answers], case_ids) -> dict[tuple[str, str], float]:
    out = {}
    for case_id in case_ids:
        result = score(project.case(case_id), answers.get(case_id, Answers()))
        for principle, s in result.by_principle.items():
            out[(case_id, principle)] = s.earned
    return out


_exported = exported_points


def test_thirty_learners_exports_match_engine(released):
    """End to end: 30 simulated learners; per learner and principle, export == engine."""
    answers = simulate_class(released.project, released.grading, "demo", released.workshop.cases, 30)
    report = commands.grade(released, workers=2)
    assert sorted(report.graded) == sorted(answers) and not report.failed
    paths = commands.export(released)
    exported = _exported(paths["principes"])
    for student, learner in answers.items():
        assert exported[student] == _expected(released.project, learner, released.workshop.cases), student
    with paths["nbgrader"].open(encoding="utf-8") as handle:
        totals = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    for student, learner in answers.items():
        assert totals[student] == pytest.approx(sum(_expected(released.project, learner,
                                                              released.workshop.cases).values()))


def test_parallel_grades_equal_plain_serial_nbgrader(released, env_with_venv):
    """Grades from `grade` (parallel, no execution) == plain `nbgrader autograde` (serial, kernels)."""
    simulate_class(released.project, released.grading, "demo", released.workshop.cases, 6, seed=7)
    commands.grade(released, workers=2)
    ours = _exported(commands.export(released)["principes"])
    env = dict(os.environ)
    # Plain nbgrader: default preprocessors, grades computed by the graded cells inside the kernel.
    plain = subprocess.run(
        ["nbgrader", "autograde", "demo", "--force",
         "--Autograde.autograde_preprocessors=['nbgrader.preprocessors.Execute',"
         "'nbgrader.preprocessors.IgnorePattern','nbconvert.preprocessors.ClearMetadataPreprocessor',"
         "'nbgrader.preprocessors.LimitOutput','nbgrader.preprocessors.SaveAutoGrades',"
         "'nbgrader.preprocessors.AssignLatePenalties','nbgrader.preprocessors.CheckCellMetadata']"],
        cwd=released.grading, env=env, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stdout[-3000:] + plain.stderr[-3000:]
    theirs = _exported(commands.export(released)["principes"])
    assert ours == theirs and len(theirs) == 6


def test_feedback_is_french_without_tracebacks_or_hidden_tests(released):
    project = released.project
    release = released.folder("release")
    good = best_answers(project.case("avis-google-une-etoile"))
    write_submission(release, released.grading / "submitted" / "alice" / "demo",
                     {"avis-google-une-etoile": good})
    broken = released.grading / "submitted" / "bruno" / "demo"
    write_submission(release, broken, {"avis-google-une-etoile": good})
    notebook = json.loads((broken / "demo.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].insert(2, {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
                                 "outputs": [], "source": "raise ValueError('boum')"})
    (broken / "demo.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    commands.grade(released, workers=2, execute=True, timeout=20)
    for student in ("alice", "bruno"):
        html = (released.grading / "feedback" / student / "demo" / "demo.html").read_text(encoding="utf-8")
        case = project.case("avis-google-une-etoile")
        assert "Bilan du cas" in html and "À retenir" in html
        assert _normalise(case.debrief[0])[:40] in _normalise(re.sub("<[^>]+>", " ", html))
        assert "P01 · " in html
        assert "BEGIN HIDDEN TESTS" not in html and "score_cell" not in html and "MARK SCHEME" not in html
        text = re.sub("<[^>]+>", "", html)
        assert "Traceback (most recent call last)" not in text and "ValueError: boum" not in text
        assert not re.search(r"<script[^>]+src=[\"']https?://", html)
    bruno = (released.grading / "feedback" / "bruno" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "Cette cellule a produit une erreur lors de la correction" in bruno


# --- adversarial submissions -----------------------------------------------------


def _edit(folder: Path, change) -> None:
    path = folder / "demo.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook)
    path.write_text(json.dumps(notebook), encoding="utf-8")


def _add_cell(source: str, position: int = 2):
    def change(notebook):
        notebook["cells"].insert(position, {"cell_type": "code", "execution_count": None, "id": f"x{position}",
                                            "metadata": {}, "outputs": [], "source": source})
    return change


def _graded_cells(notebook):
    return [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
            and c["cell_type"] == "code"]


@pytest.mark.parametrize("execute", [True, False], ids=["avec-execution", "sans-execution"])
def test_adversarial_submissions(released, execute):
    """Each broken or tampered submission is graded right; others are untouched; submitted files unchanged."""
    project = released.project
    release = released.folder("release")
    submitted = released.grading / "submitted"
    case_id = "avis-google-une-etoile"
    best = {case_id: best_answers(project.case(case_id))}
    full = sum(possible_by_principle(project.case(case_id)).values())
    honest = learner_answers(project, released.workshop.cases, 11)

    def make(student, answers=best, change=None):
        folder = submitted / student / "demo"
        write_submission(release, folder, answers)
        if change:
            _edit(folder, change)
        return folder

    make("temoin", honest)
    make("vide", answers={})
    make("option-inconnue", {case_id: Answers(choices={"reagir": ("option-pirate",)})})
    make("sans-fichier", answers=None)
    corrupt = make("fichier-corrompu")
    (corrupt / ANSWERS_FILE).write_text("{ ceci n'est pas du JSON", encoding="utf-8")
    latin = make("pas-utf8")
    (latin / ANSWERS_FILE).write_bytes('{"format": 1, "cases": {"é": 1}}'.encode("latin-1"))

    def edit_graded(notebook):
        for cell in _graded_cells(notebook):
            cell["source"] = "print(3.0)\n3.0"
    make("cellule-modifiee", {}, edit_graded)

    def delete_graded(notebook):
        notebook["cells"] = [c for c in notebook["cells"] if c not in _graded_cells(notebook)]
    make("cellule-supprimee", {}, delete_graded)
    make("redefinit-score", {}, _add_cell(
        "import casebook.workshop.answers as a, casebook.core.scoring as s\n"
        "a.score_cell = lambda *x: 99.0\ns.score = lambda *x, **k: None\nscore_cell = lambda *x: 99.0"))
    make("boucle-infinie", best, _add_cell("while True:\n    pass"))
    make("exception", best, _add_cell("raise RuntimeError('panne')"))
    make("sortie-enorme", best, _add_cell("print('x' * 10_000_000)"))
    invalid = make("json-invalide")
    (invalid / "demo.ipynb").write_text('{"cells": [', encoding="utf-8")
    extra = make("fichiers-en-trop")
    (extra / "notes.txt").write_text("brouillon", encoding="utf-8")
    (extra / "sous-dossier").mkdir()
    (extra / "sous-dossier" / "image.bin").write_bytes(os.urandom(2048))
    before = tree_digest(submitted)

    report = commands.grade(released, workers=2, execute=execute, timeout=5)
    # Submitted files are never modified: each is still there, or was moved whole into quarantine.
    after = tree_digest(submitted)
    quarantined = tree_digest(released.grading / "quarantaine")
    for name, digest in before.items():
        if name in after:
            assert after[name] == digest, name
        else:
            assert name.startswith("fichiers-en-trop/"), name
            assert digest in quarantined.values(), name
    rows = {r.student_id: r for r in commands.gradebook_rows(released)}
    expected_temoin = sum(_expected(project, honest, released.workshop.cases).values())
    assert rows["temoin"].score == pytest.approx(expected_temoin)
    for student in ("vide", "option-inconnue", "sans-fichier", "fichier-corrompu", "pas-utf8",
                    "cellule-modifiee", "cellule-supprimee", "redefinit-score", "json-invalide"):
        assert rows[student].score == 0, student
    for student in ("boucle-infinie", "exception", "sortie-enorme", "fichiers-en-trop"):
        assert rows[student].score == full, student
    assert "json-invalide" in report.failed and "JSON" in report.failed["json-invalide"]
    # The reason reaches the learner's feedback and the Moodle export.
    feedback = (released.grading / "feedback" / "fichier-corrompu" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "fichier de réponses illisible" in feedback
    feedback = (released.grading / "feedback" / "sans-fichier" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "fichier de réponses absent" in feedback
    moodle = (commands.export(released)["moodle"]).read_text(encoding="utf-8")
    assert "notebook illisible (fichier JSON invalide)" in moodle


# --- roster, Moodle, exchange ----------------------------------------------------


def test_roster_import_and_moodle_matching(released, tmp_path):
    roster = tmp_path / "apprenants.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\n"
                      "etu000,Léa,Morvan,lea.morvan@exemple.fr,M1001\n"
                      "etu001,Noé,Gauthier,noe.gauthier@exemple.fr,M1002\n"
                      "etu002,Inès,Benali,ines.benali@exemple.fr,M1003\n", encoding="utf-8")
    env = dict(os.environ)
    result = cli("workshop", "roster", str(roster), env=env)
    assert result.returncode == 0, result.stderr
    assert "3 apprenant(s) importé(s)" in result.stdout
    answers = simulate_class(released.project, released.grading, "demo", released.workshop.cases, 2)
    commands.grade(released, workers=2)
    moodle = list(csv.reader(commands.export(released, scale_to=20)["moodle"].open(encoding="utf-8")))
    header, rows = moodle[0], {r[0]: r for r in moodle[1:]}
    assert header[:2] == ["ID number", "Email address"] and header[2].endswith("(Real)")
    assert rows["M1001"][1] == "lea.morvan@exemple.fr"
    expected = sum(_expected(released.project, answers["etu000"], released.workshop.cases).values())
    max_score = commands.gradebook_rows(released)[0].max_score
    # Justifications not graded yet: no number for Moodle, the note says « en attente ».
    assert rows["M1001"][2] == "" and rows["M1001"][3].startswith("En attente")
    assert f"{expected:g} / {max_score:g}" in rows["M1001"][3]
    assert rows["M1003"][3].startswith("Note 0 : aucune copie rendue")
    from nbgrader.api import Gradebook

    api = commands.nbgrader_api(released.grading)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for case_id in released.workshop.cases:
            gb.find_grade(f"{case_id}__justification", "demo", "demo", "etu000").manual_score = 0.0
        gb.db.commit()
    moodle = list(csv.reader(commands.export(released, scale_to=20)["moodle"].open(encoding="utf-8")))
    rows = {r[0]: r for r in moodle[1:]}
    assert float(rows["M1001"][2]) == pytest.approx(expected / max_score * 20, abs=0.01)
    bad = tmp_path / "mauvais.csv"
    bad.write_text("identifiant,nom\nx,y\n", encoding="utf-8")
    result = cli("workshop", "roster", str(bad), env=env)
    assert result.returncode == 1 and "colonnes attendues" in result.stderr


def test_exchange_release_fetch_submit_collect(course, tmp_path, venv_bin):
    """The whole exchange path with a temporary exchange and one home folder per learner."""
    exchange = tmp_path / "echange"
    exchange.mkdir()
    os.environ["CASEBOOK_EXCHANGE"] = str(exchange)
    try:
        result = commands.release(course)
        assert result["exchange"] == str(exchange)
        outbound = exchange / "ethique-numerique-sante" / "outbound" / "demo"
        assert (outbound / "demo.ipynb").exists() and (outbound / VIEW_FILE).exists()
        answers = {}
        for n, learner in enumerate(("camille", "yanis")):
            home = tmp_path / "home" / learner
            home.mkdir(parents=True)
            env = dict(os.environ, HOME=str(home), USER=learner, LOGNAME=learner)
            config = (f"c = get_config()\nc.CourseDirectory.course_id = 'ethique-numerique-sante'\n"
                      f"c.Exchange.root = {str(exchange)!r}\n")
            (home / "nbgrader_config.py").write_text(config, encoding="utf-8")
            fetched = subprocess.run(["nbgrader", "fetch_assignment", "demo"], cwd=home, env=env,
                                     capture_output=True, text=True)
            assert fetched.returncode == 0, fetched.stderr
            work = home / "demo"
            assert (work / "demo.ipynb").exists()
            answers[learner] = learner_answers(course.project, course.workshop.cases, 100 + n)
            (work / ANSWERS_FILE).write_text(
                json.dumps({"format": 1, "cases": {k: v.to_dict() for k, v in answers[learner].items()}}),
                encoding="utf-8")
            # On JupyterHub the student id is the account name; here each learner names themself.
            submitted = subprocess.run(["nbgrader", "submit", "demo", "--student", learner], cwd=home, env=env,
                                       capture_output=True, text=True)
            assert submitted.returncode == 0, submitted.stderr
        report = commands.grade(course, workers=2)
        assert sorted(report.graded) == ["camille", "yanis"]
        exported = _exported(commands.export(course)["principes"])
        for learner, learner_answers_ in answers.items():
            assert exported[learner] == _expected(course.project, learner_answers_, course.workshop.cases)
    finally:
        os.environ.pop("CASEBOOK_EXCHANGE", None)
