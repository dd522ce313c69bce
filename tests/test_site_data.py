"""What the site is built from, checked without building it: reference labels, the static
fallback's option order, the player's data, and ``casebook import`` (real CLI, real store)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casebook.learner import render
from casebook.site import player as siteplayer
from casebook.site import pages as sitepages
from casebook.site import sphinx_ext
from casebook.text.labels import reference_label
from casebook.core.load import Project, load_project
from casebook.core.model import Reference, Visibility
from casebook.core.order import STATIC_SEED, display_order, option_letters
from casebook.core.scoring import Answers
from casebook.core.store import AnswerStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def make_reference(identifier: str, title: str, kind: str = "reglement-ue") -> Reference:
    return Reference(id="essai", kind=kind, title=title, identifier=identifier, url="https://exemple.fr",
                     checked_on=date(2026, 1, 1), verified=True, summary="Résumé.")


# --- one label for a reference, everywhere --------------------------------------------------


@pytest.mark.parametrize("identifier, title, expected", [
    ("Règlement (UE) 2016/679, art. 9 (1), (2)(a), (2)(h), (3)",
     "RGPD, art. 9 — catégories particulières de données", "RGPD, art. 9"),
    ("Règlement (UE) 2024/1689, art. 50 — applicable au 2 août 2026",
     "AI Act, art. 50 — obligations de transparence", "Règlement (UE) 2024/1689 (AI Act), art. 50"),
    ("Règlement (UE) 2016/679, art. 33 et 34", "RGPD, art. 33-34 — violations de données", "RGPD, art. 33-34"),
    ("Règlement (UE) 2017/745, art. 2", "Sans nom d'usage", "Règlement (UE) 2017/745, art. 2"),
    ("CSP art. R4127-13 (rédaction issue du décret n° 2020-1662)", "Code de déontologie médicale, art. 13",
     "CSP art. R4127-13"),
    ("C. pén. art. 226-1 (et 226-2 : conservation/diffusion)", "Code pénal, art. 226-1", "C. pén. art. 226-1"),
    ("Loi n° 78-17 (réécrite par l'ordonnance n° 2018-1125) — art. 6, 65, 66", "Loi Informatique et Libertés",
     "Loi n° 78-17, art. 6, 65, 66"),
    ("CNIL, juillet 2020", "CNIL — Référentiel", "CNIL, juillet 2020"),
])
def test_label_names_the_text_and_the_article(identifier, title, expected):
    assert reference_label(make_reference(identifier, title)) == expected


def test_every_regulation_in_the_registry_is_named_with_its_article():
    project = Project.load()
    regulations = [r for r in project.references.values() if r.identifier.startswith("Règlement (UE)")]
    assert regulations
    for ref in regulations:
        label = reference_label(ref)
        assert label != "Règlement" and label.startswith("Règlement (UE)") or label.startswith("RGPD"), label
        if "art." in ref.identifier.split(" — ")[0] or re.search(r", art\. ", ref.title):
            assert re.search(r", art\. \d", label), (ref.id, label)
        else:  # a whole regulation: its number and usual name, no invented article
            assert "art." not in label and "JOUE" not in label, (ref.id, label)
        if ref.identifier.startswith("Règlement (UE) 2016/679"):
            assert label.startswith("RGPD, art. "), label
        if ref.identifier.startswith("Règlement (UE) 2024/1689"):
            assert label.startswith("Règlement (UE) 2024/1689 (AI Act), art. "), label


def test_widget_and_site_use_the_same_label():
    """The widget's link text, the site's {texte} role and the player's data all show one label."""
    project = Project.load()
    assert sitepages.reference_label is reference_label and sphinx_ext.reference_label is reference_label
    case = project.public_cases[0]
    player_refs = siteplayer.case_payload(case, project)["references"]
    for ref in project.references.values():
        link = render.reference_link(ref.id, project.references)
        text = re.sub(r"<[^>]+>", "", link.split("</a>")[0])
        assert text == render.escape(reference_label(ref)).replace("&amp;", "&"), (ref.id, text)
    for ref_id, entry in player_refs.items():
        assert entry["label"] == reference_label(project.references[ref_id])


# --- the static page (no JavaScript): options in the reading order, letters beyond J ----------


