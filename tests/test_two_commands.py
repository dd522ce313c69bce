"""`make test` on a machine without Chromium: installs it as root, or stops at once with one line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "system_packages.sh"


def _bin_with(tmp_path: Path, *commands: str) -> Path:
    """A PATH folder holding only ``commands`` (links to the real ones)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for command in commands:
        os.symlink(shutil.which(command), folder / command)
    return folder


def test_missing_browser_stops_at_once_with_one_french_line(tmp_path):
    folder = _bin_with(tmp_path, "id")  # no chromium, no chromedriver, no apt-get
    result = subprocess.run(["/bin/bash", str(SCRIPT)], env={"PATH": str(folder)}, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    packages = "chromium chromium-driver poppler-utils" + (
        "" if list(Path("/usr/lib/postgresql").glob("*/bin/postgres")) else " postgresql")
    assert lines == [f"Il manque des paquets système pour les tests : lancez « sudo apt-get install {packages} », "
                     "puis relancez « make test »."]


@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
                    reason="PostgreSQL absent : ce cas suppose tous les paquets présents")
def test_present_browser_passes_silently(tmp_path):
    folder = _bin_with(tmp_path, "id", "chromium", "chromedriver", "pdftotext")
    result = subprocess.run(["/bin/bash", str(SCRIPT)], env={"PATH": str(folder)}, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0 and result.stdout == result.stderr == ""


def test_make_test_checks_system_packages_before_any_test():
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert "system_packages.sh" in plan and "pytest" in plan
    assert plan.index("system_packages.sh") < plan.index("pytest")
