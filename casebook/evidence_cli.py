"""``casebook evaluation …`` and ``casebook attestation …`` (messages in French)."""

from __future__ import annotations

import sys
from pathlib import Path

from casebook import cli_messages as M
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
            print(M.ERROR.format(error=exc), file=sys.stderr)
            return 1
        except DataError as exc:
            print(M.DATA_ERROR.format(error=exc), file=sys.stderr)
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
    print(M.EVALUATION_FORMS_OK)
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
        print(M.EVALUATION_NO_LEARNER, file=sys.stderr)
        return 1
    everyone = {r.student_id: r for r in pre_rows + post_rows}
    names = ({s: (f"{r.first_name} {r.last_name}".strip() or s) for s, r in everyone.items()} if args.noms
             else pseudonyms(sorted(everyone), course_secret(ctx.grading)))
    out = ctx.grading / "exports" / "evaluation-gain"
    files = write_gain_report(report, out, names, {p: v.name for p, v in ctx.project.principles.items()})
    if args.json:
        print(report_to_json(report))
    s = report.overall
    print(M.EVALUATION_SUMMARY.format(count=s.n, pre=s.pre_mean, post=s.post_mean, class_gain=s.class_gain,
                                      mean_gain=s.mean_gain, sd_gain=s.sd_gain))
    for kind, path in files.items():
        print(M.EVALUATION_FILE.format(kind=kind, path=path))
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
        raise WorkshopError(M.ATTESTATION_NO_WORKSHOP)
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
        raise AttestationError(M.ATTESTATION_BAD_THRESHOLD)
    project = Project.load(_root(args))
    framework, problems = load_framework(project.root)
    if framework is None:
        raise DataError(problems)
    issued_on = args.date or today()
    if args.autoformation:
        if not args.nom:
            raise AttestationError(M.ATTESTATION_NAME_MISSING)
        from casebook.core.store import default_store_path

        store = Path(args.reponses) if args.reponses else default_store_path()
        if not store.exists():
            raise AttestationError(M.ATTESTATION_NO_ANSWERS.format(store=store))
        records = [self_paced_record(project, args.nom, store)]
        secret_file = store.parent / ".secret-attestation"
        if not secret_file.exists():
            import os

            secret_file.write_text(os.urandom(16).hex(), encoding="utf-8")
        secret = secret_file.read_text(encoding="utf-8").strip()
        out = Path(args.sortie) if args.sortie else Path.cwd()
        register = None
        instructor = M.ATTESTATION_SELF_PACED_INSTRUCTOR
        self_declared = True
    else:
        if not args.formateur:
            raise AttestationError(M.ATTESTATION_INSTRUCTOR_MISSING)
        ctx, records = instructor_records(args.atelier or [], _root(args), args.pseudonymes)
        secret = course_secret(ctx.grading)
        out = Path(args.sortie) if args.sortie else ctx.grading / "exports" / "attestations"
        register = ctx.grading / "exports" / REGISTER
        register.parent.mkdir(parents=True, exist_ok=True)
        instructor = args.formateur
        self_declared = False
    period = args.periode or M.ATTESTATION_DEFAULT_PERIOD.format(date=issued_on)
    produced = refused = 0
    for record in sorted(records, key=lambda r: r.learner_id):
        payload = build_payload(project, framework, record, threshold=threshold, instructor=instructor,
                                period=period, issued_on=issued_on, self_declared=self_declared)
        result = issue(payload, secret, out, register)
        if result.refused:
            refused += 1
            print(M.ATTESTATION_REFUSED_LINE.format(learner=record.display_name, reason=result.refused),
                  file=sys.stderr)
        else:
            produced += 1
            print(M.ATTESTATION_ISSUED_LINE.format(learner=record.display_name, path=result.path, code=result.code))
    print(M.ATTESTATION_TOTALS.format(produced=produced, refused=refused, threshold=threshold))
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
    shown = M.VERIFY_OK if verdict.ok else M.VERIFY_REFUSED
    print(shown.format(verdict=verdict.message), file=sys.stdout if verdict.ok else sys.stderr)
    return 0 if verdict.ok else 1


def register(sub) -> None:
    evaluation = sub.add_parser("evaluation", help=M.EVALUATION_HELP)
    actions = evaluation.add_subparsers(dest="evaluation_command", required=True, metavar=M.EVALUATION_METAVAR)
    check = actions.add_parser("verifier", help=M.EVALUATION_CHECK_HELP)
    check.set_defaults(func=cmd_evaluation_check)
    report = actions.add_parser("rapport", help=M.EVALUATION_REPORT_HELP)
    report.add_argument("--noms", action="store_true", help=M.EVALUATION_NAMES_HELP)
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_evaluation_report)

    attestation = sub.add_parser("attestation", help=M.ATTESTATION_HELP)
    attestation.add_argument("--atelier", action="append", metavar=M.ATTESTATION_WORKSHOP_METAVAR,
                             help=M.ATTESTATION_WORKSHOP_HELP)
    attestation.add_argument("--formateur", help=M.ATTESTATION_INSTRUCTOR_HELP)
    attestation.add_argument("--seuil", type=float, default=None, help=M.ATTESTATION_THRESHOLD_HELP)
    attestation.add_argument("--periode", help=M.ATTESTATION_PERIOD_HELP)
    attestation.add_argument("--date", help=M.ATTESTATION_DATE_HELP)
    attestation.add_argument("--sortie", help=M.ATTESTATION_OUTPUT_HELP)
    attestation.add_argument("--pseudonymes", action="store_true", help=M.ATTESTATION_PSEUDONYMS_HELP)
    attestation.add_argument("--autoformation", action="store_true", help=M.ATTESTATION_SELF_PACED_HELP)
    attestation.add_argument("--nom", help=M.ATTESTATION_NAME_HELP)
    attestation.add_argument("--reponses", help=M.ATTESTATION_ANSWERS_HELP)
    attestation.set_defaults(func=cmd_attestation, action=None)
    verbs = attestation.add_subparsers(dest="action", metavar="verifier")
    verify = verbs.add_parser("verifier", help=M.VERIFY_HELP)
    verify.add_argument("cible", metavar=M.VERIFY_TARGET_METAVAR)
    verify.add_argument("--reponses", help=M.VERIFY_ANSWERS_HELP)
    verify.set_defaults(func=cmd_verify)
