"""Site speed: cold build, rebuild after editing one case, bytes of a case page's first load.

Works on a copy of the project in a temporary folder (the repository is not touched).
Both builds are timed twice: with plain ``jupyter-book`` and with the launcher that
``make book`` uses (:mod:`casebook.jupyter_book_launcher`).
Targets: rebuild ≤ 15 % of the cold build; first load of a case page ≤ 1 MB (images excluded).
Run: .venv/bin/python bench/bench_site.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from casebook.site import jupyter_book_command  # noqa: E402

COPY = ["cases", "registry", "book", "notebooks", "_vendor", "_config.yml", "_toc.yml"]


PLAIN = [str(Path(sys.executable).parent / "jupyter-book")]
LAUNCHER = jupyter_book_command()  # what ``make book`` runs


def jb(root: Path, env: dict, *extra: str, command: list[str] = LAUNCHER) -> float:
    start = time.perf_counter()
    result = subprocess.run([*command, "build", *extra, str(root)],
                            cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "projet"
        root.mkdir()
        for name in COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("_generated", ".casebook"))
            else:
                shutil.copy(source, root / name)
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
        cold = jb(root, env, "--all")
        edit_case("Seconde mise à jour.")
        warm = jb(root, env)
        site = root / "_build" / "html"
        page = next((site / "book" / "_generated" / "cas" / "pages").glob("*.html")).relative_to(site)
        other, images, count = first_load_bytes(site, page.as_posix())
        pages = len(list(site.rglob("*.html")))
        print(f"construction à froid ({pages} pages HTML) : {cold:.1f} s "
              f"(jupyter-book sans le lanceur : {plain_cold:.1f} s)")
        print(f"reconstruction après modification d'un cas : {warm:.1f} s ({warm / cold * 100:.0f} % du froid, "
              f"cible ≤ 15 %) ; sans le lanceur : {plain_warm:.1f} s ({plain_warm / plain_cold * 100:.0f} %)")
        print(f"premier chargement d'une page de cas ({page}) : {other / 1e6:.2f} Mo hors images "
              f"(+ {images / 1e3:.0f} ko d'images), {count} requêtes — cible ≤ 1 Mo")


if __name__ == "__main__":
    main()
