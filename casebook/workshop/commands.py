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
from pathlib import Path

from casebook.load import Project
from casebook.workshop.answers import JUSTIFICATION, parse_grade_id
from casebook.workshop.build import build_source
from casebook.workshop.definition import Workshop, WorkshopError, grading_root, load_workshop

EXPORTS = "exports"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.I)


def _progress(iterable, total: int, desc: str):
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="apprenant", file=sys.stderr,
                disable=os.environ.get("CASEBOOK_NO_PROGRESS") == "1")


def _config(grading: Path, execute: bool = True, timeout: int | None = None):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    config = PyFileConfigLoader("nbgrader_config.py", path=str(grading)).load_config()
    extra = Config()
    if not execute:
        extra.Execute.enabled = False
        extra.ClearOutput.enabled = False
    if timeout:
        extra.Execute.timeout = timeout
    config.merge(extra)
    return config


def nbgrader_api(grading: Path, execute: bool = True, timeout: int | None = None):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = _config(grading, execute, timeout)
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(grading)
    return NbGraderAPI(coursedir, config=config)


@dataclass
class Context:
    project: Project
    workshop: Workshop
    grading: Path

    @classmethod
    def open(cls, name: str, root: Path | None = None) -> "Context":
        project = Project.load(root)
        return cls(project, load_workshop(name, project), grading_root(project.root))

    @property
    def name(self) -> str:
        return self.workshop.name

    def folder(self, kind: str) -> Path:
        return self.grading / kind / self.name if kind in ("source", "release") else self.grading / kind

    def submitted_students(self) -> list[str]:
        base = self.grading / "submitted"
        if not base.exists():
            return []
        return sorted(p.name for p in base.iterdir() if (p / self.name).is_dir())

    def exchange_configured(self) -> bool:
        return bool(os.environ.get("CASEBOOK_EXCHANGE"))


# --- build and release -------------------------------------------------------


def build(ctx: Context) -> Path:
    return build_source(ctx.workshop, ctx.project)


def release(ctx: Context) -> dict:
    notebook = build(ctx)
    api = nbgrader_api(ctx.grading)
    result = api.generate_assignment(ctx.name, force=True, create=True)
    if not result["success"]:
        raise WorkshopError("nbgrader generate_assignment a échoué :\n" + (result.get("error") or result["log"]))
    released = {"source": str(notebook), "release": str(ctx.folder("release")), "exchange": None}
    if ctx.exchange_configured():
        outbound = Path(os.environ["CASEBOOK_EXCHANGE"]) / api.coursedir.course_id / "outbound" / ctx.name
        if outbound.exists():  # a new release replaces the previous one
            api.unrelease(ctx.name)
        outcome = api.release_assignment(ctx.name)
        if not outcome["success"]:
            raise WorkshopError("nbgrader release_assignment a échoué :\n" + (outcome.get("error") or outcome["log"]))
        released["exchange"] = os.environ["CASEBOOK_EXCHANGE"]
    return released


# --- grading -----------------------------------------------------------------

_WORKER_API = None


def _init_worker(grading: str, execute: bool, timeout: int | None) -> None:
    global _WORKER_API
    import warnings

    # nbgrader 0.9 with SQLAlchemy 2 emits harmless "not in session" warnings on every submission.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    os.chdir(grading)
    _WORKER_API = nbgrader_api(Path(grading), execute, timeout)


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


def _failure_reason(log: str) -> str:
    """The gist of an nbgrader failure, for the instructor and the export."""
    if "NotJSONError" in log or "Notebook does not appear to be JSON" in log or "JSONDecodeError" in log:
        return "notebook illisible (fichier JSON invalide)"
    if "No submitted file" in log or "No notebooks found" in log:
        return "notebook absent de la copie"
    lines = [line for line in log.splitlines() if "ERROR" in line or "Error" in line]
    return (lines[-1] if lines else log.strip().splitlines()[-1] if log.strip() else "erreur inconnue")[:300]


def _pool(ctx: Context, workers: int, execute: bool, timeout: int | None) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker, initargs=(str(ctx.grading), execute, timeout))


def _ensure_gradebook(ctx: Context) -> None:
    """Create/upgrade the gradebook once, before workers open it concurrently."""
    from nbgrader.api import Gradebook

    api = nbgrader_api(ctx.grading)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        gb.find_assignment(ctx.name)


