"""The site's player in a real Chromium: same scores as the Python engine, playable with the mouse
and with the keyboard alone, private, accessible, light, and readable without JavaScript.

Cases are chosen by what they contain (a branch, a multiple-choice step), never by their text, so
these tests survive a rewrite of the cases. Screenshots of each state go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser import launch
from casebook.site import player as siteplayer
from casebook.core.load import Project
from casebook.core.model import StepKind
from casebook.core.order import STATIC_SEED, display_order
from casebook.core.scoring import Answers, score
from casebook.core.store import AnswerStore

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CASE_DIR = "book/_generated/cas/pages"
PROGRESS = "book/_generated/parcours.html"
KEY = siteplayer.STORAGE_KEY

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def project():
    return Project.load()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, server):
    """A fresh profile (empty storage); fails the test on any request to another host or console error."""
    from urllib.parse import urlparse

    origin = urlparse(server).netloc
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.foreign, ctx.errors = [], []
    ctx.on("request", lambda r: ctx.foreign.append(r.url)
           if urlparse(r.url).netloc not in (origin, "") and urlparse(r.url).scheme not in ("data", "blob") else None)
    yield ctx
    assert not ctx.foreign, ctx.foreign
    assert ctx.cookies() == []
    assert not ctx.errors, ctx.errors
    ctx.close()


def open_page(context, server, path: str):
    page = context.new_page()
    page.on("console", lambda m: context.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: context.errors.append(str(e)))
    page.goto(f"{server}/{path}")
    page.wait_for_selector("#cb-player:not([hidden]), #cb-progress:not([hidden])")
    return page


def case_url(case_id: str) -> str:
    return f"{CASE_DIR}/{case_id}.html"


def stored(page) -> dict | None:
    text = page.evaluate(f"localStorage.getItem('{KEY}')")
    return json.loads(text) if text is not None else None


def storage_size(page) -> int:
    return page.evaluate("localStorage.length + sessionStorage.length")


def branching_case(project):
    """A public case where a single choice leads to its own consequence step."""
    for case in sorted(project.public_cases, key=lambda c: c.id):
        for step in case.steps:
            if step.kind is StepKind.SINGLE and any(o.next for o in step.options):
                return case
    pytest.skip("aucun cas public à embranchement")


def multiple_case(project):
    for case in sorted(project.public_cases, key=lambda c: c.id):
        if case.first_step.kind is StepKind.MULTIPLE:
            return case
    for case in sorted(project.public_cases, key=lambda c: c.id):
        if case.has_multiple_choice:
            return case
    pytest.skip("aucun cas public à choix multiple")


def active_step(page) -> str | None:
    """Id of the step waiting for an answer (its « Valider » is enabled), or None at the end."""
    return page.evaluate("""() => {
      const steps = [...document.querySelectorAll('.cb-play-step')];
      const open = steps.find(s => !s.querySelector('button[type=submit]').disabled);
      return open ? open.dataset.step : null; }""")


def shown_order(page, case_id: str, step_id: str) -> list[str]:
    return page.eval_on_selector_all(f'input[name="cb-{case_id}-{step_id}"]', "els => els.map(e => e.value)")


def choose_branching(case, step, rng):
    """Follow a branch when the step has one, else the best option; multiple: the right ones plus one."""
    if step.kind is StepKind.SINGLE:
        branch = [o for o in step.options if o.next]
        return [branch[0].id] if branch else [max(step.options, key=lambda o: o.points).id]
    good = [o.id for o in step.options if o.points > 0]
    bad = [o.id for o in step.options if o.points <= 0]
    return good[:2] + bad[:1]


def play_with_mouse(page, case, rng, shots=None, confidence=2):
    """Play ``case`` to the end by clicking; returns the answers given."""
    answers = {"choices": {}, "confidence": {}}
    while (step_id := active_step(page)) is not None:
        step = case.step(step_id)
        picked = choose_branching(case, step, rng)
        base = f"cb-{case.id}-{step_id}"
        for option_id in picked:
            page.click(f'label[for="{base}-{option_id}"]')
        if confidence and case.confidence is not None:
            page.click(f'label[for="{base}-conf-{confidence}"]')
            answers["confidence"][step_id] = confidence
        answers["choices"][step_id] = [o.id for o in step.options if o.id in picked]
        page.click(f'section[data-step="{step_id}"] button[type=submit]')
        feedback = page.locator(f'section[data-step="{step_id}"] .cb-feedback')
        feedback.wait_for(state="visible")
        assert page.evaluate("document.activeElement.classList.contains('cb-feedback')")
        if shots is not None:
            shots(step_id)
    return answers


def expected_summary(case, answers) -> str:
    result = score(case, answers)
    assert result.complete and not result.problems, result.problems
    return f"{result.points:g} / {result.maximum:g} points"


# --- parity with the Python engine ----------------------------------------------------------


def every_path(case, rng):
    """One answer set per path through the case (every option of every single-choice step taken)."""
    paths = []

    def walk(step_id, choices):
        if step_id is None or step_id in choices:
            paths.append(dict(choices))
            return
        step = case.step(step_id)
        if step.kind is StepKind.MULTIPLE:
            ids = [o.id for o in step.options]
            walk(step.next, {**choices, step_id: rng.sample(ids, rng.randint(1, len(ids)))})
        else:
            for option in step.options:
                walk(option.next or step.next, {**choices, step_id: [option.id]})

    walk(case.first_step.id, {})
    return paths


def random_answers(case, rng):
    """Anything a stored answer could be: partial, off-path, unknown or duplicated ids, odd confidence."""
    choices, confidence = {}, {}
    for step in case.steps:
        roll = rng.random()
        ids = [o.id for o in step.options]
        if roll < 0.1:
            continue
        if roll < 0.15:
            choices[step.id] = ["option-inconnue"]
        elif roll < 0.2:
            choices[step.id] = [ids[0], ids[0]]
        elif roll < 0.25:
            choices[step.id] = []
        elif roll < 0.3:
            choices[step.id] = ids[:2]
        elif step.kind is StepKind.SINGLE:
            choices[step.id] = ids[rng.randrange(len(ids))] if rng.random() < 0.2 else [rng.choice(ids)]
        else:
            choices[step.id] = rng.sample(ids, rng.randint(0, len(ids)))
        if rng.random() < 0.7:
            confidence[step.id] = rng.choice([0, 1, 2, 3, 4])
    if rng.random() < 0.1:
        choices["etape-fantome"] = ["x"]
    return {"choices": choices, "confidence": confidence}


def as_plain(result) -> dict:
    return {
        "case_id": result.case_id, "points": result.points, "maximum": result.maximum,
        "complete": result.complete, "problems": list(result.problems), "cbm_total": result.cbm_total,
        "by_principle": {p: {"earned": s.earned, "possible": s.possible} for p, s in result.by_principle.items()},
        "steps": [{"step_id": s.step_id, "chosen": list(s.chosen), "earned": s.earned, "maximum": s.maximum,
                   "verdict": s.verdict.value if s.verdict else None, "correct": s.correct,
                   "principles_respected": list(s.principles_respected),
                   "principles_broken": list(s.principles_broken), "problem": s.problem,
                   "confidence": s.confidence, "cbm": s.cbm} for s in result.steps],
    }


def embedded(site: Path, relative: str) -> dict:
    text = (site / relative).read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="cb-data">(.*?)</script>', text, re.S).group(1))


def test_scores_match_the_python_engine_on_every_case_and_branch(site, server, context, project):
    """Random answer sets along every path of every public case: the player's score() and the Python
    engine's score() agree field by field (points, maximum, per-principle credit, CBM, problems)."""
    rng = random.Random(16)
    page = open_page(context, server, PROGRESS)
    edges, compared = set(), 0
    for case in sorted(project.public_cases, key=lambda c: c.id):
        data = embedded(site, case_url(case.id))["case"]
        assert data == siteplayer.case_data(case, project)  # the page carries today's case
        sets = [{"choices": c, "confidence": {s: rng.choice([1, 2, 3]) for s in c if rng.random() < 0.6}}
                for c in every_path(case, rng) * 2] + [random_answers(case, rng) for _ in range(25)]
        for answers in sets:
            for step_id, picked in answers["choices"].items():
                if isinstance(picked, list) and len(picked) == 1:
                    edges.add((case.id, step_id, picked[0]))
        got = page.evaluate("""([kase, sets]) => {
            const config = JSON.parse(document.getElementById('cb-data').textContent).config;
            const engine = CasebookPlayer.makeEngine(config);
            return sets.map(answers => engine.score(kase, answers)); }""", [data, sets])
        for answers, js in zip(sets, got):
            assert js == as_plain(score(case, answers)), (case.id, answers)
            compared += 1
    # Every option of every single-choice step was played at least once (every branch).
    for case in project.public_cases:
        for step in case.steps:
            if step.kind is StepKind.SINGLE:
                for option in step.options:
                    assert (case.id, step.id, option.id) in edges, (case.id, step.id, option.id)
    assert compared > 25 * len(project.public_cases)


