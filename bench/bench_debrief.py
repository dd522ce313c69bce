"""Live debrief speed on 100 simulated learners, against the autograde paths.

Prints the time of `debrief` (reads answer files, no kernel; in process and as a
command), of `casebook workshop grade` and of plain `nbgrader autograde` on the
same submissions. Targets: debrief under 1 s and at least 100× faster than autograde.
Run: .venv/bin/python bench/bench_debrief.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_grading import PLAIN_PREPROCESSORS  # noqa: E402
from workshop_fixtures import course_env, make_course  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        root = make_course(Path(tmp))
        env = course_env(root, Path(sys.executable).parent)
        os.environ.update(env)
        from casebook.workshop import commands
        from casebook.workshop.simulate import simulate_class

        ctx = commands.Context.open("demo", root)
        commands.release(ctx)
        simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, count)
        commands.debrief(ctx)  # warm imports
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            commands.debrief(ctx)
            runs.append(time.perf_counter() - start)
        debrief_time = min(runs)
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "casebook"), "workshop", "debrief", "demo"],
                       env=env, check=True, capture_output=True)
        command_time = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "casebook"), "workshop", "grade", "demo"],
                       env=env, check=True, capture_output=True)
        grade_time = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", "demo", "--force",
                        PLAIN_PREPROCESSORS], cwd=ctx.grading, env=env, check=True, capture_output=True)
        plain_time = time.perf_counter() - start
        print(f"{count} apprenants, {len(ctx.workshop.cases)} cas")
        print(f"debrief (dans le processus, 5 graphiques PNG) : {debrief_time:.2f} s (cible < 1 s)")
        print(f"casebook workshop debrief demo (commande complète) : {command_time:.2f} s")
        print(f"casebook workshop grade demo : {grade_time:.1f} s → debrief {grade_time / debrief_time:.0f}× plus rapide")
        print(f"nbgrader autograde demo (série, noyaux) : {plain_time:.1f} s → debrief "
              f"{plain_time / debrief_time:.0f}× plus rapide (cible ≥ 100×)")


if __name__ == "__main__":
    main()
