"""Reference answers and checks for the lab exercises.

``verifier`` gives immediate feedback in practice mode (never raises);
``controle`` is what nbgrader's test cells call: it raises ``AssertionError``
with a French explanation when the answer is wrong.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from casebook.labs import messages as M
from casebook.labs.data import QUASI_IDENTIFIERS, publications, triage

GENERALISED = ["tranche_age", "commune", "mois", "service", "pathologie"]


def generalise(df: pd.DataFrame) -> pd.DataFrame:
    """Reference generalisation: ages by decade, dates by month."""
    out = df.copy()
    low = (out["age"] // 10) * 10
    out["tranche_age"] = low.astype(str) + "-" + (low + 9).astype(str)
    out["mois"] = out["date"].str[:7]
    return out


@lru_cache(maxsize=1)
def _answers() -> dict:
    posts = publications()
    sizes = posts.groupby(QUASI_IDENTIFIERS)["publication"].transform("size")
    general = generalise(posts)
    general_sizes = general.groupby(GENERALISED)["publication"].transform("size")
    kept = general[general_sizes >= 5]
    data = triage()
    urgent = data[data["urgence_reelle"]]
    fnr_age = 1 - urgent.groupby("groupe_age")["urgence_predite"].mean()
    fnr_both = 1 - urgent.groupby(["groupe_age", "sexe"])["urgence_predite"].mean()
    return {
        "k_min": int(sizes.min()),
        "uniques": int((sizes == 1).sum()),
        "k_generalise": int(general_sizes.min()),
        "lignes_supprimees": int(len(posts) - len(kept)),
        "taux_faux_negatifs": fnr_age,
        "ecart": float(fnr_age[M.DATA_AGE_75_PLUS] - fnr_age[M.DATA_AGE_UNDER_75]),
        "groupe_le_plus_penalise": tuple(fnr_both.idxmax()),
        "reponse_supervision": "B",
        "reponse_information": "C",
    }


HINTS = M.HINTS


def _equal(expected, value) -> bool:
    if isinstance(expected, pd.Series):
        if not isinstance(value, pd.Series):
            return False
        try:
            return bool(((value.sort_index() - expected.sort_index()).abs() < 1e-9).all()) and \
                set(value.index) == set(expected.index)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, float):
        return isinstance(value, (int, float)) and abs(value - expected) < 1e-6
    if isinstance(expected, tuple):
        return tuple(value) == expected if isinstance(value, (tuple, list)) else False
    if isinstance(expected, str):
        return isinstance(value, str) and value.strip().upper() == expected
    try:
        return bool(value == expected)
    except (TypeError, ValueError):
        return False


def controle(exercise: str, value) -> None:
    """Raise AssertionError (French message) unless ``value`` is the right answer."""
    if exercise not in HINTS:
        raise KeyError(M.UNKNOWN_EXERCISE.format(exercise=exercise))
    assert _equal(_answers()[exercise], value), M.ANSWER_TO_REVIEW.format(hint=HINTS[exercise])


def verifier(exercise: str, value) -> bool:
    """Practice mode: print whether the answer is right, with a hint if not."""
    try:
        controle(exercise, value)
    except AssertionError as exc:
        print(M.CHECK_WRONG.format(message=exc))
        return False
    print(M.CHECK_RIGHT)
    return True