def test_option_order_matches_casebook_order(server, context, project):
    """The player's FNV-1a order is casebook.core.order.display_order, byte for byte (accents included)."""
    page = open_page(context, server, PROGRESS)
    rng = random.Random(7)
    cases = [(c.id, s.id, [o.id for o in s.options]) for c in project.public_cases for s in c.steps]
    seeds = ["lecture", "0f3a9c", "graine-é-€-𝄞", *("".join(rng.choice("0123456789abcdef") for _ in range(24))
                                                for _ in range(3))]
    js = page.evaluate("""([cases, seeds]) => seeds.map(seed => cases.map(([c, s, ids]) =>
        CasebookPlayer.displayOrder(seed, c, s, ids)))""", [cases, seeds])
    assert js == [[display_order(seed, c, s, ids) for c, s, ids in cases] for seed in seeds]
    assert page.evaluate("CasebookPlayer.optionLetters(28).slice(24)") == ["Y", "Z", "AA", "AB"]


# --- playing --------------------------------------------------------------------------------


def test_play_a_branch_to_the_end_with_the_mouse(server, context, project, artifacts):
    case = branching_case(project)
    page = open_page(context, server, case_url(case.id))
    page.screenshot(path=str(artifacts / "player-1-avant.png"))
    assert storage_size(page) == 0  # nothing written before the first validation
    # Static steps give way to the player; the case's later steps are not listed in advance.
    assert page.locator(".cb-play-step").count() == 1
    for step in case.steps:
        assert page.locator(f'section:has(> [id="{case.id}-{step.id}"])').is_hidden()
    assert page.locator(".cb-nojs").is_hidden()
    first = case.first_step.id
    page.click(f'label[for="cb-{case.id}-{first}-{case.first_step.options[0].id}"]')
    assert storage_size(page) == 0  # choosing is not validating
    page.click(f'section[data-step="{first}"] button[type=submit]')
    page.wait_for_selector(f'section[data-step="{first}"] .cb-feedback:not([hidden])')
    data = stored(page)
    assert set(data) == {"format", "seed", "cases"} and list(data["cases"]) == [case.id]
    page.screenshot(path=str(artifacts / "player-2-apres-reponse.png"))
    page.click(".cb-player button:has-text('Recommencer')")
    assert stored(page)["cases"] == {}
    assert page.locator(".cb-play-step").count() == 1

    branch_taken = []

    def shot(step_id):
        branch_taken.append(step_id)

    answers = play_with_mouse(page, case, random.Random(1), shots=shot)
    result = score(case, answers)
    # The path followed the branch: the option with `next` led to its own step.
    path = [s.step_id for s in result.steps]
    assert path == branch_taken
    followed = [(step_id, case.step(step_id).options) for step_id in path]
    assert any(o.next == path[i + 1] and o.id in answers["choices"][step_id]
               for i, (step_id, options) in enumerate(followed[:-1]) for o in options)
    summary = page.locator(".cb-summary")
    summary.wait_for()
    assert expected_summary(case, answers) in summary.inner_text().replace("\u00a0", " ")
    for principle, s in result.by_principle.items():
        assert f"{s.earned:g} / {s.possible:g}" in summary.locator("tr", has_text=principle).inner_text()
    assert "Score de confiance" in summary.inner_text()
    page.screenshot(path=str(artifacts / "player-3-fin.png"), full_page=True)
    # Stored exactly as the Python store keeps answers; reload restores the finished case.
    assert Answers.from_dict(stored(page)["cases"][case.id]) == Answers.from_dict(answers)
    seed = stored(page)["seed"]
    for step_id in answers["choices"]:
        assert shown_order(page, case.id, step_id) == display_order(seed, case.id, step_id,
                                                                     [o.id for o in case.step(step_id).options])
    page.reload()
    page.wait_for_selector(".cb-summary")
    assert page.locator(".cb-play-step .cb-feedback:not([hidden])").count() == len(answers["choices"])
    assert stored(page)["seed"] == seed


