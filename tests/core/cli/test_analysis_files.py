"""What ``python -m core network`` and ``loops`` make of the files analysts bring (issue 17).

Names match as everywhere in Keystone (case and repeated spaces ignored),
a link given twice with different values is refused naming both rows,
files are read as the stakeholder importer reads them (Windows-1252 text,
semicolons, workbooks) and a loop length no loop can have is an argparse error.
"""

from __future__ import annotations

import json

import pytest

from core.cli.main import main
from tests.helpers import xlsx


def _run(capsys, *argv: str) -> tuple[int, dict | None, str]:
    """Exit code, the JSON result (None when refused) and stderr of one command."""
    code = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else None, captured.err


# -- names ---------------------------------------------------------------------------------------------------


def test_a_ring_spelled_with_mixed_case_and_spaces_is_one_loop(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text(
        "cause,effect,polarity\nAlpha Corp,Beta,+\nbeta,GAMMA  ltd,+\n Gamma Ltd ,alpha   corp,-\n", encoding="utf-8"
    )
    code, result, _ = _run(capsys, "loops", str(path))
    assert code == 0
    # the first spelling met is the one shown
    assert result["loops"] == [{"factors": ["Alpha Corp", "Beta", "GAMMA  ltd"], "type": "B", "length": 3}]
    assert result["counts"]["total"] == 1


def test_a_to_capital_b_and_b_to_capital_a_is_a_loop(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,B,+\nb,A,+\n", encoding="utf-8")
    code, result, _ = _run(capsys, "loops", str(path))
    assert code == 0
    assert result["loops"] == [{"factors": ["B", "a"], "type": "R", "length": 2}]


def test_network_counts_one_actor_however_its_name_is_cased_or_spaced(tmp_path, capsys):
    path = tmp_path / "relations.csv"
    path.write_text("source,target\nAlpha Corp,Beta\nalpha  corp,Gamma\nBETA,gamma\n", encoding="utf-8")
    code, result, _ = _run(capsys, "network", str(path))
    assert code == 0
    assert sorted((node["name"], node["degree"]) for node in result["nodes"]) == [
        ("Alpha Corp", 2),
        ("Beta", 2),
        ("Gamma", 2),
    ]
    assert result["bottlenecks"] == []  # a triangle has no cut point


def test_an_actors_file_spelling_wins_and_its_actor_is_not_counted_twice(tmp_path, capsys):
    relations = tmp_path / "relations.csv"
    relations.write_text("source,target\nalpha corp,Beta\n", encoding="utf-8")
    actors = tmp_path / "actors.csv"
    actors.write_text("name,type\nAlpha  Corp,company\nALPHA CORP,company\nLoner,ngo\n", encoding="utf-8")
    code, result, _ = _run(capsys, "network", str(relations), "--actors", str(actors))
    assert code == 0
    assert sorted(node["name"] for node in result["nodes"]) == ["Alpha  Corp", "Beta", "Loner"]


# -- links given twice ---------------------------------------------------------------------------------------


def test_loops_refuse_a_link_given_twice_with_different_polarity_naming_both_rows(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\nSales,Cash,+\ncash,sales,+\nsales, CASH,-\n", encoding="utf-8")
    code, _, err = _run(capsys, "loops", str(path))
    assert code == 2
    assert f"{path}: 1 link is given twice with different values" in err
    assert "rows 2 and 4: the link 'Sales' -> 'Cash': polarity '+' in row 2, '-' in row 4" in err


def test_loops_refuse_a_link_given_twice_with_different_weight(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity,weight\na,b,+,0.2\nb,a,+,\na,b,positive,0.9\nb,a,1,0.5\n")
    code, _, err = _run(capsys, "loops", str(path))
    assert code == 2
    assert "rows 2 and 4: the link 'a' -> 'b': strength '0.2' in row 2, '0.9' in row 4" in err
    assert "row 3" not in err  # a blank weight is the default 0.5: rows 3 and 5 agree


def test_network_refuses_a_relation_given_twice_with_different_weight(tmp_path, capsys):
    path = tmp_path / "relations.csv"
    path.write_text("source,target,kind,weight\na,b,funds,2\nb,c,funds,1\nA,B,Funds,3\na,b,partners,5\n")
    code, _, err = _run(capsys, "network", str(path))
    assert code == 2
    assert "rows 2 and 4: the link 'a' -> 'b' (funds): weight '2' in row 2, '3' in row 4" in err
    assert "row 5" not in err  # another kind of relation between the same two actors


def test_every_conflict_is_listed_on_its_own_line(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,b,+\nb,c,+\nA,B,-\nB,C,-\n")
    code, _, err = _run(capsys, "loops", str(path))
    assert code == 2
    lines = err.splitlines()
    assert lines[0].endswith("2 links are given twice with different values; keep one row of each (or make them "
                             "agree) and run again:")  # fmt: skip
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["rows 2 and 4", "rows 3 and 5"]


def test_a_link_given_twice_alike_is_counted_once_with_a_note(tmp_path, capsys):
    once = tmp_path / "once.csv"
    once.write_text("source,target,weight\na,b,2\nb,c,1\nc,d,1\n")
    twice = tmp_path / "twice.csv"
    twice.write_text("source,target,weight\na,b,2\nb,c,1\nc,d,1\nA, B,2.0\n")
    code, alone, err = _run(capsys, "network", str(once))
    assert code == 0 and err == ""
    code, repeated, err = _run(capsys, "network", str(twice))
    assert code == 0
    assert repeated == alone  # the weight of a-b is 2, not 4
    assert f"note: {twice}: row 5 repeats row 2 (the link 'a' -> 'b'); it is counted once" in err

    links = tmp_path / "links.csv"
    links.write_text("cause,effect,polarity\na,b,+\nb,a,-\nA,B,positive\n")
    code, result, err = _run(capsys, "loops", str(links))
    assert code == 0
    assert result["counts"]["total"] == 1
    assert "row 4 repeats row 2" in err


# -- reading files as the stakeholder importer does ----------------------------------------------------------


def test_loops_read_a_latin_1_file_separated_by_semicolons(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_bytes("Cause;Effect;Polarity\nCafé;Intérêt;+\nintérêt;café;-\n".encode("latin-1"))
    code, result, _ = _run(capsys, "loops", str(path))
    assert code == 0
    assert result["loops"] == [{"factors": ["Café", "Intérêt"], "type": "B", "length": 2}]


def test_network_reads_a_windows_1252_file_separated_by_semicolons(tmp_path, capsys):
    path = tmp_path / "relations.csv"
    path.write_bytes("source;target;weight\nSão Paulo;Zürich;2\nZürich;Köln;1\n".encode("cp1252"))
    code, result, _ = _run(capsys, "network", str(path))
    assert code == 0
    assert result["bottlenecks"] == ["Zürich"]


def test_loops_read_the_first_sheet_of_a_workbook(tmp_path, capsys):
    path = tmp_path / "links.xlsx"
    path.write_bytes(xlsx({"Links": [["Cause", "Effect", "Polarity"], ["a", "b", "+"], ["b", "a", -1]]}))
    code, result, _ = _run(capsys, "loops", str(path))
    assert code == 0
    assert result["loops"] == [{"factors": ["a", "b"], "type": "B", "length": 2}]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_past_a_blank_line(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,b,+\n\nb,a,maybe\n")
    code, _, err = _run(capsys, "loops", str(path))
    assert code == 2
    assert "row 4, column 'polarity': 'maybe'" in err


# -- loop length ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", ["0", "-3", "51", "1100", "two"])
def test_a_loop_length_no_loop_can_have_is_an_argparse_error(tmp_path, capsys, length):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\na,b,+\nb,a,+\n")
    with pytest.raises(SystemExit) as stopped:
        main(["loops", str(path), "--max-length", length])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m core loops")
    assert (
        "python -m core loops: error: argument --max-length: must be a whole number of links from 1 "
        f"(a factor acting on itself) to 50 (longer loops are not searched), not '{length}'"
    ) in err


def test_the_shortest_loop_length_finds_a_factor_acting_on_itself(tmp_path, capsys):
    path = tmp_path / "links.csv"
    path.write_text("cause,effect,polarity\nstock,Stock,-\nstock,sales,+\nsales,stock,+\n")
    code, result, _ = _run(capsys, "loops", str(path), "--max-length", "1")
    assert code == 0
    assert result["loops"] == [{"factors": ["stock"], "type": "B", "length": 1}]
