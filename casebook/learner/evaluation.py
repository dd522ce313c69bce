"""Pre/post evaluation with parallel forms, and the normalised gain (Hake's g).

The items are ordinary one-step cases (:class:`casebook.core.model.Case`) stored
outside ``cases/``, one folder per form, so the casebook, its notebooks, its
site and its coverage are unchanged:

* ``evaluation/positionnement/``: the positioning test, taken at the start;
* ``evaluation/evaluation-finale/``: the parallel final test.

Both forms carry ``visibility: workshop``: their key never reaches the site or
the released workshops. Points follow one scale (recommandé 3, acceptable 2,
risqué 1, faute 0); :func:`check_forms` enforces it, with the parallel design
(one item per principle in each form, no item shared).

Gain: for a learner with pre-test score ``pre`` and post-test score ``post``
(in % of the maximum), Hake's normalised gain is ``g = (post - pre) / (100 - pre)``,
undefined when ``pre`` is 100 %. Per principle the class report gives the mean
of the individual gains with its standard deviation, and Hake's class gain
computed on the class averages.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.core.errors import DataError, Problem
from casebook.core.load import Project, case_files, load_case_file
from casebook.core.model import Case, StepKind, Verdict, Visibility
from casebook.learner import messages as M

EVALUATION_DIR = "evaluation"
PRE, POST = "positionnement", "evaluation-finale"
FORMS = (PRE, POST)
FORM_TITLES = {PRE: M.FORM_TITLE_PRE, POST: M.FORM_TITLE_POST}
SCALE = {Verdict.RECOMMANDE: 3, Verdict.ACCEPTABLE: 2, Verdict.RISQUE: 1, Verdict.FAUTE: 0}
# The class report's CSV column names: a format other programs read (spreadsheets, scripts), not words
# to translate; a principle's column in the learners' file is "<id>_g".
LEARNERS_CSV_COLUMNS = ["apprenant", "positionnement_pct", "finale_pct", "gain_g"]
PRINCIPLES_CSV_COLUMNS = ["principe", "n", "positionnement_moyen_pct", "finale_moyenne_pct", "g_classe",
                          "g_moyen", "g_ecart_type"]


def form_dir(root: Path, form: str) -> Path:
    return root / EVALUATION_DIR / form


def load_form(project: Project, form: str) -> tuple[dict[str, Case], list[Problem]]:
    """The items of one form, validated like cases (references, points, principles)."""
    from casebook.core.validate import check_case

    items: dict[str, Case] = {}
    problems: list[Problem] = []
    if not form_dir(project.root, form).is_dir():
        return items, problems
    for path in case_files([form_dir(project.root, form)]):
        case, found = load_case_file(path)
        problems.extend(found)
        if case is None:
            continue
        problems.extend(check_case(project, case, path))
        items[case.id] = case
    return items, problems


def check_forms(project: Project) -> list[Problem]:
    """The parallel-forms rules; an empty list when both forms are sound."""
    problems: list[Problem] = []
    forms: dict[str, dict[str, Case]] = {}
    for form in FORMS:
        folder = form_dir(project.root, form)
        items, found = load_form(project, form)
        problems.extend(found)
        forms[form] = items
        covered = sorted({p for case in items.values() for p in case.principles})
        missing = sorted(set(project.principles) - set(covered))
        if missing:
            problems.append(Problem(folder, "", M.FORM_PRINCIPLES_UNCOVERED, expected=M.FORM_ALL_PRINCIPLES,
                                    found=", ".join(missing), code="form-coverage"))
        for case in items.values():
            where = folder / f"{case.id}.yml"
            if case.visibility is not Visibility.WORKSHOP:
                problems.append(Problem(where, "visibility", M.FORM_ITEM_NOT_SECRET,
                                        expected="workshop", found=case.visibility.value, code="form-visibility"))
            if case.id in project.cases:
                problems.append(Problem(where, "id", M.FORM_ITEM_IN_CASES, found=case.id,
                                        code="form-shared"))
            for step in case.steps:
                for option in step.options:
                    if step.kind is StepKind.SINGLE and option.points != SCALE[option.verdict]:
                        problems.append(Problem(where, f"{step.id}.{option.id}.points",
                                                M.FORM_SCALE,
                                                expected=str(SCALE[option.verdict]), found=str(option.points),
                                                code="form-scale"))
    shared_ids = set(forms[PRE]) & set(forms[POST])
    texts = {form: {_norm(t) for c in items.values() for t in item_texts(c)} for form, items in forms.items()}
    shared_texts = texts[PRE] & texts[POST]
    if shared_ids:
        problems.append(Problem(form_dir(project.root, POST), "", M.FORMS_SHARE_ITEMS,
                                found=", ".join(sorted(shared_ids)), code="form-shared"))
    if shared_texts:
        problems.append(Problem(form_dir(project.root, POST), "", M.FORMS_SHARE_TEXTS,
                                found=" | ".join(sorted(shared_texts))[:200], code="form-shared"))
    return problems


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def item_texts(case: Case) -> list[str]:
    """The texts that make an item its own: its situation and its options (short prompts may repeat)."""
    texts = [case.context]
    for step in case.steps:
        texts += [o.text for o in step.options]
    return texts


def evaluation_items(project: Project) -> dict[str, Case]:
    """Both forms' items; raise :class:`DataError` if any is invalid."""
    items: dict[str, Case] = {}
    problems: list[Problem] = []
    for form in FORMS:
        found_items, found = load_form(project, form)
        items.update(found_items)
        problems.extend(found)
    if problems:
        raise DataError(problems)
    return items


