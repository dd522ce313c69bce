"""The item audit (casebook items) and the per-learner option order."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casebook.core import order
from casebook.core.items import (LEARNED_STRATEGY, MAX_GAIN_OVER_RANDOM, audit, choose_bare_core, choose_like_keys,
                                 choose_longest, choose_median_length, choose_odd_one_out, clause_count, play,
                                 random_expected, reassuring_words, shared_opening)
from casebook.core.word_cues import WordCues, content_words
from casebook.core.load import load_project


@pytest.fixture
def fixture_case(make_project, base_case):
    root = make_project({"cas-minimal.yml": base_case})
    project, report = load_project(root)
    assert report.ok, report
    return project.cases["cas-minimal"]


def test_random_expected_matches_a_hand_computation(fixture_case):
    # « debut »: a (0, then « suite »), b (3), c (2). « suite »: the 7 non-empty subsets of
    # {supprimer +1, cadre +1, garder −2} earn 1, 1, 0, 2, 0, 0, 0 (floored at zero): 4/7 on average.
    assert random_expected(fixture_case) == pytest.approx((0 + 4 / 7 + 3 + 2) / 3)


def test_never_the_longest_is_scored_by_its_expectation(fixture_case):
    # Without b (the longest, and the best), « debut » is a or c: (0 + 4/7) and 2, on average.
    assert random_expected(fixture_case, exclude_longest=True) == pytest.approx((0 + 4 / 7 + 2) / 2)


def test_reassuring_vocabulary_is_counted():
    assert reassuring_words("Vous signalez au DPO et informez la direction.") == 4
    assert reassuring_words("Vous publiez la photo.") == 0


def test_strategies_follow_their_own_path(fixture_case):
    # The longest text of « debut » is option b, the best one: the strategy earns the maximum.
    assert play(fixture_case, choose_longest) == (3.0, 3.0)


def test_a_cued_casebook_fails_the_audit(fixture_case):
    result = audit([fixture_case])
    failures = result.failures()
    assert result.longest_is_best_share == 1.0
    assert any("toujours la plus longue" in f for f in failures)
    assert any("plus longue dans 100 % des étapes" in f for f in failures)


def _case_with_first_step_texts(make_project, base_case, texts):
    """The fixture case, loaded and valid, with its first step's options rewritten."""
    for option, text in zip(base_case["steps"][0]["options"], texts):
        option["text"] = text
    project, report = load_project(make_project({"cas-minimal.yml": base_case}))
    assert report.ok, report
    return project.cases["cas-minimal"]


def test_a_balanced_item_passes(make_project, base_case):
    case = _case_with_first_step_texts(make_project, base_case, [
        "Vous transférez tout de suite la photo au médecin de garde, par la même application.",
        "Vous demandez de l'effacer et de passer par la messagerie sécurisée.",
        "Vous ne la transférez pas et vous en parlez plus tard à la collègue.",
    ])
    result = audit([case])
    assert result.longest_is_best_share == 0.0
    assert result.steps[0].best_positions == [2]


def test_the_bare_core_of_look_alike_options_is_found(make_project, base_case):
    # a (faute) and b (the key) start alike; b is a plus a harmful tail removed: the « core » cue.
    case = _case_with_first_step_texts(make_project, base_case, [
        "Vous prévenez le cadre de garde ce soir et vous transférez la photo au médecin pour avis.",
        "Vous prévenez le cadre de garde ce soir.",
        "Vous attendez la relève du matin pour en parler à l'équipe au complet.",
    ])
    step = case.first_step
    assert [shared_opening(o, step) for o in step.options] == [8, 8, 1]
    assert choose_bare_core(step) == ("b",)
    assert choose_odd_one_out(step) == ("c",)
    assert play(case, choose_bare_core) == (3.0, 3.0)
    failures = audit([case]).failures()
    assert any("parmi les variantes d'un même début" in f for f in failures), failures


def test_avoiding_trap_words_is_scored_by_its_expectation(make_project, base_case):
    # Only a (faute, then « suite ») names WhatsApp: avoiding it leaves b (3) and c (2).
    case = _case_with_first_step_texts(make_project, base_case, [
        "Vous transférez la photo au médecin par WhatsApp, chiffré de bout en bout.",
        "Vous demandez de la supprimer et de passer par l'outil de l'hôpital.",
        "Vous ne transférez pas la photo et en parlez au cadre demain.",
    ])
    assert random_expected(case, avoid_trap_words=True) == pytest.approx((3 + 2) / 2)
    assert random_expected(case) == pytest.approx((0 + 4 / 7 + 3 + 2) / 3)


def test_never_the_shortest_is_scored_by_its_expectation(fixture_case):
    # The shortest text of « debut » is c (2 points): without it, a (0, then « suite ») or b (3).
    shortest = min(fixture_case.first_step.options, key=lambda o: len(o.text))
    assert shortest.id == "c"
    assert random_expected(fixture_case, exclude_shortest=True) == pytest.approx((0 + 4 / 7 + 3) / 2)


def test_the_median_length_option_is_found(make_project, base_case):
    case = _case_with_first_step_texts(make_project, base_case, [
        "Vous transférez tout de suite la photo au médecin de garde, par la même application.",
        "Vous demandez de l'effacer et d'utiliser la messagerie sécurisée.",
        "Vous n'y touchez pas.",
    ])
    assert choose_median_length(case.first_step) == ("b",)
    assert "longueur-mediane" in audit([case]).steps[0].found_by


