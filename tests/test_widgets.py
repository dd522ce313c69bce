"""Do the case widgets behave as a learner expects, driven from Python (no browser)?"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casebook.core import order
from casebook.core.load import load_project
from casebook.core.store import AnswerStore
from casebook.learner.widgets import CaseView

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "projet"
    shutil.copytree(FIXTURES / "registry", root / "registry")
    shutil.copytree(FIXTURES / "cases", root / "cases")
    project, report = load_project(root)
    assert report.ok, report
    return project


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "apprenant" / ".casebook" / "reponses.json"


def make_view(project, store_path):
    return CaseView(project.cases["cas-minimal"], project, AnswerStore.open(store_path))


def box(panel, option_id):
    """The check box of ``option_id``, wherever this learner's order puts it."""
    return panel.boxes[[o.id for o in panel.options].index(option_id)]


def test_single_choice_feedback_and_store(project, store_path):
    view = make_view(project, store_path)
    panel = view.panels[0]
    assert panel.validate_button.disabled  # nothing chosen yet
    shown = [value for _, value in panel.choice.options]
    assert shown == order.display_order(view.seed, "cas-minimal", "debut", ["a", "b", "c"])
    panel.choice.value = "b"
    assert not panel.validate_button.disabled
    panel.confidence.value = 3
    panel.validate_button.click()
    html = panel.feedback.value
    assert "Recommandé" in html and "Les données restent dans un outil prévu pour elles." in html
    assert "P01 · Principe 1" in html and 'href="https://exemple.fr/a"' in html
    assert panel.choice.disabled and panel.validate_button.description == "Validé"
    # Finished: summary with points, confidence and debrief; restart offered.
    assert "3 / 3 points" in view.summary.value
    assert "très sûr·e" in view.summary.value and "+3" in view.summary.value
    assert "Une messagerie grand public n'est pas un outil de soins." in view.summary.value
    assert view.restart_button.layout.display == "flex"
    saved = json.loads(store_path.read_text(encoding="utf-8"))
    assert saved == {"format": 1, "cases": {"cas-minimal": {"choices": {"debut": ["b"]}, "confidence": {"debut": 3}}}}


def test_branching_shows_the_consequence_step(project, store_path):
    view = make_view(project, store_path)
    view.panels[0].choice.value = "a"
    view.panels[0].validate_button.click()
    assert "Faute" in view.panels[0].feedback.value
    assert len(view.panels) == 2 and view.panels[1].step.id == "suite"
    assert len(view.steps_box.children) == 2
    assert view.summary.value == ""
    assert "Option recommandée" in view.panels[0].feedback.value
    assert "Vous demandez de la supprimer" in view.panels[0].feedback.value  # and why: its feedback follows
    assert "Les données restent dans un outil prévu pour elles." in view.panels[0].feedback.value
    panel = view.panels[1]
    assert sorted(b.description for b in panel.boxes) == sorted(o.text for o in panel.step.options)
    box(panel, "supprimer").value = True
    box(panel, "garder").value = True  # a wrong pick costs
    view.panels[1].validate_button.click()
    feedback = view.panels[1].feedback.value
    assert "Une copie de plus est une diffusion de plus." in feedback
    assert "Actions appropriées non cochées" in feedback and "Prévenir le cadre." in feedback
    assert "0 / 2" in feedback
    assert "0 / 3 points" in view.summary.value


def test_answers_are_restored_after_a_restart(project, store_path):
    first = make_view(project, store_path)
    first.panels[0].choice.value = "a"
    first.panels[0].validate_button.click()
    # A new kernel: a new view reads the store and replays the validated step.
    second = make_view(project, store_path)
    assert len(second.panels) == 2
    assert second.panels[0].choice.value == "a" and second.panels[0].choice.disabled
    assert "Faute" in second.panels[0].feedback.value
    waiting = second.panels[1]
    assert waiting.step.id == "suite" and waiting.choice is None
    assert not any(b.value for b in waiting.boxes) and waiting.validate_button.description == "Valider"


def test_restart_clears_this_case_only(project, store_path):
    store = AnswerStore.open(store_path)
    from casebook.core.scoring import Answers

    store.put("autre-cas", Answers(choices={"x": ("y",)}))
    view = CaseView(project.cases["cas-minimal"], project, AnswerStore.open(store_path))
    view.panels[0].choice.value = "c"
    view.panels[0].validate_button.click()
    view.restart_button.click()
    assert len(view.panels) == 1 and view.panels[0].choice.value is None
    assert view.summary.value == ""
    saved = json.loads(store_path.read_text(encoding="utf-8"))
    assert list(saved["cases"]) == ["autre-cas"]


