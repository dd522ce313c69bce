"""Scoring a learner's answers to a case: a pure, deterministic function.

Rules, written once here and used by the widgets, nbgrader and analytics:

* **Single choice**: the chosen option's points.
* **Multiple choice**: the sum of the picked options' points (right picks earn,
  wrong picks cost), floored at zero.
* **Branching**: the path actually taken is scored, step by step, following the
  chosen option's ``next`` (or the step's). The case maximum is the best path's.
* **Per principle**: every step involves the principles its options respect or
  break. Each of them is credited with the step's points, except when a chosen
  option breaks it (then 0). Possible points per principle are those of the best
  path, so grades have fixed denominators whatever path a learner took.
* **Confidence** (1–3) is scored apart, with confidence-based marking (right:
  +1/+2/+3, wrong: 0/−2/−6): formative, never part of the grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from casebook.core import messages as M
from casebook.core.model import Case, Option, Step, StepKind, Verdict

CBM_RIGHT = {1: 1, 2: 2, 3: 3}
CBM_WRONG = {1: 0, 2: -2, 3: -6}
CONFIDENCE_LEVELS = tuple(CBM_RIGHT)


@dataclass(frozen=True)
class Answers:
    """What a learner chose: option ids per step, and optional confidence per step."""

    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    confidence: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data, *, case_id: str = "", option_id: Callable[[str, str, str], str] | None = None,
                  notes: list[str] | None = None) -> "Answers":
        """One case's answers from plain data (an answer file's entry); ``ValueError`` (French) on a
        wrong shape. This is the only reader of that shape (see :mod:`casebook.core.answer_file`).

        ``option_id`` maps recorded option ids (workshops translate opaque ids). With ``notes``,
        confidence levels other than 1, 2 or 3 are dropped and noted (confidence is never graded);
        without, a non-integer level is an error. The site's player mirrors the strict form
        (``fromDict`` in ``casebook-player.js``), message for message.
        """
        if not isinstance(data, Mapping):
            raise ValueError(M.ANSWERS_NOT_AN_OBJECT)
        choices = data.get("choices") or {}
        confidence = data.get("confidence") or {}
        if not isinstance(confidence, Mapping) and notes is not None:
            notes.append(M.ANSWERS_CONFIDENCE_UNREADABLE_NOTE.format(case_id=case_id))
            confidence = {}
        if not isinstance(choices, Mapping) or not isinstance(confidence, Mapping):
            raise ValueError(M.ANSWERS_NOT_OBJECTS)
        clean: dict[str, tuple[str, ...]] = {}
        for step_id, picked in choices.items():
            if isinstance(picked, str):
                picked = [picked]
            if not isinstance(picked, (list, tuple)) or not all(isinstance(p, str) for p in picked):
                raise ValueError(M.ANSWERS_BAD_CHOICE.format(step=step_id))
            clean[str(step_id)] = tuple(option_id(case_id, str(step_id), p) if option_id else p for p in picked)
        levels: dict[str, int] = {}
        for step_id, level in confidence.items():
            is_int = isinstance(level, int) and not isinstance(level, bool)
            if notes is not None and not (is_int and level in CONFIDENCE_LEVELS):
                notes.append(M.ANSWERS_CONFIDENCE_IGNORED_NOTE.format(case_id=case_id, step=step_id,
                                                                      level=str(level)[:20]))
                continue
            if not is_int:
                raise ValueError(M.ANSWERS_BAD_CONFIDENCE.format(step=step_id))
            levels[str(step_id)] = level  # an integer outside 1–3 is kept and ignored by the marking
        return cls(choices=clean, confidence=levels)

    def to_dict(self) -> dict:
        return {
            "choices": {k: list(v) for k, v in self.choices.items()},
            "confidence": dict(self.confidence),
        }


@dataclass(frozen=True)
class StepResult:
    step_id: str
    chosen: tuple[str, ...]
    earned: float
    maximum: float
    verdict: Verdict | None
    """Single choice: the option's verdict. Multiple: the worst verdict picked."""
    correct: bool
    principles_respected: tuple[str, ...]
    principles_broken: tuple[str, ...]
    feedback: tuple[tuple[str, str], ...]
    """(option id, feedback) for each chosen option, in option order."""
    problem: str | None = None
    confidence: int | None = None
    cbm: int | None = None


