"""Coverage of the fact base and its warnings, on hand-built maps and the demo."""

from __future__ import annotations

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.problem.factbase import (
    GapKind,
    coverage_by_factor,
    coverage_by_kind,
    factor_centrality,
    filter_evidence,
    gaps,
)
from core.store import Table

LINKS = pd.DataFrame({"cause": ["A", "B", "C", "A"], "effect": ["B", "C", "A", "D"]})


def _evidence(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["statement", "kind", "factors"])
    frame["source"] = "survey"
    frame["actors"] = None
    return frame


def test_centrality_is_degree_with_the_top_quarter_central_ties_included():
    table = factor_centrality(LINKS, ["A", "B", "C", "D", "E"]).set_index("factor")
    assert table["degree"].to_dict() == {"A": 3, "B": 2, "C": 2, "D": 1, "E": 0}
    # ceil(5 / 4) = 2 factors, cut at degree 2, so B and C tie in
    assert table.index[table["central"]].tolist() == ["A", "B", "C"]
    assert table["pagerank"].sum() == pytest.approx(1.0)


def test_demo_central_factors_by_counting_arrows():
    _, frames = load_demo()
    table = factor_centrality(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]["name"]).set_index("factor")
    assert table.loc["Brand demand for recycled content", "degree"] == 9  # 4 out, 5 in
    assert table.loc["Collection volume", "degree"] == 7  # 3 out, 4 in
    assert set(table.index[table["central"]]) == {
        "Brand demand for recycled content",
        "Collection volume",
        "Recycled resin price",
        "Waste-picker income",
        "Recycler investment",
        "Traceability coverage",
    }


def test_demo_fact_base_covers_all_kinds_and_every_central_factor():
    _, frames = load_demo()
    evidence = frames[Table.EVIDENCE]
    assert coverage_by_kind(evidence)["items"].tolist() == [6, 11, 6]
    centrality = factor_centrality(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]["name"])
    coverage = coverage_by_factor(evidence, centrality).set_index("factor")
    assert coverage.loc["Collection volume", ["internal", "external", "qualitative", "items"]].tolist() == [1, 0, 2, 3]
    assert coverage.loc["Sorting quality", "items"] == 0
    assert gaps(evidence, centrality, actors=frames[Table.ACTORS]["name"]) == []


def test_warnings_for_no_qualitative_evidence_and_a_bare_central_factor():
    centrality = factor_centrality(LINKS, ["A", "B", "C", "D"])
    evidence = _evidence([("cost up", "internal", "b"), ("rule coming", "external", "C; Ghost")])
    found = {gap.kind: gap for gap in gaps(evidence, centrality)}
    assert set(found) == {GapKind.NO_QUALITATIVE, GapKind.CENTRAL_FACTOR_UNSUPPORTED, GapKind.UNKNOWN_FACTOR}
    assert found[GapKind.CENTRAL_FACTOR_UNSUPPORTED].names == ("A",)
    assert found[GapKind.UNKNOWN_FACTOR].names == ("Ghost",)
    assert "qualitative or community evidence" in found[GapKind.NO_QUALITATIVE].message


def test_empty_fact_base_is_one_warning():
    assert [gap.kind for gap in gaps(_evidence([]), factor_centrality(LINKS, []))] == [GapKind.EMPTY]


def test_filters_combine_and_search_is_plain_text():
    _, frames = load_demo()
    evidence = frames[Table.EVIDENCE]
    chosen = filter_evidence(evidence, kinds=["qualitative"], factors=["collection volume"])
    assert len(chosen) == 2  # Kasimedu local knowledge, Kota Rasa listening session
    assert len(filter_evidence(evidence, actors=["Clean Tides Alliance"], text="LISTENING")) == 1
    assert len(filter_evidence(evidence, text="30-40% (")) == 0  # no regex error on brackets
    assert len(filter_evidence(evidence)) == 23


def test_actors_not_on_the_actor_map_are_named():
    evidence = _evidence([("heard at the hub", "qualitative", "A")])
    evidence["actors"] = ["Known Org; Stranger Co"]
    found = gaps(evidence, factor_centrality(LINKS, ["A", "B", "C", "D"]), actors=["known org"])
    assert [(gap.kind, gap.names) for gap in found if gap.kind is GapKind.UNKNOWN_ACTOR] == [
        (GapKind.UNKNOWN_ACTOR, ("Stranger Co",))
    ]
