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
