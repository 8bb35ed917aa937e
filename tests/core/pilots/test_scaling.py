"""The scaling-pathway comparison reproduces the pathway table of domain.md."""

from __future__ import annotations

import pandas as pd
import pytest

from core.pilots import dependencies, pathways, scaling
from core.pilots.dependencies import DependencyStatus
from core.pilots.pathways import Dependency, Pathway
from core.pilots.scaling import Criterion
from core.records import coerce, empty
from core.system_map import network
from core.tables import Table

# domain.md, step 6: pathway -> (time horizon, degree of systems change)
TABLE = {
    "public_policy": ("long", "very high"),
    "industry_standards": ("medium", "moderate to high"),
    "collaborative_rd": ("variable", "high"),
    "data_transparency": ("short to medium", "moderate"),
    "internal_rollout": ("short", "low"),
}
CHANGE_ORDER = ["very high", "high", "moderate to high", "moderate", "low"]


def _all(score: float | None) -> dict[Dependency, DependencyStatus]:
    return {d: DependencyStatus(d, score, "asked", "test") for d in Dependency}


def test_profiles_are_the_table_rows():
    assert [p.pathway.value for p in pathways.PATHWAYS] == list(TABLE)
    for profile in pathways.PATHWAYS:
        assert (profile.horizon, profile.change) == TABLE[profile.pathway.value]
    assert pathways.profile("internal_rollout").risks == ("little effect on industry norms",)


def test_neutral_weights_rank_by_the_tables_degree_of_change():
    ranking = scaling.compare(_all(1.0), horizon_years=10)
    assert [TABLE[p][1] for p in ranking["pathway"]] == CHANGE_ORDER
    assert ranking["pathway"].tolist() == [
        "public_policy",
        "collaborative_rd",
        "industry_standards",
        "data_transparency",
        "internal_rollout",
    ]
    assert ranking["rank"].tolist() == [1, 2, 3, 4, 5]


def test_with_only_time_weighted_and_a_short_horizon_the_fastest_pathways_lead():
    weights = {Criterion.TIME_FIT: 1.0, Criterion.SYSTEMS_CHANGE: 0.0, Criterion.DEPENDENCIES: 0.0}
    ranking = scaling.compare(_all(1.0), horizon_years=1.5, weights=weights)
    # short < short to medium < medium < variable < long, as the table's horizons
    assert ranking["pathway"].tolist() == [
        "internal_rollout",
        "data_transparency",
        "industry_standards",
        "collaborative_rd",
        "public_policy",
    ]
    assert ranking.loc[ranking["pathway"] == "public_policy", "time_fit"].item() == pytest.approx(1.5 / 8)


def test_unmet_dependencies_pull_a_pathway_down_and_show_as_risks():
    statuses = _all(1.0)
    statuses[Dependency.GOVERNMENT] = DependencyStatus(Dependency.GOVERNMENT, 0.0, "partnership", "no government actor")
    statuses[Dependency.DIPLOMACY] = DependencyStatus(Dependency.DIPLOMACY, 0.0, "asked", "the team says: no")
    ranking = scaling.compare(statuses, horizon_years=10).set_index("pathway")
    assert ranking.loc["public_policy", "dependencies"] == 0.0
    assert ranking.loc["public_policy", "score"] == pytest.approx((1 + 1 + 0) / 3)
    # 0.667 falls below internal rollout's (1 + 0.1 + 1) / 3 = 0.7: last
    assert ranking.loc["public_policy", "rank"] == 5
    risks = ranking.loc["public_policy", "risks"]
    assert risks[0] == "Government alignment: no government actor"
    assert "political volatility can undo gains" in risks
    assert "government alignment not met" in ranking.loc["public_policy", "explanation"]


def test_unknown_dependencies_count_as_half_met():
    ranking = scaling.compare(_all(None), horizon_years=10).set_index("pathway")
    assert ranking.loc["data_transparency", "dependencies"] == 0.5
    assert ranking.loc["internal_rollout", "dependencies"] == 1.0


def test_equal_scores_share_first_place_and_read_as_a_tie():
    only_dependencies = {Criterion.TIME_FIT: 0, Criterion.SYSTEMS_CHANGE: 0, Criterion.DEPENDENCIES: 1}
    ranking = scaling.compare(_all(1.0), horizon_years=10, weights=only_dependencies)
    assert ranking["rank"].tolist() == [1] * len(pathways.PATHWAYS)  # every dependency met: all score 1
    assert scaling.verdict(ranking) == (
        ", ".join(p.label for p in pathways.PATHWAYS[:-1]) + f" and {pathways.PATHWAYS[-1].label} tie at 1.00"
    )
    assert scaling.verdict(scaling.compare(_all(1.0), horizon_years=10)).startswith("Recommended: ")


def test_weights_must_be_usable():
    with pytest.raises(ValueError):
        scaling.compare(_all(1.0), 10, {Criterion.TIME_FIT: 0, Criterion.SYSTEMS_CHANGE: 0, Criterion.DEPENDENCIES: 0})


