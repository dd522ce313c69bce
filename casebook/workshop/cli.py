"""``casebook workshop …``: the instructor's commands (messages in French)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casebook.core.errors import DataError


def _context(args):
    from casebook.workshop.commands import Context

    return Context.open(args.name, Path(args.root).resolve() if args.root else None)


def _run(func):
    def wrapper(args):
        from casebook.workshop.definition import WorkshopError

        try:
            return func(args)
        except WorkshopError as exc:
            print(f"Erreur : {exc}", file=sys.stderr)
            return 1
        except DataError as exc:
            print(f"Erreur dans les données :\n{exc}", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - only the gradebook's connection errors are translated
            if type(exc).__name__ != "OperationalError" or "sqlalchemy" not in type(exc).__module__:
                raise
            print("Erreur : le carnet de notes ne répond pas : vérifiez que le serveur de base de données "
                  f"est démarré, puis relancez la commande (détail : {str(exc).splitlines()[0]}).", file=sys.stderr)
            return 1
    return wrapper


@_run
def cmd_build(args) -> int:
    from casebook.workshop.commands import build

    print(f"Notebook source généré : {build(_context(args))}")
    return 0


@_run
def cmd_release(args) -> int:
    from casebook.workshop.commands import release

    result = release(_context(args))
    print(f"Atelier publié dans {result['release']}")
    if result["exchange"]:
        print(f"… et déposé dans l'échange {result['exchange']}")
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
        print(f"{report.collected} copie(s) ramassée(s) dans l'échange.")
    print(f"{len(report.graded)} copie(s) corrigée(s).")
    for student, reason in sorted(report.failed.items()):
        print(f"  {student} : note 0 — {reason}", file=sys.stderr)
    paths = export(ctx)
    for kind, path in paths.items():
        print(f"Export {kind} : {path}")
    _warn(paths.warnings)
    if release_feedback(ctx):
        print("Retours publiés dans l'échange (les apprenants font « nbgrader fetch_feedback "
              f"{ctx.name} »).")
    return 0


@_run
def cmd_export(args) -> int:
    from casebook.workshop.commands import export

    paths = export(_context(args), scale_to=args.sur)
    for kind, path in paths.items():
        print(f"Export {kind} : {path}")
    _warn(paths.warnings)
    return 0


@_run
def cmd_feedback(args) -> int:
    from casebook.workshop.commands import export, feedback

    ctx = _context(args)
    report = feedback(ctx, workers=args.workers)
    print(f"{len(report.graded)} retour(s) régénéré(s) depuis le carnet de notes dans {ctx.step_root('feedback')}.")
    for student, reason in sorted(report.failed.items()):
        print(f"  {student} : {reason}", file=sys.stderr)
    if ctx.exchange_configured():
        print(f"Retours publiés dans l'échange (« nbgrader fetch_feedback {ctx.name} » côté apprenant).")
    _warn(export(ctx).warnings)
    return 0


@_run
def cmd_formgrader(args) -> int:
    import subprocess

    from casebook.workshop.commands import formgrader_command

    ctx = _context(args)
    argv, env, cwd = formgrader_command(ctx, port=args.port)
    print(f"formgrader démarre sur http://127.0.0.1:{args.port}/formgrader (dossier {cwd}) ; "
          "l'adresse avec le jeton s'affiche ci-dessous ; Ctrl+C pour arrêter.")
    print(f"Après la correction des justifications : « casebook workshop retours {ctx.name} ».")
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
        print(f"  {student} : note 0 — {reason}", file=sys.stderr)
    return 1 if result.mismatches or result.failed else 0


@_run
def cmd_status(args) -> int:
    from casebook.workshop.commands import status

    data = status(_context(args))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"Atelier « {data['atelier']} » — {data['titre']}")
    print(f"  cas : {', '.join(data['cas'])}")
    print(f"  source générée : {'oui' if data['source_generee'] else 'non'} ; publié : "
          f"{'oui' if data['publie'] else 'non'}")
    print(f"  copies rendues : {data['copies_rendues']} ; corrigées : {data['copies_corrigees']} ; "
          f"retours : {data['retours_generes']}")
    if data.get("date_limite"):
        print(f"  date limite : {data['date_limite']}")
    for student, reason in data["problemes"].items():
        print(f"  note 0 — {student} : {reason}")
    for student, text in data["en_attente"].items():
        print(f"  {student} : {text}")
    for student, text in data["retards"].items():
        print(f"  {student} : {text}")
    for student, items in data["elements_ecartes"].items():
        for item in items:
            print(f"  écarté — {student} : {item}")
    for line in data["avertissements"]:
        print(f"  {line}")
    return 0


@_run
def cmd_roster(args) -> int:
    from casebook.workshop.commands import import_roster
    from casebook.workshop.definition import grading_root

    root = Path(args.root).resolve() if args.root else None
    count = import_roster(grading_root(root), Path(args.fichier).resolve())
    print(f"{count} apprenant(s) importé(s) dans le carnet de notes.")
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
        print(f"Graphique {case_id} : {path}")
    for student, reason in result.problems.items():
        print(f"  {student} : {reason}", file=sys.stderr)
    return 0


@_run
def cmd_report(args) -> int:
    from casebook.analytics.classroom import workshop_report as report

    result = report(_context(args), show_names=args.noms)
    print(f"Rapport : {result.html_path}")
    print(f"Exports CSV dans {result.html_path.parent}")
    return 0


def register(sub) -> None:
    workshop = sub.add_parser("workshop", help="ateliers notés avec nbgrader")
    commands = workshop.add_subparsers(dest="workshop_command", required=True, metavar="ACTION")

    def named(name, helptext, func):
        parser = commands.add_parser(name, help=helptext)
        parser.add_argument("name", metavar="NOM", help="nom de l'atelier (grading/workshops/NOM.yml)")
        parser.set_defaults(func=func)
        return parser

    named("build", "générer le notebook source nbgrader depuis les cas", cmd_build)
    named("release", "générer la version apprenant (et la déposer dans l'échange s'il est configuré)",
          cmd_release)
    grade = named("grade", "ramasser (échange), corriger en parallèle, générer les retours, exporter", cmd_grade)
    grade.add_argument("--workers", type=int, default=None, help="processus parallèles (défaut : nombre de cœurs)")
    grade.add_argument("--executer", action="store_true",
                       help="exécuter aussi les notebooks dans un noyau (les notes ne changent pas)")
    grade.add_argument("--delai", type=int, default=None, help="délai maximal par cellule, en secondes")
    exp = named("export", "exporter les notes : CSV nbgrader, import Moodle, CSV par principe", cmd_export)
    exp.add_argument("--sur", type=float, default=None, help="ramener la note sur ce total (ex. 20)")
    fb = named("retours", "régénérer les retours depuis le carnet de notes (après la correction à la main) "
                          "et les publier dans l'échange", cmd_feedback)
    fb.add_argument("--workers", type=int, default=None, help="processus parallèles (défaut : nombre de cœurs)")
    fg = named("formgrader", "ouvrir formgrader sur le cours pour corriger les justifications", cmd_formgrader)
    fg.add_argument("--port", type=int, default=8889)
    rh = named("repetition", "répéter l'atelier avec des apprenants simulés, dans une copie de travail",
               cmd_rehearsal)
    rh.add_argument("--apprenants", type=int, default=10, metavar="N", help="nombre d'apprenants simulés")
    rh.add_argument("--workers", type=int, default=None)
    rh.add_argument("--garder", action="store_true", help="conserver la copie de travail")
    st = named("status", "état de l'atelier", cmd_status)
    st.add_argument("--json", action="store_true")
    deb = named("debrief", "répartition des choix par cas et par étape (sans noyau), avec graphiques", cmd_debrief)
    deb.add_argument("--case", default=None, metavar="ID", help="un seul cas")
    deb.add_argument("--json", action="store_true")
    rep = named("report", "rapport de classe HTML (pseudonymisé) : maîtrise par principe, analyse des items",
                cmd_report)
    rep.add_argument("--noms", action="store_true", help="afficher les noms au lieu des pseudonymes")
    roster = commands.add_parser("roster", help="importer la liste des apprenants (CSV : id, first_name, "
                                                "last_name, email, lms_user_id)")
    roster.add_argument("fichier", metavar="FICHIER")
    roster.set_defaults(func=cmd_roster)
