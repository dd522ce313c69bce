"""Blind known-groups test: a respondent plays cases step by step, without any key.

The respondent sees the situation, the question and the options in a shuffled order
(the learners' own rule, seeded by the respondent's name), answers with letters, and
is shown the next step the case's branching leads to. No verdict, point or feedback
is printed until ``score``. State lives in one JSON file per respondent.

    python tools/blind_test.py --state R.json start CASE_ID      # show the first step
    python tools/blind_test.py --state R.json answer CASE_ID B   # answer (several letters: B,D)
    python tools/blind_test.py --state R.json score              # per case: points / maximum
    python tools/blind_test.py compare --novices A.json B.json --trained C.json
                                        # known groups: per case, each group's % and the criteria

Used to check that the casebook separates those who learned the course from those who
did not (issue « Grades that measure judgement »). Respondents must not open cases/.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casebook.core.load import Project  # noqa: E402
from casebook.core.model import StepKind  # noqa: E402
from casebook.core.order import option_letters, ordered  # noqa: E402
from casebook.core.scoring import Answers, next_step_id, score  # noqa: E402


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"cases": {}}


def _current(case, choices: dict) -> str | None:
    step_id = case.first_step.id
    while step_id is not None and step_id in choices:
        step = case.step(step_id)
        step_id = next_step_id(step, [o for o in step.options if o.id in choices[step_id]])
    return step_id


def _show(case, step_id: str, seed: str, first: bool) -> None:
    step = case.step(step_id)
    if first:
        print(f"# {case.title}\n\n{case.context}\n")
    if step.situation:
        print(step.situation + "\n")
    kind = "plusieurs réponses possibles (lettres séparées par des virgules)" if step.kind is StepKind.MULTIPLE \
        else "une seule réponse"
    print(f"Question ({kind}) : {step.prompt}")
    for letter, option in zip(option_letters(len(step.options)), ordered(seed, case.id, step.id, step.options)):
        print(f"  {letter}. {option.text}")


NOVICE_MAXIMUM = 70.0
"""Known groups: respondents who have not read the course should score at most this (% of the maximum)."""
TRAINED_MINIMUM = 85.0
"""…and respondents given the chapters (not the cases' feedback) at least this."""


def _score_choices(case, choices: dict):
    """A respondent's recorded choices for one case, scored like a learner's answers."""
    return score(case, Answers(choices={k: tuple(v) for k, v in choices.items()}))


def _percent(rows: list[list[float]]) -> float:
    """Points over maximum, in %, of [points, maximum] rows."""
    return 100 * sum(r[0] for r in rows) / sum(r[1] for r in rows)


def _group_points(project, states: list[Path]) -> dict[str, list[float]]:
    """Per case: [points, maximum] summed over the group's respondents who played it."""
    totals: dict[str, list[float]] = {}
    for path in states:
        for case_id, choices in _load(path)["cases"].items():
            result = _score_choices(project.case(case_id), choices)
            row = totals.setdefault(case_id, [0.0, 0.0])
            row[0] += result.points
            row[1] += result.maximum
    return totals


def compare(project, novices: list[Path], trained: list[Path]) -> tuple[list[str], bool]:
    """The known-groups table (lines) and whether both criteria hold on public and on workshop cases.

    Run it at the commit the respondents played: scores depend on the cases' verdicts."""
    groups = {"novices": _group_points(project, novices), "trained": _group_points(project, trained)}
    lines = [f"{'':9} {'case':40} {'novices':>8} {'trained':>8}"]
    ok = True
    for visibility in ("public", "workshop"):
        ids = sorted({c for g in groups.values() for c in g if project.case(c).visibility.value == visibility})
        if not ids:
            continue
        for case_id in ids:
            cells = []
            for name in ("novices", "trained"):
                row = groups[name].get(case_id)
                cells.append(f"{100 * row[0] / row[1]:7.0f}%" if row and row[1] else "       —")
            lines.append(f"{visibility:9} {case_id:40} {cells[0]:>8} {cells[1]:>8}")
        for name, sign, bound in (("novices", "<=", NOVICE_MAXIMUM), ("trained", ">=", TRAINED_MINIMUM)):
            rows = [groups[name][c] for c in ids if c in groups[name]]
            if not rows:
                continue
            percent = _percent(rows)
            met = percent <= bound if sign == "<=" else percent >= bound
            ok = ok and met
            lines.append(f"TOTAL {visibility} {name}: {percent:.0f} % on {len(rows)} cases "
                         f"(target {sign} {bound:.0f} %: {'met' if met else 'NOT met'})")
        both = [c for c in ids if c in groups["novices"] and c in groups["trained"]]
        if both and len(both) < len(ids):
            pair = [_percent([groups[n][c] for c in both]) for n in ("novices", "trained")]
            lines.append(f"       on the {len(both)} cases both groups played: novices {pair[0]:.0f} %, "
                         f"trained {pair[1]:.0f} %")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, help="the respondent's answers (start, answer, score)")
    sub = parser.add_subparsers(dest="command", required=True)
    known = sub.add_parser("compare")
    known.add_argument("--novices", nargs="+", type=Path, required=True)
    known.add_argument("--trained", nargs="+", type=Path, required=True)
    start = sub.add_parser("start")
    start.add_argument("case_id")
    answer = sub.add_parser("answer")
    answer.add_argument("case_id")
    answer.add_argument("letters")
    sub.add_parser("score")
    args = parser.parse_args(argv)
    if args.command == "compare":
        lines, ok = compare(Project.load(), args.novices, args.trained)
        print("\n".join(lines))
        return 0 if ok else 1
    if args.state is None:
        parser.error(f"--state is required by {args.command}")

    project = Project.load()
    state = _load(args.state)
    seed = args.state.stem
    if args.command == "score":
        rows = []
        for case_id, choices in state["cases"].items():
            case = project.case(case_id)
            result = _score_choices(case, choices)
            rows.append((case_id, case.visibility.value, result.points, result.maximum, result.complete))
        for visibility in ("public", "workshop"):
            group = [r for r in rows if r[1] == visibility]
            for case_id, _, points, maximum, complete in group:
                print(f"{visibility:9} {case_id:40} {points:g} / {maximum:g}{'' if complete else ' (inachevé)'}")
            if group:
                total = _percent([[r[2], r[3]] for r in group])
                print(f"TOTAL {visibility}: {total:.0f} % du maximum sur {len(group)} cas\n")
        return 0

    case = project.case(args.case_id)
    choices = state["cases"].setdefault(case.id, {})
    if args.command == "answer":
        step_id = _current(case, choices)
        if step_id is None:
            print("Cas terminé.")
            return 0
        step = case.step(step_id)
        shown = ordered(seed, case.id, step.id, step.options)
        by_letter = dict(zip(option_letters(len(shown)), shown))
        picked = [by_letter[x.strip().upper()] for x in args.letters.split(",") if x.strip()]
        if not picked or (step.kind is StepKind.SINGLE and len(picked) != 1):
            print("Réponse invalide : une lettre (choix unique) ou plusieurs lettres séparées par des virgules.")
            return 2
        choices[step_id] = [o.id for o in picked]
        args.state.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    step_id = _current(case, choices)
    if step_id is None:
        print("Cas terminé.")
    else:
        _show(case, step_id, seed, first=not choices)
    return 0


if __name__ == "__main__":
    sys.exit(main())
