"""Does `casebook check` catch each kind of bad input, with a message a person can act on?"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casebook.cli import main
from casebook.core.load import load_project
from casebook.core.validate import check_project


def check(root, capsys, *args) -> tuple[int, str]:
    code = main(["--root", str(root), "check", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def problems_of(root) -> list:
    project, report = load_project(root)
    report.extend(check_project(project))
    return report.problems


def test_valid_fixture_passes(make_project, base_case, capsys):
    """A correct case and registry give exit 0 and a summary line."""
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 0, out
    assert "OK : 1 cas" in out


def test_yaml_syntax_error_names_file_and_line(make_project, capsys):
    root = make_project({"cas-casse.yml": "schema_version: 1\nid: cas-casse\ntitle: [pas fermé\n"})
    code, out = check(root, capsys)
    assert code == 1
    assert "cas-casse.yml:4: (fichier): syntaxe YAML invalide" in out
    assert "syntaxe YAML invalide" in out


def test_not_utf8_is_reported(make_project, capsys):
    root = make_project()
    (root / "cases" / "latin1.yml").write_bytes("title: été".encode("latin-1"))
    code, out = check(root, capsys)
    assert code == 1 and "latin1.yml" in out and "UTF-8" in out


def test_unknown_field(make_project, base_case, capsys):
    base_case["steps"][0]["options"][1]["feedbak"] = "faute de frappe"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[0].options[1].feedbak: champ inconnu" in out
    assert "trouvé : « feedbak »" in out


def test_missing_field_with_line(make_project, base_case, capsys):
    del base_case["steps"][0]["options"][0]["feedback"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    line = [l for l in out.splitlines() if "feedback" in l][0]
    assert "steps[0].options[0].feedback: champ obligatoire manquant" in line
    assert line.startswith(str(root / "cases" / "cas-minimal.yml") + ":")  # has a line number


def test_wrong_enum_lists_allowed_values(make_project, base_case, capsys):
    base_case["steps"][0]["options"][1]["verdict"] = "excellent"
    base_case["professions"] = ["medecin", "chirurgien"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[0].options[1].verdict: valeur non permise" in out
    assert "'recommande'" in out and "« excellent »" in out
    assert "professions[1]: valeur non permise" in out


def test_duplicate_case_ids(make_project, base_case, capsys):
    root = make_project({"cas-minimal.yml": base_case, "copie.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "copie.yml:2: id: identifiant de cas en double" in out
    assert "déjà utilisé par" in out and "cas-minimal.yml" in out


def test_unknown_principle_reference_and_step(make_project, base_case, capsys):
    option = base_case["steps"][0]["options"][1]
    option["references"] = ["ref-a", "loi-inventee"]
    base_case["steps"][0]["options"][0]["next"] = "etape-fantome"
    root = make_project({"cas-minimal.yml": base_case})
    # A principle outside P01–P12 is a pattern error; one missing from the registry is unknown.
    (root / "registry" / "principles.yml").write_text(
        (root / "registry" / "principles.yml").read_text().split("- id: P12")[0], encoding="utf-8")
    base_case["principles"].append("P12")
    base_case["steps"][0]["options"][2]["respects"].append("P12")
    (root / "cases" / "cas-minimal.yml").write_text(__import__("yaml").safe_dump(base_case, allow_unicode=True))
    code, out = check(root, capsys)
    assert code == 1
    assert "référence absente du registre" in out and "loi-inventee" in out
    assert "étape suivante inconnue" in out and "etape-fantome" in out
    assert "principe inconnu" in out and "P12" in out
    assert "principes manquants" in out


def test_principle_pattern(make_project, base_case, capsys):
    base_case["principles"] = ["P01", "P13"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "principles[1]: principe invalide ; attendu : un identifiant de P01 à P12 ; trouvé : « P13 »" in out
    assert out.count("P13") == 1


def test_unreachable_step(make_project, base_case, capsys):
    del base_case["steps"][0]["options"][0]["next"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "étape inaccessible" in out and "suite" in out


def test_branching_cycle(make_project, base_case, capsys):
    base_case["steps"][1]["next"] = "debut"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "les étapes forment une boucle" in out and "debut → suite → debut" in out


def test_step_without_good_option(make_project, base_case, capsys):
    for option in base_case["steps"][1]["options"]:
        option["verdict"] = "faute"
        option.pop("points", None)
        option["respects"], option["breaks"] = [], ["P01"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[1].options: l'étape n'a aucune option recommandée ou acceptable" in out


@pytest.mark.parametrize("step_index, option_index, points, expected", [
    (0, 0, 2, "0"),   # faute, single choice
    (0, 1, 2, "3"),   # recommande, single choice
    (0, 2, 1, "2"),   # acceptable, single choice
    (1, 2, -1, "-2"),  # faute, multiple choice
    (1, 0, 2, "1"),   # acceptable, multiple choice
])
def test_points_follow_the_one_scale(make_project, base_case, capsys, step_index, option_index, points, expected):
    base_case["steps"][step_index]["options"][option_index]["points"] = points
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert f"steps[{step_index}].options[{option_index}].points: les points ne suivent pas le barème unique" in out
    assert f"attendu : {expected} (ou pas de champ points" in out and f"trouvé : {points}" in out


def test_points_omitted_are_taken_from_the_scale(make_project, base_case, capsys):
    for step in base_case["steps"]:
        for option in step["options"]:
            option.pop("points", None)
    root = make_project({"cas-minimal.yml": base_case})
    code, _out = check(root, capsys)
    assert code == 0
    from casebook.core.load import load_project

    case = load_project(root)[0].cases["cas-minimal"]
    assert [o.points for o in case.steps[0].options] == [0, 3, 2]
    assert [o.points for o in case.steps[1].options] == [1, 1, -2]


def test_best_path_through_error_is_rejected(make_project, base_case, capsys):
    """A wrong first answer must not open a branch worth more than answering well."""
    for option in base_case["steps"][1]["options"][:2]:
        option["verdict"] = "recommande"
        option.pop("points", None)
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "le parcours qui rapporte le plus passe par une mauvaise réponse" in out


MISCONCEPTIONS = """- id: accord-leve-secret
  label: L'accord du patient permet de publier.
  verdict: faute
  why: L'accord ne délie pas du secret.
  references: [ref-a]
