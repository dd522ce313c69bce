"""Grading speed: `casebook workshop grade demo` vs plain serial `nbgrader autograde demo`.

Creates a throw-away course with N simulated learners (default 100) and times
`casebook workshop grade demo` end to end (grading, feedback, exports) in its own
process. Plain nbgrader (serial, nbgrader's default preprocessors: each notebook
executes in a kernel and the graded cells score the answers there) is timed on a
sample of the same submissions (``--sample``, default 50, all of them if N is
smaller) and extrapolated linearly: seconds per learner on the sample × N. The
per-learner, per-principle grades of the sample must be equal.

``--table`` prints the scaling table instead: 100, 300 and 1,000 learners (or the
sizes given after ``--table``) on SQLite and on PostgreSQL. PostgreSQL 15 runs in a
throw-away cluster (initdb as the ``postgres`` system user, in a /tmp folder, on a
free port), stopped and removed at the end even on failure.

Run: .venv/bin/python bench/bench_grading.py [N] [--sample K]
     .venv/bin/python bench/bench_grading.py --table [100 300 1000] [--base sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import socket
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
PG_BIN = Path("/usr/lib/postgresql/15/bin")
BIN = Path(sys.executable).parent


def per_principle(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return {(r["student_id"], r["case_id"], r["principle"]): float(r["points"]) for r in csv.DictReader(handle)}


@contextlib.contextmanager
def simulated_demo(count: int, db_url: str | None = None):
    """A throw-away course with `demo` released and ``count`` simulated submissions."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_course(Path(tmp))
        env = course_env(root, BIN)
        env.pop("CASEBOOK_EXCHANGE", None)
        if db_url:
            env["CASEBOOK_DB_URL"] = db_url
        else:
            env.pop("CASEBOOK_DB_URL", None)
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        try:
            from casebook.workshop import commands
            from casebook.workshop.simulate import simulate_class

            ctx = commands.Context.open("demo", root)
            commands.release(ctx)
            simulate_class(ctx.project, ctx.grading, "demo", ctx.workshop.cases, count)
            write_justifications(ctx)
            yield ctx, env, root
        finally:
            os.environ.clear()
            os.environ.update(saved)


def write_justifications(ctx) -> None:
    """Each simulated learner writes their own justifications: no two notebooks are the same, as in a class."""
    import json

    for n, student in enumerate(ctx.submitted_students()):
        path = ctx.grading / "submitted" / student / "demo" / "demo.ipynb"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for case, cell in enumerate(c for c in notebook["cells"] if "".join(c["source"]).startswith("*Ma justification")):
            cell["source"] = "".join(cell["source"]) + (
                f"Apprenant n° {n}, cas {case + 1} : je ne publie rien sans l'accord écrit du patient ; "
                f"le **secret professionnel** s'applique aussi « entre collègues » ({n * 7 + case})."
            )
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")


