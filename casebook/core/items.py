"""Item audit: can a learner score without knowing the course?

A case is an assessment item. If always picking the longest option (or the
shortest, the one with the most or fewest clauses, the first or the last, the
one that sounds most like procedure, anything but the longest, the bare core of
options that share an opening, the odd one out, or anything without a "trap
word") scores well above chance, grades measure test-wiseness, not judgement. This module plays such knowledge-free
strategies along the path each one takes, with the project's own scoring
(:func:`casebook.core.scoring.score`), and compares them with the expected score of
random choice. Pure: no widget, plotting or nbgrader import.

Thresholds (``casebook items`` fails beyond them, and so does ``make test``):

* no strategy beats the random expected score by more than
  :data:`MAX_GAIN_OVER_RANDOM` points of percentage, on public or on workshop
  cases;
* the best option is the longest in at most :data:`MAX_LONGEST_IS_BEST` of
  single-choice steps;
* in file order, the best option of single-choice steps sits in every position.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from casebook.core import messages as M
from casebook.core.model import Case, Option, Step, StepKind, Visibility
from casebook.core.scoring import Answers, case_maximum, next_step_id, score
from casebook.core.word_cues import WordCues

MAX_GAIN_OVER_RANDOM = 10.0
MAX_LONGEST_IS_BEST = 0.40

_CLAUSE_SEPARATORS = re.compile(M.CLAUSE_SEPARATORS)


def clause_count(text: str) -> int:
    """A rough count of the actions or qualifications chained in an option."""
    return 1 + len(_CLAUSE_SEPARATORS.findall(text.lower()))


Chooser = Callable[[Step], tuple[str, ...]]
"""A strategy: given a step, the option ids it picks (knowing nothing of the key)."""


def _top(step: Step, key: Callable[[Option], float]) -> tuple[str, ...]:
    """Single choice: the option maximising ``key`` (first on ties). Multiple: the upper half."""
    if step.kind is StepKind.SINGLE:
        return (max(step.options, key=key).id,)
    ranked = sorted(step.options, key=key, reverse=True)
    return tuple(o.id for o in ranked[: max(1, len(ranked) // 2)])


def choose_longest(step: Step) -> tuple[str, ...]:
    return _top(step, lambda o: len(o.text))


def choose_most_clauses(step: Step) -> tuple[str, ...]:
    return _top(step, lambda o: (clause_count(o.text), len(o.text)))


def choose_shortest(step: Step) -> tuple[str, ...]:
    return _top(step, lambda o: -len(o.text))


def choose_fewest_clauses(step: Step) -> tuple[str, ...]:
    return _top(step, lambda o: (-clause_count(o.text), -len(o.text)))


def choose_first(step: Step) -> tuple[str, ...]:
    if step.kind is StepKind.SINGLE:
        return (step.options[0].id,)
    return tuple(o.id for o in step.options[: max(1, len(step.options) // 2)])


def choose_median_length(step: Step) -> tuple[str, ...]:
    """The option closest to the step's median length: what an author who shortens keys to avoid
    « the longest » tends to produce."""
    lengths = sorted(len(o.text) for o in step.options)
    middle = len(lengths) // 2
    median = lengths[middle] if len(lengths) % 2 else (lengths[middle - 1] + lengths[middle]) / 2
    return _top(step, lambda o: -abs(len(o.text) - median))


def choose_like_keys(cues: WordCues) -> Chooser:
    """The strategy of a learner who learned ``cues`` from other cases' keys (see :mod:`word_cues`)."""
    return lambda step: _top(step, lambda o: cues.key_likeness(o.text))


