"""Instructor commands for a workshop, on top of nbgrader's own API.

Everything runs inside ``grading/`` with the course's ``nbgrader_config.py``.
Grading is parallel: each worker process builds its own nbgrader API and
autogrades one learner at a time; SQLite is opened with a busy timeout so
concurrent writes wait instead of failing. By default no learner code is
executed (grades come from the recorded answers, see
:mod:`casebook.workshop.nbgrader_plugins`); ``execute=True`` runs the notebooks
in kernels first, with nbgrader's timeouts.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from casebook.core.load import Project
from casebook.workshop import messages as M
from casebook.workshop.answers import JUSTIFICATION, parse_grade_id
from casebook.workshop.build import build_source
from casebook.workshop.gradebook import (EXPORTS, EXTERNAL_SCRIPT, LearnerGrades, alembic_on_path, course_directory,
                                         failures_path, nbgrader_api, read_failures, step_path, step_root,
                                         venv_env, workshop_assignment, write_failures)
from casebook.workshop.definition import Workshop, WorkshopError, grading_root, load_workshop



def _progress(iterable, total: int, desc: str):
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=M.PROGRESS_UNIT, file=sys.stderr,
                disable=os.environ.get("CASEBOOK_NO_PROGRESS") == "1")


@dataclass
class Context:
    project: Project
    workshop: Workshop
    grading: Path

    @classmethod
    def open(cls, name: str, root: Path | None = None) -> "Context":
        from casebook.learner.evaluation import grading_project

        project = grading_project(root)  # the casebook plus the evaluation items (evaluation/)
        return cls(project, load_workshop(name, project), grading_root(project.root))

    @property
    def name(self) -> str:
        return self.workshop.name

    @cached_property
    def coursedir(self):
        """nbgrader's own view of the course's folders (its configured ``directory_structure``)."""
        return course_directory(self.grading)

    def path(self, step: str, student: str = ".") -> Path:
        """``<step>/<student>/<workshop>`` as nbgrader lays it out (``student`` is ``.`` for source
        and release); every grading folder is found through here, never by joining names."""
        return step_path(self.grading, step, student, self.name, self.coursedir)

    def step_root(self, step: str) -> Path:
        """The folder of one nbgrader step for every learner (``submitted/``, ``feedback/``…)."""
        return step_root(self.grading, step, self.coursedir)

    def folder(self, kind: str) -> Path:
        return self.path(kind) if kind in ("source", "release") else self.step_root(kind)

    def submitted_students(self) -> list[str]:
        base = self.step_root("submitted")
        if not base.exists():
            return []
        from casebook.workshop.gate import learner_id_problem

        return sorted(p.name for p in base.iterdir()
                      if not learner_id_problem(p.name) and not p.is_symlink()
                      and (p / self.name).is_dir() and not (p / self.name).is_symlink())

    def exchange_configured(self) -> bool:
        return bool(os.environ.get("CASEBOOK_EXCHANGE"))


# --- build and release -------------------------------------------------------


def build(ctx: Context) -> Path:
    return build_source(ctx.workshop, ctx.project)


def release(ctx: Context) -> dict:
    notebook = build(ctx)
    api = nbgrader_api(ctx.grading)
    with alembic_on_path():
        result = api.generate_assignment(ctx.name, force=True, create=True)
    if not result["success"]:
        raise WorkshopError(M.NBGRADER_STEP_FAILED.format(step="generate_assignment",
                                                          log=result.get("error") or result["log"]))
    _set_due_date(ctx, api)
    released = {"source": str(notebook), "release": str(ctx.folder("release")), "exchange": None}
    if ctx.exchange_configured():
        outbound = Path(os.environ["CASEBOOK_EXCHANGE"]) / api.coursedir.course_id / "outbound" / ctx.name
        if outbound.exists():  # a new release replaces the previous one
            api.unrelease(ctx.name)
        outcome = api.release_assignment(ctx.name)
        if not outcome["success"]:
            raise WorkshopError(M.NBGRADER_STEP_FAILED.format(step="release_assignment",
                                                              log=outcome.get("error") or outcome["log"]))
        released["exchange"] = os.environ["CASEBOOK_EXCHANGE"]
    return released


def _set_due_date(ctx: Context, api) -> None:
    """The workshop's due date goes into the gradebook, where nbgrader computes lateness from it."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        gb.update_or_create_assignment(ctx.name, duedate=ctx.workshop.due_date_utc())