@dataclass(frozen=True)
class PrincipleScore:
    earned: float
    possible: float


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    points: float
    maximum: float
    steps: tuple[StepResult, ...]
    by_principle: dict[str, PrincipleScore]
    complete: bool
    """True when the path taken reached a final step."""
    problems: tuple[str, ...] = ()
    cbm_total: int | None = None

    @property
    def ratio(self) -> float:
        return self.points / self.maximum if self.maximum else 0.0


def step_principles(step: Step) -> tuple[str, ...]:
    """Principles a step involves: those any of its options respects or breaks."""
    seen: dict[str, None] = {}
    for option in step.options:
        for principle in (*option.respects, *option.breaks):
            seen.setdefault(principle, None)
    return tuple(sorted(seen))


def step_maximum(step: Step) -> float:
    if step.kind is StepKind.SINGLE:
        return float(max(o.points for o in step.options))
    return float(sum(o.points for o in step.options if o.points > 0))


def next_step_id(step: Step, chosen: Sequence[Option]) -> str | None:
    if step.kind is StepKind.SINGLE and chosen and chosen[0].next:
        return chosen[0].next
    return step.next


def _best_choice(step: Step) -> tuple[Option, ...]:
    """The options a perfect answer picks: for single choice, the best option
    (first recommandé on ties); for multiple, every option earning points."""
    if step.kind is StepKind.MULTIPLE:
        return tuple(o for o in step.options if o.points > 0)
    return (max(step.options, key=lambda o: (o.points, o.verdict.rank)),)


_BEST_PATHS: dict[int, tuple[Case, tuple]] = {}


