"""``casebook evaluation …`` and ``casebook attestation …`` (messages in French)."""

from __future__ import annotations

import sys
from pathlib import Path

from casebook.core.errors import DataError


def _root(args) -> Path | None:
    return Path(args.root).resolve() if args.root else None


def _guard(func):
    def wrapper(args):
        from casebook.analytics.attestation import AttestationError
        from casebook.workshop.definition import WorkshopError

        try:
            return func(args)
        except (WorkshopError, AttestationError) as exc:
            print(f"Erreur : {exc}", file=sys.stderr)
            return 1
        except DataError as exc:
            print(f"Erreur dans les données :\n{exc}", file=sys.stderr)
            return 1
    return wrapper


# --- evaluation -------------------------------------------------------------------


@_guard
def cmd_evaluation_check(args) -> int:
    from casebook.learner.evaluation import check_forms
    from casebook.core.load import Project

    problems = check_forms(Project.load(_root(args)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("Tests de positionnement et d'évaluation finale : formes parallèles valides, aucun item commun.")
    return 0


def workshop_scores(name: str, root: Path | None):
    """Per learner and principle, the points of one graded workshop (from nbgrader's gradebook)."""
    from casebook.learner.evaluation import scores_from_principle_rows
    from casebook.workshop.commands import Context, gradebook_rows, principle_rows

    ctx = Context.open(name, root)
    rows = [r for r in gradebook_rows(ctx) if r.submitted]
    return ctx, rows, scores_from_principle_rows(principle_rows(rows))


@_guard
def cmd_evaluation_report(args) -> int:
    from casebook.analytics.classroom import pseudonyms
    from casebook.analytics.attestation import course_secret
    from casebook.learner.evaluation import POST, PRE, gain_report, report_to_json, write_gain_report

    ctx, pre_rows, pre = workshop_scores(PRE, _root(args))
    _ctx, post_rows, post = workshop_scores(POST, _root(args))
    report = gain_report(pre, post)
    if not report.learners:
        print("Erreur : aucun apprenant n'a de copie corrigée aux deux tests (positionnement et "
              "evaluation-finale).", file=sys.stderr)
        return 1
    everyone = {r.student_id: r for r in pre_rows + post_rows}
    names = ({s: (f"{r.first_name} {r.last_name}".strip() or s) for s, r in everyone.items()} if args.noms
             else pseudonyms(sorted(everyone), course_secret(ctx.grading)))
    out = ctx.grading / "exports" / "evaluation-gain"
    files = write_gain_report(report, out, names, {p: v.name for p, v in ctx.project.principles.items()})
    if args.json:
        print(report_to_json(report))
    s = report.overall
    print(f"{s.n} apprenant(s) aux deux tests : positionnement {s.pre_mean:.0f} %, finale {s.post_mean:.0f} %, "
          f"gain de classe g = {s.class_gain:+.2f}, gain individuel moyen {s.mean_gain:+.2f} "
          f"(écart-type {s.sd_gain:.2f}).")
    for kind, path in files.items():
        print(f"{kind} : {path}")
    return 0


# --- attestation ------------------------------------------------------------------


def _gradebook_labs(ctx, students: list[str]) -> dict[str, list[str]]:
    from nbgrader.api import Gradebook, MissingEntry

    from casebook.core.framework import LABS
    from casebook.workshop.commands import nbgrader_api

    api = nbgrader_api(ctx.grading)
    done: dict[str, list[str]] = {s: [] for s in students}
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for lab in LABS:
            for student in students:
                try:
                    gb.find_submission(lab, student)
                except MissingEntry:
                    continue
                done[student].append(lab)
    return done


def instructor_records(workshops: list[str], root: Path | None, pseudonymise: bool):
    """Learner records from the gradebook: the course workshops, plus the two tests when graded."""
    from casebook.analytics import classroom as analytics
    from casebook.analytics.attestation import LearnerRecord, course_secret
    from casebook.learner.evaluation import POST, PRE
    from casebook.workshop.definition import WorkshopError

    records: dict[str, LearnerRecord] = {}
    context = None
    for name in workshops:
        ctx, rows, scores = workshop_scores(name, root)
        context = ctx
        answers, _problems = analytics.read_answers(analytics.submission_folders(ctx.grading, ctx.name))
        for row in rows:
            record = records.setdefault(row.student_id, LearnerRecord(
                row.student_id, f"{row.first_name} {row.last_name}".strip() or row.student_id, [], [], {}))
            done = answers.get(row.student_id, {})
            record.cases += [c for c in ctx.workshop.cases if done.get(c) and done[c].choices]
            for principle, (earned, possible) in scores.get(row.student_id, {}).items():
                e, p = record.principle_scores.get(principle, (0.0, 0.0))
                record.principle_scores[principle] = (e + earned, p + possible)
    if context is None:
        raise WorkshopError("indiquez au moins un atelier du cours (--atelier NOM)")
    for form, attr in ((PRE, "pre"), (POST, "post")):
        try:
            _ctx, _rows, scores = workshop_scores(form, root)
        except WorkshopError:
            continue
        for student, by in scores.items():
            if student in records:
                setattr(records[student], attr, by)
    for student, labs in _gradebook_labs(context, sorted(records)).items():
        records[student].labs = labs
    if pseudonymise:
        labels = analytics.pseudonyms(sorted(records), course_secret(context.grading))
        for student, record in records.items():
            record.display_name = labels[student]
    return context, list(records.values())


def self_paced_record(project, name: str, store_path: Path | None):
    from casebook.analytics.attestation import LearnerRecord
    from casebook.learner.evaluation import POST, PRE, self_paced_scores
    from casebook.core.scoring import score
    from casebook.core.store import AnswerStore

    store = AnswerStore.open(store_path)
    record = LearnerRecord("autoformation", name, [], [], {})
    for case in sorted(project.public_cases, key=lambda c: c.id):
        answers = store.get(case.id)
        if not answers or not answers.choices:
            continue
        result = score(case, answers)
        if not result.complete:
            continue
        record.cases.append(case.id)
        for principle, ps in result.by_principle.items():
            e, p = record.principle_scores.get(principle, (0.0, 0.0))
            record.principle_scores[principle] = (e + ps.earned, p + ps.possible)
    forms = self_paced_scores(project, store.cases)
    record.pre, record.post = forms[PRE], forms[POST]
    return record


@_guard
def cmd_attestation(args) -> int:
    from casebook.analytics.attestation import (DEFAULT_THRESHOLD, REGISTER, AttestationError, build_payload, course_secret,
                                      issue, today)
    from casebook.core.framework import load_framework
    from casebook.core.load import Project

    if args.action == "verifier":
        return cmd_verify(args)
    threshold = DEFAULT_THRESHOLD if args.seuil is None else args.seuil
    if not 0 < threshold <= 100:
        raise AttestationError("le seuil doit être un pourcentage entre 0 et 100 (ex. --seuil 80)")
    project = Project.load(_root(args))
    framework, problems = load_framework(project.root)
    if framework is None:
        raise DataError(problems)
    issued_on = args.date or today()
    if args.autoformation:
        if not args.nom:
            raise AttestationError("en autoformation, indiquez votre nom : --nom « Prénom Nom »")
        from casebook.core.store import default_store_path

        store = Path(args.reponses) if args.reponses else default_store_path()
        if not store.exists():
            raise AttestationError(f"aucune réponse enregistrée trouvée ({store}) : faites d'abord des cas")
        records = [self_paced_record(project, args.nom, store)]
        secret_file = store.parent / ".secret-attestation"
        if not secret_file.exists():
            import os

            secret_file.write_text(os.urandom(16).hex(), encoding="utf-8")
        secret = secret_file.read_text(encoding="utf-8").strip()
        out = Path(args.sortie) if args.sortie else Path.cwd()
        register = None
        instructor = "aucun (autoformation)"
        self_declared = True
    else:
        if not args.formateur:
            raise AttestationError("indiquez le formateur qui délivre l'attestation : --formateur « Dr Nom »")
        ctx, records = instructor_records(args.atelier or [], _root(args), args.pseudonymes)
        secret = course_secret(ctx.grading)
        out = Path(args.sortie) if args.sortie else ctx.grading / "exports" / "attestations"
        register = ctx.grading / "exports" / REGISTER
        register.parent.mkdir(parents=True, exist_ok=True)
        instructor = args.formateur
        self_declared = False
    period = args.periode or f"jusqu'au {issued_on}"
    produced = refused = 0
    for record in sorted(records, key=lambda r: r.learner_id):
        payload = build_payload(project, framework, record, threshold=threshold, instructor=instructor,
                                period=period, issued_on=issued_on, self_declared=self_declared)
        result = issue(payload, secret, out, register)
        if result.refused:
            refused += 1
            print(f"{record.display_name} : {result.refused}", file=sys.stderr)
        else:
            produced += 1
            print(f"{record.display_name} : {result.path} (code {result.code})")
    print(f"{produced} attestation(s) produite(s), {refused} refusée(s) sous le seuil de {threshold:.0f} %.")
    return 0 if produced or not refused else 3


@_guard
def cmd_verify(args) -> int:
    from casebook.analytics.attestation import REGISTER, course_secret, verify_code, verify_pdf
    from casebook.workshop.definition import grading_root

    target = args.cible
    grading = grading_root(_root(args))
    if target.lower().endswith(".pdf") or Path(target).exists():
        path = Path(target)
        secret = course_secret(grading)
        if args.reponses:
            secret_file = Path(args.reponses).parent / ".secret-attestation"
            secret = secret_file.read_text(encoding="utf-8").strip() if secret_file.exists() else secret
        verdict = verify_pdf(path, secret)
    else:
        verdict = verify_code(target, grading / "exports" / REGISTER, course_secret(grading))
    print(("OK : " if verdict.ok else "REFUSÉ : ") + verdict.message, file=sys.stdout if verdict.ok else sys.stderr)
    return 0 if verdict.ok else 1


def register(sub) -> None:
    evaluation = sub.add_parser("evaluation", help="tests de positionnement et d'évaluation finale, gain")
    actions = evaluation.add_subparsers(dest="evaluation_command", required=True, metavar="ACTION")
    check = actions.add_parser("verifier", help="vérifier les deux formes parallèles (aucun item commun, barème)")
    check.set_defaults(func=cmd_evaluation_check)
    report = actions.add_parser("rapport", help="gain normalisé (Hake) par principe et par apprenant, graphique")
    report.add_argument("--noms", action="store_true", help="afficher les noms au lieu des pseudonymes")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_evaluation_report)

    attestation = sub.add_parser(
        "attestation", help="attestations PDF par apprenant (au-dessus d'un seuil) ; « verifier » pour contrôler")
    attestation.add_argument("--atelier", action="append", metavar="NOM",
                             help="atelier noté du cours pris en compte (répétable)")
    attestation.add_argument("--formateur", help="nom du formateur qui délivre l'attestation")
    attestation.add_argument("--seuil", type=float, default=None, help="seuil en %% des points (défaut : 80)")
    attestation.add_argument("--periode", help="période de la formation (ex. « du 2 au 30 mars 2027 »)")
    attestation.add_argument("--date", help="date d'édition (défaut : aujourd'hui)")
    attestation.add_argument("--sortie", help="dossier des PDF (défaut : grading/exports/attestations)")
    attestation.add_argument("--pseudonymes", action="store_true", help="pseudonymes au lieu des noms de la liste")
    attestation.add_argument("--autoformation", action="store_true",
                             help="depuis vos réponses locales : attestation AUTODÉCLARÉE")
    attestation.add_argument("--nom", help="votre nom (autoformation)")
    attestation.add_argument("--reponses", help="fichier de réponses local (défaut : .casebook/reponses.json)")
    attestation.set_defaults(func=cmd_attestation, action=None)
    verbs = attestation.add_subparsers(dest="action", metavar="verifier")
    verify = verbs.add_parser("verifier", help="vérifier une attestation : FICHIER.pdf ou CODE")
    verify.add_argument("cible", metavar="FICHIER_OU_CODE")
    verify.add_argument("--reponses", help="autoformation : fichier de réponses local dont vient le secret")
    verify.set_defaults(func=cmd_verify)