# --- grading -----------------------------------------------------------------

_WORKER_API = None


def _init_worker(grading: str, execute: bool, timeout: int | None, late_penalty: str = "none") -> None:
    global _WORKER_API
    import warnings

    # nbgrader 0.9 with SQLAlchemy 2 emits harmless "not in session" warnings on every submission.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    os.chdir(grading)
    _WORKER_API = nbgrader_api(Path(grading), execute, timeout, late_penalty)


def _autograde_one(name: str, student: str) -> tuple[str, bool, str]:
    result = _WORKER_API.autograde(name, student, force=True, create=True)
    return student, bool(result["success"]), (result.get("log") or "") + (result.get("error") or "")


def _feedback_one(name: str, student: str) -> tuple[str, bool, str]:
    result = _WORKER_API.generate_feedback(name, student, force=True)
    return student, bool(result["success"]), (result.get("log") or "") + (result.get("error") or "")


@dataclass
class GradeReport:
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    collected: int = 0


_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)): ?(.*)$")


def _failure_reason(log: str) -> str:
    """Why nbgrader failed, in French, from the exception it logged (never its last log line)."""
    if "No submitted file" in log or "No notebooks found" in log:
        return M.NOTEBOOK_MISSING
    if "Invalid timestamp" in log:
        return M.SUBMISSION_TIMESTAMP_UNREADABLE
    causes = []
    for line in log.splitlines():
        match = _EXCEPTION_LINE.match(line.strip())
        if match and match.group(1) not in ("NbGraderException", "SystemExit"):
            causes.append(match.groups())
    if not causes:
        return M.AUTOGRADE_FAILED_UNKNOWN
    name, message = causes[-1]
    if name in M.FAILURE_BY_EXCEPTION:
        return M.FAILURE_BY_EXCEPTION[name]
    return M.AUTOGRADE_FAILED.format(name=name, message=message.strip()[:160])


def _pool(ctx: Context, workers: int, execute: bool, timeout: int | None) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker,
                               initargs=(str(ctx.grading), execute, timeout, ctx.workshop.late_penalty))


def _ensure_gradebook(ctx: Context) -> None:
    """Create/upgrade the gradebook once, before workers open it concurrently.

    Also the check that the gradebook answers at all: a PostgreSQL server that is down
    must stop grading before anything is collected into it, with a sentence, not a traceback.
    """
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import OperationalError

    api = nbgrader_api(ctx.grading)
    try:
        with alembic_on_path(), Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
            gb.find_assignment(ctx.name)
    except OperationalError as exc:
        where = api.coursedir.db_url.split("@")[-1]
        raise WorkshopError(M.GRADEBOOK_DOWN.format(where=where, detail=str(exc.orig).strip().splitlines()[0])) \
            from None


