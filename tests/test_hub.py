"""A real class on a real server: JupyterHub, one account per learner, PostgreSQL gradebook.

One scenario, end to end, with the faults a class meets: a learner's server dies mid-session,
two learners submit at the same instant, the instructor grades twice, and PostgreSQL is
down when grading starts. Learners act through their own single-user server (kernels
started through the hub), one of them in Chromium, clicking the widgets.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hub_fixtures import (ROOT, VENV_BIN, execute, jupyterhub, login, os_accounts, postgres_server, server_pid,
                          shared_tmp, start_server, traversable_by, user_token)
from workshop_fixtures import make_course, exported_points

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WORKSHOP = "demo"

PLAY = """
import json, os, random, subprocess
os.chdir(os.path.expanduser("~"))
if not os.path.isdir("{workshop}"):
    fetched = subprocess.run(["nbgrader", "fetch_assignment", "{workshop}"], capture_output=True, text=True)
    assert fetched.returncode == 0, fetched.stderr
os.chdir("{workshop}")
from casebook.workshop.learner import show_workshop_case
rng = random.Random({seed})
for case_id in {cases!r}:
    view = show_workshop_case(case_id, ".")
    while view.session.current_step_id is not None:
        panel = view.panels[-1]
        if panel.choice is not None:
            panel.choice.value = rng.choice([value for _, value in panel.choice.options])
        else:
            for box in panel.boxes:
                box.value = rng.random() < 0.5
            if not any(box.value for box in panel.boxes):
                panel.boxes[0].value = True
        panel.validate_button.click()
if os.path.exists("reponses-atelier.json"):
    print(open("reponses-atelier.json", encoding="utf-8").read())
