"""Site speed: cold build, rebuild after editing one case, a case page's first load, the player.

Works on a copy of the project in a temporary folder (the repository is not touched).
Both builds are timed twice: with plain ``jupyter-book`` and with the launcher that
``make book`` uses (:mod:`casebook.site.jupyter_book_launcher`).
The player (case pages played in the browser): bytes it adds to a case page (script, styles,
embedded data) and the time from a click on « Valider » to the feedback drawn, in Chromium.
``--baseline REF`` also builds the site of git revision REF cold, the same way, and prints the
ratio (the machine's load varies: compare runs made one after the other).
Targets: rebuild ≤ 15 % of the cold build; first load of a case page ≤ 1 MB (images excluded);
player ≤ 60 kB per case page; « Valider » → feedback ≤ 50 ms; cold build ≤ +10 % of REF's.
Run: .venv/bin/python bench/bench_site.py [--baseline REF]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from casebook.site.build import jupyter_book_command  # noqa: E402

COPY = ["cases", "registry", "book", "notebooks", "_vendor", "_config.yml", "_toc.yml"]


PLAIN = [str(Path(sys.executable).parent / "jupyter-book")]
LAUNCHER = jupyter_book_command()  # what ``make book`` runs


CPU: dict[str, float] = {}
"""CPU seconds (user + system, the build and the kernels it ran) of the last build, by label."""


def jb(root: Path, env: dict, *extra: str, command: list[str] = LAUNCHER, label: str = "") -> float:
    """Wall time of one build; its CPU time goes to ``CPU[label]`` (steadier on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([*command, "build", *extra, str(root)],
                            cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[label] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit("échec de la construction")
    return elapsed


def first_load_bytes(site: Path, page: str) -> tuple[int, int, int]:
    from browser import first_load, launch, static_server
    from playwright.sync_api import sync_playwright

    with static_server(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        loaded = first_load(browser.new_page(), base_url, site, page)
        browser.close()
    return loaded["bytes"], loaded["image_bytes"], loaded["requests"]


def player_weight(site: Path) -> tuple[int, str]:
    """Bytes the player adds to the heaviest case page: script + styles + embedded data."""
    static = (site / "_static" / "js" / "casebook-player.js").stat().st_size + \
        (site / "_static" / "css" / "casebook-player.css").stat().st_size
    heaviest, name = 0, ""
    for page in (site / "book" / "_generated" / "cas" / "pages").glob("*.html"):
        data = re.search(r'<script type="application/json" id="cb-data">.*?</script>',
                         page.read_text(encoding="utf-8"), re.S).group(0)
        if len(data.encode()) > heaviest:
            heaviest, name = len(data.encode()), page.name
    return static + heaviest, name


FEEDBACK_TIMING = """async ([caseId, stepId]) => {
  const section = document.querySelector(`section[data-step="${stepId}"]`);
  section.querySelector(`input[name="cb-${caseId}-${stepId}"]`).click();
  const button = section.querySelector('button[type=submit]');
  const feedback = section.querySelector('.cb-feedback');
  const start = performance.now();
  button.click();
  const handled = performance.now();
  if (feedback.hidden || !feedback.textContent) throw new Error('pas de retour affiché');
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return [handled - start, performance.now() - start];
}"""


def feedback_times(site: Path, page_path: str, runs: int = 30) -> tuple[list[float], list[float]]:
    """« Valider » → feedback in the DOM, and → the next frame drawn (ms), ``runs`` times in Chromium."""
    from browser import launch, static_server
    from playwright.sync_api import sync_playwright

    case_id = Path(page_path).stem
    handled, drawn = [], []
    with static_server(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{base_url}/{page_path}")
        page.wait_for_selector("#cb-player:not([hidden])")
        step_id = page.get_attribute(".cb-play-step", "data-step")
        for _ in range(runs):
            in_dom, on_screen = page.evaluate(FEEDBACK_TIMING, [case_id, step_id])
            handled.append(in_dom)
            drawn.append(on_screen)
            page.click(".cb-player button:has-text('Recommencer')")
        browser.close()
    return handled, drawn


def copy_project(source: Path, root: Path) -> None:
    root.mkdir()
    for name in COPY:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name, ignore=shutil.ignore_patterns("_generated", ".casebook"))
        elif (source / name).exists():
            shutil.copy(source / name, root / name)


def baseline_cold_build(ref: str, tmp: Path) -> float:
    """Cold build (launcher) of git revision ``ref``, with that revision's own ``casebook`` package."""
    snapshot = tmp / "reference"
    snapshot.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(snapshot)], input=archive, check=True)
    root = tmp / "projet-reference"
    copy_project(snapshot, root)
    env = dict(os.environ, CASEBOOK_ROOT=str(root), CASEBOOK_STORE=str(tmp / "r0.json"),
               PYTHONPATH=f"{snapshot}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return jb(root, env, "--all", label="reference")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", help="révision git à comparer (construction à froid)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "projet"
        copy_project(ROOT, root)
        env = dict(os.environ, CASEBOOK_ROOT=str(root), CASEBOOK_STORE=str(Path(tmp) / "r.json"),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
        import yaml

        case_file = sorted((root / "cases").glob("*.yml"))[0]

        def edit_case(mark: str) -> None:
            data = yaml.safe_load(case_file.read_text(encoding="utf-8"))
            data["context"] = f"{mark} " + data["context"]
            case_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

        plain_cold = jb(root, env, "--all", command=PLAIN)
        edit_case("Mise à jour.")
        plain_warm = jb(root, env, command=PLAIN)
        shutil.rmtree(root / "_build")
        cold = jb(root, env, "--all", label="cold")
        edit_case("Seconde mise à jour.")
        warm = jb(root, env)
        site = root / "_build" / "html"
        page = next((site / "book" / "_generated" / "cas" / "pages").glob("*.html")).relative_to(site)
        other, images, count = first_load_bytes(site, page.as_posix())
        pages = len(list(site.rglob("*.html")))
        print(f"construction à froid ({pages} pages HTML) : {cold:.1f} s, {CPU['cold']:.1f} s de CPU "
              f"(jupyter-book sans le lanceur : {plain_cold:.1f} s)")
        print(f"reconstruction après modification d'un cas : {warm:.1f} s ({warm / cold * 100:.0f} % du froid, "
              f"cible ≤ 15 %) ; sans le lanceur : {plain_warm:.1f} s ({plain_warm / plain_cold * 100:.0f} %)")
        print(f"premier chargement d'une page de cas ({page}) : {other / 1e6:.2f} Mo hors images "
              f"(+ {images / 1e3:.0f} ko d'images), {count} requêtes — cible ≤ 1 Mo")
        added, heaviest = player_weight(site)
        print(f"lecteur ajouté à une page de cas (script + styles + données, page la plus lourde : {heaviest}) : "
              f"{added / 1e3:.1f} ko non compressés — cible ≤ 60 ko")
        handled, drawn = feedback_times(site, page.as_posix())
        print(f"« Valider » → retour affiché, {len(drawn)} essais dans Chromium : médiane {statistics.median(drawn):.1f} ms, "
              f"max {max(drawn):.1f} ms jusqu'à l'image suivante (dont traitement du clic : médiane "
              f"{statistics.median(handled):.1f} ms) — cible ≤ 50 ms")
        if args.baseline:
            # Reference then this tree again, one after the other; CPU time is compared, as wall time
            # swings with the other jobs of a shared machine.
            reference = baseline_cold_build(args.baseline, Path(tmp))
            shutil.rmtree(root / "_build")
            again = jb(root, env, "--all", label="again")
            ours = min(CPU["cold"], CPU["again"])
            print(f"construction à froid, temps CPU : {args.baseline} {CPU['reference']:.1f} s, celle-ci "
                  f"{ours:.1f} s ({(ours / CPU['reference'] - 1) * 100:+.0f} %, cible ≤ +10 %) ; temps écoulé : "
                  f"{reference:.1f} s contre {cold:.1f} s puis {again:.1f} s")


if __name__ == "__main__":
    main()