def test_wrong_single_answer_shows_the_recommended_option(server, context, project):
    case = next(c for c in sorted(project.public_cases, key=lambda c: c.id)
                if c.first_step.kind is StepKind.SINGLE and any(not o.verdict.is_good for o in c.first_step.options))
    step = case.first_step
    wrong = next(o for o in step.options if not o.verdict.is_good)
    best = max(step.options, key=lambda o: (o.points, o.verdict.rank))
    page = open_page(context, server, case_url(case.id))
    page.click(f'label[for="cb-{case.id}-{step.id}-{wrong.id}"]')
    page.click(f'section[data-step="{step.id}"] button[type=submit]')
    feedback = page.locator(f'section[data-step="{step.id}"] .cb-feedback')
    feedback.wait_for()
    text = feedback.inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert wrong.verdict.label in text
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[shown_order(page, case.id, step.id).index(best.id)]
    assert f"L'option recommandée était {letter} :" in text
    squash = lambda t: re.sub(r"\s+", " ", t.replace("\u00a0", " ").replace("\u202f", " "))  # noqa: E731
    assert squash(best.feedback)[:60] in squash(text)
    assert squash(wrong.feedback)[:60] in squash(text)


def test_multiple_choice_step(server, context, project, artifacts):
    case = multiple_case(project)
    page = open_page(context, server, case_url(case.id))
    answers = {"choices": {}, "confidence": {}}
    while (step_id := active_step(page)) is not None:
        step = case.step(step_id)
        if step.kind is StepKind.MULTIPLE:
            picked = [o.id for o in step.options if o.points > 0][:1] + [o.id for o in step.options if o.points <= 0][:1]
        else:
            picked = [step.options[0].id]
        # Validating with nothing chosen says so, in French, and stores nothing.
        page.click(f'section[data-step="{step_id}"] button[type=submit]')
        error = page.locator(f'section[data-step="{step_id}"] .cb-error')
        assert "Choisissez au moins une option" in error.inner_text()
        for option_id in picked:
            page.check(f"#cb-{case.id}-{step_id}-{option_id}")
        page.click(f'section[data-step="{step_id}"] button[type=submit]')
        answers["choices"][step_id] = [o.id for o in step.options if o.id in picked]
        feedback = page.locator(f'section[data-step="{step_id}"] .cb-feedback')
        feedback.wait_for()
        expected = score(case, answers).steps[len(answers["choices"]) - 1]
        text = feedback.inner_text().replace("\u00a0", " ")
        assert f"Points pour cette étape : {expected.earned:g} / {expected.maximum:g}" in text
        if step.kind is StepKind.MULTIPLE:
            missed = [o for o in step.options if o.points > 0 and o.id not in picked]
            assert ("Actions appropriées non cochées" in text) == bool(missed)
            page.screenshot(path=str(artifacts / "player-choix-multiple.png"), full_page=False)
    assert expected_summary(case, answers) in page.locator(".cb-summary").inner_text().replace("\u00a0", " ")


