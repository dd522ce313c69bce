"""Class analytics for instructors: live debrief and the class report (pandas, matplotlib).

* ``debrief``: the distribution of choices per case and step, read straight from
  the recorded answer files (no kernel, no gradebook), for the
  vote → discussion → re-vote format.
* ``class_report``: from the nbgrader gradebook and the answers, per-principle
  mastery (pseudonymised heatmap), score distribution and item analysis per case
  and option (difficulty, discrimination, options nobody chose, ambiguity flags).

Learners are pseudonymised by default (« Apprenant 01 »…, ordered by a salted hash
of their id, so the order reveals nothing); names appear only when asked.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from casebook.analytics import messages as M  # noqa: E402
from casebook.core.load import Project  # noqa: E402
from casebook.core.model import Case, Verdict  # noqa: E402
from casebook.core.scoring import Answers, score  # noqa: E402
from casebook.core.order import option_letters  # noqa: E402
from casebook.workshop.answers import (JUSTIFICATION, parse_grade_id, read_submission,  # noqa: E402
                                       with_case_ids)
from casebook.workshop.commands import EXPORTS, Context, gradebook_rows, nbgrader_api  # noqa: E402
from casebook.workshop.definition import WorkshopError  # noqa: E402
from casebook.workshop.gradebook import step_root  # noqa: E402

DISCRIMINATION_FLAG = 0.2

# --- export format ----------------------------------------------------------------
# Columns of repartition.csv, analyse-des-cas.csv and analyse-des-options.csv, and keys of
# the debrief's JSON (``casebook workshop debrief --json``): other programs read them, so
# they are a format, not words to translate. The report page shows them under the headers
# of ``messages.COLUMN_*`` (see HEADERS).
CASE_ID, STEP_ID, OPTION_ID, OPTION, VERDICT = "case_id", "step_id", "option_id", "option", "verdict"
LETTER, CHOICES, RESPONDENTS, SHARE = "lettre", "choix", "repondants", "part"
DIFFICULTY, DISCRIMINATION, TO_REVIEW = "difficulte", "discrimination", "a_revoir"
HEADERS = {CASE_ID: M.COLUMN_CASE, STEP_ID: M.COLUMN_STEP, LETTER: M.COLUMN_LETTER, VERDICT: M.COLUMN_VERDICT,
           OPTION: M.COLUMN_OPTION, CHOICES: M.COLUMN_CHOICES, RESPONDENTS: M.COLUMN_RESPONDENTS,
           SHARE: M.COLUMN_SHARE, DIFFICULTY: M.COLUMN_DIFFICULTY, DISCRIMINATION: M.COLUMN_DISCRIMINATION,
           TO_REVIEW: M.COLUMN_TO_REVIEW}


# --- reading answers -------------------------------------------------------------


def _learner_ok(name: str) -> bool:
    from casebook.workshop.gate import learner_id_problem

    return learner_id_problem(name) is None


def submission_folders(grading: Path, workshop: str) -> dict[str, Path]:
    """Learner id → folder holding their answers, in nbgrader's ``submitted`` step (valid ids, no links
    followed); the step's folder name comes from the course's nbgrader configuration."""
    folders: dict[str, Path] = {}
    submitted = step_root(grading, "submitted")
    if submitted.is_dir():
        for student in sorted(submitted.iterdir()):
            folder = student / workshop
            if (_learner_ok(student.name) and not student.is_symlink() and not folder.is_symlink()
                    and folder.is_dir()):
                folders[student.name] = folder
    return folders


def exchange_folders(inbound: Path, workshop: str) -> dict[str, Path]:
    """Latest submission per learner in an nbgrader inbound folder (``user+assignment+timestamp…``)."""
    latest: dict[str, tuple[str, Path]] = {}
    if inbound.is_dir():
        for folder in inbound.iterdir():
            parts = folder.name.rsplit("+", 3)
            if len(parts) >= 3 and parts[1] == workshop and _learner_ok(parts[0]) and not folder.is_symlink():
                if parts[0] not in latest or parts[2] > latest[parts[0]][0]:
                    latest[parts[0]] = (parts[2], folder)
    return {student: path for student, (_, path) in sorted(latest.items())}


def read_answers(folders: dict[str, Path], project: Project | None = None
                 ) -> tuple[dict[str, dict[str, Answers]], dict[str, str]]:
    """Each learner's answers, read within bounds; a learner's problem never stops the others.

    With ``project``, released (opaque) option ids are turned back into the cases' ids.
    """
    answers, problems = {}, {}
    for student, folder in folders.items():
        submission = read_submission(folder)
        if project is not None:
            submission = with_case_ids(project, submission)
        answers[student] = submission.answers
        reasons = [submission.problem] if submission.problem else []
        reasons += [M.CASE_PROBLEM.format(case_id=case_id, reason=reason)
                    for case_id, reason in sorted(submission.case_problems.items())]
        if reasons:
            problems[student] = M.REASONS_SEPARATOR.join(reasons)
    return answers, problems


# --- debrief ---------------------------------------------------------------------


def choice_counts(case: Case, answers: dict[str, dict[str, Answers]]) -> pd.DataFrame:
    """One row per step and option: how many learners chose it.

    Each learner counts once per option, and only on the steps their path reached
    (the engine's walk: answers off the path, or after an invalid step, are not counted).
    """
    rows = []
    reached = {step.id: 0 for step in case.steps}
    counts = {step.id: {o.id: 0 for o in step.options} for step in case.steps}
    for learner in answers.values():
        given = learner.get(case.id)
        if given is None or not given.choices:
            continue
        for step_result in score(case, given).steps:
            picked = set(given.choices.get(step_result.step_id, ()))
            if not picked:
                continue
            reached[step_result.step_id] += 1
            for option_id in picked & set(counts[step_result.step_id]):
                counts[step_result.step_id][option_id] += 1
    for step in case.steps:
        for letter, option in zip(option_letters(len(step.options)), step.options):
            rows.append({CASE_ID: case.id, STEP_ID: step.id, OPTION_ID: option.id, LETTER: letter,
                         OPTION: option.text, CHOICES: counts[step.id][option.id],
                         RESPONDENTS: reached[step.id]})
    frame = pd.DataFrame(rows)
    frame[SHARE] = (frame[CHOICES] / frame[RESPONDENTS].where(frame[RESPONDENTS] > 0)).fillna(0.0)
    return frame


def debrief_figure(case: Case, counts: pd.DataFrame):
    steps = [s for s in case.steps]
    fig, axes = plt.subplots(len(steps), 1, figsize=(8, 2.2 * len(steps) + 0.8), squeeze=False)
    for ax, step in zip(axes[:, 0], steps):
        part = counts[counts[STEP_ID] == step.id]
        ax.barh(part[LETTER][::-1], part[CHOICES][::-1], color="#2b5d8a")
        ax.set_title(M.DEBRIEF_STEP_TITLE.format(prompt=step.prompt, count=int(part[RESPONDENTS].max() or 0)),
                     fontsize=9, loc="left")
        ax.set_xlabel(M.DEBRIEF_AXIS)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(case.title, fontsize=11)
    fig.tight_layout()
    return fig


@dataclass
class Debrief:
    counts: pd.DataFrame
    figures: dict[str, Path]
    learners: int
    problems: dict[str, str]


def debrief(project: Project, case_ids: list[str], folders: dict[str, Path], out: Path) -> Debrief:
    answers, problems = read_answers(folders, project)
    out.mkdir(parents=True, exist_ok=True)
    frames, figures = [], {}
    for case_id in case_ids:
        case = project.case(case_id)
        counts = choice_counts(case, answers)
        frames.append(counts)
        fig = debrief_figure(case, counts)
        path = out / f"{case_id}.png"
        fig.savefig(path, dpi=100, metadata={"Software": None})
        plt.close(fig)
        figures[case_id] = path
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    table.to_csv(out / "repartition.csv", index=False)
    return Debrief(table, figures, len(answers), problems)


# --- class report ------------------------------------------------------------------


def pseudonyms(students: list[str], salt: str) -> dict[str, str]:
    order = sorted(students, key=lambda s: hashlib.sha256(f"{salt}:{s}".encode()).hexdigest())
    width = max(2, len(str(len(order))))
    return {student: M.PSEUDONYM.format(number=n, width=width) for n, student in enumerate(order, start=1)}


def point_biserial(item: pd.Series, total: pd.Series) -> float:
    """Correlation between an item score and the rest of the total (NaN if undefined)."""
    rest = total - item
    if item.std(ddof=0) == 0 or rest.std(ddof=0) == 0:
        return float("nan")
    return float(item.corr(rest))


def item_analysis(project: Project, case_ids: list[str], answers: dict[str, dict[str, Answers]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per case: difficulty (mean score ratio) and discrimination; per option: how often chosen."""
    ratios = pd.DataFrame({cid: {s: score(project.case(cid), a.get(cid, Answers())).ratio
                                 for s, a in answers.items()} for cid in case_ids})
    total = ratios.sum(axis=1)
    rows = []
    for case_id in case_ids:
        discrimination = point_biserial(ratios[case_id], total) if len(ratios) > 2 else float("nan")
        difficulty = float(ratios[case_id].mean()) if len(ratios) else float("nan")
        rows.append({CASE_ID: case_id, DIFFICULTY: difficulty, DISCRIMINATION: discrimination})
    cases = pd.DataFrame(rows)
    options = []
    for case_id in case_ids:
        counts = choice_counts(project.case(case_id), answers)
        case = project.case(case_id)
        verdicts = {(s.id, o.id): o.verdict.value for s in case.steps for o in s.options}
        counts[VERDICT] = [verdicts[(s, o)] for s, o in zip(counts[STEP_ID], counts[OPTION_ID])]
        options.append(counts)
    options_frame = pd.concat(options, ignore_index=True) if options else pd.DataFrame()
    flags = []
    for row in cases.to_dict("records"):
        case_id, discrimination = row[CASE_ID], row[DISCRIMINATION]
        reasons = []
        if not math.isnan(discrimination) and discrimination < DISCRIMINATION_FLAG:
            reasons.append(M.FLAG_LOW_DISCRIMINATION.format(value=discrimination))
        case_options = options_frame[options_frame[CASE_ID] == case_id]
        for step_id, step_rows in case_options.groupby(STEP_ID, sort=False):
            good = step_rows[step_rows[VERDICT].isin([Verdict.RECOMMANDE.value, Verdict.ACCEPTABLE.value])][CHOICES].max()
            bad = step_rows[step_rows[VERDICT].isin([Verdict.RISQUE.value, Verdict.FAUTE.value])][CHOICES].max()
            if step_rows[RESPONDENTS].max() and bad > good:
                reasons.append(M.FLAG_BAD_OPTION_WINS.format(step=step_id))
        flags.append(M.REASONS_SEPARATOR.join(reasons))
    cases[TO_REVIEW] = flags
    return cases, options_frame


def _auto_points(cells: dict[str, tuple[float, float]]) -> float:
    """A learner's automatic points: every graded cell except the hand-graded justifications."""
    total = 0.0
    for grade, (points, _maximum) in cells.items():
        parsed = parse_grade_id(grade)
        if parsed is not None and parsed[1] != JUSTIFICATION:
            total += points
    return total


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


@dataclass
class ClassReport:
    html_path: Path
    mastery: pd.DataFrame
    totals: pd.Series
    cases: pd.DataFrame
    options: pd.DataFrame


def class_report(project: Project, title: str, case_ids: list[str], cell_scores: dict[str, dict[str, tuple[float, float]]],
                 answers: dict[str, dict[str, Answers]], out: Path, names: dict[str, str] | None = None,
                 salt: str = "") -> ClassReport:
    """Build the HTML report and its CSVs.

    ``cell_scores``: learner id → grade id → (points, max); ``answers``: learner id → answers.
    """
    out.mkdir(parents=True, exist_ok=True)
    labels = names or pseudonyms(sorted(cell_scores), salt)
    earned: dict[str, dict[str, float]] = {}
    possible: dict[str, dict[str, float]] = {}
    for student, cells in cell_scores.items():
        for grade, (points, maximum) in cells.items():
            parsed = parse_grade_id(grade)
            if parsed is None or not parsed[1].startswith("P"):
                continue
            principle = parsed[1]
            earned.setdefault(labels[student], {}).setdefault(principle, 0.0)
            possible.setdefault(labels[student], {}).setdefault(principle, 0.0)
            earned[labels[student]][principle] += points
            possible[labels[student]][principle] += maximum
    mastery = (pd.DataFrame(earned).T / pd.DataFrame(possible).T).sort_index().reindex(
        columns=sorted({p for row in possible.values() for p in row}))
    totals = pd.Series({labels[s]: _auto_points(cells) for s, cells in cell_scores.items()}, dtype=float).sort_index()
    cases, options = item_analysis(project, case_ids, {labels[s]: a for s, a in answers.items() if s in labels})

    fig, ax = plt.subplots(figsize=(1 + 0.6 * max(1, len(mastery.columns)), 1 + 0.3 * max(1, len(mastery))))
    image = ax.imshow(mastery.values, aspect="auto", cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(len(mastery.columns)), mastery.columns)
    ax.set_yticks(range(len(mastery.index)), mastery.index, fontsize=7)
    ax.set_title(M.MASTERY_CHART_TITLE)
    fig.colorbar(image, ax=ax, fraction=0.04)
    fig.tight_layout()
    heatmap = _png(fig)
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(totals.values, bins=min(15, max(3, len(totals))), color="#2b5d8a")
    ax.set_xlabel(M.SCORES_CHART_X)
    ax.set_ylabel(M.SCORES_CHART_Y)
    ax.set_title(M.SCORES_CHART_TITLE)
    fig.tight_layout()
    histogram = _png(fig)

    mastery.to_csv(out / "maitrise-par-principe.csv")
    cases.to_csv(out / "analyse-des-cas.csv", index=False)
    options.to_csv(out / "analyse-des-options.csv", index=False)
    never = options[(options[CHOICES] == 0) & (options[RESPONDENTS] > 0)]

    def table(frame: pd.DataFrame) -> str:
        return frame.rename(columns=HEADERS).to_html(index=False, float_format=lambda v: f"{v:.2f}", na_rep="–",
                                                     border=0, classes="rapport", escape=True)

    per_learner = mastery.copy()
    per_learner.insert(0, M.COLUMN_POINTS, totals.reindex(per_learner.index))
    learners_table = per_learner.reset_index(names=M.COLUMN_LEARNER).to_html(
        index=False, float_format=lambda v: f"{v:.2f}", na_rep="–", border=0, classes="rapport")
    summary = M.REPORT_SUMMARY_NAMED if names else M.REPORT_SUMMARY_PSEUDONYMISED
    shown_title = html.escape(title)
    never_table = (table(never[[CASE_ID, STEP_ID, LETTER, VERDICT, OPTION]]) if len(never)
                   else f"<p>{M.REPORT_NEVER_CHOSEN_NONE}</p>")
    body = f"""<!DOCTYPE html><html lang="{M.LANGUAGE}"><head><meta charset="utf-8"><title>{M.REPORT_TITLE.format(title=shown_title)}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#111}}
table.rapport{{border-collapse:collapse}}table.rapport td,table.rapport th{{border:1px solid #bbb;padding:.2em .5em}}</style></head>
<body><h1>{M.REPORT_HEADING.format(title=shown_title)}</h1>
<p>{summary.format(learners=len(cell_scores), cases=len(case_ids), mean=totals.mean())}</p>
<h2>{M.REPORT_MASTERY_HEADING}</h2><img alt="{M.REPORT_MASTERY_ALT}" src="data:image/png;base64,{heatmap}">
<h2>{M.REPORT_LEARNERS_HEADING}</h2>{learners_table}
<h2>{M.REPORT_SCORES_HEADING}</h2><img alt="{M.REPORT_SCORES_ALT}" src="data:image/png;base64,{histogram}">
<h2>{M.REPORT_CASES_HEADING}</h2><p>{M.REPORT_CASES_NOTE.format(threshold=DISCRIMINATION_FLAG)}</p>{table(cases)}
<h2>{M.REPORT_NEVER_CHOSEN_HEADING}</h2>{never_table}
<h2>{M.REPORT_CHOICES_HEADING}</h2>{table(options[[CASE_ID, STEP_ID, LETTER, VERDICT, CHOICES, RESPONDENTS, SHARE]])}
</body></html>"""
    path = out / "rapport.html"
    path.write_text(body, encoding="utf-8")
    return ClassReport(path, mastery, totals, cases, options)


def debrief_summary(result: Debrief) -> str:
    """Text table for the terminal."""
    lines = [M.DEBRIEF_COPIES_READ.format(count=result.learners)]
    for (case_id, step_id), group in result.counts.groupby([CASE_ID, STEP_ID], sort=False):
        lines.append("\n" + M.DEBRIEF_STEP_LINE.format(case_id=case_id, step_id=step_id,
                                                      count=int(group[RESPONDENTS].max())))
        for letter, chosen, share in zip(group[LETTER], group[CHOICES], group[SHARE]):
            bar = "█" * int(round(share * 30))
            lines.append(f"  {letter}  {chosen:3d}  {bar}")
    return "\n".join(lines)


def to_json(result: Debrief) -> str:
    return json.dumps(json.loads(result.counts.to_json(orient="records", force_ascii=False)), ensure_ascii=False)


# --- a workshop's debrief and report (what `casebook workshop debrief/rapport` run) ----------
# Analytics sits above the workshop layer: it reads the workshop's folders and gradebook,
# the workshop layer never imports analytics.


def _salt(ctx: Context) -> str:
    """A per-course secret so pseudonyms cannot be recomputed from learner ids."""
    from casebook.workshop.opaque import course_secret

    return course_secret(ctx.grading)


def workshop_debrief(ctx: Context, case_id: str | None = None) -> Debrief:
    """The live debrief of a workshop: choices per option from the submitted (or exchanged) answers."""
    if case_id is not None and case_id not in ctx.workshop.cases:
        raise WorkshopError(M.CASE_NOT_IN_WORKSHOP.format(case_id=case_id, workshop=ctx.name,
                                                          cases=", ".join(ctx.workshop.cases)))
    folders = submission_folders(ctx.grading, ctx.name)
    if not folders and ctx.exchange_configured():
        api_root = Path(os.environ["CASEBOOK_EXCHANGE"])
        course_id = nbgrader_api(ctx.grading).coursedir.course_id
        folders = exchange_folders(api_root / course_id / "inbound", ctx.name)
    if not folders:
        raise WorkshopError(M.NO_ANSWERS_TO_READ.format(workshop=ctx.name))
    cases = [case_id] if case_id else ctx.workshop.cases
    return debrief(ctx.project, cases, folders, ctx.grading / EXPORTS / f"{ctx.name}-debrief")


def workshop_report(ctx: Context, show_names: bool = False):
    """The class report; learners pseudonymised unless ``show_names``."""
    rows = [r for r in gradebook_rows(ctx) if r.submitted]
    if not rows:
        raise WorkshopError(M.NO_GRADED_SUBMISSION.format(workshop=ctx.name))
    answers, _problems = read_answers(submission_folders(ctx.grading, ctx.name), ctx.project)
    names = ({r.student_id: (f"{r.first_name} {r.last_name}".strip() or r.student_id) for r in rows}
             if show_names else None)
    return class_report(ctx.project, ctx.workshop.title, ctx.workshop.cases,
                        {r.student_id: r.by_cell for r in rows}, answers,
                        ctx.grading / EXPORTS / f"{ctx.name}-rapport", names=names, salt=_salt(ctx))
