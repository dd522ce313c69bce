"""Is the engine light? Loading, validation and scoring import no widget or plotting library."""

import subprocess
import sys


def test_engine_imports_no_heavy_library():
    code = (
        "import sys, casebook, casebook.core.load, casebook.core.validate, casebook.core.scoring, casebook.core.coverage, casebook.cli\n"
        "print(','.join(m for m in ('pandas', 'matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"heavy modules imported by the engine: {out}"


def test_bare_import_does_not_load_pydantic():
    """`import casebook` alone stays cheap: the schema loads on first use."""
    code = "import sys, casebook; print('pydantic' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