def grade(ctx: Context, workers: int | None = None, execute: bool = False, timeout: int | None = None,
          students: list[str] | None = None) -> GradeReport:
    """Collect (exchange), gate, autograde in parallel, generate feedback; one learner never stops the rest."""
    from casebook.workshop.gate import remove_outputs, run_gate

    report = GradeReport()
    if not (ctx.folder("release") / f"{ctx.name}.ipynb").exists():
        raise WorkshopError(M.WORKSHOP_NOT_RELEASED.format(name=ctx.name))
    _ensure_gradebook(ctx)
    if ctx.exchange_configured():
        api = nbgrader_api(ctx.grading)
        outcome = api.collect(ctx.name, update=True)
        if not outcome["success"]:
            raise WorkshopError(M.NBGRADER_STEP_FAILED.format(step="collect",
                                                              log=outcome.get("error") or outcome.get("log", "")))
        log = outcome.get("log", "")
        report.collected = log.count("Collecting submission") + log.count("Updating submission")
    gate = run_gate(ctx.grading, ctx.name)
    todo = students or sorted(gate)
    if not todo:
        raise WorkshopError(M.NOTHING_TO_GRADE.format(folder=ctx.step_root('submitted'), name=ctx.name))
    gradable = []
    for student in todo:
        result = gate.get(student)
        if result is None:
            report.failed[student] = M.NO_SUBMISSION
            continue
        if result.gradable:
            gradable.append(student)
        else:
            report.failed[student] = result.reason or M.COPY_REFUSED
    # >>> bulk grading (casebook/workshop/bulk.py): the same grades, notebooks and feedback as nbgrader,
    # written in bulk; unchanged submissions are skipped. What it cannot reproduce (kernel execution...)
    # is left in ``gradable`` for nbgrader below.
    from casebook.workshop.bulk import grade_hook
    gradable, bulk_graded = grade_hook(ctx, gradable, report, workers, execute)
    report.graded.extend(bulk_graded)
    # <<< bulk grading
    for student in gradable:
        remove_outputs(ctx.path("autograded", student), ctx.path("feedback", student))
    if gradable:
        workers = max(1, min(workers or os.cpu_count() or 1, len(gradable)))
        with _pool(ctx, workers, execute, timeout) as pool:
            futures = [pool.submit(_autograde_one, ctx.name, s) for s in gradable]
            for future in _progress(as_completed(futures), len(futures), M.PROGRESS_AUTOGRADE):
                student, ok, log = future.result()
                if ok and (ctx.path("autograded", student) / f"{ctx.name}.ipynb").exists():
                    report.graded.append(student)
                else:
                    report.failed[student] = _failure_reason(log)
            futures = [pool.submit(_feedback_one, ctx.name, s) for s in sorted(report.graded)]
            for future in _progress(as_completed(futures), len(futures), M.PROGRESS_FEEDBACK):
                student, ok, log = future.result()
                if not ok:
                    report.failed.setdefault(student, M.FEEDBACK_NOT_GENERATED.format(reason=_failure_reason(log)))
    report.graded.sort()
    for student, reason in report.failed.items():
        if student not in report.graded:
            _write_zero_feedback(ctx, student, reason)
    strip_external_scripts(ctx.step_root("feedback"))
    if report.graded:
        release_feedback(ctx)  # learners fetch it through the exchange (nbgrader fetch_feedback)
    # Learners not in this run keep their recorded reason (e.g. a folder already set aside by the gate).
    kept = {s: r for s, r in read_failures(ctx).items() if s not in todo and s not in report.graded}
    write_failures(ctx, report.failed, kept)
    return report


def feedback(ctx: Context, workers: int | None = None) -> GradeReport:
    """Regenerate every learner's feedback from the gradebook (after hand grading), then release it."""
    report = GradeReport()
    graded = [s for s in ctx.submitted_students()
              if (ctx.path("autograded", s) / f"{ctx.name}.ipynb").exists()]
    if not graded:
        raise WorkshopError(M.NOTHING_GRADED.format(name=ctx.name))
    workers = max(1, min(workers or os.cpu_count() or 1, len(graded)))
    with _pool(ctx, workers, False, None) as pool:
        for future in as_completed([pool.submit(_feedback_one, ctx.name, s) for s in graded]):
            student, ok, log = future.result()
            if ok:
                report.graded.append(student)
            else:
                report.failed[student] = M.FEEDBACK_NOT_GENERATED.format(reason=_failure_reason(log))
    report.graded.sort()
    strip_external_scripts(ctx.step_root("feedback"))
    release_feedback(ctx)
    return report


def release_feedback(ctx: Context) -> bool:
    """With an exchange, publish the feedback for learners (``nbgrader fetch_feedback`` on their side)."""
    if not ctx.exchange_configured():
        return False
    from casebook.workshop.gate import SECRET_FILE, TIMESTAMP_FILE

    api = nbgrader_api(ctx.grading)
    unmatched = []
    base = ctx.step_root("feedback")
    for folder in sorted(base.glob(f"*/{ctx.name}")) if base.is_dir() else []:
        if not (folder / SECRET_FILE).is_file():
            unmatched.append(folder.parent.name)  # nbgrader would stop on it: skip this learner only
        elif not (folder / TIMESTAMP_FILE).is_file():
            (folder / TIMESTAMP_FILE).write_text("", encoding="utf-8")  # read by nbgrader for its log only
    api.coursedir.student_id_exclude = ",".join(unmatched)
    outcome = api.release_feedback(ctx.name)
    if not outcome["success"]:
        raise WorkshopError(M.NBGRADER_STEP_FAILED.format(step="release_feedback",
                                                          log=outcome.get("error") or outcome.get("log", "")))
    return True