def grade(ctx: Context, workers: int | None = None, execute: bool = False, timeout: int | None = None,
          students: list[str] | None = None) -> GradeReport:
    report = GradeReport()
    if not (ctx.folder("release") / f"{ctx.name}.ipynb").exists():
        raise WorkshopError(f"l'atelier « {ctx.name} » n'a pas été publié : lancez d'abord "
                            f"« casebook workshop release {ctx.name} »")
    if ctx.exchange_configured():
        api = nbgrader_api(ctx.grading)
        outcome = api.collect(ctx.name, update=True)
        if not outcome["success"]:
            raise WorkshopError("nbgrader collect a échoué :\n" + (outcome.get("error") or outcome["log"]))
        report.collected = outcome["log"].count("Collecting submission")
    todo = students or ctx.submitted_students()
    if not todo:
        raise WorkshopError(f"aucune copie à corriger : le dossier {ctx.grading / 'submitted'} ne contient "
                            f"aucun sous-dossier <apprenant>/{ctx.name}/")
    _ensure_gradebook(ctx)
    # >>> bulk grading (casebook/workshop/bulk.py): nbgrader's conversions and gradebook writes in bulk;
    # whatever it cannot reproduce (kernel execution, unreadable notebooks...) goes on to nbgrader below.
    from casebook.workshop.bulk import grade_hook
    todo, bulk_graded = grade_hook(ctx, todo, report, workers, execute)
    # <<< bulk grading
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    with _pool(ctx, workers, execute, timeout) as pool:
        futures = [pool.submit(_autograde_one, ctx.name, s) for s in todo]
        for future in _progress(as_completed(futures), len(futures), "Correction automatique"):
            student, ok, log = future.result()
            if ok and (ctx.grading / "autograded" / student / ctx.name / f"{ctx.name}.ipynb").exists():
                report.graded.append(student)
            else:
                report.failed[student] = _failure_reason(log)
        futures = [pool.submit(_feedback_one, ctx.name, s) for s in sorted(report.graded)]
        for future in _progress(as_completed(futures), len(futures), "Retours aux apprenants"):
            student, ok, log = future.result()
            if not ok:
                report.failed.setdefault(student, "retour non généré : " + _failure_reason(log))
    report.graded = sorted(report.graded + bulk_graded)  # bulk grading
    strip_external_scripts(ctx.grading / "feedback")
    _write_failures(ctx, report)
    return report


def strip_external_scripts(folder: Path) -> int:
    """Feedback HTML must load nothing from other hosts (nbgrader's template pulls MathJax from a CDN)."""
    count = 0
    for path in folder.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        cleaned, n = EXTERNAL_SCRIPT.subn("", text)
        if n:
            path.write_text(cleaned, encoding="utf-8")
            count += n
    return count


def _failures_path(ctx: Context) -> Path:
    return ctx.grading / EXPORTS / f"{ctx.name}-problemes.json"


def _write_failures(ctx: Context, report: GradeReport) -> None:
    path = _failures_path(ctx)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(report.failed, ensure_ascii=False, indent=1), encoding="utf-8")


def _read_failures(ctx: Context) -> dict[str, str]:
    path = _failures_path(ctx)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# --- export ------------------------------------------------------------------


@dataclass
class LearnerGrades:
    student_id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    submitted: bool
    score: float
    max_score: float
    by_cell: dict[str, tuple[float, float]]
    problem: str | None = None


def gradebook_rows(ctx: Context) -> list[LearnerGrades]:
    """Per learner: total and per-cell scores from nbgrader's gradebook."""
    if os.environ.get("CASEBOOK_BULK") != "0":  # bulk read (casebook/workshop/bulk.py), same rows
        from casebook.workshop.bulk import gradebook_rows as bulk_rows
        return bulk_rows(ctx)
    from nbgrader.api import Gradebook, MissingEntry

    api = nbgrader_api(ctx.grading)
    failures = _read_failures(ctx)
    rows = []
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        try:
            assignment = gb.find_assignment(ctx.name)
        except MissingEntry as exc:
            raise WorkshopError(f"l'atelier « {ctx.name} » est absent du carnet de notes : publiez-le puis "
                                "corrigez-le") from exc
        for student in gb.students:
            try:
                submission = gb.find_submission(ctx.name, student.id)
            except MissingEntry:
                rows.append(LearnerGrades(student.id, student.first_name or "", student.last_name or "",
                                          student.email or "", student.lms_user_id or "", False, 0.0,
                                          assignment.max_score, {}, "aucune copie rendue"))
                continue
            cells = {}
            for notebook in submission.notebooks:
                for grade_ in notebook.grades:
                    cells[grade_.name] = (float(grade_.score or 0.0), float(grade_.max_score))
            rows.append(LearnerGrades(student.id, student.first_name or "", student.last_name or "",
                                      student.email or "", student.lms_user_id or "", True,
                                      float(submission.score), float(submission.max_score), cells,
                                      failures.get(student.id)))
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


def export(ctx: Context, scale_to: float | None = None) -> dict[str, Path]:
    folder = ctx.grading / EXPORTS
    folder.mkdir(exist_ok=True)
    paths = {
        "nbgrader": folder / f"{ctx.name}-nbgrader.csv",
        "moodle": folder / f"{ctx.name}-moodle.csv",
        "principes": folder / f"{ctx.name}-principes.csv",
    }
    _nbgrader_export(ctx, paths["nbgrader"])
    rows = gradebook_rows(ctx)
    item = ctx.workshop.title
    with paths["moodle"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID number", "Email address", f"{item} (Real)", f"{item} (Feedback)"])
        for row in rows:
            score_ = row.score if not scale_to or not row.max_score else row.score / row.max_score * scale_to
            if row.problem:
                note = f"Note 0 : {row.problem}." if row.score == 0 else row.problem
            else:
                note = f"{row.score:g} / {row.max_score:g} points (dont justifications corrigées à la main)."
            writer.writerow([row.lms_user_id, row.email, f"{score_:.2f}", note])
    with paths["principes"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student_id", "case_id", "principle", "points", "max_points"])
        writer.writeheader()
        writer.writerows(principle_rows(rows))
    return paths


def _nbgrader_export(ctx: Context, path: Path) -> None:
    import subprocess

    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "export", "--to", str(path),
                    "--assignment", ctx.name], cwd=ctx.grading, check=True, capture_output=True, text=True)