"""


def test_misconception_gets_its_one_verdict(make_project, base_case, capsys):
    base_case["steps"][0]["options"][2]["misconception"] = "accord-leve-secret"  # an « acceptable » option
    root = make_project({"cas-minimal.yml": base_case})
    (root / "registry" / "misconceptions.yml").write_text(MISCONCEPTIONS, encoding="utf-8")
    code, out = check(root, capsys)
    assert code == 1
    assert ("steps[0].options[2].verdict: l'idée reçue « accord-leve-secret » reçoit le même verdict dans tous "
            "les cas ; attendu : faute ; trouvé : acceptable") in out


def test_misconception_must_be_registered(make_project, base_case, capsys):
    base_case["steps"][0]["options"][0]["misconception"] = "idee-inconnue"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[0].options[0].misconception: idée reçue absente du registre" in out and "idee-inconnue" in out


def test_misconception_with_its_verdict_passes(make_project, base_case, capsys):
    base_case["steps"][0]["options"][0]["misconception"] = "accord-leve-secret"  # a « faute » option
    root = make_project({"cas-minimal.yml": base_case})
    (root / "registry" / "misconceptions.yml").write_text(MISCONCEPTIONS, encoding="utf-8")
    code, out = check(root, capsys)
    assert code == 0, out


def test_workshop_case_branches_at_step_level_only(make_project, base_case, capsys):
    base_case["visibility"] = "workshop"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert ("steps[0].options[0].next: un cas d'atelier ne se ramifie pas selon l'option choisie" in out
            and "trouvé : suite" in out)


def test_empty_french_text(make_project, base_case, capsys):
    base_case["context"] = "   "
    base_case["debrief"] = [""]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "context: texte vide" in out and "debrief[0]: texte vide" in out


def test_all_errors_reported_at_once(make_project, base_case, capsys):
    """Several problems in two files: every one is listed, and the count is given."""
    bad = dict(base_case)
    bad["visibility"] = "secret"
    other = dict(base_case, id="autre")
    other["duration_minutes"] = 0
    root = make_project({"cas-minimal.yml": bad, "autre.yml": other})
    code, out = check(root, capsys)
    assert code == 1
    assert "visibility: valeur non permise" in out
    assert "duration_minutes: valeur hors limites" in out
    assert "2 erreurs trouvées" in out


def test_unverified_reference_needs_caveat(make_project, base_case, capsys):
    root = make_project({"cas-minimal.yml": base_case})
    path = root / "registry" / "references.yml"
    import yaml
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    del entries[1]["caveat"]
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    code, out = check(root, capsys)
    assert code == 1 and "entrée non vérifiée sans réserve explicite" in out


def test_check_accepts_file_and_folder_paths(make_project, base_case, capsys):
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys, str(root / "cases" / "cas-minimal.yml"))
    assert code == 0, out
    code, out = check(root, capsys, str(root / "cases"))
    assert code == 0, out
    code, out = check(root, capsys, str(root / "absent.yml"))
    assert code == 2 and "introuvable" in out


def test_check_json_output(make_project, base_case, capsys):
    base_case["steps"][0]["kind"] = "libre"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys, "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    problem = data["problems"][0]
    assert problem["field"] == "steps[0].kind" and problem["line"] is not None
    assert problem["file"].endswith("cas-minimal.yml")


def test_console_script_runs_on_shipped_data():
    """The installed `casebook` command validates the real project data."""
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aucune erreur" in result.stdout


def test_id_must_match_file_name(make_project, base_case, capsys):
    root = make_project({"autre-nom.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "autre-nom.yml:2: id: l'identifiant doit être le nom du fichier" in out
    assert "attendu : autre-nom (le nom du fichier) ; trouvé : cas-minimal" in out


def test_misnamed_file_suggests_a_valid_id(make_project, base_case, capsys):
    root = make_project({"Cas_Minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "attendu : « cas-minimal » dans un fichier nommé cas-minimal.yml ; trouvé : cas-minimal" in out
    assert "Cas_Minimal" not in out.split("attendu :")[1]


def test_every_problem_in_one_run(make_project, base_case, capsys):
    """A verdict typo (schema) and an unknown reference (registry) are both listed at once."""
    base_case["steps"][0]["options"][1]["verdict"] = "recommandé"
    base_case["steps"][0]["options"][2]["references"] = ["ref-inconnue"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[0].options[1].verdict: valeur non permise" in out
    assert "steps[0].options[2].references[0]: référence absente du registre" in out and "ref-inconnue" in out


def test_messages_are_french_only(make_project, base_case, capsys):
    base_case["steps"][0]["options"][1]["verdict"] = "top"
    base_case["steps"][0]["options"][2]["id"] = "Option_C"
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert ("attendu : une valeur parmi 'recommande', 'acceptable', 'risque' ou 'faute'" in out
            and " or " not in out)
    assert "identifiant invalide ; attendu : des minuscules sans accent, des chiffres et des tirets" in out


def test_unknown_schema_version(make_project, base_case, capsys):
    base_case["schema_version"] = 2
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "schema_version: version de format inconnue ; attendu : 1 ; trouvé : 2" in out


def test_root_without_cases_is_a_clear_error(tmp_path, capsys):
    code = main(["--root", str(tmp_path), "check"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert "dossier des cas introuvable" in out.err and "--root" in out.err and "CASEBOOK_ROOT" in out.err
