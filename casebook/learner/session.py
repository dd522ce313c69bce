"""Playing one case step by step: the state behind the widgets, without widgets.

A session knows which steps the learner has validated, which step comes next,
and the running result. Widgets only bind controls to :meth:`CaseSession.validate`,
which keeps the interactive logic testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.core.model import Case, StepKind
from casebook.core.scoring import CONFIDENCE_LEVELS, Answers, CaseResult, StepResult, next_step_id, score
from casebook.learner import messages as M


class SessionError(ValueError):
    """An answer the session cannot accept (French message for the learner)."""


@dataclass
class CaseSession:
    case: Case
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confidence: dict[str, int] = field(default_factory=dict)

    @classmethod
    def resume(cls, case: Case, answers: Answers | None) -> "CaseSession":
        """Replay saved answers along the case's path; stop at the first one that no longer fits."""
        session = cls(case)
        if answers is None:
            return session
        while (step_id := session.current_step_id) is not None and step_id in answers.choices:
            try:
                session.validate(step_id, answers.choices[step_id], answers.confidence.get(step_id))
            except SessionError:
                break
        return session

    @property
    def path(self) -> list[str]:
        """Validated step ids, in order."""
        return list(self.choices)

    @property
    def current_step_id(self) -> str | None:
        """The step waiting for an answer, or None when the case is finished."""
        step_id: str | None = self.case.first_step.id
        while step_id is not None and step_id in self.choices:
            step = self.case.step(step_id)
            chosen = [o for o in step.options if o.id in self.choices[step_id]]
            step_id = next_step_id(step, chosen)
        return step_id

    @property
    def finished(self) -> bool:
        return self.current_step_id is None

    def validate(self, step_id: str, picked: tuple[str, ...] | list[str], confidence: int | None = None) -> StepResult:
        if step_id != self.current_step_id:
            raise SessionError(M.NOT_CURRENT_STEP.format(step=step_id))
        step = self.case.step(step_id)
        picked = tuple(picked)
        known = {o.id for o in step.options}
        if not picked:
            raise SessionError(M.CHOOSE_ONE_AT_LEAST)
        if any(p not in known for p in picked):
            raise SessionError(M.UNKNOWN_OPTION)
        if step.kind is StepKind.SINGLE and len(picked) != 1:
            raise SessionError(M.ONE_OPTION_EXPECTED)
        self.choices[step_id] = tuple(o.id for o in step.options if o.id in picked)
        if confidence in CONFIDENCE_LEVELS:
            self.confidence[step_id] = confidence
        return self.result.steps[len(self.choices) - 1]

    @property
    def answers(self) -> Answers:
        return Answers(choices=dict(self.choices), confidence=dict(self.confidence))

    @property
    def result(self) -> CaseResult:
        return score(self.case, self.answers)

    def reset(self) -> None:
        self.choices.clear()
        self.confidence.clear()