def fixture_project(tmp_path, options: int = 0) -> Project:
    root = tmp_path / "projet"
    (root / "cases").mkdir(parents=True)
    import shutil

    import yaml

    shutil.copytree(FIXTURES / "registry", root / "registry")
    data = yaml.safe_load((FIXTURES / "cases" / "cas-minimal.yml").read_text(encoding="utf-8"))
    if options:
        template = data["steps"][0]["options"][2]
        data["steps"][0]["options"] += [dict(template, id=f"opt-{n}", text=f"Option numéro {n}.")
                                        for n in range(options)]
    (root / "cases" / "cas-minimal.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    project, report = load_project(root)
    assert report.ok, report
    return project


def test_static_case_page_lists_options_in_reading_order_with_all_letters(tmp_path):
    project = fixture_project(tmp_path, options=27)  # 30 options: letters go on after Z
    case = project.cases["cas-minimal"]
    page = sitepages.case_page(case, project)
    step = case.steps[0]
    expected = display_order(STATIC_SEED, case.id, step.id, [o.id for o in step.options])
    assert expected != [o.id for o in step.options]  # the rule really reorders this step
    texts = {o.id: sitepages._md_text(o.text) for o in step.options}
    shown = re.findall(r"^\*\*([A-Z]+)\.\*\* (.+)$", page.split("## Étape 2")[0], re.M)
    assert [letter for letter, _ in shown] == option_letters(30)
    assert [text for _, text in shown] == [texts[i] for i in expected]
    assert "Voir le retour sur l'option AD" in page
    assert 'zip("ABCDEFGHIJ"' not in Path(sitepages.__file__).read_text(encoding="utf-8")


def test_case_page_embeds_the_player_and_its_data(tmp_path):
    project = fixture_project(tmp_path)
    case = project.cases["cas-minimal"]
    page = sitepages.case_page(case, project)
    block = re.search(r'<script type="application/json" id="cb-data">(.*?)</script>', page).group(1)
    assert "<" not in block and "`" not in block
    payload = json.loads(block)
    assert payload["case"] == siteplayer.case_data(case, project)
    assert payload["config"]["verdicts"]["recommande"] == {"label": "Recommandé", "rank": 3}
    hide = re.search(r'data-hide="([^"]*)"', page).group(1).split()
    assert hide == ["cas-minimal-debut", "cas-minimal-suite", "cas-cas-minimal-debrief"]
    for anchor in hide:
        assert f"({anchor})=" in page
    # French typography in the player's strings.
    assert payload["messages"]["points_step"] == "Points pour cette étape\u00a0: {x} / {y}"


def test_workshop_cases_produce_no_player_data():
    project = Project.load()
    workshop = project.workshop_cases
    assert workshop
    with pytest.raises(ValueError, match="réservé aux ateliers"):
        siteplayer.case_data(workshop[0], project)
    progress = siteplayer.progress_payload(project)
    assert {c["id"] for c in progress["cases"]} == {c.id for c in project.public_cases}
    text = json.dumps(progress, ensure_ascii=False)
    for case in workshop:
        assert f'"{case.id}"' not in text
    # Mon parcours carries no feedback at all, only what scoring needs.
    assert all("feedback" not in o and "text" not in o for c in progress["cases"] for s in c["steps"]
               for o in s["options"])


# --- casebook import ------------------------------------------------------------------------


def run_import(*args: str, env_store: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    env.pop("CASEBOOK_STORE", None)
    return subprocess.run([sys.executable, "-m", "casebook.cli", "import", *args], capture_output=True, text=True,
                          env=env)


def site_export(cases: dict) -> dict:
    return {"format": 1, "seed": "0123456789abcdef01234567", "cases": cases}


def test_import_adds_site_answers_to_the_jupyterlab_store(tmp_path):
    project = Project.load()
    one, two = sorted(project.public_cases, key=lambda c: c.id)[:2]
    first_step = one.steps[0]
    exported = site_export({
        one.id: {"choices": {first_step.id: [first_step.options[0].id]}, "confidence": {first_step.id: 2}},
        two.id: {"choices": {two.steps[0].id: [two.steps[0].options[-1].id]}, "confidence": {}},
        "cas-qui-n-existe-pas": {"choices": {"x": ["y"]}, "confidence": {}},
    })
    source = tmp_path / "mes-reponses-casebook.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    store_path = tmp_path / "notebooks" / ".casebook" / "reponses.json"
    store = AnswerStore.open(store_path)
    store.put(two.id, Answers(choices={two.steps[0].id: (two.steps[0].options[0].id,)}))

    result = run_import(str(source), "--store", str(store_path))
    assert result.returncode == 0, result.stderr
    assert "1 cas ajouté(s)" in result.stdout and "gardé(s) tel(s) quel(s)" in result.stdout
    assert "cas-qui-n-existe-pas" in result.stderr
    saved = AnswerStore.open(store_path)
    assert saved.get(one.id) == Answers.from_dict(exported["cases"][one.id])
    assert saved.get(two.id).choices == {two.steps[0].id: (two.steps[0].options[0].id,)}  # kept
    assert saved.get("cas-qui-n-existe-pas") is None

    again = run_import(str(source), "--store", str(store_path), "--remplacer")
    assert again.returncode == 0, again.stderr
    assert AnswerStore.open(store_path).get(two.id) == Answers.from_dict(exported["cases"][two.id])


@pytest.mark.parametrize("content, reason", [
    (b"{pas du json", "JSON invalide"),
    (json.dumps({"format": 0, "cases": {}}).encode(), "format inattendu"),
    (json.dumps(site_export({"x": {"choices": {"e": [3]}}})).encode(), "choix invalide"),
])
def test_import_refuses_a_bad_file_and_changes_nothing(tmp_path, content, reason):
    source = tmp_path / "export.json"
    source.write_bytes(content)
    store_path = tmp_path / "reponses.json"
    AnswerStore.open(store_path).put("un-cas", Answers(choices={"e": ("o",)}))
    before = store_path.read_bytes()
    result = run_import(str(source), "--store", str(store_path))
    assert result.returncode == 1
    assert reason in result.stderr and "Exporter mes réponses" in result.stderr
    assert store_path.read_bytes() == before
    missing = run_import(str(tmp_path / "absent.json"), "--store", str(store_path))
    assert missing.returncode == 2 and "introuvable" in missing.stderr


def test_public_only_in_the_generated_pages(tmp_path):
    """A workshop case in the project yields no page and no data (generate() on a fixture project)."""
    project = fixture_project(tmp_path)
    secret = project.cases["cas-minimal"].model_copy(update={"id": "cas-atelier", "visibility": Visibility.WORKSHOP})
    project.cases["cas-atelier"] = secret
    sitepages.generate(project)
    generated = project.root / sitepages.GENERATED
    assert (generated / sitepages.CASE_PAGES / "cas-minimal.md").exists()
    assert not (generated / sitepages.CASE_PAGES / "cas-atelier.md").exists()
    text = "\n".join(p.read_text(encoding="utf-8") for p in generated.rglob("*.md"))
    assert "cas-atelier" not in text and "cb-progress" in text