def time_grade(root: Path, env: dict) -> tuple[float, float]:
    """Wall time of `casebook workshop grade demo`, and the CPU seconds it and its workers used.

    On a shared machine the wall time depends on the other load; the CPU seconds do not, and
    CPU / cores is the wall time the same run would take on an otherwise idle machine.
    """
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "casebook"), "workshop", "grade", "demo"], cwd=root, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def plain_sample(ctx, env: dict, sample: list[str], tmp: Path) -> tuple[float, float, dict]:
    """Serial `nbgrader autograde` (kernels) on a copy of the course holding only ``sample``."""
    from casebook.workshop import commands

    copy_root = tmp / "cours"
    shutil.copytree(ctx.project.root, copy_root, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if Path(folder).name == "submitted"
                                                  and n not in sample]
                    + [n for n in names if n in ("autograded", "feedback", ".casebook", "exports")
                       or n.startswith("gradebook")])
    env = dict(env, CASEBOOK_ROOT=str(copy_root))
    if env.get("CASEBOOK_DB_URL"):
        raise SystemExit("la comparaison avec nbgrader se fait sur le carnet SQLite (sans CASEBOOK_DB_URL)")
    # A fresh gradebook holding only the assignment (not timed): nbgrader grades the sample from scratch.
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", "demo", "--force"], cwd=copy_root / "grading",
                   env=env, check=True, capture_output=True)
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "nbgrader"), "autograde", "demo", "--force", PLAIN_PREPROCESSORS],
                   cwd=copy_root / "grading", env=env, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        twin = commands.Context.open("demo", copy_root)
        plain = per_principle(commands.export(twin)["principes"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return elapsed, cpu, plain


def compare(count: int, sample_size: int) -> None:
    with simulated_demo(count) as (ctx, env, root):
        ours_time, ours_cpu = time_grade(root, env)
        ours = per_principle(ctx.grading / "exports" / "demo-principes.csv")
        sample = ctx.submitted_students()[:: max(1, count // sample_size)][:sample_size]
        with tempfile.TemporaryDirectory() as tmp:
            plain_time, plain_cpu, plain = plain_sample(ctx, env, sample, Path(tmp))
        plain_total = plain_time / len(sample) * count
        plain_cpu_total = plain_cpu / len(sample) * count
        ours_sample = {k: v for k, v in ours.items() if k[0] in sample}
        equal = ours_sample == plain and {k[0] for k in plain} == set(sample)
        print(f"{count} apprenants, atelier demo ({len(ctx.workshop.cases)} cas), {os.cpu_count()} cœurs, "
              f"charge moyenne {os.getloadavg()[0]:.1f}")
        print(f"casebook workshop grade demo (en bloc, + retours + exports) : {ours_time:.1f} s "
              f"(CPU {ours_cpu:.0f} s, soit {ours_cpu / (os.cpu_count() or 1):.0f} s sur {os.cpu_count()} cœurs libres)")
        print(f"nbgrader autograde demo (série, noyaux), {len(sample)} copies : {plain_time:.1f} s "
              f"→ extrapolé à {count} : {plain_total:.0f} s ({plain_time / len(sample):.2f} s par copie × {count})")
        print(f"  (CPU {plain_cpu:.0f} s → extrapolé à {count} : {plain_cpu_total:.0f} s)")
        print(f"ratio (durées mesurées) : {ours_time / plain_total:.3f} ; ratio (CPU) : {ours_cpu / plain_cpu_total:.3f}")
        print(f"notes identiques par apprenant et par principe (échantillon) : {'oui' if equal else 'NON'} "
              f"({len(plain)} notes comparées)")


# --- PostgreSQL: a throw-away cluster ----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster():
    """PostgreSQL 15 as the `postgres` system user, in /tmp, on a free port; always stopped."""
    folder = Path(tempfile.mkdtemp(prefix="casebook-pg-"))
    folder.chmod(0o755)
    data = folder / "data"
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"]
    shutil.chown(folder, "postgres")
    started = False
    try:
        subprocess.run([*as_postgres, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8"], check=True, capture_output=True)
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on", "start"],
                       check=True, capture_output=True)
        started = True
        yield port, folder
    finally:
        if started:
            subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(port: int, folder: Path, name: str) -> str:
    subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN.parent / "bin" / "createdb"), "-h", str(folder),
                    "-p", str(port), name], check=True, capture_output=True)
    return f"postgresql+psycopg2://postgres@127.0.0.1:{port}/{name}"


def table(sizes: list[int], bases: tuple[str, ...] = ("sqlite", "postgresql")) -> None:
    rows = []
    for size in sizes if "sqlite" in bases else []:
        with simulated_demo(size) as (ctx, env, root):
            rows.append(("SQLite", size, *time_grade(root, env)))
            print(f"SQLite, {size} apprenants : {rows[-1][2]:.1f} s (CPU {rows[-1][3]:.0f} s)", flush=True)
    if "postgresql" in bases:
        with postgres_cluster() as (port, folder):
            for size in sizes:
                url = create_database(port, folder, f"gradebook{size}")
                with simulated_demo(size, url) as (ctx, env, root):
                    rows.append(("PostgreSQL", size, *time_grade(root, env)))
                    print(f"PostgreSQL, {size} apprenants : {rows[-1][2]:.1f} s (CPU {rows[-1][3]:.0f} s)",
                          flush=True)
    cores = os.cpu_count() or 1
    print(f"\n| base | apprenants | durée mesurée (s) | CPU (s) | CPU / {cores} cœurs (s) | CPU / apprenant (s) |")
    print("|---|---|---|---|---|---|")
    for kind, size, seconds, cpu in rows:
        print(f"| {kind} | {size} | {seconds:.1f} | {cpu:.0f} | {cpu / cores:.0f} | {cpu / size:.3f} |")
    print(f"(charge moyenne de la machine pendant la mesure : {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="*", type=int)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--table", action="store_true")
    parser.add_argument("--base", choices=["sqlite", "postgresql"], action="append",
                        help="with --table: only this gradebook (repeatable; default: both)")
    args = parser.parse_args()
    if args.table:
        table(args.count or [100, 300, 1000], tuple(args.base or ("sqlite", "postgresql")))
    else:
        count = (args.count or [100])[0]
        compare(count, min(args.sample, count))


if __name__ == "__main__":
    main()