def with_evaluation_items(project: Project) -> Project:
    """A copy of the project whose cases also hold the evaluation items (for workshops and grading)."""
    items = {k: v for k, v in evaluation_items(project).items() if k not in project.cases}
    if not items:
        return project
    paths = {cid: form_dir(project.root, form) / f"{cid}.yml"
             for form in FORMS for cid in items if (form_dir(project.root, form) / f"{cid}.yml").exists()}
    return replace(project, cases={**project.cases, **items}, case_paths={**project.case_paths, **paths})


def grading_project(root: Path | None = None) -> Project:
    """The project used to grade workshops: the casebook plus the evaluation items."""
    return with_evaluation_items(Project.load(root))


def form_items(project: Project, form: str) -> list[Case]:
    items, problems = load_form(project, form)
    if problems:
        raise DataError(problems)
    return [items[k] for k in sorted(items)]


# --- gain ----------------------------------------------------------------------


def hake_gain(pre_percent: float, post_percent: float) -> float | None:
    """Hake's normalised gain, (post − pre) / (100 − pre); None when the pre-test is already 100 %."""
    if pre_percent >= 100:
        return None
    return (post_percent - pre_percent) / (100 - pre_percent)


Scores = dict[str, dict[str, tuple[float, float]]]
"""learner → principle → (points earned, points possible)."""


def percent(earned: float, possible: float) -> float | None:
    return None if possible <= 0 else 100 * earned / possible


def _totals(by_principle: dict[str, tuple[float, float]]) -> tuple[float, float]:
    return sum(e for e, _ in by_principle.values()), sum(p for _, p in by_principle.values())


@dataclass
class GainRow:
    label: str
    pre: float | None
    post: float | None
    gain: float | None


@dataclass
class GainSummary:
    """Per principle (and overall): individual gains' mean and spread, and the class gain."""

    label: str
    n: int
    pre_mean: float | None
    post_mean: float | None
    class_gain: float | None
    mean_gain: float | None
    sd_gain: float | None
    gains: list[float] = field(default_factory=list)


