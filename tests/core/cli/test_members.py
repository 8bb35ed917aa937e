"""``python -m core members``, ``password``, ``refusals``, and ``--user`` on the commands that open a partnership."""

from __future__ import annotations

import io

import pytest

from core.cli.main import main
from core.store import Store, Table
from core.store.members import password_is


@pytest.fixture
def team(demo_store):
    store, pid = demo_store
    name = str(store.partnership(pid)["name"])
    assert (
        main(["members", "--partnership", name, "--db", store.location, "--add", "ana@x.org", "--role", "owner"]) == 0
    )
    return store, pid, name


def test_the_operator_names_the_first_owner_and_the_owner_adds_a_viewer(team, capsys):
    store, _, name = team
    db = ["--db", store.location]
    assert (
        main(["members", "--partnership", name, *db, "--user", "ana@x.org", "--add", "bo@x.org", "--role", "viewer"])
        == 0
    )
    out = capsys.readouterr().out
    assert "bo@x.org is now viewer" in out and "owner        ana@x.org" in out and "viewer       bo@x.org" in out


def test_a_viewer_is_refused_on_the_command_line_and_nothing_changes(team, tmp_path, capsys):
    store, pid, name = team
    db = ["--db", store.location]
    main(["members", "--partnership", name, *db, "--add", "bo@x.org", "--role", "viewer"])
    capsys.readouterr()
    out = tmp_path / "actors.gexf"
    assert (
        main(["export-map", "--partnership", name, *db, "--user", "bo@x.org", "--map", "actors", "-o", str(out)]) == 0
    )
    before = store.read(pid, Table.ACTORS)
    assert main(["import-map", str(out), "--partnership", name, *db, "--user", "bo@x.org", "--map", "actors"]) == 1
    assert "You are a viewer of" in capsys.readouterr().err
    assert main(["members", "--partnership", name, *db, "--user", "bo@x.org", "--remove", "ana@x.org"]) == 1
    assert "you need to be an owner" in capsys.readouterr().err
    assert len(store.read(pid, Table.ACTORS)) == len(before)


def test_a_non_member_learns_only_their_own_partnerships_and_the_attempt_is_logged(team, capsys):
    store, _, name = team
    db = ["--db", store.location]
    assert main(["deck", "--partnership", name, *db, "--user", "eve@x.org", "-o", "deck.pptx"]) == 2
    err = capsys.readouterr().err
    assert f"eve@x.org belongs to no partnership called '{name}' (theirs: none yet)" in err
    assert main(["refusals", *db]) == 0
    assert f"eve@x.org: open '{name}' from the command line" in capsys.readouterr().out
    assert main(["refusals", *db, "--user", "eve@x.org"]) == 1  # only the operator reads them all


def test_a_password_is_read_from_standard_input_never_the_command_line(store, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["password", "ana@x.org", "--db", store.location]) == 0
    assert password_is(Store(store.location), "ana@x.org", "a long enough password") == "ana@x.org"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["password", "ana@x.org", "--db", store.location]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
