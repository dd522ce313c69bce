"""Where the project's data lives.

The package is installed from the checkout (``pip install -e .``), so the data
folders sit next to it. ``CASEBOOK_ROOT`` overrides this, for instance when
nbgrader grades in another folder or a test builds a project in a temporary one.
"""

from __future__ import annotations

import os
from pathlib import Path

CASES_DIR = "cases"
REGISTRY_DIR = "registry"
PRINCIPLES_FILE = "principles.yml"
REFERENCES_FILE = "references.yml"
MISCONCEPTIONS_FILE = "misconceptions.yml"


def project_root() -> Path:
    """The folder holding ``cases/`` and ``registry/``."""
    env = os.environ.get("CASEBOOK_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]  # casebook/core/paths.py → the checkout


def cases_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / CASES_DIR


def registry_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / REGISTRY_DIR