@dataclass
class GainReport:
    learners: list[str]
    principles: list[str]
    per_learner: dict[str, GainRow]
    per_learner_principle: dict[str, dict[str, GainRow]]
    per_principle: dict[str, GainSummary]
    overall: GainSummary
    only_pre: list[str]
    only_post: list[str]


def _summary(label: str, rows: list[GainRow]) -> GainSummary:
    both = [r for r in rows if r.pre is not None and r.post is not None]
    gains = [r.gain for r in both if r.gain is not None]
    pre_mean = statistics.fmean(r.pre for r in both) if both else None
    post_mean = statistics.fmean(r.post for r in both) if both else None
    class_gain = hake_gain(pre_mean, post_mean) if both else None
    return GainSummary(label, len(both), pre_mean, post_mean, class_gain,
                       statistics.fmean(gains) if gains else None,
                       statistics.stdev(gains) if len(gains) > 1 else (0.0 if gains else None), gains)


def gain_report(pre: Scores, post: Scores) -> GainReport:
    """Gains for the learners who took both tests; the others are listed apart."""
    learners = sorted(set(pre) & set(post))
    principles = sorted({p for s in (pre, post) for by in s.values() for p in by})
    per_learner: dict[str, GainRow] = {}
    per_cell: dict[str, dict[str, GainRow]] = {}
    for learner in learners:
        a, b = percent(*_totals(pre[learner])), percent(*_totals(post[learner]))
        per_learner[learner] = GainRow(learner, a, b, hake_gain(a, b) if a is not None and b is not None else None)
        per_cell[learner] = {}
        for principle in principles:
            x = percent(*pre[learner].get(principle, (0.0, 0.0)))
            y = percent(*post[learner].get(principle, (0.0, 0.0)))
            per_cell[learner][principle] = GainRow(principle, x, y,
                                                   hake_gain(x, y) if x is not None and y is not None else None)
    per_principle = {p: _summary(p, [per_cell[l][p] for l in learners]) for p in principles}
    return GainReport(learners, principles, per_learner, per_cell, per_principle,
                      _summary(M.GAIN_OVERALL, list(per_learner.values())),
                      sorted(set(pre) - set(post)), sorted(set(post) - set(pre)))


def scores_from_principle_rows(rows: list[dict]) -> Scores:
    """Aggregate workshop export rows (student, case, principle, points, max) per learner and principle."""
    out: Scores = {}
    for row in rows:
        by = out.setdefault(row["student_id"], {})
        earned, possible = by.get(row["principle"], (0.0, 0.0))
        by[row["principle"]] = (earned + float(row["points"]), possible + float(row["max_points"]))
    return out


def scores_from_answers(project: Project, items: list[Case], answers: dict) -> dict[str, tuple[float, float]]:
    """One learner's per-principle scores on a form, from an answer store (self-paced mode)."""
    from casebook.core.scoring import Answers, score

    by: dict[str, tuple[float, float]] = {}
    for case in items:
        result = score(case, answers.get(case.id) or Answers())
        for principle, ps in result.by_principle.items():
            earned, possible = by.get(principle, (0.0, 0.0))
            by[principle] = (earned + ps.earned, possible + ps.possible)
    return by


def form_answered(items: list[Case], answers: dict) -> bool:
    return all(answers.get(c.id) is not None and answers[c.id].choices for c in items)


# --- class report ----------------------------------------------------------------


def _fmt(value: float | None, kind: str = "g") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.0f}\u202f%" if kind == "%" else f"{value:+.2f}".replace("-", "−").replace(".", ",")


