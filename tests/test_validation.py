"""Does `casebook check` catch each kind of bad input, with a message a person can act on?"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casebook.cli import main
from casebook.load import load_project
from casebook.validate import check_project


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
    assert "cas-casse.yml:4" in out or "cas-casse.yml:3" in out
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
    assert code == 1 and "principles[1]: format invalide" in out and "P13" in out


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
        option["points"] = 0
        option["respects"], option["breaks"] = [], ["P01"]
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert "steps[1].options: l'étape n'a aucune option recommandée ou acceptable" in out


@pytest.mark.parametrize("option_index, points, expected", [
    (0, 2, "une faute ne rapporte pas de points"),
    (1, 0, "une option « recommande » doit rapporter des points"),
    (2, 3, "une option recommandée doit rapporter plus qu'une option acceptable"),
    (2, 5, "« acceptable » rapporte moins que") ,
])
def test_points_inconsistent_with_verdicts(make_project, base_case, capsys, option_index, points, expected):
    base_case["steps"][0]["options"][option_index]["points"] = points
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1
    assert expected in out or ("rapporte moins que" in out and "recommande" in out), out


def test_multiple_choice_wrong_pick_must_cost(make_project, base_case, capsys):
    base_case["steps"][1]["options"][2]["points"] = 1
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "une faute ne rapporte pas de points" in out and "points ≤ 0" in out


def test_best_path_through_error_is_rejected(make_project, base_case, capsys):
    """A wrong first answer must not open a branch worth more than answering well."""
    for option in base_case["steps"][1]["options"][:2]:
        option["points"] = 3
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "le parcours qui rapporte le plus passe par une mauvaise réponse" in out


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
    assert "attendu : autre-nom ; trouvé : cas-minimal" in out


def test_unknown_schema_version(make_project, base_case, capsys):
    base_case["schema_version"] = 2
    root = make_project({"cas-minimal.yml": base_case})
    code, out = check(root, capsys)
    assert code == 1 and "schema_version: version de format inconnue ; attendu : 1 ; trouvé : 2" in out
