"""Does a learner's click in a real JupyterLab, in Chromium, give feedback that survives a reload?"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from browser import jupyter_server, launch, run_all_cells
from casebook.core.load import Project

ROOT = Path(__file__).resolve().parent.parent
CASE_ID = "avis-google-une-etoile"
NOTEBOOK = "cas-reputation.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def words(text: str, count: int = 7) -> re.Pattern:
    """The first words of case text as a pattern, to find it on the page whatever the punctuation."""
    return re.compile(r"\W+".join(re.escape(w) for w in re.findall(r"\w+", text)[:count]))


@pytest.fixture
def workspace(tmp_path, env_with_venv):
    """A copy of the notebooks (the browser saves into it, never into the repository)."""
    folder = tmp_path / "espace"
    shutil.copytree(ROOT / "notebooks", folder)
    env = dict(env_with_venv, CASEBOOK_STORE=str(tmp_path / "reponses.json"))
    return folder, env, tmp_path / "reponses.json"


def run_all(page) -> None:
    run_all_cells(page)


def open_and_run(page, url: str, case):
    """Open a notebook, run all its cells, and return the case's widget once it is shown."""
    from playwright.sync_api import expect

    page.goto(url)
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_timeout(1500)
    run_all(page)
    widget = page.locator(".cb-case-widget", has_text=words(case.context)).first
    expect(widget).to_be_visible(timeout=60_000)
    return widget


def test_click_validate_feedback_and_restore(workspace, artifacts):
    from playwright.sync_api import sync_playwright, expect

    folder, env, store = workspace
    case = Project.load().case(CASE_ID)
    step = case.first_step
    option = next(o for o in step.options if o.verdict.value == "recommande")
    with jupyter_server("lab", folder, env) as (base, token), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        widget = open_and_run(page, f"{base}/lab/tree/{NOTEBOOK}?token={token}", case)
        # Keyboard-accessible native radio with the option text as its label.
        widget.get_by_label(words(option.text, 6)).first.check()
        widget.get_by_role("button", name="Valider").first.click()
        expect(widget).to_contain_text(words(option.feedback), timeout=30_000)
        expect(widget).to_contain_text("Recommandé")
        widget.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "jupyterlab-cas-valide.png"), full_page=False)
        saved = json.loads(store.read_text(encoding="utf-8"))
        assert saved["cases"][CASE_ID]["choices"] == {step.id: [option.id]}

        # Reload, restart the kernel and run again: the validated answer comes back from the store.
        page.reload()
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_timeout(1500)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).first.click()
        page.locator('li[data-command="runmenu:restart-and-run-all"]').first.click()
        page.locator(".jp-Dialog button.jp-mod-accept").click()
        widget = page.locator(".cb-case-widget", has_text=words(case.context)).first
        expect(widget).to_contain_text(words(option.feedback), timeout=60_000)
        expect(widget.get_by_role("button", name="Validé").first).to_be_disabled()
        page.screenshot(path=str(artifacts / "jupyterlab-cas-restaure.png"))
        browser.close()


def test_notebook7_smoke(workspace, artifacts):
    """The same notebook opens and runs in Notebook 7."""
    from playwright.sync_api import sync_playwright, expect

    folder, env, _store = workspace
    case = Project.load().case(CASE_ID)
    with jupyter_server("notebook", folder, env) as (base, token), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        widget = open_and_run(page, f"{base}/notebooks/{NOTEBOOK}?token={token}", case)
        expect(widget.locator("input[type=radio]").first).to_be_visible()
        page.screenshot(path=str(artifacts / "notebook7-cas.png"))
        browser.close()


def test_keyboard_only_answer(workspace, artifacts):
    """Tab to a choice, tick it with Space, Tab to « Valider », press Enter."""
    from playwright.sync_api import sync_playwright, expect

    folder, env, store = workspace
    project = Project.load()
    case = project.case(CASE_ID)
    with jupyter_server("lab", folder, env) as (base, token), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        widget = open_and_run(page, f"{base}/lab/tree/{NOTEBOOK}?token={token}", case)
        first_radio = widget.locator(".cb-radio input[type=radio]").first
        first_radio.focus()
        page.keyboard.press("Tab")            # each ipywidgets radio is its own tab stop
        page.keyboard.press("Space")          # select option B
        expect(widget.locator(".cb-radio input[type=radio]").nth(1)).to_be_checked()
        button = widget.get_by_role("button", name="Valider").first
        for _ in range(8):                    # Tab through the confidence radios to the button
            page.keyboard.press("Tab")
            if button.evaluate("b => b === document.activeElement"):
                break
        assert button.evaluate("b => b === document.activeElement"), "« Valider » n'est pas atteignable au clavier"
        page.keyboard.press("Enter")
        # Options are shown in this learner's own order (the seed sits beside the answer store).
        from casebook.core.order import learner_seed, ordered

        step = case.first_step
        option = ordered(learner_seed(store), case.id, step.id, step.options)[1]
        expect(widget).to_contain_text(words(option.feedback), timeout=30_000)
        page.screenshot(path=str(artifacts / "jupyterlab-clavier.png"))
        browser.close()


def test_make_course_serves_the_home_notebook(env_with_venv, tmp_path):
    """`make course` starts JupyterLab on 127.0.0.1, prints the URL, and the home notebook is there."""
    import os
    import signal
    import subprocess
    import time
    import urllib.request

    from browser import free_port

    port = free_port()
    log = tmp_path / "course.log"
    env = dict(env_with_venv, CASEBOOK_STORE=str(tmp_path / "reponses.json"))
    with log.open("w") as handle:
        process = subprocess.Popen(["make", "course", f"PORT={port}"], cwd=ROOT, env=env, stdout=handle,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        token = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and token is None:
            match = re.search(rf"http://127\.0\.0\.1:{port}/lab/tree/notebooks/Accueil\.ipynb\?token=(\w+)",
                              log.read_text())
            token = match.group(1) if match else None
            time.sleep(0.5)
        assert token, log.read_text()[-2000:]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/notebooks/Accueil.ipynb?token={token}") as r:
            notebook = json.loads(r.read())
        assert notebook["name"] == "Accueil.ipynb" and "cas-secret.ipynb" in json.dumps(notebook["content"])
        # The self-paced learner sees the learner's tools only: no nbgrader panel, no formgrader.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}") as r:
            page = r.read().decode()
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        assert "@jupyter/nbgrader" in config["disabledExtensions"]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token={token}")
        assert missing.value.code == 404
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
