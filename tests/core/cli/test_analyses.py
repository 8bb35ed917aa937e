"""``python -m core network`` and ``python -m core loops`` as analysts run them."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pandas as pd

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
