"""``casebook workshop …``: the instructor's commands (messages in French)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casebook.core.errors import DataError
from casebook.workshop import messages as M


def _context(args):
    from casebook.workshop.commands import Context

    return Context.open(args.name, Path(args.root).resolve() if args.root else None)


def _run(func):
    def wrapper(args):
        from casebook.workshop.definition import WorkshopError

        try:
            return func(args)
        except WorkshopError as exc:
            print(M.CLI_ERROR.format(error=exc), file=sys.stderr)
            return 1
        except DataError as exc:
            print(M.CLI_DATA_ERROR.format(error=exc), file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - only the gradebook's connection errors are translated
            if type(exc).__name__ != "OperationalError" or "sqlalchemy" not in type(exc).__module__:
                raise
            print(M.CLI_GRADEBOOK_DOWN.format(detail=str(exc).splitlines()[0]), file=sys.stderr)
            return 1
    return wrapper


@_run
def cmd_build(args) -> int:
    from casebook.workshop.commands import build

    print(M.CLI_BUILT.format(path=build(_context(args))))
    return 0


@_run
def cmd_release(args) -> int:
    from casebook.workshop.commands import release

    result = release(_context(args))
    print(M.CLI_RELEASED.format(folder=result["release"]))
    if result["exchange"]:
        print(M.CLI_RELEASED_TO_EXCHANGE.format(exchange=result["exchange"]))
    return 0


def _warn(lines) -> None:
    for line in lines:
        print(line, file=sys.stderr)


@_run
def cmd_grade(args) -> int:
    from casebook.workshop.commands import export, grade, release_feedback

    ctx = _context(args)
    report = grade(ctx, workers=args.workers, execute=args.executer, timeout=args.delai)
    if report.collected:
        print(M.CLI_COLLECTED.format(count=report.collected))
    print(M.CLI_GRADED.format(count=len(report.graded)))
    for student, reason in sorted(report.failed.items()):
        print(M.CLI_ZERO_LINE.format(student=student, reason=reason), file=sys.stderr)
    paths = export(ctx)
    for kind, path in paths.items():
        print(M.CLI_EXPORT_LINE.format(kind=kind, path=path))
    _warn(paths.warnings)
    if release_feedback(ctx):
        print(M.CLI_FEEDBACK_PUBLISHED_AFTER_GRADING.format(name=ctx.name))
    return 0


@_run
def cmd_export(args) -> int:
    from casebook.workshop.commands import export

    paths = export(_context(args), scale_to=args.sur)
    for kind, path in paths.items():
        print(M.CLI_EXPORT_LINE.format(kind=kind, path=path))
    _warn(paths.warnings)
    return 0


@_run
def cmd_feedback(args) -> int:
    from casebook.workshop.commands import export, feedback

    ctx = _context(args)
    report = feedback(ctx, workers=args.workers)
    print(M.CLI_FEEDBACK_REGENERATED.format(count=len(report.graded), folder=ctx.step_root('feedback')))
    for student, reason in sorted(report.failed.items()):
        print(M.CLI_LEARNER_LINE.format(student=student, text=reason), file=sys.stderr)
    if ctx.exchange_configured():
        print(M.CLI_FEEDBACK_PUBLISHED.format(name=ctx.name))
    _warn(export(ctx).warnings)
    return 0


@_run
def cmd_formgrader(args) -> int:
    import subprocess

    from casebook.workshop.commands import formgrader_command

    ctx = _context(args)
    argv, env, cwd = formgrader_command(ctx, port=args.port)
    print(M.CLI_FORMGRADER_STARTS.format(port=args.port, folder=cwd))
    print(M.CLI_FORMGRADER_NEXT.format(name=ctx.name))
    try:
        return subprocess.call(argv, env=env, cwd=cwd)
    except KeyboardInterrupt:
        return 0


@_run
def cmd_rehearsal(args) -> int:
    from casebook.workshop.rehearsal import rehearse

    result = rehearse(args.name, args.apprenants, Path(args.root).resolve() if args.root else None,
                      workers=args.workers, keep=args.garder)
    print("\n".join(result.lines))
    for student, reason in sorted(result.failed.items()):
        print(M.CLI_ZERO_LINE.format(student=student, reason=reason), file=sys.stderr)
    return 1 if result.mismatches or result.failed else 0


@_run
def cmd_status(args) -> int:
    from casebook.workshop.commands import status

    data = status(_context(args))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(M.CLI_STATUS_TITLE.format(name=data["atelier"], title=data["titre"]))
    print(M.CLI_STATUS_CASES.format(cases=", ".join(data["cas"])))
    print(M.CLI_STATUS_RELEASE.format(built=M.CLI_YES if data["source_generee"] else M.CLI_NO,
                                      released=M.CLI_YES if data["publie"] else M.CLI_NO))
    print(M.CLI_STATUS_COUNTS.format(submitted=data["copies_rendues"], graded=data["copies_corrigees"],
                                     feedback=data["retours_generes"]))
    if data.get("date_limite"):
        print(M.CLI_STATUS_DUE.format(due=data["date_limite"]))
    for student, reason in data["problemes"].items():
        print(M.CLI_STATUS_ZERO.format(student=student, reason=reason))
    for student, text in data["en_attente"].items():
        print(M.CLI_LEARNER_LINE.format(student=student, text=text))
    for student, text in data["retards"].items():
        print(M.CLI_LEARNER_LINE.format(student=student, text=text))
    for student, items in data["elements_ecartes"].items():
        for item in items:
            print(M.CLI_STATUS_SET_ASIDE.format(student=student, item=item))
    for line in data["avertissements"]:
        print(M.CLI_STATUS_WARNING.format(line=line))
    return 0


@_run
def cmd_roster(args) -> int:
    from casebook.workshop.commands import import_roster
    from casebook.workshop.definition import grading_root

    root = Path(args.root).resolve() if args.root else None
    count = import_roster(grading_root(root), Path(args.fichier).resolve())
    print(M.CLI_ROSTER_IMPORTED.format(count=count))
    return 0


@_run
def cmd_debrief(args) -> int:
    from casebook.analytics.classroom import debrief_summary, to_json, workshop_debrief

    result = workshop_debrief(_context(args), args.case)
    if args.json:
        print(to_json(result))
        return 0
    print(debrief_summary(result))
    for case_id, path in result.figures.items():
        print(M.CLI_DEBRIEF_FIGURE.format(case_id=case_id, path=path))
    for student, reason in result.problems.items():
        print(M.CLI_LEARNER_LINE.format(student=student, text=reason), file=sys.stderr)
    return 0


@_run
def cmd_report(args) -> int:
    from casebook.analytics.classroom import workshop_report as report

    result = report(_context(args), show_names=args.noms)
    print(M.CLI_REPORT.format(path=result.html_path))
    print(M.CLI_REPORT_EXPORTS.format(folder=result.html_path.parent))
    return 0


def register(sub) -> None:
    workshop = sub.add_parser("workshop", help=M.HELP_WORKSHOP)
    commands = workshop.add_subparsers(dest="workshop_command", required=True, metavar="ACTION")

    def named(name, helptext, func):
        parser = commands.add_parser(name, help=helptext)
        parser.add_argument("name", metavar="NOM", help=M.HELP_NAME)
        parser.set_defaults(func=func)
        return parser

    named("build", M.HELP_BUILD, cmd_build)
    named("release", M.HELP_RELEASE, cmd_release)
    grade = named("grade", M.HELP_GRADE, cmd_grade)
    grade.add_argument("--workers", type=int, default=None, help=M.HELP_WORKERS)
    grade.add_argument("--executer", action="store_true", help=M.HELP_EXECUTE)
    grade.add_argument("--delai", type=int, default=None, help=M.HELP_TIMEOUT)
    exp = named("export", M.HELP_EXPORT, cmd_export)
    exp.add_argument("--sur", type=float, default=None, help=M.HELP_SCALE)
    fb = named("retours", M.HELP_FEEDBACK, cmd_feedback)
    fb.add_argument("--workers", type=int, default=None, help=M.HELP_WORKERS)
    fg = named("formgrader", M.HELP_FORMGRADER, cmd_formgrader)
    fg.add_argument("--port", type=int, default=8889)
    rh = named("repetition", M.HELP_REHEARSAL, cmd_rehearsal)
    rh.add_argument("--apprenants", type=int, default=10, metavar="N", help=M.HELP_LEARNERS)
    rh.add_argument("--workers", type=int, default=None)
    rh.add_argument("--garder", action="store_true", help=M.HELP_KEEP)
    st = named("status", M.HELP_STATUS, cmd_status)
    st.add_argument("--json", action="store_true")
    deb = named("debrief", M.HELP_DEBRIEF, cmd_debrief)
    deb.add_argument("--case", default=None, metavar="ID", help=M.HELP_ONE_CASE)
    deb.add_argument("--json", action="store_true")
    rep = named("report", M.HELP_REPORT, cmd_report)
    rep.add_argument("--noms", action="store_true", help=M.HELP_NAMES)
    roster = commands.add_parser("roster", help=M.HELP_ROSTER)
    roster.add_argument("fichier", metavar="FICHIER")
    roster.set_defaults(func=cmd_roster)