def _write_zero_feedback(ctx: Context, student: str, reason: str) -> None:
    """A learner whose copy could not be graded still gets a feedback page saying why (in French)."""
    import html as html_

    from casebook.workshop.gate import SECRET_FILE, TIMESTAMP_FILE, learner_id_problem, remove_outputs

    if learner_id_problem(student):
        return
    source = ctx.path("submitted", student)
    if ctx.exchange_configured() and not (source / SECRET_FILE).is_file():
        return  # refused at collection: nothing to match a feedback file with (the reason is in status and exports)
    remove_outputs(ctx.path("autograded", student), ctx.path("feedback", student))
    folder = ctx.path("feedback", student)
    folder.mkdir(parents=True)
    (folder / f"{ctx.name}.html").write_text(
        M.ZERO_FEEDBACK.format(title=html_.escape(ctx.workshop.title), reason=html_.escape(reason)), encoding="utf-8")
    for name in (TIMESTAMP_FILE, SECRET_FILE):
        path = source / name
        if path.is_file() and not path.is_symlink():
            shutil.copyfile(path, folder / name)


def strip_external_scripts(folder: Path) -> int:
    """Feedback HTML must load nothing from other hosts; files that are not UTF-8 text are left alone."""
    count = 0
    if not folder.is_dir():
        return 0
    for path in folder.rglob("*.html"):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        cleaned, n = EXTERNAL_SCRIPT.subn("", text)
        if n:
            path.write_text(cleaned, encoding="utf-8")
            count += n
    return count


# --- export ------------------------------------------------------------------