def best_path(case: Case) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The path that earns the most points: (step id, chosen option ids) pairs.

    Computed over every branch (the case graph is acyclic, checked by
    validation); ties keep the option listed first. Cached per case object
    (models are immutable), keeping the case alive so its id is not reused.
    """
    cached = _BEST_PATHS.get(id(case))
    if cached is not None and cached[0] is case:
        return cached[1]
    if len(_BEST_PATHS) > 4096:
        _BEST_PATHS.clear()
    path = _compute_best_path(case)
    _BEST_PATHS[id(case)] = (case, path)
    return path


def _compute_best_path(case: Case) -> tuple[tuple[str, tuple[str, ...]], ...]:
    memo: dict[str, tuple[float, tuple]] = {}

    def best_from(step_id: str, depth: int = 0) -> tuple[float, tuple]:
        if step_id in memo:
            return memo[step_id]
        if depth > len(case.steps):  # a cycle: validation reports it; stay finite here
            return 0.0, ()
        step = case.step(step_id)
        if step.kind is StepKind.MULTIPLE:
            picks = _best_choice(step)
            candidates = [(picks, step.next)]
        else:
            candidates = [((o,), o.next or step.next) for o in step.options]
        best: tuple[float, tuple] | None = None
        for picks, nxt in candidates:
            earned = float(max(0, sum(o.points for o in picks)))
            tail_points, tail = best_from(nxt, depth + 1) if nxt else (0.0, ())
            total = earned + tail_points
            if best is None or total > best[0]:
                best = (total, ((step.id, tuple(o.id for o in picks)), *tail))
        memo[step_id] = best  # type: ignore[assignment]
        return best  # type: ignore[return-value]

    return best_from(case.first_step.id)[1]


def case_maximum(case: Case) -> float:
    return sum(step_maximum_for(case, step_id, picks) for step_id, picks in best_path(case))


def step_maximum_for(case: Case, step_id: str, picks: tuple[str, ...]) -> float:
    step = case.step(step_id)
    by_id = {o.id: o for o in step.options}
    return float(max(0, sum(by_id[p].points for p in picks)))


def possible_by_principle(case: Case) -> dict[str, float]:
    """Points each principle can earn along the best path (the grade denominators)."""
    possible: dict[str, float] = {}
    for step_id, _picks in best_path(case):
        step = case.step(step_id)
        maximum = step_maximum(step)
        for principle in step_principles(step):
            possible[principle] = possible.get(principle, 0.0) + maximum
    return {p: possible[p] for p in sorted(possible)}


def _score_step(step: Step, picked_ids: Sequence[str], confidence: int | None) -> tuple[StepResult, list[Option]]:
    options = {o.id: o for o in step.options}
    maximum = step_maximum(step)
    problem = None
    unknown = [p for p in picked_ids if p not in options]
    if len(set(picked_ids)) != len(picked_ids):
        problem = M.STEP_OPTION_TWICE
    elif unknown:
        problem = M.STEP_UNKNOWN_OPTION.format(options=", ".join(unknown))
    elif step.kind is StepKind.SINGLE and len(picked_ids) > 1:
        problem = M.STEP_SEVERAL_FOR_SINGLE
    elif not picked_ids:
        problem = M.STEP_NO_OPTION
    if problem:
        return StepResult(step.id, tuple(picked_ids), 0.0, maximum, None, False, (), (), (), problem), []

    chosen = [o for o in step.options if o.id in picked_ids]  # option order, deterministic
    earned = float(max(0, sum(o.points for o in chosen)))
    worst = min((o.verdict for o in chosen), key=lambda v: v.rank)
    if step.kind is StepKind.SINGLE:
        correct = worst.is_good
    else:
        correct = maximum > 0 and earned >= maximum / 2 and all(o.verdict.is_good for o in chosen)
    respected = tuple(sorted({p for o in chosen for p in o.respects}))
    broken = tuple(sorted({p for o in chosen for p in o.breaks}))
    cbm = None
    if confidence in CBM_RIGHT:
        cbm = CBM_RIGHT[confidence] if correct else CBM_WRONG[confidence]
    result = StepResult(
        step_id=step.id,
        chosen=tuple(o.id for o in chosen),
        earned=earned,
        maximum=maximum,
        verdict=worst,
        correct=correct,
        principles_respected=respected,
        principles_broken=broken,
        feedback=tuple((o.id, o.feedback) for o in chosen),
        confidence=confidence if confidence in CBM_RIGHT else None,
        cbm=cbm,
    )
    return result, chosen


def score(case: Case, answers: Answers | Mapping) -> CaseResult:
    """Score ``answers`` on ``case``. Never raises on bad answers: they earn zero, with a reason."""
    problems: list[str] = []
    if not isinstance(answers, Answers):
        try:
            answers = Answers.from_dict(answers)
        except ValueError as exc:
            answers = Answers()
            problems.append(M.SCORE_UNREADABLE_ANSWERS.format(error=exc))

    possible = possible_by_principle(case)
    earned_by_principle = {p: 0.0 for p in possible}
    results: list[StepResult] = []
    visited: set[str] = set()
    step_id: str | None = case.first_step.id
    complete = False
    while step_id is not None and step_id not in visited:
        visited.add(step_id)
        step = case.step(step_id)
        picked = answers.choices.get(step_id, ())
        result, chosen = _score_step(step, picked, answers.confidence.get(step_id))
        results.append(result)
        if result.problem:
            if picked:
                problems.append(M.SCORE_STEP_PROBLEM.format(step=step_id, problem=result.problem))
            break
        for principle in step_principles(step):
            if principle in earned_by_principle and principle not in result.principles_broken:
                earned_by_principle[principle] += result.earned
        step_id = next_step_id(step, chosen)
        if step_id is None:
            complete = True

    off_path = sorted(set(answers.choices) - visited)
    if off_path:
        problems.append(M.SCORE_OFF_PATH.format(steps=", ".join(off_path)))

    by_principle = {
        p: PrincipleScore(earned=min(earned_by_principle[p], possible[p]), possible=possible[p])
        for p in possible
    }
    maximum = case_maximum(case)
    points = min(sum(r.earned for r in results), maximum)
    cbm_values = [r.cbm for r in results if r.cbm is not None]
    return CaseResult(
        case_id=case.id,
        points=points,
        maximum=maximum,
        steps=tuple(results),
        by_principle=by_principle,
        complete=complete,
        problems=tuple(problems),
        cbm_total=sum(cbm_values) if cbm_values else None,
    )


def best_answers(case: Case) -> Answers:
    """Answers that follow the best path: the reference solution."""
    return Answers(choices={step_id: picks for step_id, picks in best_path(case)})