"""

SUBMIT = """
import os, subprocess
os.chdir(os.path.expanduser("~"))
submitted = subprocess.run(["nbgrader", "submit", "{workshop}"], capture_output=True, text=True)
print(submitted.returncode, submitted.stderr[-800:])
"""

FETCH_FEEDBACK = """
import glob, os, subprocess
os.chdir(os.path.expanduser("~"))
fetched = subprocess.run(["nbgrader", "fetch_feedback", "{workshop}"], capture_output=True, text=True)
assert fetched.returncode == 0, fetched.stderr
print(sorted(glob.glob("{workshop}/feedback/*/{workshop}.html"))[-1])
print(open(sorted(glob.glob("{workshop}/feedback/*/{workshop}.html"))[-1], encoding="utf-8").read())
"""


def _instructor(course: Path, exchange: Path, db_url: str, *args: str, check: bool = True):
    env = dict(os.environ, CASEBOOK_ROOT=str(course), CASEBOOK_EXCHANGE=str(exchange), CASEBOOK_DB_URL=db_url,
               CASEBOOK_NO_PROGRESS="1", PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "workshop", *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=900)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _engine_points(course: Path, learner: str) -> dict[tuple[str, str], float]:
    """What the engine gives the answers this learner actually submitted (opaque ids translated)."""
    from casebook.core.load import Project
    from casebook.core.scoring import score
    from casebook.core.store import read_store_file
    from casebook.workshop.definition import load_workshop
    from casebook.workshop.opaque import course_secret, to_case_ids

    project = Project.load(course)
    workshop = load_workshop(WORKSHOP, project)
    secret = course_secret(course / "grading")
    answers = read_store_file(course / "grading" / "submitted" / learner / WORKSHOP / "reponses-atelier.json")
    points = {}
    for case_id in workshop.cases:
        case = project.case(case_id)
        result = score(case, to_case_ids(case, answers[case_id], secret)) if case_id in answers else None
        for principle, possible in (result.by_principle.items() if result else []):
            points[(case_id, principle)] = possible.earned
    return points


_exported = exported_points


@pytest.fixture
def classroom(artifacts):
    if os.geteuid() != 0:
        pytest.skip("ce test crée des comptes et lance PostgreSQL : il s'exécute en root (CI, conteneur)")
    base = shared_tmp("casebook-classe-")
    exchange = base / "echange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    state = base / "hub"
    state.mkdir(mode=0o700)
    course = make_course(base)
    with postgres_server() as pg, os_accounts(5) as (instructor, learners, passwords):
        interpreter = (VENV_BIN / "python").resolve()
        with traversable_by(learners[0], VENV_BIN, interpreter.parent.parent), jupyterhub(state, [instructor], learners,
                                                                           exchange) as hub:
            try:
                yield {"pg": pg, "hub": hub, "course": course, "exchange": exchange, "learners": learners,
                       "passwords": passwords, "artifacts": artifacts}
            finally:
                shutil.copy(hub.log, artifacts / "hub.log")
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.timeout(1800)
def test_a_class_on_jupyterhub_with_a_postgresql_gradebook(classroom):
    from playwright.sync_api import expect, sync_playwright

    from browser import launch, run_all_cells, tick
    from casebook.core.load import Project
    from casebook.workshop.definition import load_workshop

    pg, hub, course = classroom["pg"], classroom["hub"], classroom["course"]
    exchange, learners, passwords = classroom["exchange"], classroom["learners"], classroom["passwords"]
    cases = load_workshop(WORKSHOP, Project.load(course)).cases
    _instructor(course, exchange, pg.url, "release", WORKSHOP)

    # Each learner logs in through the hub (PAM), asks for a token, starts their own server.
    servers = {}
    for name in learners:
        session = login(hub, name, passwords[name])
        token = user_token(hub, session, name)
        servers[name] = (start_server(hub, name, token), token)

    # One learner in Chromium: log in on the hub's page, run the notebook, click an answer.
    chromium_learner = learners[0]
    base, token = servers[chromium_learner]
    execute(base, token, PLAY.format(workshop=WORKSHOP, seed=0, cases=[]))  # fetch only
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", chromium_learner)
        page.fill("#password_input", passwords[chromium_learner])
        page.click("#login_submit")
        page.wait_for_url(re.compile(r"/user/"), timeout=60_000)
        page.goto(f"{hub.url}/user/{chromium_learner}/lab/tree/{WORKSHOP}/{WORKSHOP}.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        run_all_cells(page)
        widget = page.locator(".cb-case-widget").first
        try:
            expect(widget).to_be_visible(timeout=90_000)
        finally:
            page.screenshot(path=str(classroom["artifacts"] / "hub-apprenant-notebook.png"))
        tick(page, widget.locator("input[type=radio]"))
        widget.get_by_role("button", name="Valider").first.click()
        expect(widget).to_contain_text("Réponse enregistrée", timeout=30_000)
        page.screenshot(path=str(classroom["artifacts"] / "hub-apprenant-chromium.png"))
        browser.close()
    recorded = json.loads(execute(base, token, "print(open('demo/reponses-atelier.json').read())"))
    assert list(recorded["cases"]) == [cases[0]]  # the click went through the learner's own server
    execute(base, token, PLAY.format(workshop=WORKSHOP, seed=1, cases=cases))

    # The others play through kernels of their own servers; one server dies mid-session.
    for number, name in enumerate(learners[1:], start=2):
        base, token = servers[name]
        if number == 3:
            execute(base, token, PLAY.format(workshop=WORKSHOP, seed=number, cases=cases[:1]))
            os.kill(server_pid(name), signal.SIGKILL)
            deadline = time.monotonic() + 30
            while server_pid(name) is not None and time.monotonic() < deadline:
                time.sleep(0.2)
            servers[name] = (start_server(hub, name, token), token)
            base, token = servers[name]
            kept = json.loads(execute(base, token, "print(open('demo/reponses-atelier.json').read())"))
            assert list(kept["cases"]) == [cases[0]]  # what was recorded before the crash is still there
        execute(base, token, PLAY.format(workshop=WORKSHOP, seed=number, cases=cases))

    # Two learners submit at the same instant; the others one after the other.
    outputs: dict[str, str] = {}

    def submit(name: str) -> None:
        base, token = servers[name]
        outputs[name] = execute(base, token, SUBMIT.format(workshop=WORKSHOP))

    together = [threading.Thread(target=submit, args=(name,)) for name in learners[:2]]
    for thread in together:
        thread.start()
    for thread in together:
        thread.join()
    for name in learners[2:]:
        submit(name)
    assert all(out.startswith("0 ") for out in outputs.values()), outputs
    inbound = list((exchange / "ethique-numerique-sante" / "inbound").iterdir())
    assert sorted({p.name.split("+")[0] for p in inbound}) == sorted(learners)

    # PostgreSQL is down when grading starts: a clear French error, and nothing half-written.
    grades_before = pg.sql("SELECT count(*) FROM grade")
    pg.stop()
    failed = _instructor(course, exchange, pg.url, "grade", WORKSHOP, check=False)
    assert failed.returncode != 0
    assert "carnet de notes" in failed.stderr and "Traceback" not in failed.stderr, failed.stderr[-2000:]
    pg.start()
    assert pg.sql("SELECT count(*) FROM grade") == grades_before

    # The instructor grades into PostgreSQL, then again: same grades, no duplicate rows.
    _instructor(course, exchange, pg.url, "grade", WORKSHOP)
    rows_once = pg.sql("SELECT count(*) FROM grade")
    exported_once = _exported(_export(course, exchange, pg.url))
    _instructor(course, exchange, pg.url, "grade", WORKSHOP)
    assert pg.sql("SELECT count(*) FROM grade") == rows_once
    assert pg.sql("SELECT count(*) FROM submitted_assignment") == str(len(learners))
    exported = _exported(_export(course, exchange, pg.url))
    assert exported == exported_once
    for name in learners:
        assert exported[name] == _engine_points(course, name), name

    # Each learner fetches their feedback through the exchange and sees their points per principle.
    for name in learners:
        base, token = servers[name]
        out = execute(base, token, FETCH_FEEDBACK.format(workshop=WORKSHOP))
        html = out.split("\n", 1)[1]
        first_case = cases[0]
        earned = _engine_points(course, name)
        principle, points = next((p, v) for (c, p), v in earned.items() if c == first_case)
        assert f"{principle} : {points:g} /" in html, (name, principle, points)
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html), "ressource tierce dans le retour"


def _export(course: Path, exchange: Path, db_url: str) -> Path:
    _instructor(course, exchange, db_url, "export", WORKSHOP)
    return course / "grading" / "exports" / f"{WORKSHOP}-principes.csv"