def test_keyboard_only(server, context, project, artifacts):
    """Tab, arrows, space and Enter only: radio groups, focus on the feedback, announcement, restart."""
    case = branching_case(project)
    page = open_page(context, server, case_url(case.id))
    page.focus("body")

    def tab_until(condition: str, limit: int = 400):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
                return
        raise AssertionError(f"jamais atteint au clavier : {condition}")

    answers = {"choices": {}, "confidence": {}}
    while (step_id := active_step(page)) is not None:
        step = case.step(step_id)
        base = f"cb-{case.id}-{step_id}"
        order = shown_order(page, case.id, step_id)
        picked = choose_branching(case, step, None)
        tab_until(f"el.name === '{base}'")
        assert page.evaluate("document.activeElement.closest('fieldset').getAttribute('role')") == (
            "radiogroup" if step.kind is StepKind.SINGLE else None)
        if step.kind is StepKind.SINGLE:
            page.keyboard.press("Space")
            for _ in range(order.index(picked[0])):
                page.keyboard.press("ArrowDown")
        else:
            position = 0
            for index, option_id in enumerate(order):
                while position < index:
                    page.keyboard.press("Tab")
                    position += 1
                if option_id in picked:
                    page.keyboard.press("Space")
        checked = page.eval_on_selector_all(f'input[name="{base}"]:checked', "els => els.map(e => e.value)")
        assert sorted(checked) == sorted(picked)
        if case.confidence is not None:
            tab_until(f"el.name === '{base}-conf'")
            page.keyboard.press("Space")
            page.keyboard.press("ArrowRight")  # 1 → 2
            answers["confidence"][step_id] = 2
        tab_until("el.type === 'submit'")
        page.keyboard.press("Enter")
        page.wait_for_selector(f'section[data-step="{step_id}"] .cb-feedback:not([hidden])')
        assert page.evaluate("document.activeElement.classList.contains('cb-feedback')")
        assert page.locator(".cb-player [aria-live=polite]").inner_text().startswith("Retour affiché")
        answers["choices"][step_id] = [o.id for o in step.options if o.id in picked]
    assert expected_summary(case, answers) in page.locator(".cb-summary").inner_text().replace("\u00a0", " ")
    assert "Cas terminé" in page.locator(".cb-player [aria-live=polite]").inner_text()
    page.screenshot(path=str(artifacts / "player-clavier-fin.png"))
    assert Answers.from_dict(stored(page)["cases"][case.id]) == Answers.from_dict(answers)
    tab_until("el.textContent === 'Recommencer'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H3"
    assert case.id not in stored(page)["cases"]


# --- Mon parcours, export, import, erase, reload ----------------------------------------------


def test_progress_export_import_erase(server, context, project, artifacts, tmp_path):
    case = branching_case(project)
    page = open_page(context, server, case_url(case.id))
    answers = play_with_mouse(page, case, random.Random(3), confidence=3)
    result = score(case, answers)
    other = next(c for c in sorted(project.public_cases, key=lambda c: c.id) if c.id != case.id)
    page.goto(f"{server}/{case_url(other.id)}")
    page.click(f'label[for="cb-{other.id}-{other.first_step.id}-{other.first_step.options[0].id}"]')
    page.click(f'section[data-step="{other.first_step.id}"] button[type=submit]')
    started = score(other, stored(page)["cases"][other.id])

    page.goto(f"{server}/{PROGRESS}")
    page.wait_for_selector("#cb-progress:not([hidden])")
    profile = page.locator(".cb-profile").inner_text().replace("\u00a0", " ")
    done = 1 + (1 if started.complete else 0)
    assert f"{done} cas terminé(s) sur {len(project.public_cases)}" in profile
    for principle, s in result.by_principle.items():
        if s.possible and not started.complete:
            item = page.locator(f'li[data-principle="{principle}"]')
            percent = math.floor(s.earned / s.possible * 100 + 0.5)  # JavaScript's Math.round
            assert f"{s.earned:g} / {s.possible:g} points ({percent} %)" in item.inner_text().replace("\u00a0", " ")
            assert item.locator("svg rect").nth(1).get_attribute("width") == str(percent)
            assert "confiance" in item.inner_text()
    assert page.locator(".cb-chart svg[role=img]").count() == len(project.principles)
    revisit = page.locator(".cb-revisit").inner_text()
    if not started.complete:
        assert other.title in revisit
    page.screenshot(path=str(artifacts / "parcours-1-profil.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("button:has-text('Exporter mes réponses')")
    exported = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(exported)
    assert exported.name == "mes-reponses-casebook.json"
    assert json.loads(exported.read_text(encoding="utf-8")) == stored(page)

    store_path = tmp_path / "notebooks" / ".casebook" / "reponses.json"
    imported = subprocess.run([sys.executable, "-m", "casebook.cli", "import", str(exported), "--store",
                               str(store_path)], capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    store = AnswerStore.open(store_path)
    assert store.get(case.id) == Answers.from_dict(answers)
    assert score(case, store.get(case.id)).points == result.points

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Effacer mes réponses')")
    assert "effacées" in page.locator(".cb-status").inner_text()
    assert storage_size(page) == 0
    page.reload()
    page.wait_for_selector("#cb-progress:not([hidden])")
    assert f"0 cas terminé(s) sur {len(project.public_cases)}" in page.locator(".cb-profile").inner_text()
    page.screenshot(path=str(artifacts / "parcours-2-efface.png"))
    page.click("button:has-text('Exporter mes réponses')")
    assert "rien à exporter" in page.locator(".cb-status").inner_text()
    assert storage_size(page) == 0


@pytest.mark.parametrize("bad", ["{pas du json", json.dumps({"format": 0, "cases": {}}),
                                 json.dumps({"format": 1, "cases": {"x": {"choices": {"e": 3}}}})])
def test_unreadable_storage_is_ignored_and_kept_aside(server, context, project, bad, artifacts):
    case = branching_case(project)
    page = open_page(context, server, case_url(case.id))
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, bad])
    page.reload()
    page.wait_for_selector("#cb-player:not([hidden])")
    notice = page.locator("#cb-player .cb-notice")
    assert "n'ont pas pu être relues" in notice.inner_text()
    page.screenshot(path=str(artifacts / "player-donnees-illisibles.png"))
    page.click(f'label[for="cb-{case.id}-{case.first_step.id}-{case.first_step.options[0].id}"]')
    page.click(f'section[data-step="{case.first_step.id}"] button[type=submit]')
    assert list(stored(page)["cases"]) == [case.id]
    assert page.evaluate(f"localStorage.getItem('{siteplayer.ASIDE_KEY}')") == bad
    progress = open_page(context, server, PROGRESS)
    assert progress.locator(".cb-notice").is_hidden()  # valid again


# --- without JavaScript, privacy, accessibility, small screens, weight -------------------------


def test_without_javascript_the_page_is_the_readable_fallback(browser, server, project, artifacts):
    case = branching_case(project)
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{server}/{case_url(case.id)}")
    assert page.locator("#cb-player").is_hidden()
    assert page.locator(".cb-nojs").is_visible()
    assert page.locator("details.sd-dropdown").count() >= sum(len(s.options) for s in case.steps)
    step = case.first_step
    section = page.locator(f'section:has(> [id="{case.id}-{step.id}"])')
    assert section.is_visible()
    text = re.sub(r"\s+", " ", section.inner_text().replace("\u00a0", " ").replace("\u202f", " "))
    positions = [text.find(re.sub(r"\s+", " ", o.text.replace("\u00a0", " ").replace("\u202f", " "))[:50])
                 for o in step.options]
    assert -1 not in positions
    by_position = [o.id for _, o in sorted(zip(positions, step.options), key=lambda pair: pair[0])]
    assert by_position == display_order(STATIC_SEED, case.id, step.id, [o.id for o in step.options])
    page.screenshot(path=str(artifacts / "player-sans-javascript.png"))
    progress = ctx.new_page()
    progress.goto(f"{server}/{PROGRESS}")
    assert progress.locator(".cb-nojs").is_visible() and progress.locator("#cb-progress").is_hidden()
    ctx.close()


def test_accessibility_in_every_state(server, context, project, artifacts):
    assert AXE.exists(), "axe-core absent : lancez « make setup » (npm ci)"
    case = branching_case(project)
    page = open_page(context, server, case_url(case.id))
    failures = {}

    def check(state):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            failures[state] = bad

    check("avant")
    first = case.first_step
    page.click(f'label[for="cb-{case.id}-{first.id}-{first.options[0].id}"]')
    page.click(f'section[data-step="{first.id}"] button[type=submit]')
    page.wait_for_selector(".cb-feedback:not([hidden])")
    check("apres-reponse")
    play_with_mouse(page, case, random.Random(5))
    page.wait_for_selector(".cb-summary")
    check("fin")
    page.goto(f"{page.url.split('/book/')[0]}/{PROGRESS}")
    page.wait_for_selector("#cb-progress:not([hidden])")
    check("mon-parcours")
    assert not failures, failures


def test_small_screen(server, context, project, artifacts):
    """360 px wide: nothing overflows sideways, in any state, on a case page and on « Mon parcours »."""
    case = multiple_case(project)
    page = open_page(context, server, case_url(case.id))
    page.set_viewport_size({"width": 360, "height": 780})

    def no_overflow(state):
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{state} : déborde de {overflow}px à 360 px"

    no_overflow("avant")
    page.screenshot(path=str(artifacts / "player-mobile-avant.png"))
    answers = play_with_mouse(page, case, random.Random(2))
    no_overflow("fin")
    assert expected_summary(case, answers) in page.locator(".cb-summary").inner_text().replace("\u00a0", " ")
    page.screenshot(path=str(artifacts / "player-mobile-fin.png"), full_page=True)
    page.goto(page.url.split("/book/")[0] + f"/{PROGRESS}")
    page.wait_for_selector("#cb-progress:not([hidden])")
    no_overflow("mon-parcours")
    page.screenshot(path=str(artifacts / "parcours-mobile.png"), full_page=True)


def test_searching_writes_nothing(server, context):
    """The search page and its results write nothing either (reading every page: test_site.py)."""
    page = context.new_page()
    page.goto(f"{server}/search.html?q=secret")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    page.locator("#search-results ul.search li a").first.click()
    page.wait_for_load_state("load")
    assert storage_size(page) == 0


def test_player_weight_per_case_page(site):
    """Script, styles and data added to a case page: at most 60 kB, uncompressed."""
    script = (site / "_static" / "js" / "casebook-player.js").stat().st_size
    styles = (site / "_static" / "css" / "casebook-player.css").stat().st_size
    heaviest = 0
    for page in (site / CASE_DIR).glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "casebook-player.js" in html and "casebook-parcours.js" not in html
        data = re.search(r'<script type="application/json" id="cb-data">.*?</script>', html, re.S).group(0)
        heaviest = max(heaviest, len(data.encode("utf-8")) + script + styles)
    assert heaviest <= 60_000, f"{heaviest} octets"
    others = [p for p in site.rglob("*.html") if CASE_DIR not in p.as_posix() and p.name != "parcours.html"]
    assert not [p for p in others if "casebook-player" in p.read_text(encoding="utf-8")]
