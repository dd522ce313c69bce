"""Build the course site with Jupyter Book, strictly.

``python -m casebook.site build`` cleans ``_build`` (a stale cache must not hide a
failing notebook), then runs ``jupyter-book build --all -n -W --keep-going`` (through
:mod:`casebook.site.jupyter_book_launcher`) and reports the warning count. ``make book`` calls it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from casebook.core import paths
from casebook.site import messages as S


def jupyter_book_command() -> list[str]:
    """The ``jupyter-book`` command, through the launcher that skips a useless import."""
    return [sys.executable, "-m", "casebook.site.jupyter_book_launcher"]


def build(root: Path | None = None, clean: bool = True) -> int:
    root = root or paths.project_root()
    from casebook.core.framework import PDF_NAME

    course_pdf = root / "_build" / "pdf" / PDF_NAME
    kept = course_pdf.read_bytes() if course_pdf.exists() else None  # `make pdf` output survives a clean build
    if clean:
        shutil.rmtree(root / "_build", ignore_errors=True)
    if kept is not None:
        course_pdf.parent.mkdir(parents=True, exist_ok=True)
        course_pdf.write_bytes(kept)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("CASEBOOK_STORE", os.path.join(tempfile.mkdtemp(prefix="casebook-site-"), "reponses.json"))
    command = [*jupyter_book_command(), "build", "--all", "-n", "-W", "--keep-going", str(root)]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
    for line in warnings:
        print(line, file=sys.stderr)
    if result.returncode != 0:
        print(output[-5000:], file=sys.stderr)
        print(S.BUILD_FAILED.format(warnings=len(warnings)), file=sys.stderr)
        return 1
    if kept is not None:
        shutil.copyfile(course_pdf, root / "_build" / "html" / PDF_NAME)
    pages = len(list((root / "_build" / "html").rglob("*.html")))
    print(S.BUILD_DONE.format(pages=pages, folder=root / "_build" / "html"))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:
        return build(clean="--incremental" not in argv)
    print(S.BUILD_USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
