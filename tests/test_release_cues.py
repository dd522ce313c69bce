"""A learner who opens the released workshop files learns nothing about the key.

From the released folder alone (notebook and ``atelier-cas.json``), knowledge-free strategies
are played on every workshop case: the longest option text, the lexically « most positive »
option id, options without a ``next``, and the words of the keys a learner saw in the public
practice notebooks' feedback. None may beat the random expected score by more than
10 points. Recorded opaque ids grade exactly like the cases' own ids.

Strategies that read the ids or the listed order depend on the course secret, which is random:
for one secret they are one random draw, so their score is averaged over many secrets (the
claim is that the ids carry no information, i.e. that on average they do no better than chance).
"""

from __future__ import annotations

import json

import pytest

from casebook.core.items import MAX_GAIN_OVER_RANDOM, random_expected
from casebook.core.load import Project
from casebook.core.model import Visibility
from casebook.core.scoring import Answers, case_maximum, score
from casebook.core.word_cues import WordCues
from casebook.workshop import commands
from casebook.workshop.answers import VIEW_FILE
from casebook.workshop.definition import Workshop
from casebook.workshop.opaque import course_secret, option_mapping, to_case_ids
from casebook.workshop.redact import public_view
from workshop_fixtures import local_course

pytestmark = pytest.mark.slow


@pytest.fixture
def every_workshop_case(tmp_path, monkeypatch, venv_bin):
    """A workshop holding every workshop case of the casebook, released as learners get it."""
    root = local_course(tmp_path, monkeypatch, venv_bin)
    ids = sorted(c.id for c in Project.load(root).workshop_cases)
    definition = root / "grading" / "workshops" / "tous.yml"
    definition.write_text(json.dumps({"title": "Tous les cas d'atelier", "cases": ids}), encoding="utf-8")
    ctx = commands.Context.open("tous", root)
    commands.release(ctx)
    return ctx


def _released_views(ctx) -> dict:
    return json.loads((ctx.folder("release") / VIEW_FILE).read_text(encoding="utf-8"))["cases"]


def _play(view: dict, choose) -> Answers:
    """Follow the released view's own structure, choosing with ``choose(step) -> [option ids]``."""
    steps = {s["id"]: s for s in view["steps"]}
    choices = {}
    step = view["steps"][0]
    while step is not None and step["id"] not in choices:
        picked = choose(step)
        choices[step["id"]] = tuple(picked)
        target = next((o.get("next") for o in step["options"] if o["id"] in picked and o.get("next")), None)
        target = target or step.get("next")
        step = steps.get(target) if target else None
    return Answers(choices=choices)


def _half(step: dict, key) -> list[str]:
    ranked = sorted(step["options"], key=key, reverse=True)
    if step["kind"] == "single":
        return [ranked[0]["id"]]
    return [o["id"] for o in ranked[: max(1, len(ranked) // 2)]]


TEXT_STRATEGIES = {
    "texte le plus long": lambda step: _half(step, lambda o: len(o["text"])),
    "options sans « next »": lambda step: _half(step, lambda o: (o.get("next") is None, o["text"])),
}
SECRET_STRATEGIES = {
    "identifiant le plus « positif » (dernier dans l'ordre lexical)": lambda step: _half(step, lambda o: o["id"]),
    "identifiant le plus « positif » (premier dans l'ordre lexical)": lambda step: _half(step, lambda o: [-ord(c) for c in o["id"]]),
    "première option du fichier publié": lambda step: _half(step, lambda o: -step["options"].index(o)),
}


def test_released_files_give_no_cue(every_workshop_case):
    ctx = every_workshop_case
    project = ctx.project
    views = _released_views(ctx)
    secret = course_secret(ctx.grading)
    cases = [project.case(cid) for cid in views]
    assert cases and all(c.visibility is Visibility.WORKSHOP for c in cases)
    maximum = sum(case_maximum(c) for c in cases)
    chance = 100 * sum(random_expected(c) for c in cases) / maximum
    for view, case in zip(views.values(), cases):
        real_ids = {o.id for s in case.steps for o in s.options}
        shown = {o["id"] for s in view["steps"] for o in s["options"]}
        assert not shown & real_ids, f"{case.id} : identifiants d'options du cas dans le fichier publié"
        assert all(o.get("next") is None for s in view["steps"] for o in s["options"]), case.id
    public_cues = WordCues.learn(project.public_cases)
    like_public_keys = {"mots des bonnes réponses des cas publics":
                        lambda step: _half(step, lambda o: public_cues.key_likeness(o["text"]))}
    for name, choose in {**TEXT_STRATEGIES, **like_public_keys}.items():
        earned = sum(score(case, to_case_ids(case, _play(view, choose), secret)).points
                     for view, case in zip(views.values(), cases))
        percent = 100 * earned / maximum
        assert percent - chance <= MAX_GAIN_OVER_RANDOM, f"{name} : {percent:.0f} % contre {chance:.0f} % au hasard"
    secrets = [secret] + [f"{n:032x}" for n in range(1, SECRETS_AVERAGED)]
    for name, choose in SECRET_STRATEGIES.items():
        earned = sum(score(case, to_case_ids(case, _play(public_view(case, other), choose), other)).points
                     for other in secrets for case in cases)
        percent = 100 * earned / (maximum * len(secrets))
        assert abs(percent - chance) <= MAX_DRIFT_FROM_CHANCE, (
            f"{name} : {percent:.1f} % en moyenne sur {len(secrets)} secrets contre {chance:.1f} % au hasard")


SECRETS_AVERAGED = 60
MAX_DRIFT_FROM_CHANCE = 3.0
"""Averaged over 60 secrets, a strategy that is really random stays within about 1 point of chance."""


def test_released_view_is_the_view_under_the_course_secret(every_workshop_case):
    """The averaged strategies above are only meaningful if the release uses ``public_view``."""
    ctx = every_workshop_case
    secret = course_secret(ctx.grading)
    for case_id, view in _released_views(ctx).items():
        expected = public_view(ctx.project.case(case_id), secret)
        assert [[o["id"] for o in s["options"]] for s in view["steps"]] == \
            [[o["id"] for o in s["options"]] for s in expected["steps"]], case_id


def test_opaque_ids_grade_like_case_ids(every_workshop_case):
    ctx = every_workshop_case
    secret = course_secret(ctx.grading)
    for case in ctx.project.workshop_cases:
        mapping = option_mapping(case, secret)
        to_opaque = {step: {real: opaque for opaque, real in ids.items()} for step, ids in mapping.items()}
        for seed in range(5):
            from casebook.workshop.simulate import learner_answers

            answers = learner_answers(ctx.project, [case.id], seed)[case.id]
            opaque = Answers(choices={step: tuple(to_opaque[step][p] for p in picked)
                                      for step, picked in answers.choices.items()},
                             confidence=dict(answers.confidence))
            assert score(case, to_case_ids(case, opaque, secret)) == score(case, answers)