def test_corrupted_store_is_kept_aside(project, store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"\xff\xfe{ pas du json")
    view = make_view(project, store_path)
    assert "n'ont pas pu être relues" in view.notice.value
    kept = list(store_path.parent.glob("reponses.json.corrompu-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"\xff\xfe{ pas du json"
    view.panels[0].choice.value = "b"
    view.panels[0].validate_button.click()
    assert json.loads(store_path.read_text(encoding="utf-8"))["cases"]["cas-minimal"]["choices"] == {"debut": ["b"]}


def test_two_views_sharing_a_store_do_not_overwrite_each_other(project, store_path):
    """Two notebooks (two kernels) save different cases to the same store."""
    one = make_view(project, store_path)
    two = make_view(project, store_path)
    one.panels[0].choice.value = "b"
    one.panels[0].validate_button.click()
    two.store.put("autre-cas", two.session.answers.__class__(choices={"s": ("o",)}))
    saved = json.loads(store_path.read_text(encoding="utf-8"))
    assert set(saved["cases"]) == {"cas-minimal", "autre-cas"}


def test_workshop_case_shows_no_key(project, store_path):
    case = project.cases["cas-minimal"].model_copy(update={"visibility": "workshop"})
    from casebook.core.model import Visibility

    case = project.cases["cas-minimal"].model_copy(update={"visibility": Visibility.WORKSHOP})
    view = CaseView(case, project, AnswerStore.open(store_path))
    view.panels[0].choice.value = "a"
    view.panels[0].validate_button.click()
    html = view.panels[0].feedback.value
    assert "Réponse enregistrée" in html
    assert "Faute" not in html and "La photo quitte le dossier" not in html
    bundle = view._repr_mimebundle_()
    assert "La photo quitte le dossier" not in bundle["text/html"]


def test_display_bundle_has_widget_and_static_fallback(project, store_path):
    view = make_view(project, store_path)
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert "Une collègue vous envoie une photo" in static
    assert "<details><summary>Voir le retour sur cette option</summary>" in static
    assert "<button" not in static and "<input" not in static  # no dead controls


def test_progress_reads_the_store(project, store_path):
    """« Mon parcours »: finished cases and per-principle score come from the answer store."""
    from casebook.learner.progress import compute_progress, progress_figure

    view = make_view(project, store_path)
    view.panels[0].choice.value = "c"
    view.panels[0].validate_button.click()
    progress = compute_progress(project, AnswerStore.open(store_path))
    assert progress.done == [("cas-minimal", "Un cas minimal", 2.0, 3.0)]
    assert progress.by_principle["P01"] == (2.0, 3.0) and progress.by_principle["P02"] == (0.0, 0.0)
    figure = progress_figure(project, progress)
    bars = figure.axes[0].patches
    assert len(bars) == 12
    heights = {label.get_text().split(" ·")[0]: bar.get_width()
               for label, bar in zip(figure.axes[0].get_yticklabels(), bars)}
    assert round(heights["P01"], 1) == 66.7 and heights["P05"] == 0


def test_each_learner_has_a_stable_order_of_their_own(project, tmp_path):
    orders = set()
    for learner in range(12):
        store = tmp_path / f"apprenant-{learner}" / ".casebook" / "reponses.json"
        first = [v for _, v in make_view(project, store).panels[0].choice.options]
        again = [v for _, v in make_view(project, store).panels[0].choice.options]
        assert first == again  # reopening keeps the order
        orders.add(tuple(first))
    assert len(orders) > 1  # and learners do not all see the file order


def test_static_fallback_lists_options_in_the_static_order(project, store_path):
    from casebook.core.order import STATIC_SEED, display_order

    view = make_view(project, store_path)
    static = view._repr_mimebundle_()["text/html"]
    step = project.cases["cas-minimal"].steps[0]
    texts = {o.id: o.text for o in step.options}
    expected = display_order(STATIC_SEED, "cas-minimal", step.id, [o.id for o in step.options])
    positions = [static.index(texts[i][:30]) for i in expected]
    assert positions == sorted(positions)
