"""Live debrief speed on 100 simulated learners, against the autograde paths.

Prints the time of `debrief` (reads answer files, no kernel; in process and as a
command), of `casebook workshop grade` and of plain `nbgrader autograde` on the
same submissions. Targets: debrief under 1 s and at least 100× faster than autograde.
Run: .venv/bin/python bench/bench_debrief.py [N]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_grading import PLAIN_PREPROCESSORS, simulated_demo  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with simulated_demo(count) as (ctx, env, _root):
        from casebook.analytics import classroom as analytics

        analytics.workshop_debrief(ctx)  # warm imports
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            analytics.workshop_debrief(ctx)
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
