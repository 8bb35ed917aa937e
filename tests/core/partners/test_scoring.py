"""Partner scoring: hand-calculated values and the properties the issue asks for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.across.demo import load_demo
from core.partners.scoring import Weights, complementarity, incidence, new_items, score, score_parts
from core.records import coerce
from core.tables import Table


def _actors(rows: list[dict]) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows), Table.ACTORS)


THREE = [
    {"name": "A", "type": "company", "interest": 5, "influence": 5, "levers": "market access",
     "value_chain": "brand", "asset_tags": "volume", "shortlisted": "yes"},
    {"name": "B", "type": "ngo", "interest": 3, "influence": 2, "levers": "policy; legitimacy",
     "value_chain": "community", "asset_tags": "trust; field staff; training; reach"},
    {"name": "C", "type": "company", "interest": 1, "influence": 4, "levers": "Market Access",
     "value_chain": "Brand", "asset_tags": "Volume"},
]  # fmt: skip


def test_hand_calculated_scores():
    scored = score(_actors(THREE)).set_index("name")
    # Group = {A}; it lacks policy, capital, implementation, legitimacy (4 levers).
    # B brings 2 of 4 levers, a new position and 4 new tags (capped at 3):
    # 0.5 * 2/4 + 0.3 + 0.2 * 3/3 = 0.75
    assert scored.loc["B", "complementarity"] == pytest.approx(0.75)
    # C brings nothing A lacks (matching ignores case).
    assert scored.loc["C", "complementarity"] == pytest.approx(0.0)
    # A, in the group, is measured against the group without it (empty,
    # lacking all 5 levers): 1 of 5 levers, its position and one tag.
    assert scored.loc["A", "complementarity"] == pytest.approx(0.5 / 5 + 0.3 + 0.2 / 3)
    # Equal weights: B = (0.5 + 0.25 + 0.75) / 3 * 100 = 50.0
    assert scored.loc["B", "score"] == pytest.approx(50.0)
    # C = (0 + 0.75 + 0) / 3 * 100 = 25.0
    assert scored.loc["C", "score"] == pytest.approx(25.0)
    assert list(score(_actors(THREE))["name"]) == ["A", "B", "C"]
    assert list(score(_actors(THREE))["rank"]) == [1, 2, 3]


def test_weights_normalise_only_ratios_matter():
    frame = _actors(THREE)
    one = score_parts(frame, Weights(1, 2, 3))["score"]
    ten = score_parts(frame, Weights(10, 20, 30))["score"]
    np.testing.assert_allclose(one, ten)
    only_interest = score_parts(frame, Weights(1, 0, 0))["score"]
    np.testing.assert_allclose(only_interest, [100.0, 50.0, 0.0])


@pytest.mark.parametrize("bad", [(0, 0, 0), (-1, 1, 1), (float("nan"), 1, 1)])
def test_weights_refuse_nonsense(bad):
    with pytest.raises(ValueError):
        Weights(*bad)


def test_raising_interest_never_lowers_the_score():
    _, frames = load_demo()
    actors = coerce(frames[Table.ACTORS], Table.ACTORS)
    rng = np.random.default_rng(5)
    for weights in [Weights(), Weights(3, 1, 0.5), Weights(0.2, 0, 4)]:
        base = score_parts(actors, weights)["score"]
        raised = actors.copy()
        bump = rng.integers(0, 3, len(actors))
        raised["interest"] = (raised["interest"] + bump).clip(upper=5)
        after = score_parts(raised, weights)["score"]
        assert (after >= base).all()
        strictly = (raised["interest"] > actors["interest"]).to_numpy()
        if weights.interest > 0:
            assert (after[strictly] > base[strictly]).all()


def test_missing_scores_count_lowest_and_are_flagged():
    frame = _actors([{"name": "X", "type": "ngo", "influence": 5}])
    parts = score_parts(frame, Weights(1, 1, 0))
    assert parts["score"][0] == pytest.approx(50.0)
    assert bool(parts["incomplete"][0])


def test_group_defaults_to_the_short_list_and_can_be_given():
    frame = _actors(THREE)
    nobody = complementarity(frame, np.zeros(3, dtype=bool))
    # With no group everything a row has is new: C has 1 of 5 levers.
    assert nobody[2] == pytest.approx(0.5 * 1 / 5 + 0.3 + 0.2 / 3)
    assert complementarity(frame).tolist() == complementarity(frame, frame["shortlisted"].fillna(False)).tolist()


def test_new_items_leave_one_out_for_members():
    cells = pd.Series(["a;b", "b", "c", None])
    matrix, labels = incidence(cells)
    assert labels == ["a", "b", "c"]
    new, lacking = new_items(matrix, np.array([True, True, False, False]))
    # Row 0 is the only member with 'a'; 'b' is also held by row 1.
    assert new.tolist() == [1, 0, 1, 0]
    # The group lacks c; without row 0 also a; without row 1 nothing more.
    assert lacking.tolist() == [2, 1, 1, 1]


def test_demo_scores_put_broad_shortlisted_partners_on_top():
    _, frames = load_demo()
    scored = score(coerce(frames[Table.ACTORS], Table.ACTORS))
    assert scored["score"].between(0, 100).all()
    assert scored.iloc[0]["name"] == "Aurelia Recycling"
    assert scored["rank"].tolist() == list(range(1, len(scored) + 1))
