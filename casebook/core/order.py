"""The order in which a learner sees a step's options: shuffled per learner, stable.

File order must not cue the answer, and neither may display order. Every
surface that shows options (practice notebooks, workshop notebooks, the static
HTML fallback, the site's player) orders them with :func:`display_order`, so a
learner sees the same order on every reopening and two learners see different
orders.

The rule is deliberately tiny so the site's JavaScript can apply it byte for
byte: each option gets the 32-bit FNV-1a hash of the UTF-8 string
``"{seed}|{case id}|{step id}|{option id}"``, passed through MurmurHash3's
32-bit finaliser (FNV-1a alone barely mixes a last differing byte, so orders
would repeat across learners); options are sorted by that number, ties
(practically never) by file position. The seed identifies the learner:
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


def fmix32(value: int) -> int:
    """MurmurHash3's finaliser: every input bit affects every output bit (``fmix32`` in the player)."""
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & 0xFFFFFFFF
    value ^= value >> 16
    return value


def option_rank(seed: str, case_id: str, step_id: str, option_id: str) -> int:
    return fmix32(fnv1a_32(f"{seed}|{case_id}|{step_id}|{option_id}"))


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


SEED_FILE = ".ordre-options"
"""Beside the learner's answer file: a random token, nothing else (no name, no date)."""


def learner_seed(answers_path) -> str:
    """This learner's seed, kept beside their answer file; created on first use.

    It is a random token, so it says nothing about the learner. If the folder
    cannot be written (read-only rendering, nbconvert), the static seed is used:
    the order is then still stable, only not personal.
    """
    import secrets
    from pathlib import Path

    path = Path(answers_path).parent / SEED_FILE
    try:
        if path.is_file() and not path.is_symlink():
            token = path.read_text(encoding="utf-8").strip()
            if 8 <= len(token) <= 64 and token.isalnum():
                return token
        path.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        path.write_text(token + "\n", encoding="utf-8")
        return token
    except OSError:
        return STATIC_SEED