def _late_text(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    if hours:
        return M.LATE_HOURS.format(hours=hours, minutes=rest // 60)
    return M.LATE_MINUTES.format(minutes=max(1, rest // 60))


def gradebook_rows(ctx: Context) -> list[LearnerGrades]:
    """Per learner: total, per-cell scores, pending hand grading and lateness, from nbgrader's gradebook.

    Learners who never reached the gradebook (copy refused by the gate, nbgrader failure) are
    listed too, with the reason.
    """
    if os.environ.get("CASEBOOK_BULK") != "0":  # >>> bulk read (casebook/workshop/bulk.py): the same rows <<<
        from casebook.workshop.bulk import gradebook_rows as bulk_rows
        return bulk_rows(ctx)
    from nbgrader.api import Gradebook, MissingEntry

    api = nbgrader_api(ctx.grading)
    failures = read_failures(ctx)
    rows = []
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        assignment = workshop_assignment(gb, ctx.name)
        known = set()
        for student in gb.students:
            known.add(student.id)
            identity = (student.id, student.first_name or "", student.last_name or "", student.email or "",
                        student.lms_user_id or "")
            failure = failures.get(student.id)
            try:
                submission = gb.find_submission(ctx.name, student.id)
            except MissingEntry:
                rows.append(LearnerGrades(*identity, False, 0.0, assignment.max_score, {},
                                          failure or M.NO_SUBMISSION))
                continue
            cells, pending = {}, {}
            for notebook in submission.notebooks:
                for grade_ in notebook.grades:
                    if grade_.manual_score is None and grade_.auto_score is None:
                        pending[grade_.name] = float(grade_.max_score)
                    cells[grade_.name] = (float(grade_.score or 0.0), float(grade_.max_score))
            if failure:  # a failed re-run must not keep an older grade
                rows.append(LearnerGrades(*identity, True, 0.0, float(submission.max_score), {}, failure))
                continue
            rows.append(LearnerGrades(*identity, True, float(submission.score), float(submission.max_score),
                                      cells, None, pending, float(submission.total_seconds_late or 0.0),
                                      float(submission.late_submission_penalty or 0.0)))
        for student, reason in failures.items():
            if student not in known:
                rows.append(LearnerGrades(student, "", "", "", "", True, 0.0, assignment.max_score, {}, reason))
    return sorted(rows, key=lambda r: r.student_id)


def principle_rows(rows: list[LearnerGrades]) -> list[dict]:
    out = []
    for row in rows:
        for cell, (score_, maximum) in sorted(row.by_cell.items()):
            parsed = parse_grade_id(cell)
            if parsed is None or parsed[1] == JUSTIFICATION:
                continue
            out.append({"student_id": row.student_id, "case_id": parsed[0], "principle": parsed[1],
                        "points": score_, "max_points": maximum})
    return out


def moodle_note(row: LearnerGrades) -> str:
    """The Moodle feedback column: every zero says why, pending hand grading says « en attente »."""
    if row.problem:
        return M.MOODLE_ZERO.format(problem=row.problem)
    parts = []
    if row.pending:
        cases = sorted({(parse_grade_id(c) or (c, ""))[0] for c in row.pending})
        parts.append(M.MOODLE_PENDING.format(points=row.pending_points, cases=", ".join(cases), score=row.score,
                                             max_score=row.max_score))
    else:
        manual = [c for c in row.by_cell if (parse_grade_id(c) or ("", ""))[1] == JUSTIFICATION]
        parts.append((M.MOODLE_POINTS_WITH_HAND_GRADING if manual else M.MOODLE_POINTS)
                     .format(score=row.score, max_score=row.max_score))
    if row.late_seconds > 0:
        late = _late_text(row.late_seconds)
        parts.append(M.MOODLE_LATE_WITH_PENALTY.format(late=late, penalty=row.late_penalty) if row.late_penalty
                     else M.MOODLE_LATE_WITHOUT_PENALTY.format(late=late))
    return " ".join(parts)


def moodle_warnings(rows: list[LearnerGrades]) -> list[str]:
    """Learners Moodle cannot match: no LMS id and no e-mail (import the roster first)."""
    missing = [r.student_id for r in rows if not r.lms_user_id.strip() and not r.email.strip()]
    if not missing:
        return []
    shown = ", ".join(missing[:10])
    if len(missing) > 10:
        shown = M.LIST_CUT.format(shown=shown)
    return [M.MOODLE_NO_ID_WARNING.format(count=len(missing), learners=shown)]


class ExportResult(dict):
    """The export's paths (a dict, kind → path) and its warnings (French, for the instructor)."""

    def __init__(self, paths: dict[str, Path]):
        super().__init__(paths)
        self.warnings: list[str] = []


MOODLE_COLUMNS = ("ID number", "Email address", "{item} (Real)", "{item} (Feedback)")
"""Format, not words: the column headers Moodle's grade import reads (``{item}``: the grade item's name)."""
PRINCIPLE_COLUMNS = ["student_id", "case_id", "principle", "points", "max_points"]
"""Format, not words: the per-principle CSV's columns (read back by the rehearsal, the evaluation and the tests)."""


def moodle_path(ctx: Context, scale_to: float | None) -> Path:
    """One file per scale, so an export « sur 20 » is never overwritten by a later raw export."""
    suffix = f"-sur-{scale_to:g}" if scale_to else ""
    return ctx.grading / EXPORTS / f"{ctx.name}-moodle{suffix}.csv"


def export(ctx: Context, scale_to: float | None = None) -> ExportResult:
    folder = ctx.grading / EXPORTS
    folder.mkdir(exist_ok=True)
    paths = ExportResult({
        "nbgrader": folder / f"{ctx.name}-nbgrader.csv",
        "moodle": moodle_path(ctx, scale_to),
        "principes": folder / f"{ctx.name}-principes.csv",
    })
    _nbgrader_export(ctx, paths["nbgrader"])
    rows = gradebook_rows(ctx)
    paths.warnings.extend(moodle_warnings(rows))
    item = ctx.workshop.title
    with paths["moodle"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.format(item=item) for column in MOODLE_COLUMNS])
        for row in rows:
            score_ = row.score if not scale_to or not row.max_score else row.score / row.max_score * scale_to
            # Pending hand grading: no number at all (Moodle leaves the grade empty), never a 0.
            value = "" if row.pending and not row.problem else f"{score_:.2f}"
            writer.writerow([row.lms_user_id, row.email, value, moodle_note(row)])
    with paths["principes"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PRINCIPLE_COLUMNS)
        writer.writeheader()
        writer.writerows(principle_rows(rows))
    return paths


def _nbgrader_export(ctx: Context, path: Path) -> None:
    if os.environ.get("CASEBOOK_BULK") != "0":  # >>> bulk read (casebook/workshop/bulk.py): the same file <<<
        from casebook.workshop.bulk import nbgrader_csv
        return nbgrader_csv(ctx, path)
    import subprocess

    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "export", "--to", str(path),
                    "--assignment", ctx.name], cwd=ctx.grading, check=True, capture_output=True, text=True,
                   env=venv_env())


# --- status and roster ------------------------------------------------------


def status(ctx: Context) -> dict:
    from casebook.workshop.gate import read_gate_report

    submitted = ctx.submitted_students()
    autograded = [s for s in submitted if ctx.path("autograded", s).is_dir()]
    feedback = [s for s in submitted if ctx.path("feedback", s).is_dir()]
    data = {
        "atelier": ctx.name,
        "titre": ctx.workshop.title,
        "cas": ctx.workshop.cases,
        "date_limite": M.DUE_DATE.format(due=ctx.workshop.due_date) if ctx.workshop.due_date else None,
        "source_generee": (ctx.folder("source") / f"{ctx.name}.ipynb").exists(),
        "publie": (ctx.folder("release") / f"{ctx.name}.ipynb").exists(),
        "copies_rendues": len(submitted),
        "copies_corrigees": len(autograded),
        "retours_generes": len(feedback),
        "problemes": read_failures(ctx),
        "en_attente": {},
        "retards": {},
        "elements_ecartes": {s: [M.STATUS_SET_ASIDE.format(name=r["name"], kind=r["kind"], reason=r["reason"])
                                 for r in info.get("refused", [])]
                             for s, info in read_gate_report(ctx.grading, ctx.name).items() if info.get("refused")},
        "avertissements": [],
    }
    if data["publie"] and (autograded or data["problemes"]):
        try:
            rows = gradebook_rows(ctx)
        except WorkshopError:
            rows = []
        for row in rows:
            if row.pending and not row.problem:
                data["en_attente"][row.student_id] = M.STATUS_PENDING.format(points=row.pending_points)
            if row.late_seconds > 0:
                data["retards"][row.student_id] = M.STATUS_LATE.format(late=_late_text(row.late_seconds))
        data["avertissements"] = moodle_warnings(rows)
    return data


ROSTER_COLUMNS = ["id", "first_name", "last_name", "email", "lms_user_id"]


def import_roster(grading: Path, csv_path: Path) -> int:
    """Check the roster columns, then load it with nbgrader's own student import."""
    if not csv_path.exists():
        raise WorkshopError(M.ROSTER_FILE_MISSING.format(path=csv_path))
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in ("id",) if c not in header]
        unknown = [c for c in header if c not in ROSTER_COLUMNS]
        if missing or unknown:
            raise WorkshopError(M.ROSTER_COLUMNS_WRONG.format(expected=", ".join(ROSTER_COLUMNS),
                                                              found=", ".join(header)))
        rows = list(reader)
    bad = [n for n, row in enumerate(rows, start=2) if not (row.get("id") or "").strip()]
    if bad:
        raise WorkshopError(M.ROSTER_EMPTY_IDS.format(lines=", ".join(map(str, bad)), path=csv_path))
    import subprocess

    clean = grading / EXPORTS / ".roster-import.csv"
    clean.parent.mkdir(exist_ok=True)
    shutil.copyfile(csv_path, clean)
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "db", "student", "import", str(clean)],
                            cwd=grading, capture_output=True, text=True,
                            env=venv_env())
    clean.unlink(missing_ok=True)
    if result.returncode != 0:
        raise WorkshopError(M.ROSTER_IMPORT_FAILED.format(output=result.stdout + result.stderr))
    return len(rows)


# --- analytics ---------------------------------------------------------------


# --- hand grading ---------------------------------------------------------------


def formgrader_command(ctx: Context, host: str = "127.0.0.1", port: int = 8889,
                       token: str | None = None) -> tuple[list[str], dict, Path]:
    """``jupyter lab`` opened on formgrader, started in ``grading/`` (where nbgrader finds the course).

    Returns (argv, environment, working folder). Started from the repository root instead,
    formgrader finds no ``nbgrader_config.py`` and shows an empty list.
    """
    argv = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
            f"--ServerApp.ip={host}", f"--ServerApp.port={port}", f"--ServerApp.root_dir={ctx.grading}",
            "--LabApp.default_url=/formgrader", "--LabApp.news_url=", "--LabApp.collaborative=False"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "getuid") and os.getuid() == 0:
        argv.append("--allow-root")
    env = venv_env()
    env["CASEBOOK_ROOT"] = str(ctx.project.root)
    return argv, env, ctx.grading
