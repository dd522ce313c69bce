"""The command line behaves like a Unix tool."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["list", "--json"], ["coverage", "--json"], ["check", "--json"],
                                     ["items", "--json"]])
def test_closed_pipe_exits_quietly(make_project, base_case, command):
    root = make_project({"cas-minimal.yml": base_case})
    process = subprocess.Popen([sys.executable, "-m", "casebook.cli", "--root", str(root), *command],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line, as with `| head -0`
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert process.returncode in (0, 1)  # items may fail its audit on a one-case project; never a crash


def test_import_keeps_the_sites_option_order(tmp_path):
    """The exported seed becomes the JupyterLab store's, so options keep the order the reader saw."""
    import json

    from casebook.core.load import Project
    from casebook.core.order import SEED_FILE, learner_seed

    case = Project.load().public_cases[0]
    exported = tmp_path / "mes-reponses.json"
    exported.write_text(json.dumps({"format": 1, "seed": "a1b2c3d4e5f6a7b8c9d0e1f2",
                                    "cases": {case.id: {"choices": {}, "confidence": {}}}}), encoding="utf-8")
    store = tmp_path / "notebooks" / ".casebook" / "reponses.json"
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "import", str(exported), "--store", str(store)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (store.parent / SEED_FILE).read_text(encoding="utf-8").strip() == "a1b2c3d4e5f6a7b8c9d0e1f2"
    assert learner_seed(store) == "a1b2c3d4e5f6a7b8c9d0e1f2"