def gain_chart(report: GainReport, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = report.principles + [M.GAIN_TOTAL]
    summaries = [report.per_principle[p] for p in report.principles] + [report.overall]
    means = [s.mean_gain if s.mean_gain is not None else 0.0 for s in summaries]
    spreads = [s.sd_gain or 0.0 for s in summaries]
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.bar(labels, means, yerr=spreads, capsize=4, color="#3a6ea5")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(M.GAIN_CHART_AXIS)
    ax.set_title(M.GAIN_CHART_TITLE)
    ax.set_ylim(min(-1.0, min(m - s for m, s in zip(means, spreads))), 1.05)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path


def write_gain_report(report: GainReport, folder: Path, names: dict[str, str] | None = None,
                      principle_names: dict[str, str] | None = None) -> dict[str, Path]:
    """HTML page, chart and two CSV files (per learner, per principle)."""
    from html import escape

    folder.mkdir(parents=True, exist_ok=True)
    names = names or {}
    principle_names = principle_names or {}
    chart = gain_chart(report, folder / "gain-par-principe.png")
    learners_csv = folder / "gain-par-apprenant.csv"
    with learners_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEARNERS_CSV_COLUMNS + [f"{p}_g" for p in report.principles])
        for learner in report.learners:
            row = report.per_learner[learner]
            writer.writerow([names.get(learner, learner), _round(row.pre), _round(row.post), _round(row.gain, 3)]
                            + [_round(report.per_learner_principle[learner][p].gain, 3) for p in report.principles])
    principles_csv = folder / "gain-par-principe.csv"
    with principles_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PRINCIPLES_CSV_COLUMNS)
        for s in [*report.per_principle.values(), report.overall]:
            writer.writerow([s.label, s.n, _round(s.pre_mean), _round(s.post_mean), _round(s.class_gain, 3),
                             _round(s.mean_gain, 3), _round(s.sd_gain, 3)])
    rows_p = "".join(
        f"<tr><th scope='row'>{escape(s.label)} {escape(principle_names.get(s.label, ''))}</th><td>{s.n}</td>"
        f"<td>{_fmt(s.pre_mean, '%')}</td><td>{_fmt(s.post_mean, '%')}</td><td>{_fmt(s.class_gain)}</td>"
        f"<td>{_fmt(s.mean_gain)} ± {_fmt(s.sd_gain).lstrip('+')}</td></tr>"
        for s in [*report.per_principle.values(), report.overall])
    rows_l = "".join(
        f"<tr><th scope='row'>{escape(names.get(l, l))}</th><td>{_fmt(report.per_learner[l].pre, '%')}</td>"
        f"<td>{_fmt(report.per_learner[l].post, '%')}</td><td>{_fmt(report.per_learner[l].gain)}</td>"
        + "".join(f"<td>{_fmt(report.per_learner_principle[l][p].gain)}</td>" for p in report.principles)
        + "</tr>" for l in report.learners)
    missing = ""
    if report.only_pre or report.only_post:
        missing = "<p>" + M.GAIN_REPORT_MISSING.format(only_pre=len(report.only_pre),
                                                        only_post=len(report.only_post)) + "</p>"
    html = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{M.GAIN_REPORT_TITLE}</title>
