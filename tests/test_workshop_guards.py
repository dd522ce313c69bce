"""Fast checks of the workshop guards: bounded answer reading, the submission gate, analytics and store bugs.

No nbgrader run here (see test_workshop_attacks.py for the end-to-end attacks); every
check works on real files in a temporary folder (links, named pipes, sparse files).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from casebook.analytics import classroom as analytics
from casebook.core.load import Project
from casebook.core.scoring import Answers, best_answers, score
from casebook.core.store import AnswerStore
from casebook.workshop import commands, gradebook
from casebook.workshop.answers import ANSWERS_FILE, parse_answers, read_submission
from casebook.workshop.gate import copy_submission, learner_id_problem, run_gate

ROOT = Path(__file__).resolve().parent.parent
CASE = "avis-google-une-etoile"


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.load(ROOT)


def _answers_file(folder: Path, cases: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ANSWERS_FILE
    path.write_text(json.dumps({"format": 1, "cases": cases}), encoding="utf-8")
    return path


def _finishes(func, seconds: float = 5.0):
    """Run ``func`` in a thread; fail (instead of hanging) if it does not return in time."""
    outcome = {}

    def target():
        try:
            outcome["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s (blocked on a pipe?)"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- bounded reading -----------------------------------------------------------------


def test_named_pipe_answers_do_not_hang_debrief_reading(tmp_path):
    folder = tmp_path / "tube"
    folder.mkdir()
    os.mkfifo(folder / ANSWERS_FILE)
    answers, problems = _finishes(lambda: analytics.read_answers({"tube": folder}))
    assert answers["tube"] == {} and "pas un fichier ordinaire" in problems["tube"]


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "profond"
    folder.mkdir()
    (folder / ANSWERS_FILE).write_text('{"format": 1, "cases": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                       encoding="utf-8")
    answers, problems = analytics.read_answers({"profond": folder})
    assert answers["profond"] == {} and "imbrication" in problems["profond"]


def test_huge_answers_file_is_refused_unread(tmp_path):
    folder = tmp_path / "enorme"
    folder.mkdir()
    with open(folder / ANSWERS_FILE, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    submission = _finishes(lambda: read_submission(folder), 2.0)
    assert "trop volumineux" in submission.problem


def test_linked_answers_or_folder_are_refused(tmp_path):
    other = tmp_path / "autre"
    _answers_file(other, {CASE: {"choices": {"reagir": ["x"]}}})
    linked_file = tmp_path / "lien-fichier"
    linked_file.mkdir()
    (linked_file / ANSWERS_FILE).symlink_to(other / ANSWERS_FILE)
    linked_folder = tmp_path / "lien-dossier"
    linked_folder.symlink_to(other)
    assert "lien symbolique" in read_submission(linked_file).problem
    assert "lien symbolique" in read_submission(linked_folder).problem
    answers, problems = analytics.read_answers({"a": linked_file, "b": linked_folder})
    assert answers == {"a": {}, "b": {}} and set(problems) == {"a", "b"}


def test_a_bad_case_costs_only_that_case_and_bad_confidence_costs_nothing(project):
    good = best_answers(project.case(CASE)).to_dict()
    good["confidence"] = {step: 2.5 for step in good["choices"]}
    data = json.dumps({"format": 1, "cases": {CASE: good, "photo-escarre-whatsapp": {"choices": 7}}}).encode()
    submission = parse_answers(data)
    assert submission.problem is None
    assert "photo-escarre-whatsapp" in submission.case_problems and CASE not in submission.case_problems
    assert submission.answers[CASE].confidence == {}
    assert any("confiance" in note for note in submission.notes)
    from casebook.workshop.answers import case_result

    result, reason = case_result(project, submission, CASE)
    assert result.points == result.maximum and reason is None
    result, reason = case_result(project, submission, "photo-escarre-whatsapp")
    assert result.points == 0 and "illisibles" in reason


def test_option_id_mapping_plugs_into_reading(project):
    case = project.case(CASE)
    best = best_answers(case)
    opaque = {step: [f"opaque-{o}" for o in picks] for step, picks in best.choices.items()}
    data = json.dumps({"format": 1, "cases": {CASE: {"choices": opaque}}}).encode()
    submission = parse_answers(data, option_id=lambda _case, _step, recorded: recorded.removeprefix("opaque-"))
    assert score(case, submission.answers[CASE]).points == score(case, best).points


# --- debrief counting, letters, report totals (issue 15) -------------------------------


def test_debrief_counts_each_option_once_and_only_on_reached_steps(project):
    case = project.case(CASE)
    first = case.first_step
    option = first.options[0].id
    others = [s.id for s in case.steps if s.id != first.id]
    spam = Answers(choices={first.id: (option,) * 50, **{s: (case.step(s).options[0].id,) for s in others}})
    frame = analytics.choice_counts(case, {"spam": {CASE: spam}})
    rows = frame[frame.step_id == first.id]
    assert int(rows[rows.option_id == option].choix.iloc[0]) == 1
    assert frame.part.max() <= 1.0
    # The invalid first step stops the walk: later steps were not reached.
    assert frame[frame.step_id.isin(others)].repondants.sum() == 0


def test_options_beyond_the_tenth_keep_their_letters(project):
    case = project.case(CASE)
    step = case.first_step
    options = [step.options[0].model_copy(update={"id": f"o{n}"}) for n in range(12)]
    wide = case.model_copy(update={"steps": [step.model_copy(update={"options": options, "next": None})]})
    frame = analytics.choice_counts(wide, {})
    assert list(frame.lettre) == list("ABCDEFGHIJKL")


def test_report_totals_exclude_hand_graded_justifications(project, tmp_path):
    cells = {f"{CASE}__P01": (2.0, 2.0), f"{CASE}__justification": (3.0, 3.0)}
    result = analytics.class_report(project, "Essai", [CASE], {"alice": cells}, {"alice": {}}, tmp_path / "r",
                                    names={"alice": "Alice"})
    assert result.totals["Alice"] == 2.0


def test_unreadable_store_is_moved_aside_on_save_never_overwritten(tmp_path, project):
    path = tmp_path / "reponses.json"
    store = AnswerStore.open(path)
    store.put(CASE, best_answers(project.case(CASE)))
    path.write_bytes(b"{ endommage par un autre noyau")
    store.put("photo-escarre-whatsapp", Answers(choices={"x": ("y",)}))
    aside = list(tmp_path.glob("reponses.json.corrompu-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"{ endommage par un autre noyau"
    assert store.notice and aside[0].name in store.notice


def test_nbgrader_config_does_not_grow_process_path():
    before = os.environ.get("PATH")
    for _ in range(3):
        gradebook.nbgrader_config(ROOT / "grading")
        gradebook.nbgrader_api(ROOT / "grading")
    assert os.environ.get("PATH") == before
    assert gradebook.venv_env()["PATH"].split(os.pathsep).count(str(Path(os.sys.executable).parent)) == 1


# --- the gate -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x[1]", "*", "a?", "../etu", "a/b", ".cache", "", "é", "a b", "a+b"])
def test_learner_ids_with_glob_or_path_parts_are_refused(name):
    assert learner_id_problem(name)


@pytest.mark.parametrize("name", ["etu001", "lea.morvan@exemple.fr", "M-1002_b"])
def test_ordinary_learner_ids_pass(name):
    assert learner_id_problem(name) is None


NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _submission(submitted: Path, student: str) -> Path:
    folder = submitted / student / "demo"
    folder.mkdir(parents=True)
    (folder / "demo.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    (folder / ANSWERS_FILE).write_text('{"format": 1, "cases": {}}', encoding="utf-8")
    return folder


def test_gate_sets_aside_everything_unexpected_and_never_follows_links(tmp_path):
    grading = tmp_path / "grading"
    secret = grading / ".pseudonymes-sel"
    grading.mkdir()
    secret.write_text("SEL-SECRET", encoding="utf-8")
    submitted = grading / "submitted"
    honest = _submission(submitted, "honnete")
    key = _submission(submitted, "cle")
    (key / "cle.html").symlink_to(secret)
    binary = _submission(submitted, "binaire")
    (binary / "page.html").write_bytes(os.urandom(4096))
    thief = _submission(submitted, "voleur")
    (thief / ANSWERS_FILE).unlink()
    (thief / ANSWERS_FILE).symlink_to(honest / ANSWERS_FILE)
    (submitted / "double").mkdir()
    (submitted / "double" / "demo").symlink_to(honest)
    pipe = _submission(submitted, "tube")
    (pipe / ANSWERS_FILE).unlink()
    os.mkfifo(pipe / ANSWERS_FILE)
    big = _submission(submitted, "gros")
    with open(big / ANSWERS_FILE, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    late = _submission(submitted, "horodatage")
    (late / "timestamp.txt").write_text("pas une date", encoding="utf-8")
    broken = _submission(submitted, "casse")
    (broken / "demo.ipynb").write_text('{"cells": [', encoding="utf-8")
    for bad in ("x[1]", "*"):
        _submission(submitted, bad)

    results = _finishes(lambda: run_gate(grading, "demo"), 20.0)
    assert results["honnete"].gradable and not results["honnete"].refused
    for student in ("cle", "binaire", "voleur", "tube", "gros", "horodatage"):
        assert results[student].gradable, student
        assert results[student].refused, student
    assert not results["double"].gradable and "lien symbolique" in results["double"].reason
    assert not results["casse"].gradable and "JSON invalide" in results["casse"].reason
    for bad in ("x[1]", "*"):
        assert not results[bad].gradable and "identifiant" in results[bad].reason
        assert not os.path.lexists(submitted / bad)
    for student in ("voleur", "tube", "gros"):
        assert results[student].answers_reason.startswith("fichier de réponses refusé")
    # What stays in submitted/ is only regular, expected files; the rest was moved, not read or lost.
    for path in submitted.rglob("*"):
        assert not path.is_symlink() and (path.is_dir() or path.is_file()), path
        assert path.is_dir() or path.name in {"demo.ipynb", ANSWERS_FILE, "timestamp.txt"}, path
    quarantine = grading / "quarantaine" / "demo"
    assert any(p.is_symlink() and p.name == "cle.html" for p in quarantine.rglob("*"))
    assert secret.read_text(encoding="utf-8") == "SEL-SECRET"
    report = json.loads((grading / "exports" / "demo-controle.json").read_text(encoding="utf-8"))
    assert report["cle"]["refused"][0]["link_target"] == str(secret)
    assert "SEL-SECRET" not in json.dumps(report)


def test_exchange_copy_reads_no_link_and_no_pipe(tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("CARNET-SECRET", encoding="utf-8")
    src = tmp_path / "inbound" / "camille+demo+2026-12-01 10:00:00.000000 UTC+abc"
    src.mkdir(parents=True)
    (src / "demo.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    (src / "cle.html").symlink_to(secret)
    (src / ANSWERS_FILE).symlink_to(secret)
    os.mkfifo(src / "timestamp.txt")
    dest = tmp_path / "submitted" / "camille" / "demo"
    outcome = _finishes(lambda: copy_submission(src, dest, "demo"))
    assert sorted(p.name for p in dest.iterdir()) == ["demo.ipynb"]
    assert {r["name"] for r in outcome["refused"]} == {"cle.html", ANSWERS_FILE, "timestamp.txt"}
    linked = tmp_path / "inbound" / "yanis+demo+2026-12-01 10:00:00.000000 UTC+def"
    linked.symlink_to(src)
    outcome = copy_submission(linked, tmp_path / "submitted" / "yanis" / "demo", "demo")
    assert "lien symbolique" in outcome["reason"] and not (tmp_path / "submitted" / "yanis").exists()


def test_nbgrader_failures_are_explained_from_the_exception_in_french():
    log = ("[ERROR] There was an error processing assignment: /x\n"
           "Traceback (most recent call last):\n  File \"x\", line 1\n"
           "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{\"cells\": ['\n"
           "[ERROR] Please see the the above traceback for details on the specific errors on the above failures.\n"
           "nbgrader.utils.NbGraderException: Please see the the above traceback\n")
    assert commands._failure_reason(log) == "notebook illisible (fichier JSON invalide)"
    other = "Traceback\nKeyError: 'grade_id'\n[ERROR] Please see the the above traceback for details\n"
    reason = commands._failure_reason(other)
    assert reason.startswith("échec de la correction automatique (KeyError") and "Please see" not in reason
