"""``python -m core network`` and ``python -m core loops`` as analysts run them."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest

from core.cli.main import main
from tests.helpers import ROOT


def test_network_json_on_the_florentine_families(tmp_path, capsys):
    path = tmp_path / "relations.csv"
    pd.DataFrame(list(nx.florentine_families_graph().edges), columns=["source", "target"]).to_csv(path, index=False)
    assert main(["network", str(path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["brokers"][0] == "Medici"
    medici = next(node for node in result["nodes"] if node["name"] == "Medici")
    assert set(medici) == {"name", "degree", "betweenness", "pagerank", "community", "cut_point"}
    assert medici["degree"] == 6 and medici["cut_point"] is True
    # Acciaiuoli, Pazzi, Ginori and Lamberteschi each hang on one family (Pucci is isolated: not in the edges)
    assert set(result["bottlenecks"]) == {"Medici", "Salviati", "Albizzi", "Guadagni"}
    assert sorted(name for group in result["communities"] for name in group) == sorted(
        node["name"] for node in result["nodes"]
    )


def test_loops_json_from_words_and_numbers(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("Cause,Effect,Polarity,weight\nsales,cash,+,0.5\ncash,ads,positive,\nads,sales,1,\n"
                    "sales,stock,-1,\nstock,sales,+,\n", encoding="utf-8")  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "core", "loops", str(path), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert result["truncated"] is False
    assert sorted((loop["type"], loop["length"]) for loop in result["loops"]) == [("B", 2), ("R", 3)]
    assert result["leverage"][0] == "sales"


def test_bad_polarity_is_refused_naming_row_and_column(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,b,+\nb,a,maybe\n", encoding="utf-8")
    assert main(["loops", str(path)]) == 2
    assert "row 3, column 'polarity': 'maybe'" in capsys.readouterr().err


def test_missing_columns_are_named(tmp_path, capsys):
    path = tmp_path / "relations.csv"
    path.write_text("giver,taker\na,b\n", encoding="utf-8")
    assert main(["network", str(path)]) == 2
    assert "missing column 'source', 'target'" in capsys.readouterr().err


def test_headers_the_app_accepts_work_on_the_command_line(tmp_path, capsys):
    relations = tmp_path / "relations.csv"
    relations.write_text("From,To,Type of relation,Strength\na,b,funds,2\nb,c,partners,1\n", encoding="utf-8")
    assert main(["network", str(relations), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["bottlenecks"] == ["b"]
    links = tmp_path / "links.csv"
    links.write_text("From,To,Sign\nsales,cash,+\ncash,sales,-\n", encoding="utf-8")
    assert main(["loops", str(links), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["loops"] == [{"factors": ["cash", "sales"], "type": "B", "length": 2}]


def test_network_without_a_tie_between_two_actors_ends_with_a_message_not_a_traceback(tmp_path, capsys):
    header_only = tmp_path / "header.csv"
    header_only.write_text("source,target,weight\n", encoding="utf-8")
    assert main(["network", str(header_only)]) == 2
    assert "no relations between two different actors to analyse (it has a header and no rows)" in (
        capsys.readouterr().err
    )
    self_ties = tmp_path / "self.csv"
    self_ties.write_text("source,target\na,a\nB,B\n", encoding="utf-8")
    assert main(["network", str(self_ties), "--format", "json"]) == 2
    assert "every row ties an actor to itself" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("-1", "-1 is outside at least 0"),
        ("inf", "'inf' is not a finite number"),
        ("-Infinity", "'-Infinity' is not a finite number"),
        ("nan", "'nan' is not a number"),
    ],
)
def test_network_refuses_the_weights_the_app_refuses(tmp_path, capsys, weight, message):
    path = tmp_path / "relations.csv"
    path.write_text(f"source,target,weight\na,b,1\nb,c,{weight}\n", encoding="utf-8")
    assert main(["network", str(path)]) == 2
    assert f"row 3, column 'weight': {message}" in capsys.readouterr().err


def test_loops_json_says_counts_bound_budget_and_whether_counting_finished(tmp_path, capsys):
    ring = tmp_path / "ring.csv"
    ring.write_text("cause,effect,polarity\n" + "".join(f"f{i},f{(i + 1) % 9},+\n" for i in range(9)), encoding="utf-8")
    assert main(["loops", str(ring), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["counts"] == {"reinforcing": 0, "balancing": 0, "unknown": 0, "total": 0}
    assert (result["length_bound"], result["time_budget_seconds"], result["complete"]) == (8, 2.0, True)
    assert result["longer_loops"] == "certain"
    assert main(["loops", str(ring)]) == 0
    text = capsys.readouterr().out
    assert "No feedback loops found" not in text
    assert "Loops longer than 8 links exist and were not searched" in text

    dense = tmp_path / "dense.csv"
    dense.write_text(
        "cause,effect,polarity\n" + "".join(f"f{a},f{b},-\n" for a in range(12) for b in range(12) if a != b),
        encoding="utf-8",
    )
    assert main(["loops", str(dense), "--budget", "0", "--limit", "5", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False and result["time_budget_seconds"] == 0.0
    assert result["not_listed"] == result["counts"]["total"] - result["listed"]
    assert any("lower bound" in note for note in result["notes"])


def test_links_of_unknown_polarity_are_listed_by_the_command_line(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,b,+\nb,a,?\nb,c,-\nc,b,\n", encoding="utf-8")
    assert main(["loops", str(path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(loop["factors"], loop["type"]) for loop in result["loops"]] == [(["a", "b"], "?"), (["b", "c"], "?")]
    assert result["counts"]["unknown"] == 2


def test_loops_says_leverage_is_over_the_lengths_counted_in_full(tmp_path, capsys):
    dense = tmp_path / "dense.csv"
    dense.write_text(
        "cause,effect,polarity\n" + "".join(f"f{a},f{b},-\n" for a in range(12) for b in range(12) if a != b),
        encoding="utf-8",
    )
    assert main(["loops", str(dense), "--budget", "0", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["leverage_up_to_length"] == 0 and "could not be ranked" in result["leverage_note"]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    path = tmp_path / "links.csv"
    pairs = "".join(f"a{i},b{i},+\nb{i},a{i},-\n" for i in range(1000))  # 1,000 loops listed: more than a pipe holds
    path.write_text("cause,effect,polarity\n" + pairs)
    command = [sys.executable, "-m", "core", "loops", str(path), "--format", "json"]
    writer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writer.stdout.readline()  # what `| head -1` does: read a line, then stop reading
    writer.stdout.close()
    _, errors = writer.communicate(timeout=120)
    assert b"Traceback" not in errors
