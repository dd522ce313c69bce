"""Word cues: what a learner could learn from other cases' keys without learning the course.

The self-paced notebooks show, after each answer, which option was best. A test-wise learner
who plays them can pick up words that only wrong options use (« gardez », « acceptez »,
« story »...) or that keys favour, and carry them to the graded workshop cases. This module
plays that learner: it counts, over a set of cases, how often each content word appears in
the best options and in the others (a naive Bayes model, one feature per word), then picks
in a new step the option whose words look most like keys.

:func:`casebook.core.items.audit` trains it on every case but the one it plays (leave one case
out), so a case never teaches its own key. If it beats chance by more than the audit's limit,
keys can be told from their wording across the casebook. Pure: no widget or plotting import.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from casebook.core import messages as M
from casebook.core.model import Case, Option, Step, StepKind

_WORD = re.compile(r"[\w'’-]+")
MIN_WORD_LENGTH = 3
FUNCTION_WORDS = frozenset(M.FUNCTION_WORDS)


def content_words(text: str) -> set[str]:
    """The distinct words of ``text`` that can carry meaning (no articles, pronouns, short words)."""
    return {w.replace("’", "'") for w in _WORD.findall(text.lower())
            if len(w) >= MIN_WORD_LENGTH and w not in FUNCTION_WORDS}


def keyed_options(step: Step) -> list[tuple[Option, bool]]:
    """Each option of ``step`` with whether it is a key: the top-scored option (single choice)
    or an option worth points (multiple choice)."""
    if step.kind is StepKind.SINGLE:
        top = max(o.points for o in step.options)
        return [(o, o.points == top) for o in step.options]
    return [(o, o.points > 0) for o in step.options]


@dataclass
class WordCues:
    """Word counts in keys and in other options, over the cases it was trained on."""

    in_keys: Counter = field(default_factory=Counter)
    in_others: Counter = field(default_factory=Counter)
    keys: int = 0
    others: int = 0

    @classmethod
    def learn(cls, cases: Iterable[Case]) -> "WordCues":
        cues = cls()
        for case in cases:
            for step in case.steps:
                for option, is_key in keyed_options(step):
                    words = content_words(option.text)
                    if is_key:
                        cues.in_keys.update(words)
                        cues.keys += 1
                    else:
                        cues.in_others.update(words)
                        cues.others += 1
        return cues

    def weight(self, word: str) -> float:
        """Log-likelihood ratio of ``word`` in keys over other options (add-one smoothing)."""
        in_keys = (self.in_keys[word] + 1) / (self.keys + 2)
        in_others = (self.in_others[word] + 1) / (self.others + 2)
        return math.log(in_keys / in_others)

    def key_likeness(self, text: str) -> float:
        """How much an option's ``text`` reads like the keys it was trained on (sum of its words' weights)."""
        return sum(self.weight(w) for w in content_words(text))

    def telling_words(self, least_uses: int = 6, count: int = 15) -> list[tuple[str, int, int]]:
        """The words that most separate keys from other options: (word, in keys, in others),
        the ones that mark keys first then the ones that mark wrong options, for authors to vary."""
        used = [w for w in set(self.in_keys) | set(self.in_others)
                if self.in_keys[w] + self.in_others[w] >= least_uses]
        ranked = sorted(used, key=self.weight)
        picked = ranked[::-1][:count] + ranked[:count]
        return [(w, self.in_keys[w], self.in_others[w]) for w in picked]
