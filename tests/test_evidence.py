"""Evidence for schools and employers: framework mapping, parallel forms and gain, attestations, course PDF.

Real components throughout: the real registry and cases, real nbgrader grading of
simulated submissions, fpdf2 and poppler's ``pdftotext``/``pdftoppm``, Jupyter
Book and the Debian Chromium for ``make pdf``.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casebook.analytics.attestation import (LearnerRecord, build_payload, issue, payload_from_pdf, render_pdf,
                                  verification_code, verify_pdf)
from casebook.learner.evaluation import (FORMS, POST, PRE, check_forms, form_items, gain_report, hake_gain,
                                 item_texts)
from casebook.core.framework import LABS, chapter_files, check_framework, hours_by_domain, load_framework
from casebook.core.load import Project, load_project
from casebook.core.scoring import Answers, best_answers
from casebook.core.store import STORE_FORMAT
from casebook.workshop.answers import ANSWERS_FILE
from workshop_fixtures import course_env, make_course

ROOT = Path(__file__).resolve().parent.parent


def pdftotext(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext introuvable : installez le paquet Debian poppler-utils (.ci/run le fait).")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def screenshot(pdf: Path, page: int, target: Path) -> Path:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "70", "-png", "-singlefile",
                    str(pdf), str(stem)], check=True)
    assert target.exists() and target.stat().st_size > 5000
    return target


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], capture_output=True, text=True, env=env)


# --- 1. framework mapping -----------------------------------------------------------


def test_mapping_covers_every_chapter_case_and_lab():
    project = Project.load()
    assert check_framework(project) == []
    framework, problems = load_framework(project.root)
    assert problems == [] and framework is not None
    assert {m.id for m in framework.cases} == set(project.cases)
    assert {m.id for m in framework.chapters} == set(chapter_files(project.root))
    assert len(chapter_files(project.root)) >= 12
    assert {m.id for m in framework.labs} == set(LABS)
    assert [d.title for d in framework.domains] == [
        "Les données de santé", "La cybersécurité en santé", "La communication en santé",
        "Les outils numériques en santé", "La télésanté"]
    assert framework.reference in project.references
    entry = project.references[framework.reference]
    assert "JORFTEXT000046548689" in entry.url and entry.caveat


def test_unmapped_case_fails_the_check(tmp_path):
    root = tmp_path / "projet"
    shutil.copytree(ROOT / "registry", root / "registry")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "book" / "chapitres", root / "book" / "chapitres")
    shutil.copy(ROOT / "book" / "que-faire-si.md", root / "book" / "que-faire-si.md")
    framework = root / "registry" / "framework.yml"
    lines = framework.read_text(encoding="utf-8").splitlines()
    framework.write_text("\n".join(l for l in lines if "id: story-de-garde," not in l) + "\n", encoding="utf-8")
    project, _report = load_project(root)
    problems = check_framework(project)
    assert [p.code for p in problems] == ["framework-unmapped"]
    assert "story-de-garde" in str(problems[0]) and "non rattaché" in str(problems[0])
    result = cli("--root", str(root), "check")
    assert result.returncode == 1 and "story-de-garde" in result.stderr


def test_coverage_reports_hours_per_domain():
    project = Project.load()
    framework, _ = load_framework(project.root)
    data = hours_by_domain(project, framework)
    assert len(data["domains"]) == 5
    case_hours = sum(c.duration_minutes for c in project.cases.values()) / 60
    assert math.isclose(sum(d["hours_cases"] for d in data["domains"]), case_hours, abs_tol=0.3)
    assert math.isclose(sum(d["hours"] for d in data["domains"]), data["total_hours"], abs_tol=0.3)
    assert all(d["hours"] > 0 for d in data["domains"])
    result = cli("coverage")
    assert result.returncode == 0 and "La télésanté" in result.stdout and "mots par minute" in result.stdout


# --- 2. parallel forms and gain ------------------------------------------------------


def test_pre_and_post_forms_share_no_item():
    project = Project.load()
    assert check_forms(project) == []
    pre, post = form_items(project, PRE), form_items(project, POST)
    assert 10 <= len(pre) <= 14 and len(pre) == len(post)
    assert not {c.id for c in pre} & {c.id for c in post}
    norm = lambda t: " ".join(t.lower().split())  # noqa: E731
    assert not {norm(t) for c in pre for t in item_texts(c)} & {norm(t) for c in post for t in item_texts(c)}
    for items in (pre, post):
        assert sorted(p for c in items for p in c.principles) == sorted(project.principles)
        assert all(c.visibility.value == "workshop" and c.id not in project.cases for c in items)
        positions = [[o.verdict.value for o in c.steps[0].options].index("recommande") for c in items]
        assert len(set(positions)) == 4, "la bonne réponse occupe toutes les positions"
        longest = sum(max(c.steps[0].options, key=lambda o: len(o.text)).verdict.value == "recommande"
                      for c in items)
        assert longest / len(items) <= 0.4, "la bonne réponse ne doit pas être la plus longue"
        shortest = sum(min(c.steps[0].options, key=lambda o: len(o.text)).verdict.value == "recommande"
                       for c in items)
        assert shortest / len(items) <= 0.4, "ni la plus courte"
    # the casebook is unchanged: no item in cases/, 47 cases
    assert len(project.cases) == 47


def test_gain_matches_hand_computed_example():
    assert hake_gain(100, 100) is None
    assert hake_gain(40, 70) == pytest.approx(0.5)
    pre = {"a": {"P01": (3, 6), "P02": (6, 6)}, "b": {"P01": (0, 6), "P02": (3, 6)}, "c": {"P01": (6, 6)}}
    post = {"a": {"P01": (6, 6), "P02": (3, 6)}, "b": {"P01": (6, 6), "P02": (3, 6)}}
    report = gain_report(pre, post)
    assert report.learners == ["a", "b"] and report.only_pre == ["c"]
    # a: 75 % -> 75 %, g = 0 ; b: 25 % -> 75 %, g = 50 / 75
    assert report.per_learner["a"].gain == pytest.approx(0.0)
    assert report.per_learner["b"].gain == pytest.approx(2 / 3)
    # P01: a 50 -> 100 (g 1), b 0 -> 100 (g 1); P02: a 100 -> 50 (undefined), b 50 -> 50 (g 0)
    assert report.per_principle["P01"].mean_gain == pytest.approx(1.0)
    assert report.per_principle["P01"].sd_gain == pytest.approx(0.0)
    assert report.per_learner_principle["a"]["P02"].gain is None
    assert report.per_principle["P02"].gains == [0.0]
    overall = report.overall
    assert overall.pre_mean == pytest.approx(50.0) and overall.post_mean == pytest.approx(75.0)
    assert overall.class_gain == pytest.approx(0.5)
    assert overall.mean_gain == pytest.approx(1 / 3)
    assert overall.sd_gain == pytest.approx(math.sqrt(2) / 3)  # stdev of [0, 2/3]


# --- 3. attestations ------------------------------------------------------------------


def _payload(project, framework, record, threshold=80.0):
    return build_payload(project, framework, record, threshold=threshold, instructor="Dr Test",
                         period="du 2 au 30 novembre 2026", issued_on="30/11/2026", self_declared=False)


def test_attestation_refused_below_threshold_and_code_depends_on_content(tmp_path):
    project = Project.load()
    framework, _ = load_framework(project.root)
    record = LearnerRecord("etu1", "Camille Durand", ["story-de-garde"], [], {"P01": (7, 10), "P06": (1, 2)})
    payload = _payload(project, framework, record)
    assert payload["score_percent"] == pytest.approx(66.7)
    refused = issue(payload, "secret", tmp_path, None)
    assert refused.path is None and "sous le seuil de 80" in refused.refused and not list(tmp_path.iterdir())
    lowered = _payload(project, framework, record, threshold=60)
    produced = issue(lowered, "secret", tmp_path, None)
    assert produced.path.exists()
    assert verification_code(lowered, "secret") != verification_code(lowered, "autre")
    changed = json.loads(json.dumps(lowered))
    changed["principles"][0]["percent"] = 90.0
    assert verification_code(changed, "secret") != verification_code(lowered, "secret")
    assert render_pdf(lowered, produced.code) == produced.path.read_bytes()  # deterministic


@pytest.fixture
def graded_course(tmp_path, monkeypatch, venv_bin):
    """A course copy with three graded workshops: demo, positionnement and evaluation-finale."""
    from casebook.workshop import commands
    from casebook.workshop.simulate import write_submission

    root = make_course(tmp_path)
    (root / "evaluation").symlink_to(ROOT / "evaluation")
    env = course_env(root, venv_bin)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CASEBOOK_EXCHANGE", raising=False)
    roster = tmp_path / "apprenants.csv"
    roster.write_text("id,first_name,last_name,email,lms_user_id\nalice,Alice,Martin,a@x.fr,1\n"
                      "bruno,Bruno,Petit,b@x.fr,2\n", encoding="utf-8")
    assert cli("workshop", "roster", str(roster), env=env).returncode == 0
    plans = {}
    for name in ("demo", PRE, POST):
        ctx = commands.Context.open(name, root)
        commands.release(ctx)
        cases = {cid: ctx.project.case(cid) for cid in ctx.workshop.cases}

        def pick(case, verdict):
            option = next(o for o in case.steps[0].options if o.verdict.value == verdict)
            return Answers(choices={case.steps[0].id: (option.id,)})

        if name == "demo":
            worst = {}
            for cid, case in cases.items():
                choices, step = {}, case.first_step
                while step is not None:
                    bad = min(step.options, key=lambda o: o.points)
                    choices[step.id] = (bad.id,)
                    target = bad.next or step.next
                    step = case.step(target) if target else None
                worst[cid] = Answers(choices=choices)
            plan = {"alice": {cid: best_answers(case) for cid, case in cases.items()}, "bruno": worst}
        elif name == PRE:
            plan = {"alice": {cid: pick(c, "faute") for cid, c in cases.items()},
                    "bruno": {cid: pick(c, "acceptable") for cid, c in cases.items()}}
        else:
            plan = {"alice": {cid: pick(c, "recommande") for cid, c in cases.items()},
                    "bruno": {cid: pick(c, "risque") for cid, c in cases.items()}}
        for student, answers in plan.items():
            write_submission(ctx.folder("release"), ctx.grading / "submitted" / student / name, answers)
        report = commands.grade(ctx, workers=2)
        assert sorted(report.graded) == ["alice", "bruno"], report.failed
        plans[name] = plan
    return root, env


@pytest.mark.slow
def test_gain_report_and_attestations_from_graded_workshops(graded_course, tmp_path, artifacts):
    root, env = graded_course
    result = cli("evaluation", "rapport", "--noms", env=env)
    assert result.returncode == 0, result.stderr
    out = root / "grading" / "exports" / "evaluation-gain"
    with (out / "gain-par-apprenant.csv").open(encoding="utf-8") as handle:
        rows = {r["apprenant"]: r for r in csv.DictReader(handle)}
    # Per principle, an option that breaks the principle earns it nothing (scoring rules), so a
    # « risqué » answer counts 0 there. Alice: 0 % -> 100 %, g = 1. Bruno: acceptable everywhere
    # (2/3 = 66.7 %) then risqué everywhere (0 %): g = (0 - 66.7) / (100 - 66.7) = -2.
    assert float(rows["Alice Martin"]["gain_g"]) == pytest.approx(1.0)
    assert float(rows["Alice Martin"]["positionnement_pct"]) == pytest.approx(0.0)
    assert float(rows["Bruno Petit"]["positionnement_pct"]) == pytest.approx(66.7, abs=0.1)
    assert float(rows["Bruno Petit"]["gain_g"]) == pytest.approx(-2.0, abs=0.01)
    assert (out / "gain-par-principe.png").stat().st_size > 5000 and (out / "gain.html").exists()
    shutil.copy(out / "gain-par-principe.png", artifacts / "evaluation-gain-par-principe.png")

    result = cli("attestation", "--atelier", "demo", "--formateur", "Dr Claire Bernard", "--date", "30/11/2026",
                 "--periode", "du 2 au 30 novembre 2026", env=env)
    assert result.returncode == 0, result.stderr
    assert "Bruno Petit" in result.stderr and "sous le seuil de 80" in result.stderr
    folder = root / "grading" / "exports" / "attestations"
    assert sorted(p.name for p in folder.iterdir()) == ["attestation-alice.pdf"]
    pdf = folder / "attestation-alice.pdf"
    text = pdftotext(pdf)
    payload = payload_from_pdf(pdf.read_bytes())
    assert "Alice Martin" in text and "Dr Claire Bernard" in text and "30/11/2026" in text
    assert "100 %" in text.replace("\u202f", " ")  # score on the demo workshop
    assert "+1,00" in text  # pre/post gain, French decimal comma
    assert payload["gain"] == {"pre": 0.0, "post": 100.0, "g": 1.0}
    for title in payload["cases"]:
        assert title.split(" ")[0] in text
    assert f"{payload['duration_hours']:.1f}".replace(".", ",") in text
    code = re.search(r"Code de vérification : ([0-9A-F-]{24})", text).group(1)
    assert (root / "grading" / ".pseudonymes-sel").exists()  # the course secret, reused
    screenshot(pdf, 1, artifacts / "attestation-page1.png")

    ok = cli("attestation", "verifier", str(pdf), env=env)
    assert ok.returncode == 0 and "authentique" in ok.stdout, ok.stderr
    assert cli("attestation", "verifier", code, env=env).returncode == 0
    wrong = cli("attestation", "verifier", "0000-1111-2222-3333-4444", env=env)
    assert wrong.returncode == 1 and "code inconnu" in wrong.stderr
    assert cli("attestation", "verifier", "pas-un-code", env=env).returncode == 1

    # One changed figure, re-rendered with the same library and the original code: refused.
    forged_payload = json.loads(json.dumps(payload))
    forged_payload["duration_hours"] = payload["duration_hours"] + 5
    forged = tmp_path / "falsifiee.pdf"
    forged.write_bytes(render_pdf(forged_payload, code))
    assert f"{forged_payload['duration_hours']:.1f}".replace(".", ",") in pdftotext(forged)
    refused = cli("attestation", "verifier", str(forged), env=env)
    assert refused.returncode == 1 and "NON authentique" in refused.stderr
    # A byte changed in the page content, the embedded data untouched: refused too.
    data = bytearray(pdf.read_bytes())
    position = data.index(b"stream", len(data) // 3) + 40
    data[position] ^= 0x01
    patched = tmp_path / "octet.pdf"
    patched.write_bytes(bytes(data))
    assert cli("attestation", "verifier", str(patched), env=env).returncode == 1


def test_self_paced_attestation_is_marked_self_declared(tmp_path):
    project = Project.load()
    cases = sorted(project.public_cases, key=lambda c: c.id)[:20]
    store_cases = {c.id: best_answers(c).to_dict() for c in cases}
    for form in FORMS:
        for item in form_items(project, form):
            verdict = "acceptable" if form == PRE else "recommande"
            option = next(o for o in item.steps[0].options if o.verdict.value == verdict)
            store_cases[item.id] = {"choices": {item.steps[0].id: [option.id]}, "confidence": {}}
    store = tmp_path / ".casebook" / "reponses.json"
    store.parent.mkdir()
    store.write_text(json.dumps({"format": STORE_FORMAT, "cases": store_cases}), encoding="utf-8")
    result = cli("attestation", "--autoformation", "--nom", "Zoé Lefèvre", "--reponses", str(store),
                 "--sortie", str(tmp_path / "out"), "--date", "30/11/2026")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "attestation-autoformation.pdf"
    text = pdftotext(pdf)
    assert "AUTODÉCLARÉE" in text and "Zoé Lefèvre" in text and "aucun (autoformation)" in text
    assert "+1,00" in text  # 2/3 -> 3/3 on every item: g = 1
    assert verify_pdf(pdf, (store.parent / ".secret-attestation").read_text().strip()).ok
    assert not verify_pdf(pdf, "un-autre-secret").ok


# --- 4. the course as a PDF -------------------------------------------------------------


@pytest.mark.slow
def test_make_pdf_has_every_chapter_and_no_workshop_case(artifacts):
    from casebook.site.pdf import pdf_toc
    from casebook.core.framework import PDF_NAME

    toc = yaml.safe_dump(pdf_toc(ROOT))
    assert "notebooks/" not in toc and "guide-formateur" not in toc
    result = subprocess.run(["make", "pdf"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    pdf = ROOT / "_build" / "pdf" / PDF_NAME
    text = " ".join(pdftotext(pdf).replace("\u2019", "'").split())  # the site prints typographic apostrophes
    project = Project.load()
    for chapter in chapter_files(project.root).values():
        title = next(l for l in chapter.read_text(encoding="utf-8").splitlines() if l.startswith("# "))[2:]
        assert " ".join(title.split()) in text, title
    for case in project.workshop_cases:
        assert case.title not in text, case.title
    for form in FORMS:
        for item in form_items(project, form):
            assert item.title not in text and item.steps[0].options[0].text[:40] not in text
    public = sorted(project.public_cases, key=lambda c: c.id)[0]
    assert public.title in text
    assert " ".join(public.steps[0].options[0].feedback.split())[:60] in text  # feedback included
    assert "Glossaire" in text and "Références" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 50
    assert b"/Annots" in pdf.read_bytes() and b"/Dest" in pdf.read_bytes()  # internal links
    screenshot(pdf, 1, artifacts / "cours-pdf-page1.png")
    screenshot(pdf, 40, artifacts / "cours-pdf-page40.png")


def test_items_copy_no_sentence_from_the_article_and_reuse_no_patient_name():
    from test_course_text import TITLED_SURNAME, _article_grams, _fingerprint, _words

    grams = _article_grams()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "evaluation").rglob("*.yml"))]
    hits = []
    for text in texts:
        words = _words(text)
        hits += [" ".join(words[i:i + 12]) for i in range(len(words) - 11) if _fingerprint(words[i:i + 12]) in grams]
    assert not hits, hits[:5]
    course = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "cases").glob("*.yml")))
    for text in texts:
        for surname in TITLED_SURNAME.findall(text):
            assert not re.search(rf"\b{surname}\b", course), f"{surname} : déjà un patient du recueil"
