"""Hand grading in formgrader, in Chromium, opened by `casebook workshop formgrader`'s own command line."""

from __future__ import annotations

import csv
import re
import subprocess
import time

import pytest

from browser import free_port, launch, wait_http
from casebook.workshop import commands
from casebook.workshop.simulate import simulate_class
from workshop_fixtures import course_env, make_course

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CASE = "avis-google-une-etoile"
TOKEN = "jeton-formgrader"


@pytest.fixture
def graded(tmp_path, monkeypatch, venv_bin):
    root = make_course(tmp_path)
    for key, value in course_env(root, venv_bin).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CASEBOOK_EXCHANGE", raising=False)
    ctx = commands.Context.open("demo", root)
    commands.release(ctx)
    simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, 2)
    commands.grade(ctx, workers=2)
    return ctx


def test_grade_one_justification_in_formgrader(graded, tmp_path):
    from nbgrader.api import Gradebook
    from playwright.sync_api import expect, sync_playwright

    ctx = graded
    port = free_port()
    argv, env, cwd = commands.formgrader_command(ctx, port=port, token=TOKEN)
    api = commands.nbgrader_api(ctx.grading)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        submission_id = gb.find_submission_notebook("demo", "demo", "etu000").id
    log = open(tmp_path / "formgrader.log", "w")
    server = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/api/status?token={TOKEN}")
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            # Log in once as the instructor would (the token in the page URL does not cover formgrader's API).
            page.goto(f"{base}/login?next=%2Fformgrader")
            page.fill("#password_input", TOKEN)
            page.locator("#password_input").press("Enter")
            page.wait_for_url(re.compile(r".*/formgrader.*"), timeout=60_000)
            page.goto(f"{base}/formgrader/submissions/{submission_id}/", wait_until="networkidle")
            score = page.locator(f"input[id='{CASE}__justification']")
            expect(score).to_be_visible(timeout=60_000)
            # formgrader binds its inputs once the grades are loaded: the « saved » mark exists then.
            page.wait_for_function("() => window.jQuery && jQuery('.score-saved').length > 0", timeout=60_000)
            # The rubric is shown to the grader, without nbgrader's mark-scheme headings.
            body = page.locator("body").inner_text()
            assert "Grille de correction" in body and "MARK SCHEME" not in body
            score.click()
            score.fill("2")
            score.press("Tab")
            comment = page.locator(f"textarea[id='{CASE}__justification-comment']")
            comment.fill("Bonne analyse du secret professionnel.")
            comment.press("Tab")
            deadline = time.monotonic() + 30
            saved = None
            while time.monotonic() < deadline:
                with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
                    saved = gb.find_grade(f"{CASE}__justification", "demo", "demo", "etu000").manual_score
                    remark = gb.find_comment(f"{CASE}__justification", "demo", "demo", "etu000").manual_comment
                if saved == 2.0 and remark:
                    break
                time.sleep(0.5)
            assert saved == 2.0 and remark == "Bonne analyse du secret professionnel."
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    commands.feedback(ctx)
    html = (ctx.grading / "feedback" / "etu000" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "Bonne analyse du secret professionnel." in html
    assert html.count("en attente /") == 2 * (len(ctx.workshop.cases) - 1)
    other = (ctx.grading / "feedback" / "etu001" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert other.count("en attente /") == 2 * len(ctx.workshop.cases)
    status = commands.status(ctx)
    assert "etu001" in status["en_attente"] and "etu000" in status["en_attente"]  # other cases still pending
    rows = {r.student_id: r for r in commands.gradebook_rows(ctx)}
    assert rows["etu000"].by_cell[f"{CASE}__justification"] == (2.0, rows["etu000"].by_cell[f"{CASE}__justification"][1])
    assert rows["etu000"].pending_points == rows["etu001"].pending_points - rows["etu000"].by_cell[f"{CASE}__justification"][1]
    moodle = {r[0] or r[1] or str(i): r for i, r in enumerate(csv.reader(commands.export(ctx)["moodle"].open(encoding="utf-8")))}
    notes = [r[3] for r in moodle.values()][1:]
    assert all(n.startswith("En attente") for n in notes)