<style>body{{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;margin:1rem 0}}td,th{{border:1px solid #999;padding:.25rem .5rem;text-align:right}}
th[scope=row]{{text-align:left}}</style></head><body>
<h1>{M.GAIN_REPORT_TITLE}</h1>
<p>{M.GAIN_REPORT_INTRO.format(learners=report.overall.n)}</p>{missing}
<img src="{chart.name}" alt="{M.GAIN_CHART_ALT}" width="800">
<h2>{M.GAIN_BY_PRINCIPLE}</h2>
<table><thead><tr><th>{M.PRINCIPLE_COLUMN}</th><th>n</th><th>{M.GAIN_PRE_COLUMN}</th><th>{M.GAIN_POST_COLUMN}</th><th>{M.GAIN_CLASS_COLUMN}</th><th>{M.GAIN_MEAN_COLUMN}</th></tr></thead>
<tbody>{rows_p}</tbody></table>
<h2>{M.GAIN_BY_LEARNER}</h2>
<table><thead><tr><th>{M.GAIN_LEARNER_COLUMN}</th><th>{M.GAIN_PRE_COLUMN}</th><th>{M.GAIN_POST_COLUMN}</th><th>g</th>{''.join(f'<th>{p}</th>' for p in report.principles)}</tr></thead>
<tbody>{rows_l}</tbody></table></body></html>"""
    page = folder / "gain.html"
    page.write_text(html, encoding="utf-8")
    return {"html": page, "graphique": chart, "apprenants": learners_csv, "principes": principles_csv}


def _round(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def report_to_json(report: GainReport) -> str:
    def summary(s: GainSummary) -> dict:
        return {"n": s.n, "pre_mean": s.pre_mean, "post_mean": s.post_mean, "class_gain": s.class_gain,
                "mean_gain": s.mean_gain, "sd_gain": s.sd_gain}

    return json.dumps({
        "learners": {l: {"pre": r.pre, "post": r.post, "gain": r.gain} for l, r in report.per_learner.items()},
        "principles": {p: summary(s) for p, s in report.per_principle.items()},
        "overall": summary(report.overall),
        "only_pre": report.only_pre, "only_post": report.only_post,
    }, ensure_ascii=False, indent=2)


# --- self-paced mode (notebooks) -------------------------------------------------


def show_form(form: str, store_path: str | Path | None = None):
    """Display a form's items in a notebook; answers go to the local answer store, no feedback shown."""
    from IPython.display import display

    from casebook.core.store import AnswerStore
    from casebook.learner.widgets import CaseView

    project = Project.load()
    store = AnswerStore.open(store_path)
    views = []
    for case in form_items(project, form):
        view = CaseView(case, project, store, show_key=False)
        display(view)
        views.append(view)
    return views


def self_paced_scores(project: Project, answers: dict) -> dict[str, dict[str, tuple[float, float]] | None]:
    out: dict[str, dict[str, tuple[float, float]] | None] = {}
    for form in FORMS:
        items = form_items(project, form)
        out[form] = scores_from_answers(project, items, answers) if form_answered(items, answers) else None
    return out


def show_form_result(store_path: str | Path | None = None):
    """Self-paced result: per-principle scores of each completed form, and the gain when both are done."""
    from html import escape

    from IPython.display import HTML, display

    from casebook.core.store import AnswerStore

    project = Project.load()
    store = AnswerStore.open(store_path)
    scores = self_paced_scores(project, store.cases)
    parts = []
    for form in FORMS:
        if scores[form] is None:
            parts.append(f"<p>{M.FORM_NOT_DONE.format(form=FORM_TITLES[form])}</p>")
            continue
        earned, possible = _totals(scores[form])
        score = M.FORM_SCORE.format(form=FORM_TITLES[form], earned=earned, possible=possible,
                                    percent=100 * earned / possible)
        parts.append(f"<p>{score}</p>")
    if scores[PRE] is not None and scores[POST] is not None:
        report = gain_report({"moi": scores[PRE]}, {"moi": scores[POST]})
        rows = "".join(
            f"<tr><th scope='row'>{p} {escape(project.principles[p].name)}</th>"
            f"<td>{_fmt(report.per_learner_principle['moi'][p].pre, '%')}</td>"
            f"<td>{_fmt(report.per_learner_principle['moi'][p].post, '%')}</td>"
            f"<td>{_fmt(report.per_learner_principle['moi'][p].gain)}</td></tr>" for p in report.principles)
        parts.append(f"<table><thead><tr><th>{M.PRINCIPLE_COLUMN}</th><th>{M.GAIN_PRE_COLUMN}</th>"
                     f"<th>{M.GAIN_POST_COLUMN}</th><th>{M.SELF_GAIN_COLUMN}</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table>"
                     f"<p>{M.SELF_GAIN_OVERALL.format(gain=_fmt(report.per_learner['moi'].gain))}</p>")
    display(HTML("".join(parts)))
    return scores
