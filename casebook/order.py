"""The order in which a learner sees a step's options: shuffled per learner, stable.

File order must not cue the answer, and neither may display order. Every
surface that shows options (practice notebooks, workshop notebooks, the static
HTML fallback, the site's player) orders them with :func:`display_order`, so a
learner sees the same order on every reopening and two learners see different
orders.

The rule is deliberately tiny so the site's JavaScript can apply it byte for
byte: each option gets the 32-bit FNV-1a hash of the UTF-8 string
``"{seed}|{case id}|{step id}|{option id}"``; options are sorted by that hash,
ties (practically never) by file position. The seed identifies the learner:
a random token kept in the learner's own answer store, a workshop learner's
id, or :data:`STATIC_SEED` for pages that have no learner.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
STATIC_SEED = "lecture"
"""Seed of pages read without a learner (site without JavaScript, printed course)."""

T = TypeVar("T")


def fnv1a_32(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes of ``text`` (same as ``fnv1a32`` in the site's player)."""
    value = FNV_OFFSET
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * FNV_PRIME) & 0xFFFFFFFF
    return value


def option_rank(seed: str, case_id: str, step_id: str, option_id: str) -> int:
    return fnv1a_32(f"{seed}|{case_id}|{step_id}|{option_id}")


def display_order(seed: str, case_id: str, step_id: str, option_ids: Sequence[str]) -> list[str]:
    """``option_ids`` in the order this learner sees them."""
    indexed = list(enumerate(option_ids))
    indexed.sort(key=lambda pair: (option_rank(seed, case_id, step_id, pair[1]), pair[0]))
    return [option_id for _, option_id in indexed]


def ordered(seed: str, case_id: str, step_id: str, options: Sequence[T], key=lambda o: o.id) -> list[T]:
    """``options`` (objects with an id) in display order for this learner."""
    by_id = {key(o): o for o in options}
    return [by_id[i] for i in display_order(seed, case_id, step_id, [key(o) for o in options])]


def option_letters(count: int) -> list[str]:
    """Letters shown before options: A…Z, then AA, AB… (never silently truncated)."""
    letters = []
    for index in range(count):
        label = ""
        n = index
        while True:
            label = chr(ord("A") + n % 26) + label
            n = n // 26 - 1
            if n < 0:
                break
        letters.append(label)
    return letters