# --- status and roster ------------------------------------------------------


def status(ctx: Context) -> dict:
    submitted = ctx.submitted_students()
    autograded = [s for s in submitted if (ctx.grading / "autograded" / s / ctx.name).is_dir()]
    feedback = [s for s in submitted if (ctx.grading / "feedback" / s / ctx.name).is_dir()]
    return {
        "atelier": ctx.name,
        "titre": ctx.workshop.title,
        "cas": ctx.workshop.cases,
        "source_generee": (ctx.folder("source") / f"{ctx.name}.ipynb").exists(),
        "publie": (ctx.folder("release") / f"{ctx.name}.ipynb").exists(),
        "copies_rendues": len(submitted),
        "copies_corrigees": len(autograded),
        "retours_generes": len(feedback),
        "problemes": _read_failures(ctx),
    }


ROSTER_COLUMNS = ["id", "first_name", "last_name", "email", "lms_user_id"]


def import_roster(grading: Path, csv_path: Path) -> int:
    """Check the roster columns, then load it with nbgrader's own student import."""
    if not csv_path.exists():
        raise WorkshopError(f"fichier introuvable : {csv_path}")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in ("id",) if c not in header]
        unknown = [c for c in header if c not in ROSTER_COLUMNS]
        if missing or unknown:
            raise WorkshopError(f"colonnes attendues : {', '.join(ROSTER_COLUMNS)} ; trouvé : {', '.join(header)}")
        rows = list(reader)
    bad = [n for n, row in enumerate(rows, start=2) if not (row.get("id") or "").strip()]
    if bad:
        raise WorkshopError(f"identifiant vide aux lignes {', '.join(map(str, bad))} de {csv_path}")
    import subprocess

    clean = grading / EXPORTS / ".roster-import.csv"
    clean.parent.mkdir(exist_ok=True)
    shutil.copyfile(csv_path, clean)
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "db", "student", "import", str(clean)],
                            cwd=grading, capture_output=True, text=True,
                            env=dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"))
    clean.unlink(missing_ok=True)
    if result.returncode != 0:
        raise WorkshopError("l'import nbgrader a échoué :\n" + result.stdout + result.stderr)
    return len(rows)


# --- analytics ---------------------------------------------------------------


def _salt(ctx: Context) -> str:
    """A per-course secret so pseudonyms cannot be recomputed from learner ids."""
    from casebook.workshop.opaque import course_secret

    return course_secret(ctx.grading)


def debrief(ctx: Context, case_id: str | None = None):
    from casebook import analytics

    if case_id is not None and case_id not in ctx.workshop.cases:
        raise WorkshopError(f"le cas « {case_id} » ne fait pas partie de l'atelier « {ctx.name} » "
                            f"(cas : {', '.join(ctx.workshop.cases)})")
    folders = analytics.submission_folders(ctx.grading, ctx.name)
    if not folders and ctx.exchange_configured():
        api_root = Path(os.environ["CASEBOOK_EXCHANGE"])
        course_id = nbgrader_api(ctx.grading).coursedir.course_id
        folders = analytics.exchange_folders(api_root / course_id / "inbound", ctx.name)
    if not folders:
        raise WorkshopError(f"aucune réponse à lire pour l'atelier « {ctx.name} » (ni copie rendue, ni échange)")
    cases = [case_id] if case_id else ctx.workshop.cases
    return analytics.debrief(ctx.project, cases, folders, ctx.grading / EXPORTS / f"{ctx.name}-debrief")


def report(ctx: Context, show_names: bool = False):
    """The class report; learners pseudonymised unless ``show_names``."""
    from casebook import analytics

    rows = [r for r in gradebook_rows(ctx) if r.submitted]
    if not rows:
        raise WorkshopError(f"aucune copie corrigée pour l'atelier « {ctx.name} » : lancez d'abord "
                            f"« casebook workshop grade {ctx.name} »")
    answers, _problems = analytics.read_answers(analytics.submission_folders(ctx.grading, ctx.name))
    names = ({r.student_id: (f"{r.first_name} {r.last_name}".strip() or r.student_id) for r in rows}
             if show_names else None)
    return analytics.class_report(ctx.project, ctx.workshop.title, ctx.workshop.cases,
                                  {r.student_id: r.by_cell for r in rows}, answers,
                                  ctx.grading / EXPORTS / f"{ctx.name}-rapport", names=names, salt=_salt(ctx))