def test_content_words_keep_verbs_and_negations_not_articles():
    assert content_words("Vous gardez la photo, sans la transférer à l'équipe.") == {
        "gardez", "photo", "sans", "transférer", "l'équipe"}


def _two_cases(make_project, base_case, first_texts, second_texts):
    """Two valid copies of the fixture case whose first steps carry the given option texts."""
    import copy

    other = copy.deepcopy(base_case)
    other["id"] = "cas-second"
    for case, texts in ((base_case, first_texts), (other, second_texts)):
        for option, text in zip(case["steps"][0]["options"], texts):
            option["text"] = text
    project, report = load_project(make_project({"cas-minimal.yml": base_case, "cas-second.yml": other}))
    assert report.ok, report
    return project.cases["cas-minimal"], project.cases["cas-second"]


def test_word_cues_learned_from_one_case_find_the_key_of_another(make_project, base_case):
    # In both cases a is faute, b the key, c acceptable: « gardez » marks a, « relisez » marks b.
    first, second = _two_cases(make_project, base_case, [
        "Vous gardez la capture dans votre téléphone personnel.",
        "Vous relisez la note de service puis appelez le cadre.",
        "Vous attendez demain matin pour décider.",
    ], [
        "Vous gardez les messages du groupe pour plus tard.",
        "Vous relisez la charte avec la collègue concernée.",
        "Vous transmettez la question à une amie juriste.",
    ])
    cues = WordCues.learn([first])
    assert cues.weight("gardez") < 0 < cues.weight("relisez")
    assert choose_like_keys(cues)(second.first_step) == ("b",)
    assert ("gardez", 0, 1) in cues.telling_words(least_uses=1)
    # The audit learns each case's cues from the other case only, and scores the strategy on both.
    result = audit([first, second])
    assert result.groups["public"].percent(LEARNED_STRATEGY) == 100.0
    assert LEARNED_STRATEGY in result.steps[0].found_by
    assert any("par ses mots" in f for f in result.failures())


def test_a_case_never_teaches_its_own_key(make_project, base_case):
    # Alone in the casebook, the learned strategy knows nothing: every option weighs zero and the
    # first one (a, faute) is taken.
    first, _ = _two_cases(make_project, base_case, [
        "Vous gardez la capture dans votre téléphone personnel.",
        "Vous relisez la note de service puis appelez le cadre.",
        "Vous attendez demain matin pour décider.",
    ], ["Texte a.", "Texte b.", "Texte c."])
    result = audit([first])
    assert LEARNED_STRATEGY not in result.steps[0].found_by


def test_clause_count():
    assert clause_count("Vous publiez.") == 1
    assert clause_count("Vous supprimez, vous prévenez le cadre et vous déclarez l'incident.") == 3


def test_casebook_items_passes_on_the_casebook():
    """The shipped casebook gives no knowledge-free strategy more than +10 points over chance."""
    out = subprocess.run([sys.executable, "-m", "casebook.cli", "items", "--json"], capture_output=True,
                         text=True)
    data = json.loads(out.stdout)
    assert out.returncode == 0, data["failures"]
    for group in data["groups"].values():
        chance = group["percent"]["hasard"]
        for name, value in group["percent"].items():
            assert value - chance <= MAX_GAIN_OVER_RANDOM, (name, value, chance)
    assert data["longest_is_best_share"] <= 0.40


# --- the order learners see ------------------------------------------------------


def test_display_order_is_a_stable_permutation():
    ids = ["a", "b", "c", "d", "e"]
    first = order.display_order("graine-1", "cas", "etape", ids)
    assert sorted(first) == ids
    assert order.display_order("graine-1", "cas", "etape", ids) == first
    others = {tuple(order.display_order(f"graine-{n}", "cas", "etape", ids)) for n in range(40)}
    assert len(others) > 25  # learners see different orders (120 possible)
    firsts = [order.display_order(f"graine-{n}", "cas", "etape", ids)[0] for n in range(500)]
    assert all(60 <= firsts.count(i) <= 140 for i in ids)  # each option leads about 1 time in 5


def test_fnv1a_reference_values():
    # Published FNV-1a 32-bit test vectors: the site's player must give the same numbers.
    assert order.fnv1a_32("") == 0x811C9DC5
    assert order.fnv1a_32("a") == 0xE40C292C
    assert order.fnv1a_32("foobar") == 0xBF9CF968
    assert order.fmix32(0) == 0 and order.fmix32(1) == 0x514E28B7  # MurmurHash3 fmix32 reference


def test_option_letters_never_truncate():
    letters = order.option_letters(30)
    assert letters[:3] == ["A", "B", "C"] and letters[25] == "Z" and letters[26] == "AA" and len(set(letters)) == 30


def test_learner_seed_is_kept_beside_the_answers(tmp_path):
    answers = tmp_path / ".casebook" / "reponses.json"
    seed = order.learner_seed(answers)
    assert seed != order.STATIC_SEED and seed.isalnum()
    assert order.learner_seed(answers) == seed
    assert (tmp_path / ".casebook" / order.SEED_FILE).read_text(encoding="utf-8").strip() == seed
