"""Synthetic, seeded data sets for the labs. No real person is in them.

* ``publications``: posts written by health staff about their patients, with the
  quasi-identifiers that make « anonymous » stories re-identifiable (age, commune,
  date, service, condition).
* ``triage``: the predictions of a fictional triage decision aid, with an error
  rate that differs between patient groups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casebook.labs import messages as M

SEED = 2026

COMMUNES = M.DATA_COMMUNES
SERVICES = M.DATA_SERVICES
COMMON = M.DATA_COMMON_CONDITIONS
RARE = M.DATA_RARE_CONDITIONS
QUASI_IDENTIFIERS = ["age", "commune", "date", "service", "pathologie"]


def publications(seed: int = SEED, size: int = 400) -> pd.DataFrame:
    """Posts about patients, each row one story with its quasi-identifiers."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2026-01-01", "2026-03-31", freq="D")
    rows = []
    for n in range(size):
        rare = rng.random() < 0.03
        rows.append({
            "publication": f"P{n:04d}",
            "age": int(rng.integers(0, 95)),
            "commune": str(rng.choice(COMMUNES, p=[0.45, 0.2, 0.15, 0.1, 0.06, 0.04])),
            "date": dates[int(rng.integers(0, len(dates)))].date().isoformat(),
            "service": str(rng.choice(SERVICES)),
            "pathologie": str(rng.choice(RARE if rare else COMMON)),
        })
    return pd.DataFrame(rows)


def triage(seed: int = SEED, size: int = 2000) -> pd.DataFrame:
    """Patients seen at triage: true urgency and the tool's prediction, by group.

    The tool misses true emergencies more often in the « 75 ans et plus » group and
    among women (a bias learnt from skewed training data, built in on purpose).
    """
    rng = np.random.default_rng(seed + 1)
    age_group = rng.choice([M.DATA_AGE_UNDER_75, M.DATA_AGE_75_PLUS], size=size, p=[0.75, 0.25])
    sex = rng.choice([M.DATA_SEX_WOMAN, M.DATA_SEX_MAN], size=size)
    older = age_group == M.DATA_AGE_75_PLUS
    urgent = rng.random(size) < np.where(older, 0.35, 0.2)
    miss = np.where(older, 0.30, 0.10) + np.where(sex == M.DATA_SEX_WOMAN, 0.08, 0.0)
    false_alarm = np.where(older, 0.05, 0.10)
    predicted = np.where(urgent, rng.random(size) >= miss, rng.random(size) < false_alarm)
    return pd.DataFrame({
        "patient": [f"T{n:05d}" for n in range(size)],
        "groupe_age": age_group,
        "sexe": sex,
        "urgence_reelle": urgent,
        "urgence_predite": predicted,
    })
