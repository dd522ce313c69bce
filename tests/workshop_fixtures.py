"""A throw-away copy of the course for nbgrader tests (cases and registry linked, grading copied)."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_course(base: Path) -> Path:
    root = base / "cours"
    root.mkdir()
    (root / "cases").symlink_to(ROOT / "cases")
    (root / "registry").symlink_to(ROOT / "registry")
    (root / "grading" / "workshops").mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", root / "grading" / "nbgrader_config.py")
    shutil.copytree(ROOT / "grading" / "modeles", root / "grading" / "modeles")
    for path in (ROOT / "grading" / "workshops").glob("*.yml"):
        shutil.copy(path, root / "grading" / "workshops" / path.name)
    return root


def tree_digest(folder: Path) -> dict[str, str]:
    """Content hash of every file under ``folder`` (to prove nothing was modified)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def course_env(root: Path, venv_bin: Path) -> dict:
    env = dict(os.environ)
    env["CASEBOOK_ROOT"] = str(root)
    env["CASEBOOK_NO_PROGRESS"] = "1"
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    return env


def local_course(base: Path, monkeypatch, venv_bin: Path) -> Path:
    """A copy of the course under ``base``, this process's environment pointing at it, with the
    course's local exchange (never one the machine's environment names)."""
    root = make_course(base)
    for key, value in course_env(root, venv_bin).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CASEBOOK_EXCHANGE", raising=False)
    return root


def exported_points(path: Path) -> dict[str, dict[tuple[str, str], float]]:
    """Points per learner, case and principle, read from the « principes » export."""
    rows: dict[str, dict] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["student_id"], {})[(row["case_id"], row["principle"])] = float(row["points"])
    return rows
