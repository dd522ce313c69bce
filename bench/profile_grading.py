"""Where `casebook workshop grade demo` spends its time (cProfile), on N simulated learners.

Two profiles, because the grading work runs in forked worker processes that the parent's
profiler does not see:

- the parent: `commands.grade(ctx, workers=1)` (gate, gradebook writes, waiting for the worker);
- one worker's work, in this process: the bulk worker set-up, then every learner's grading and
  feedback, as the worker runs them.

Run: .venv/bin/python bench/profile_grading.py [N] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grading import simulated_demo  # noqa: E402


def show(profile: cProfile.Profile, title: str, top: int) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    print(f"\n===== {title} (cumulative) =====")
    print("\n".join(out.getvalue().splitlines()[:top + 12]))
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print(f"\n===== {title} (own time) =====")
    print("\n".join(out.getvalue().splitlines()[:top + 12]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=250)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with simulated_demo(args.count) as (ctx, env, root):
        os.environ.update(env)
        from casebook.workshop import bulk, commands

        parent = cProfile.Profile()
        start, cpu = time.perf_counter(), time.process_time()
        parent.enable()
        report = commands.grade(ctx, workers=1)
        commands.export(ctx)
        parent.disable()
        print(f"{args.count} apprenants : grade + export {time.perf_counter() - start:.1f} s, "
              f"CPU du parent {time.process_time() - cpu:.1f} s, {len(report.graded)} corrigés, "
              f"{len(report.failed)} en échec ; charge {os.getloadavg()[0]:.1f}")
        show(parent, "processus parent (grade + export, 1 worker)", args.top)
        # One worker's work, in this process, on the same learners (forced: nothing skipped).
        worker = cProfile.Profile()
        cwd = os.getcwd()
        start, cpu = time.perf_counter(), time.process_time()
        worker.enable()
        bulk.profile_worker(ctx, ctx.submitted_students())
        worker.disable()
        os.chdir(cwd)
        print(f"\ntravail d'un worker, {args.count} apprenants : {time.perf_counter() - start:.1f} s, "
              f"CPU {time.process_time() - cpu:.1f} s")
        show(worker, "travail du worker", args.top)


if __name__ == "__main__":
    main()
