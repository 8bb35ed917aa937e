"""``python -m core export-map`` and ``import-map``: a map out of one partnership and into another."""

from __future__ import annotations

import pandas as pd
import pytest

from core.cli.main import main
from core.store import Table
from core.store.layouts import kept, rearrange

DEMO = "Ocean-bound plastic in electronics (demo)"


def _sorted(frame):
    return frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".json"])
def test_export_then_import_into_a_new_partnership_reproduces_the_map(demo_store, tmp_path, capsys, suffix):
    store, demo = demo_store
    store.create_partnership("Copy")
    db = str(store.path)
    store.release()
    out = tmp_path / f"actors{suffix}"
    assert main(["export-map", "--partnership", DEMO, "--map", "actors", "-o", str(out), "--db", db]) == 0
    streams = capsys.readouterr()
    assert "no kept layout" in streams.err  # the demo has none yet: laid out afresh, and said so
    assert main(["import-map", str(out), "--partnership", "copy", "--db", db]) == 0  # the map told by the file
    assert "46 actors added, 0 updated; 109 relations added, 0 updated; 46 positions kept" in capsys.readouterr().out
    copy = int(store.partnerships().set_index("name").loc["Copy", "id"])
    for table in (Table.ACTORS, Table.RELATIONS):
        pd.testing.assert_frame_equal(_sorted(store.read(copy, table)), _sorted(store.read(demo, table)))
    assert len(kept(store, copy, "actors")) == 46


def test_export_uses_the_kept_layout(demo_store, tmp_path, capsys):
    store, demo = demo_store
    factors = store.read(demo, Table.FACTORS)["name"]
    rearrange(store, demo, "factors", {name: (float(i), -float(i)) for i, name in enumerate(factors)})
    store.create_partnership("Copy")
    db = str(store.path)
    store.release()
    out = tmp_path / "loops.gexf"
    assert main(["export-map", "--partnership", DEMO, "--map", "factors", "-o", str(out), "--db", db]) == 0
    assert "no kept layout" not in capsys.readouterr().err
    assert main(["import-map", str(out), "--partnership", "Copy", "--map", "factors", "--db", db]) == 0
    copy = int(store.partnerships().set_index("name").loc["Copy", "id"])
    assert kept(store, copy, "factors") == kept(store, demo, "factors")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export-map", "--partnership", DEMO, "--map", "actors", "-o", "{tmp}/map.txt"], "name it .gexf"),
        (["export-map", "--partnership", "Nobody", "--map", "actors", "-o", "{tmp}/m.gexf"], "no partnership called"),
        (["import-map", "{tmp}/missing.gexf", "--partnership", DEMO], "cannot be read"),
        (["import-map", "{tmp}/bad.graphml", "--partnership", DEMO], "is not well-formed XML"),
    ],
)
def test_errors_exit_2_with_one_plain_line(demo_store, tmp_path, capsys, argv, message):
    store, _ = demo_store
    (tmp_path / "bad.graphml").write_bytes(b"<graphml><graph>")
    db = str(store.path)
    store.release()
    code = main([part.replace("{tmp}", str(tmp_path)) for part in argv] + ["--db", db])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err
