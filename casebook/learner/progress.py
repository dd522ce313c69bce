"""« Mon parcours »: which cases are done, and the score per principle, from the answer store."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from casebook.core.load import Project
from casebook.core.scoring import score
from casebook.core.store import AnswerStore
from casebook.learner import messages as M


@dataclass(frozen=True)
class Progress:
    done: list[tuple[str, str, float, float]]
    """(case id, title, points, maximum) of finished public cases."""
    started: list[str]
    todo: list[str]
    by_principle: dict[str, tuple[float, float]]
    """Principle id → (earned, possible) summed over finished cases."""


def compute_progress(project: Project, store: AnswerStore) -> Progress:
    done, started, todo = [], [], []
    totals: dict[str, list[float]] = {p: [0.0, 0.0] for p in project.principles}
    for case in sorted(project.public_cases, key=lambda c: c.title):
        answers = store.get(case.id)
        if answers is None:
            todo.append(case.id)
            continue
        result = score(case, answers)
        if not result.complete:
            started.append(case.id)
            continue
        done.append((case.id, case.title, result.points, result.maximum))
        for principle, s in result.by_principle.items():
            totals[principle][0] += s.earned
            totals[principle][1] += s.possible
    return Progress(done, started, todo, {p: (e, m) for p, (e, m) in totals.items()})


def progress_figure(project: Project, progress: Progress):
    """Horizontal bars: share of points earned per principle (principles not yet met are shown empty)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    principles = sorted(project.principles)
    ratios = [(progress.by_principle[p][0] / progress.by_principle[p][1] * 100)
              if progress.by_principle[p][1] else 0.0 for p in principles]
    labels = [f"{p} · {project.principles[p].name}" for p in principles]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.barh(labels[::-1], ratios[::-1], color="#2b5d8a")
    ax.set_xlim(0, 100)
    ax.set_xlabel(M.PROGRESS_AXIS)
    ax.set_title(M.PROGRESS_TITLE)
    for y, (p, value) in enumerate(zip(principles[::-1], ratios[::-1])):
        met = progress.by_principle[p][1] > 0
        ax.text(min(value, 92) + 1, y, f"{value:.0f} %" if met else M.NOT_WORKED_YET, va="center",
                fontsize=8)
    fig.tight_layout()
    return fig


def show_progress(store_path: str | Path | None = None) -> Progress:
    from IPython.display import HTML, display

    project = Project.load()
    store = AnswerStore.open(store_path)
    if store.notice:
        display(HTML(f"<p><strong>{escape(store.notice)}</strong></p>"))
    progress = compute_progress(project, store)
    total = len(project.public_cases)
    rows = "".join(f"<tr><td>{escape(title)}</td><td>{points:g} / {maximum:g}</td></tr>"
                   for _id, title, points, maximum in progress.done)
    table = (f'<table><thead><tr><th scope="col">{M.DONE_COLUMN}</th><th scope="col">{M.POINTS_COLUMN}</th>'
             f"</tr></thead><tbody>{rows}</tbody></table>") if rows else f"<p>{M.NO_CASE_DONE}</p>"
    counts = M.PROGRESS_COUNTS.format(done=len(progress.done), total=total)
    display(HTML(f"<p><strong>{counts}</strong>, {M.PROGRESS_STARTED.format(started=len(progress.started))}</p>"
                 f"{table}"))
    import matplotlib.pyplot as plt

    fig = progress_figure(project, progress)
    display(fig)
    plt.close(fig)
    return progress
