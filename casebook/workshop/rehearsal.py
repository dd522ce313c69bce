"""``casebook workshop repetition NOM --apprenants N``: rehearse a workshop before class.

The whole flow (release, N simulated submissions, grading, exports, debrief, class
report) runs in a scratch copy of the course (cases, registry, the workshop file and
the nbgrader configuration), so the real gradebook, exchange and exports are never
touched. The rehearsal checks every simulated grade against the engine and says so.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from casebook.core import paths
from casebook.workshop import messages as M
from casebook.workshop.definition import GRADING_DIR, WORKSHOPS_DIR, WorkshopError, workshop_file


@dataclass
class Rehearsal:
    folder: Path
    learners: int
    graded: int
    failed: dict[str, str]
    mismatches: list[str]
    exports: dict[str, Path]
    debrief_learners: int
    report: Path
    lines: list[str] = field(default_factory=list)


@contextmanager
def _environment(root: Path):
    saved = {key: os.environ.get(key) for key in ("CASEBOOK_ROOT", "CASEBOOK_EXCHANGE")}
    os.environ["CASEBOOK_ROOT"] = str(root)
    os.environ.pop("CASEBOOK_EXCHANGE", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def scratch_course(name: str, root: Path, target: Path) -> Path:
    """Copy what a workshop needs into ``target`` (a new course root)."""
    source = workshop_file(name, root)
    if not source.exists():
        raise WorkshopError(M.WORKSHOP_UNKNOWN_SHORT.format(name=name, path=source))
    shutil.copytree(root / paths.CASES_DIR, target / paths.CASES_DIR)
    shutil.copytree(root / paths.REGISTRY_DIR, target / paths.REGISTRY_DIR)
    grading = target / GRADING_DIR
    (grading / WORKSHOPS_DIR).mkdir(parents=True)
    shutil.copy(source, grading / WORKSHOPS_DIR / source.name)
    shutil.copy(root / GRADING_DIR / "nbgrader_config.py", grading / "nbgrader_config.py")
    if (root / GRADING_DIR / "modeles").is_dir():
        shutil.copytree(root / GRADING_DIR / "modeles", grading / "modeles")
    return target


def rehearse(name: str, learners: int, root: Path | None = None, workers: int | None = None,
             keep: bool = False, seed: int = 2026) -> Rehearsal:
    from casebook.core.scoring import score
    from casebook.workshop import commands
    from casebook.workshop.simulate import simulate_class

    if learners < 1:
        raise WorkshopError(M.REHEARSAL_NEEDS_LEARNERS)
    root = Path(root or paths.project_root())
    folder = Path(tempfile.mkdtemp(prefix=f"repetition-{name}-"))
    course = scratch_course(name, root, folder / "cours")
    try:
        with _environment(course):
            ctx = commands.Context.open(name, course)
            lines = [M.REHEARSAL_TITLE.format(name=name, title=ctx.workshop.title, course=course)]
            commands.release(ctx)
            lines.append(M.REHEARSAL_RELEASED.format(folder=ctx.folder('release')))
            answers = simulate_class(ctx.project, ctx.grading, name, ctx.workshop.cases, learners, seed=seed)
            lines.append(M.REHEARSAL_SIMULATED.format(count=learners, folder=ctx.step_root('submitted')))
            graded = commands.grade(ctx, workers=workers)
            lines.append(M.REHEARSAL_GRADED.format(graded=len(graded.graded), failed=len(graded.failed)))
            exports = commands.export(ctx)
            mismatches = []
            with exports["principes"].open(encoding="utf-8") as handle:
                exported: dict[str, dict] = {}
                for row in csv.DictReader(handle):
                    exported.setdefault(row["student_id"], {})[(row["case_id"], row["principle"])] = float(row["points"])
            for student, learner in answers.items():
                expected = {}
                for case_id in ctx.workshop.cases:
                    result = score(ctx.project.case(case_id), learner.get(case_id))
                    for principle, value in result.by_principle.items():
                        expected[(case_id, principle)] = value.earned
                if exported.get(student) != expected:
                    mismatches.append(student)
            lines.append((M.REHEARSAL_COMPARED_WITH_DIFFERENCES if mismatches else M.REHEARSAL_COMPARED).format(
                same=learners - len(mismatches), count=learners, learners=", ".join(mismatches)))
            lines.append(M.REHEARSAL_EXPORTS.format(files=", ".join(str(p.name) for p in exports.values())))
            from casebook.analytics import classroom as analytics  # pandas and matplotlib, only when the rehearsal gets there

            debrief = analytics.workshop_debrief(ctx)
            lines.append(M.REHEARSAL_DEBRIEF.format(learners=debrief.learners, figures=len(debrief.figures)))
            class_report = analytics.workshop_report(ctx)
            lines.append(M.REHEARSAL_REPORT.format(path=class_report.html_path))
            lines.append(M.REHEARSAL_JUSTIFICATIONS)
            result = Rehearsal(folder, learners, len(graded.graded), graded.failed, mismatches, dict(exports),
                               debrief.learners, class_report.html_path, lines)
    except BaseException:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        result.lines.append(M.REHEARSAL_REMOVED)
    return result
