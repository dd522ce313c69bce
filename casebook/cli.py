"""The ``casebook`` command (messages in French).

Sub-commands are small functions registered in :func:`build_parser`; heavy
layers (nbgrader, matplotlib) are imported inside the commands that need them,
so ``casebook check`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from casebook import cli_messages as M
from casebook.core import paths


def _load(root: Path | None, targets: list[Path] | None = None):
    from casebook.core.load import load_project
    from casebook.core.validate import check_project

    project, report = load_project(root, targets)
    report.extend(check_project(project))
    if not targets:
        from casebook.core.framework import check_framework

        report.extend(check_framework(project))
        from casebook.learner.evaluation import EVALUATION_DIR, check_forms

        if (project.root / EVALUATION_DIR).is_dir():
            report.extend(check_forms(project))
    return project, report


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else None
    targets = [Path(t) for t in args.paths] or None
    missing = [t for t in targets or [] if not t.exists()]
    if missing:
        for target in missing:
            print(M.CHECK_NOT_FOUND.format(target=target), file=sys.stderr)
        return 2
    project, report = _load(root, targets)
    if args.json:
        print(json.dumps({"ok": report.ok, "cases": len(project.cases),
                          "problems": [p.as_dict() for p in report.problems]}, ensure_ascii=False, indent=2))
    elif report.ok:
        print(M.CHECK_OK.format(cases=len(project.cases), principles=len(project.principles),
                                references=len(project.references)))
    else:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        count = len(report.problems)
        errors = M.CHECK_ERRORS_MANY if count > 1 else M.CHECK_ERRORS_ONE
        print("\n" + errors.format(count=count), file=sys.stderr)
    return 0 if report.ok else 1


def _case_rows(project) -> list[dict]:
    rows = []
    for case in sorted(project.cases.values(), key=lambda c: c.id):
        rows.append({
            "id": case.id,
            "title": case.title,
            "professions": [p.value for p in case.professions],
            "principles": list(case.principles),
            "visibility": case.visibility.value,
            "steps": len(case.steps),
            "platform": case.platform,
            "theme": case.theme.value,
            "ai": case.ai,
            "duration_minutes": case.duration_minutes,
        })
    return rows


def _require_valid(root):
    project, report = _load(root)
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print("\n" + M.DATA_HAS_ERRORS, file=sys.stderr)
        raise SystemExit(1)
    return project


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    project = _require_valid(Path(args.root).resolve() if args.root else None)
    rows = _case_rows(project)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = [[r["id"], r["title"][:48], ", ".join(r["professions"]), " ".join(r["principles"]),
              r["visibility"], str(r["steps"])] for r in rows]
    print(_table(list(M.LIST_COLUMNS), table))
    print("\n" + M.LIST_COUNT.format(count=len(rows)))
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from casebook.core.coverage import coverage

    project = _require_valid(Path(args.root).resolve() if args.root else None)
    data = coverage(project)
    hours = _framework_hours(project)
    if args.json:
        if hours:
            data = dict(data, framework=hours)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    principles = list(data["by_principle"])
    rows = [[case_id] + ["●" if p in used else "·" for p in principles]
            for case_id, used in data["matrix"].items()]
    print(_table([M.COVERAGE_CASE_COLUMN] + principles, rows))
    print()
    print(_table(list(M.COVERAGE_PRINCIPLE_COLUMNS), [[p, str(n)] for p, n in data["by_principle"].items()]))
    print()
    print(_table(list(M.COVERAGE_PROFESSION_COLUMNS), [[p, str(n)] for p, n in data["by_profession"].items()]))
    print()
    print(M.COVERAGE_SUMMARY.format(cases=data["cases"], public=data["public_cases"],
                                    workshop=data["workshop_cases"], ai=data["ai_cases"],
                                    branching=data["branching_cases"], multiple=data["multiple_choice_cases"],
                                    platforms=data["platforms"]))
    if hours:
        print()
        print(M.COVERAGE_HOURS_TITLE.format(reference=hours["reference"]))
        print(_table(list(M.COVERAGE_HOURS_COLUMNS),
                     [[d["domain"], d["title"], _fr(d["hours"]), _fr(d["hours_chapters"]), _fr(d["hours_cases"]),
                       _fr(d["hours_labs"])] for d in hours["domains"]]))
        print(M.COVERAGE_HOURS_TOTAL.format(hours=_fr(hours["total_hours"]), method=hours["method"]))
    return 0


def _fr(hours: float) -> str:
    return f"{hours:.1f}".replace(".", ",")


def _framework_hours(project) -> dict | None:
    from casebook.core.framework import framework_path, hours_by_domain, load_framework

    if not framework_path(project.root).exists():
        return None
    framework, _problems = load_framework(project.root)
    return hours_by_domain(project, framework) if framework else None


def cmd_notebooks(args: argparse.Namespace) -> int:
    from casebook.learner.notebooks import write_notebooks

    project = _require_valid(Path(args.root).resolve() if args.root else None)
    stale = write_notebooks(project, check=args.check)
    if args.check:
        if stale:
            print(M.NOTEBOOKS_STALE.format(names=", ".join(stale)), file=sys.stderr)
            return 1
        print(M.NOTEBOOKS_UP_TO_DATE)
        return 0
    print(M.NOTEBOOKS_WRITTEN.format(count=len(stale), names=", ".join(stale) or M.NOTEBOOKS_NO_CHANGE))
    return 0


def cmd_labs(args: argparse.Namespace) -> int:
    from casebook.labs.build import write_sources
    from casebook.workshop.definition import grading_root

    for path in write_sources(grading_root(Path(args.root).resolve() if args.root else None)):
        print(M.LAB_SOURCE_WRITTEN.format(path=path))
    return 0


def cmd_items(args: argparse.Namespace) -> int:
    """Audit the cases as assessment items (see :mod:`casebook.core.items`)."""
    from casebook.core.items import audit, format_report

    root = Path(args.root).resolve() if args.root else None
    targets = [Path(t) for t in args.paths] or None
    project, report = _load(root, targets)
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print("\n" + M.ITEMS_FIX_FIRST, file=sys.stderr)
        return 2
    result = audit(list(project.cases.values()))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(result, per_step=args.etapes))
    return 1 if result.failures() else 0


def _import_destination(args: argparse.Namespace) -> Path:
    """Where JupyterLab's notebooks keep their answers: ``--store``, ``$CASEBOOK_STORE``, else
    ``notebooks/.casebook/reponses.json`` in the project (the notebooks run in ``notebooks/``)."""
    import os

    from casebook.core.store import DEFAULT_NAME, PRACTICE_FOLDER

    if args.store:
        return Path(args.store)
    if os.environ.get("CASEBOOK_STORE"):
        return Path(os.environ["CASEBOOK_STORE"])
    root = Path(args.root).resolve() if args.root else paths.project_root()
    return root / "notebooks" / PRACTICE_FOLDER / DEFAULT_NAME


def _adopt_seed(source: Path, destination: Path) -> None:
    """Keep the site's option order in JupyterLab: the exported seed becomes the store's, unless one exists."""
    from casebook.core.order import SEED_FILE

    try:
        seed = json.loads(source.read_text(encoding="utf-8")).get("seed")
    except (OSError, ValueError, AttributeError):
        return
    target = destination.parent / SEED_FILE
    if isinstance(seed, str) and 8 <= len(seed) <= 64 and seed.isalnum() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(seed + "\n", encoding="utf-8")


def cmd_import(args: argparse.Namespace) -> int:
    """Add the answers exported from the site (« Exporter mes réponses ») to the JupyterLab store."""
    from casebook.core.store import AnswerStore, StoreError, read_store_file

    source = Path(args.fichier)
    if not source.is_file():
        print(M.IMPORT_FILE_NOT_FOUND.format(source=source), file=sys.stderr)
        return 2
    try:
        imported = read_store_file(source)
    except StoreError as exc:
        print(M.IMPORT_REFUSED.format(source=source, reason=exc), file=sys.stderr)
        return 1
    project = _require_valid(Path(args.root).resolve() if args.root else None)
    public = {case.id for case in project.public_cases}
    destination = _import_destination(args)
    store = AnswerStore.open(destination)
    if store.notice:
        print(store.notice, file=sys.stderr)
    added, replaced, kept, same = [], [], [], []
    for case_id in sorted(set(imported) & public):
        answers, current = imported[case_id], store.get(case_id)
        if current == answers:
            same.append(case_id)
        elif current is not None and not args.remplacer:
            kept.append(case_id)
        else:
            (replaced if current is not None else added).append(case_id)
            store.put(case_id, answers)
    _adopt_seed(source, destination)
    print(M.IMPORT_DONE.format(destination=destination, added=len(added), replaced=len(replaced), same=len(same)))
    if kept:
        print(M.IMPORT_KEPT.format(count=len(kept), cases=", ".join(kept)))
    unknown = sorted(set(imported) - public)
    if unknown:
        print(M.IMPORT_UNKNOWN.format(count=len(unknown), cases=", ".join(unknown)), file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description=M.DESCRIPTION)
    parser.add_argument("--root", help=M.ROOT_HELP.format(root=paths.project_root()))
    sub = parser.add_subparsers(dest="command", required=True, metavar=M.COMMAND_METAVAR)

    check = sub.add_parser("check", help=M.CHECK_HELP)
    check.add_argument("paths", nargs="*", help=M.CHECK_PATHS_HELP)
    check.add_argument("--json", action="store_true", help=M.JSON_HELP)
    check.set_defaults(func=cmd_check)

    listing = sub.add_parser("list", help=M.LIST_HELP)
    listing.add_argument("--json", action="store_true", help=M.JSON_HELP)
    listing.set_defaults(func=cmd_list)

    cov = sub.add_parser("coverage", help=M.COVERAGE_HELP)
    cov.add_argument("--json", action="store_true", help=M.JSON_HELP)
    cov.set_defaults(func=cmd_coverage)

    items = sub.add_parser("items", help=M.ITEMS_HELP)
    items.add_argument("paths", nargs="*", help=M.ITEMS_PATHS_HELP)
    items.add_argument("--json", action="store_true", help=M.JSON_HELP)
    items.add_argument("--etapes", action="store_true", help=M.ITEMS_STEPS_HELP)
    items.set_defaults(func=cmd_items)

    notebooks = sub.add_parser("notebooks", help=M.NOTEBOOKS_HELP)
    notebooks.add_argument("--check", action="store_true", help=M.NOTEBOOKS_CHECK_HELP)
    notebooks.set_defaults(func=cmd_notebooks)

    labs = sub.add_parser("labs", help=M.LABS_HELP)
    labs.set_defaults(func=cmd_labs)

    importing = sub.add_parser("import", help=M.IMPORT_HELP)
    importing.add_argument("fichier", help=M.IMPORT_FILE_HELP)
    importing.add_argument("--store", help=M.IMPORT_STORE_HELP)
    importing.add_argument("--remplacer", action="store_true", help=M.IMPORT_REPLACE_HELP)
    importing.set_defaults(func=cmd_import)

    from casebook.workshop.cli import register as register_workshop

    register_workshop(sub)
    from casebook.evidence_cli import register as register_evidence

    register_evidence(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        print(M.INTERRUPTED, file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``casebook coverage --json | head -1``): stop quietly, like other
        # Unix tools. Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