def test_betweenness_and_degree_on_a_path_graph():
    actors = coerce(pd.DataFrame({"name": list("abcd"), "type": "ngo"}), Table.ACTORS)
    relations = coerce(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]}), Table.RELATIONS)
    centrality = dependencies.network_centrality(actors, relations).set_index("name")
    # path a-b-c-d: b and c each lie on 2 of the 3 pairs they can broker
    assert centrality.loc["b", "betweenness"] == pytest.approx(2 / 3)
    assert centrality.loc["a", "betweenness"] == 0
    assert centrality.loc["b", "degree"] == 2


def test_demo_dependencies_are_read_from_the_partnership(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, list(Table))
    statuses = dependencies.read_dependencies(
        frames, funding={"ip_sensitivity": "high"}, asked={"member_trust": "medium"}
    )
    assert statuses[Dependency.GOVERNMENT].score == 1.0
    assert "Ministry of Environment, Republic of Kelora" in statuses[Dependency.GOVERNMENT].evidence
    assert statuses[Dependency.MARKET_LEADERS].score == 1.0
    assert "Meridian Devices, Novaline Electronics" in statuses[Dependency.MARKET_LEADERS].evidence
    assert statuses[Dependency.IP].score == 0.0 and statuses[Dependency.IP].source == "step 5"
    assert statuses[Dependency.CAPITAL].source == "partnership"
    assert statuses[Dependency.SHARED_METRICS].score == 1.0
    assert statuses[Dependency.TRUST].score == 0.5 and statuses[Dependency.TRUST].source == "asked"
    assert statuses[Dependency.DIPLOMACY].score is None


def test_without_government_or_leaders_those_dependencies_are_not_met(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, list(Table))
    actors = frames[Table.ACTORS]
    frames[Table.ACTORS] = actors[actors["type"] != "government"]
    frames[Table.ACTORS].loc[:, "market_leader"] = False
    statuses = dependencies.read_dependencies(frames)
    assert statuses[Dependency.GOVERNMENT].score == 0.0
    assert statuses[Dependency.MARKET_LEADERS].score == 0.0


def test_chosen_pathway_values_are_the_agreed_keys():
    assert {p.value for p in Pathway} == set(TABLE)


def _small_map(relations: pd.DataFrame) -> dict[Table, pd.DataFrame]:
    actors = pd.DataFrame(
        {
            "name": ["Ministry", "Alpha", "Beta", "Gamma"],
            "type": ["government", "company", "ngo", "ngo"],
            "shortlisted": [True, False, False, False],
        }
    )
    frames = {table: empty(table) for table in Table}
    frames[Table.ACTORS] = coerce(actors, Table.ACTORS)
    frames[Table.RELATIONS] = coerce(relations, Table.RELATIONS)
    return frames


def test_scaling_ranks_brokers_with_step_ones_analysis_and_its_case_insensitive_names():
    # The relations name the ministry in lower case: step 1 matches it to the actor "Ministry",
    # who then ties the three others together (degree 3, betweenness 1, rank 1).
    frames = _small_map(pd.DataFrame({"source": ["ministry"] * 3, "target": ["alpha", "BETA", "Gamma"]}))
    step_one = network.analyse(network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS])).table
    centrality = dependencies.actor_centrality(step_one)
    assert centrality.set_index("name").loc["Ministry", ["degree", "betweenness", "rank"]].tolist() == [3, 1.0, 1]
    status = dependencies.read_dependencies(frames)[Dependency.GOVERNMENT]
    assert status.score == 1.0
    assert "the most central, Ministry, ranks 1 of 4 by betweenness (degree 3)" in status.evidence


def test_scaling_uses_the_centrality_it_is_given_instead_of_computing_its_own():
    frames = _small_map(pd.DataFrame({"source": ["Ministry"], "target": ["Alpha"]}))
    given = pd.DataFrame(
        {"name": ["Alpha", "Beta", "Gamma", "Ministry"], "type": None, "degree": [9, 1, 1, 1], "betweenness": 0.0}
    ).assign(rank=[1, 2, 3, 4])
    status = dependencies.read_dependencies(frames, centrality=given)[Dependency.GOVERNMENT]
    assert "ranks 4 of 4 by betweenness (degree 1), outside the top quarter" in status.evidence


def test_a_centrality_function_is_called_only_when_a_government_actor_is_on_board():
    frames = _small_map(pd.DataFrame({"source": ["Ministry"], "target": ["Alpha"]}))
    calls = []

    def centrality() -> pd.DataFrame:
        calls.append(1)
        return dependencies.network_centrality(frames[Table.ACTORS], frames[Table.RELATIONS])

    assert (
        "the most central, Ministry"
        in dependencies.read_dependencies(frames, centrality=centrality)[Dependency.GOVERNMENT].evidence
    )
    assert calls == [1]
    frames[Table.ACTORS].loc[:, "shortlisted"] = False  # no government actor on board: the analysis is not run
    assert dependencies.read_dependencies(frames, centrality=centrality)[Dependency.GOVERNMENT].score == 0.0
    assert calls == [1]


def test_step_five_answers_in_another_case_are_read():
    frames = _small_map(pd.DataFrame({"source": ["Ministry"], "target": ["Alpha"]}))
    status = dependencies.read_dependencies(frames, funding={"ip_sensitivity": "High"})[Dependency.IP]
    assert (status.score, status.source) == (0.0, "step 5")
