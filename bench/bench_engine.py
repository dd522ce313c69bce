"""Engine speed: `import casebook`, and loading + validating 1,000 generated cases.

Targets (issue 2): import ≤ 100 ms without pandas/matplotlib/ipywidgets;
1,000 cases loaded and validated in ≤ 2 s. Prints figures; asserts nothing.
Run: .venv/bin/python bench/bench_engine.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "matplotlib", "ipywidgets", "pydantic")


def import_time(module: str, runs: int = 7) -> tuple[float, list[str]]:
    code = (
        "import time, sys; t = time.perf_counter(); import {m}; d = time.perf_counter() - t; "
        "print(d); print(','.join(h for h in {heavy!r} if h in sys.modules))"
    ).format(m=module, heavy=HEAVY)
    times, loaded = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
        times.append(float(out[0]))
        loaded = [h for h in out[1].split(",") if h]
    return statistics.median(times) * 1000, loaded


def generate(target: Path, count: int) -> None:
    sources = sorted((ROOT / "cases").glob("*.yml"))
    shutil.copytree(ROOT / "registry", target / "registry")
    (target / "cases").mkdir()
    for n in range(count):
        data = yaml.safe_load(sources[n % len(sources)].read_text(encoding="utf-8"))
        data["id"] = f"{data['id']}-{n:04d}"
        (target / "cases" / f"{data['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    for module in ("casebook", "casebook.core.scoring", "casebook.core.validate"):
        ms, loaded = import_time(module)
        print(f"import {module:<20} {ms:7.1f} ms (médiane de 7)  modules lourds chargés : {', '.join(loaded) or 'aucun'}")

    from casebook.core.load import load_project
    from casebook.core.validate import check_project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, 1000)
        size = sum(p.stat().st_size for p in (root / "cases").iterdir()) / 1e6
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            project, report = load_project(root)
            report.extend(check_project(project))
            runs.append(time.perf_counter() - start)
        assert report.ok, str(report)[:2000]
        print(f"1000 cas ({size:.1f} Mo de YAML) chargés et validés : "
              f"{min(runs):.2f} s (meilleur de 3), {statistics.median(runs):.2f} s (médiane) — cible ≤ 2 s")


if __name__ == "__main__":
    main()
