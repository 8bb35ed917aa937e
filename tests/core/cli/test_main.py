"""The dispatcher: ``python -m core --help`` loads no heavy library, and each command loads only its own module."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

HEAVY = ("pandas", "networkx", "numpy", "openpyxl", "duckdb", "python_calamine", "plotly")

_PROBE = """
import sys
from core.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(",".join(sorted(name for name in {heavy!r} if name in sys.modules)))
print(",".join(sorted(name for name in sys.modules if name.startswith("core.cli."))))
"""


def _loaded(*argv: str) -> tuple[set[str], set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    heavy, modules = result.stdout.strip().splitlines()[-2:]
    return set(filter(None, heavy.split(","))), set(modules.split(","))


def test_help_lists_every_command_without_loading_a_heavy_library():
    heavy, modules = _loaded("--help")
    assert heavy == set()
    assert modules == {"core.cli.errors", "core.cli.main"}


def test_a_command_loads_its_own_module_only():
    heavy, modules = _loaded("loops", "--help")
    assert "core.cli.system_map" in modules
    assert not modules & {"core.cli.partners", "core.cli.deck", "core.cli.map_files"}
    assert "networkx" in heavy  # its own work needs it
