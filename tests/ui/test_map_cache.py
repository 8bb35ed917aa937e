"""Step 1's cache: an edit that leaves the actor map's shape alone does not analyse the map again (issue 22)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.store import Table
from core.system_map import network
from ui.system_map import data


def test_a_note_or_score_edit_reuses_the_metrics_and_a_new_tie_or_type_does_not(demo_store, monkeypatch):
    store, pid = demo_store
    relations, actors = store.read(pid, Table.RELATIONS), store.read(pid, Table.ACTORS)
    analysed: list[int] = []
    real = network.analyse
    monkeypatch.setattr(network, "analyse", lambda graph: analysed.append(len(graph.ties)) or real(graph))
    st.cache_data.clear()

    _, metrics = data.actor_analysis(relations, actors)
    noted = actors.assign(notes="met at the May workshop", interest=actors["interest"].fillna(3).clip(1, 4))
    _, again = data.actor_analysis(relations, noted)
    assert len(analysed) == 1  # the notes and scores changed, the map did not
    pd.testing.assert_frame_equal(again.table, metrics.table)

    first, second = actors["name"].iloc[0], actors["name"].iloc[-1]
    tie = pd.DataFrame([{"source": first, "target": second, "kind": "funds", "weight": 1.0, "directed": True}])
    data.actor_analysis(pd.concat([relations, tie], ignore_index=True), noted)
    other = "investor" if actors["type"].iloc[0] != "investor" else "ngo"
    retyped = noted.assign(type=noted["type"].where(noted["name"] != first, other))
    data.actor_analysis(relations, retyped)
    assert len(analysed) == 3
