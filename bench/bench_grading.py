"""Grading speed: `casebook workshop grade demo` vs plain serial `nbgrader autograde demo`.

Creates a throw-away course with N simulated learners (default 100), times both
on the same submissions, checks that the per-learner, per-principle grades are
equal, and prints the ratio (target ≤ 0.5 on 2 cores). Plain nbgrader runs with
nbgrader's default preprocessors: each notebook executes in a kernel and the
graded cells score the answers there.

Run: .venv/bin/python bench/bench_grading.py [N]
"""

from __future__ import annotations

import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from workshop_fixtures import course_env, make_course  # noqa: E402

PLAIN_PREPROCESSORS = (
    "--Autograde.autograde_preprocessors=['nbgrader.preprocessors.Execute','nbgrader.preprocessors.IgnorePattern',"
    "'nbconvert.preprocessors.ClearMetadataPreprocessor','nbgrader.preprocessors.LimitOutput',"
    "'nbgrader.preprocessors.SaveAutoGrades','nbgrader.preprocessors.AssignLatePenalties',"
    "'nbgrader.preprocessors.CheckCellMetadata']"
)


def per_principle(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return {(r["student_id"], r["case_id"], r["principle"]): float(r["points"]) for r in csv.DictReader(handle)}


@contextlib.contextmanager
def simulated_demo(count: int):
    """A throw-away course with `demo` released and ``count`` simulated submissions."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_course(Path(tmp))
        env = course_env(root, Path(sys.executable).parent)
        os.environ.update(env)
        from casebook.workshop import commands
        from casebook.workshop.simulate import simulate_class

        ctx = commands.Context.open("demo", root)
        commands.release(ctx)
        simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, count)
        yield ctx, env, root


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with simulated_demo(count) as (ctx, env, root):
        from casebook.workshop import commands

        casebook = [str(Path(sys.executable).parent / "casebook"), "workshop", "grade", "demo"]
        start = time.perf_counter()
        subprocess.run(casebook, cwd=root, env=env, check=True, capture_output=True)
        ours_time = time.perf_counter() - start
        ours = per_principle(ctx.grading / "exports" / "demo-principes.csv")

        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", "demo", "--force",
                        PLAIN_PREPROCESSORS], cwd=ctx.grading, env=env, check=True, capture_output=True)
        plain_time = time.perf_counter() - start
        commands.export(ctx)
        plain = per_principle(ctx.grading / "exports" / "demo-principes.csv")

        equal = ours == plain and len(ours) > 0
        print(f"{count} apprenants, atelier demo ({len(ctx.workshop.cases)} cas), {os.cpu_count()} cœurs")
        print(f"casebook workshop grade demo (parallèle, + retours + exports) : {ours_time:.1f} s")
        print(f"nbgrader autograde demo (série, noyaux)                       : {plain_time:.1f} s")
        print(f"ratio : {ours_time / plain_time:.2f} (cible ≤ 0.5)")
        print(f"notes identiques par apprenant et par principe : {'oui' if equal else 'NON'} "
              f"({len(ours)} notes comparées)")


if __name__ == "__main__":
    main()
