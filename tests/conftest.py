"""Shared fixtures: small throw-away projects built from tiny real files."""

from __future__ import annotations

import copy
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


def load_fixture_case(name: str = "cas-minimal") -> dict:
    return yaml.safe_load((FIXTURES / "cases" / f"{name}.yml").read_text(encoding="utf-8"))


class ProjectFactory:
    """Builds a project folder (registry + cases) in a temporary directory."""

    def __init__(self, base: Path):
        self.base = base
        self.count = 0

    def __call__(self, cases: dict[str, object] | None = None, registry: Path | None = None) -> Path:
        self.count += 1
        root = self.base / f"projet{self.count}"
        shutil.copytree(registry or FIXTURES / "registry", root / "registry")
        (root / "cases").mkdir()
        for name, content in (cases or {}).items():
            text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
            (root / "cases" / name).write_text(text, encoding="utf-8")
        return root


@pytest.fixture
def make_project(tmp_path) -> ProjectFactory:
    return ProjectFactory(tmp_path)


@pytest.fixture
def base_case() -> dict:
    return copy.deepcopy(load_fixture_case())


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def venv_bin() -> Path:
    return Path(sys.executable).parent


@pytest.fixture(scope="session")
def env_with_venv(venv_bin) -> dict:
    """Environment for subprocesses: the venv's bin first (nbgrader needs alembic on PATH)."""
    env = dict(os.environ)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="session")
def site() -> Path:
    """A clean strict build of the course site (`make book` runs the same command), shared by the site tests.

    ``CASEBOOK_TEST_REUSE_SITE=1`` reuses ``_build/html`` as it is, to iterate on a browser test without
    rebuilding (never in CI: the site would not be checked against the current sources)."""
    import subprocess

    if os.environ.get("CASEBOOK_TEST_REUSE_SITE") == "1" and (ROOT / "_build" / "html" / "index.html").exists():
        return ROOT / "_build" / "html"

    result = subprocess.run([sys.executable, "-m", "casebook.site", "build"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-6000:]
    assert "sans avertissement" in result.stdout
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1 (random port)."""
    from browser import static_server

    with static_server(site) as base_url:
        yield base_url