def choose_last(step: Step) -> tuple[str, ...]:
    if step.kind is StepKind.SINGLE:
        return (step.options[-1].id,)
    return tuple(o.id for o in step.options[len(step.options) // 2:])


REASSURING_STEMS = M.REASSURING_STEMS
"""Words of the "responsible, institutional" register: a test-wise learner who knows nothing of the
course picks the option that sounds most like procedure. Blind respondents did exactly that."""


def reassuring_words(text: str) -> int:
    lowered = text.lower()
    return sum(lowered.count(stem) for stem in REASSURING_STEMS)


def choose_most_reassuring(step: Step) -> tuple[str, ...]:
    return _top(step, lambda o: (reassuring_words(o.text), -len(o.text)))


_WORD = re.compile(r"[\w'’-]+")
SHARED_OPENING_WORDS = 4
"""Options that start with the same words are variants of one gesture. Blind reviewers found the key
by taking the variant with nothing added ("the core without a poisoned tail"), or the odd one out."""


def _opening_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shared_opening(option: Option, step: Step) -> int:
    """How many leading words ``option`` shares with the most similar other option of its step."""
    mine = _opening_words(option.text)
    best = 0
    for other in step.options:
        if other is option:
            continue
        common = 0
        for a, b in zip(mine, _opening_words(other.text)):
            if a != b:
                break
            common += 1
        best = max(best, common)
    return best


def choose_bare_core(step: Step) -> tuple[str, ...]:
    """Among the options that share an opening, the shortest (the core with nothing added)."""
    return _top(step, lambda o: (shared_opening(o, step) >= SHARED_OPENING_WORDS, -len(o.text)))


def choose_odd_one_out(step: Step) -> tuple[str, ...]:
    """The shortest option that shares no opening with the others (when some do)."""
    return _top(step, lambda o: (shared_opening(o, step) < SHARED_OPENING_WORDS, -len(o.text)))


TRAP_WORDS = M.TRAP_WORDS
"""Words that a test-wise learner may learn to avoid ("WhatsApp", "initiales", "CNIL"...): if keys
never contain them, avoiding them beats chance without knowing why the texts reject those options."""


def has_trap_word(option: Option) -> bool:
    lowered = option.text.lower()
    return any(word in lowered for word in TRAP_WORDS)


STRATEGIES: dict[str, Chooser] = {
    "plus-longue": choose_longest,
    "plus-de-propositions": choose_most_clauses,
    "premiere": choose_first,
    "plus-courte": choose_shortest,
    "moins-de-propositions": choose_fewest_clauses,
    "derniere": choose_last,
    "vocabulaire": choose_most_reassuring,
    "tronc-commun": choose_bare_core,
    "hors-tronc-commun": choose_odd_one_out,
    "longueur-mediane": choose_median_length,
}
LEARNED_STRATEGY = "indices-lexicaux"
"""Played on each case with :class:`WordCues` learned from all the other cases (leave one case out)."""
EXPECTED_OPTIONS: dict[str, dict[str, bool]] = {
    "sauf-plus-longue": {"exclude_longest": True},
    "sauf-plus-courte": {"exclude_shortest": True},
    "sans-mots-pieges": {"avoid_trap_words": True},
}
"""Strategies scored by their expectation (a random pick among some options), not by one path: the
options of :func:`random_expected` that define each."""
EXPECTED_STRATEGIES = tuple(EXPECTED_OPTIONS)
ALL_STRATEGIES = (*STRATEGIES, LEARNED_STRATEGY, *EXPECTED_STRATEGIES)
"""Every strategy the audit scores and holds to the limit, in report order (chance comes first)."""
STRATEGY_LABELS = M.STRATEGY_LABELS


def play(case: Case, chooser: Chooser) -> tuple[float, float]:
    """(points, maximum) of a strategy on one case, following the path it takes."""
    choices: dict[str, tuple[str, ...]] = {}
    step_id: str | None = case.first_step.id
    while step_id is not None and step_id not in choices:
        step = case.step(step_id)
        picked = chooser(step)
        choices[step_id] = picked
        by_id = {o.id: o for o in step.options}
        step_id = next_step_id(step, [by_id[p] for p in picked])
    result = score(case, Answers(choices=choices))
    return result.points, result.maximum


def _subsets(step: Step) -> list[tuple[Option, ...]]:
    """Every non-empty answer to a step (one option for single choice)."""
    if step.kind is StepKind.SINGLE:
        return [(o,) for o in step.options]
    return [combo for size in range(1, len(step.options) + 1)
            for combo in itertools.combinations(step.options, size)]


def random_expected(case: Case, exclude_longest: bool = False, avoid_trap_words: bool = False,
                    exclude_shortest: bool = False) -> float:
    """Expected points of a learner who picks uniformly among the possible answers of each step.

    With ``exclude_longest``, single-choice steps are answered at random among all options but the
    longest: if keys are almost never the longest, that alone beats chance (``exclude_shortest``: the
    same with the shortest, the over-correction of authors who trim distractors). With ``avoid_trap_words``,
    among the options without a :data:`TRAP_WORDS` word (all of them if every option has one).
    """
    memo: dict[str, float] = {}

    def expected_from(step_id: str, depth: int = 0) -> float:
        if step_id in memo:
            return memo[step_id]
        if depth > len(case.steps):
            return 0.0
        step = case.step(step_id)
        answers = _subsets(step)
        if exclude_longest and step.kind is StepKind.SINGLE and len(answers) > 1:
            longest = max(step.options, key=lambda o: len(o.text))
            answers = [a for a in answers if a[0] is not longest]
        if exclude_shortest and step.kind is StepKind.SINGLE and len(answers) > 1:
            shortest = min(step.options, key=lambda o: len(o.text))
            answers = [a for a in answers if a[0] is not shortest]
        if avoid_trap_words and step.kind is StepKind.SINGLE:
            answers = [a for a in answers if not has_trap_word(a[0])] or answers
        total = 0.0
        for picks in answers:
            earned = max(0.0, float(sum(o.points for o in picks)))
            nxt = next_step_id(step, list(picks))
            total += earned + (expected_from(nxt, depth + 1) if nxt else 0.0)
        memo[step_id] = total / len(answers)
        return memo[step_id]

    return expected_from(case.first_step.id)


@dataclass
class StepAudit:
    case_id: str
    step_id: str
    kind: str
    options: int
    best_positions: list[int]
    """1-based file positions of the best option(s) (single) or of the good ones (multiple)."""
    length_ratio: float
    """Mean length of the best option(s) over the mean length of the others."""
    best_is_longest: bool
    best_length_rank: int
    """Rank of the (first) best option by length, 1 for the longest: keys should hold every rank."""
    found_by: list[str] = field(default_factory=list)
    """Single choice: the strategies that pick a best option at this step, for authors to vary it."""


@dataclass
class GroupAudit:
    """Strategy scores, in % of the maximum, over one group of cases (public or workshop)."""

    cases: int = 0
    maximum: float = 0.0
    points: dict[str, float] = field(default_factory=dict)

    def percent(self, strategy: str) -> float:
        return 100.0 * self.points.get(strategy, 0.0) / self.maximum if self.maximum else 0.0


@dataclass
class ItemAudit:
    groups: dict[str, GroupAudit]
    steps: list[StepAudit]
    cues: WordCues = field(default_factory=WordCues)
    """Word cues learned from every case: the words authors should vary (report only)."""

    @property
    def single_steps(self) -> list[StepAudit]:
        return [s for s in self.steps if s.kind == StepKind.SINGLE.value]

    @property
    def longest_is_best_share(self) -> float:
        singles = self.single_steps
        return sum(s.best_is_longest for s in singles) / len(singles) if singles else 0.0

    def position_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for step in self.single_steps:
            for position in step.best_positions:
                counts[position] = counts.get(position, 0) + 1
        return dict(sorted(counts.items()))

    def failures(self) -> list[str]:
        """French sentences, one per broken threshold (empty when the items pass)."""
        found = []
        for name, group in self.groups.items():
            if not group.cases:
                continue
            chance = group.percent("hasard")
            for strategy in ALL_STRATEGIES:
                gain = group.percent(strategy) - chance
                if gain > MAX_GAIN_OVER_RANDOM:
                    found.append(M.ITEMS_FAIL_STRATEGY.format(
                        group=name, strategy=STRATEGY_LABELS[strategy], percent=group.percent(strategy), gain=gain,
                        chance=chance, limit=MAX_GAIN_OVER_RANDOM))
        share = self.longest_is_best_share
        if share > MAX_LONGEST_IS_BEST:
            found.append(M.ITEMS_FAIL_LONGEST.format(share=100 * share, limit=100 * MAX_LONGEST_IS_BEST))
        widest = max((s.options for s in self.single_steps), default=0)
        counts = self.position_counts()
        for position in range(1, widest + 1):
            holders = [s for s in self.single_steps if s.options >= position]
            if len(holders) >= 5 and not counts.get(position):
                found.append(M.ITEMS_FAIL_POSITION.format(position=position))
        return found

    def as_dict(self) -> dict:
        return {
            "ok": not self.failures(),
            "failures": self.failures(),
            "thresholds": {"max_gain_over_random": MAX_GAIN_OVER_RANDOM,
                           "max_longest_is_best": MAX_LONGEST_IS_BEST},
            "groups": {name: {"cases": g.cases, "maximum": g.maximum,
                              "percent": {s: round(g.percent(s), 1) for s in ("hasard", *ALL_STRATEGIES)}}
                       for name, g in self.groups.items()},
            "longest_is_best_share": round(self.longest_is_best_share, 3),
            "best_positions": self.position_counts(),
            "steps": [vars(s) for s in self.steps],
            "telling_words": [{"word": w, "in_keys": k, "in_others": o} for w, k, o in self.cues.telling_words()],
        }


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def audit_step(case: Case, step: Step, learned: Chooser | None = None) -> StepAudit:
    if step.kind is StepKind.SINGLE:
        top = max(o.points for o in step.options)
        best = [o for o in step.options if o.points == top]
    else:
        best = [o for o in step.options if o.points > 0]
    others = [o for o in step.options if o not in best]
    longest = max(len(o.text) for o in step.options)
    return StepAudit(
        case_id=case.id,
        step_id=step.id,
        kind=step.kind.value,
        options=len(step.options),
        best_positions=[step.options.index(o) + 1 for o in best],
        length_ratio=round(_mean(len(o.text) for o in best) / _mean(len(o.text) for o in others), 2)
        if others else 1.0,
        best_is_longest=any(len(o.text) == longest for o in best),
        best_length_rank=1 + sum(len(o.text) > len(best[0].text) for o in step.options),
        found_by=_found_by(step, {o.id for o in best}, learned),
    )


def _found_by(step: Step, keys: set[str], learned: Chooser | None) -> list[str]:
    if step.kind is not StepKind.SINGLE:
        return []
    choosers = {**STRATEGIES, **({LEARNED_STRATEGY: learned} if learned else {})}
    return [name for name, chooser in choosers.items() if chooser(step)[0] in keys]


def audit(cases: Sequence[Case]) -> ItemAudit:
    groups = {Visibility.PUBLIC.value: GroupAudit(), Visibility.WORKSHOP.value: GroupAudit()}
    steps: list[StepAudit] = []
    cases = sorted(cases, key=lambda c: c.id)
    for case in cases:
        group = groups[case.visibility.value]
        group.cases += 1
        group.maximum += case_maximum(case)
        for name, options in (("hasard", {}), *EXPECTED_OPTIONS.items()):
            group.points[name] = group.points.get(name, 0.0) + random_expected(case, **options)
        for name, chooser in STRATEGIES.items():
            group.points[name] = group.points.get(name, 0.0) + play(case, chooser)[0]
        like_keys = choose_like_keys(WordCues.learn(c for c in cases if c.id != case.id))
        group.points[LEARNED_STRATEGY] = group.points.get(LEARNED_STRATEGY, 0.0) + play(case, like_keys)[0]
        steps.extend(audit_step(case, step, like_keys) for step in case.steps)
    return ItemAudit(groups=groups, steps=steps, cues=WordCues.learn(cases))


def format_report(result: ItemAudit, per_step: bool = False) -> str:
    """The text report of ``casebook items`` (French)."""
    lines = [M.ITEMS_REPORT_TITLE, ""]
    names = ("hasard", *ALL_STRATEGIES)
    lines.append(f"{M.ITEMS_COLUMN_STRATEGY:<62} {M.ITEMS_COLUMN_PUBLIC:>8} {M.ITEMS_COLUMN_WORKSHOP:>9}")
    for name in names:
        cells = [f"{result.groups[g].percent(name):7.0f} %" if result.groups[g].cases else "      —"
                 for g in (Visibility.PUBLIC.value, Visibility.WORKSHOP.value)]
        lines.append(f"{STRATEGY_LABELS[name]:<62} {cells[0]:>8} {cells[1]:>9}")
    lines.append("")
    singles = result.single_steps
    lines.append(M.ITEMS_LONGEST_IS_BEST.format(count=sum(s.best_is_longest for s in singles), total=len(singles),
                                                share=100 * result.longest_is_best_share))
    positions = ", ".join(M.ITEMS_POSITION_COUNT.format(position=p, count=n)
                          for p, n in result.position_counts().items())
    lines.append(M.ITEMS_BEST_POSITIONS.format(positions=positions))
    lines += ["", M.ITEMS_TELLING_WORDS_TITLE]
    lines += [M.ITEMS_TELLING_WORD.format(word=w, in_keys=k, in_others=o) for w, k, o in result.cues.telling_words(count=8)]
    if per_step:
        lines += ["", f"{M.ITEMS_COLUMN_CASE_STEP:<60} {M.ITEMS_COLUMN_KIND:<8} {M.ITEMS_COLUMN_POSITION:>8} "
                      f"{M.ITEMS_COLUMN_LENGTH:>9} {M.ITEMS_COLUMN_LENGTH_RANK:>6}  {M.ITEMS_COLUMN_FOUND_BY}"]
        for s in result.steps:
            where = ",".join(map(str, s.best_positions))
            lines.append(f"{s.case_id + ' / ' + s.step_id:<60} {s.kind:<8} {where:>8} {s.length_ratio:>8.2f}× {s.best_length_rank:>3}/{s.options}  "
                         f"{', '.join(s.found_by)}")
    failures = result.failures()
    lines.append("")
    if failures:
        lines += [M.ITEMS_FAILURE.format(failure=f) for f in failures]
    else:
        lines.append(M.ITEMS_OK.format(limit=MAX_GAIN_OVER_RANDOM))
    return "\n".join(lines)
