"""House rules that keep the layers apart."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.steps import ACROSS, HOME, STEPS

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "core").rglob("*.py") if "streamlit" in _imports(path)]
    assert offenders == []


def test_core_reaches_the_ui_only_for_the_deck_command():
    """The deck draws the app's figures; its command imports them when it runs, and nothing else in core does."""
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "core").rglob("*.py") if "ui" in _imports(path)]
    assert offenders == ["core/cli/deck.py"]


def test_only_the_store_speaks_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b")
    offenders = []
    for folder in ("core", "pages", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            if "store" in path.relative_to(ROOT).parts:
                continue
            if "duckdb" in _imports(path) or sql.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_pages_do_not_import_duckdb_or_compute_with_numpy():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "pages").rglob("*.py")
        if _imports(path) & {"duckdb", "numpy", "networkx", "scipy"}
    ]
    assert offenders == []


def test_every_table_on_screen_shows_missing_values_as_blank_not_none():
    offenders = []
    for path in [*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("dataframe", "data_editor")
                and not any(keyword.arg == "placeholder" for keyword in node.keywords)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []  # without placeholder="", Streamlit prints "None" in every empty cell


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.slug)
def test_each_step_has_one_name_for_its_logic_screen_page_and_tests(step):
    expected = [
        f"core/{step.slug}/__init__.py",
        f"ui/{step.slug}/__init__.py",
        step.page,
        f"tests/core/{step.slug}/__init__.py",
        f"tests/pages/test_{step.slug}.py",
    ]
    assert [path for path in expected if not (ROOT / path).is_file()] == []


def test_every_page_script_is_in_the_registry_and_none_sits_directly_in_pages():
    # A script directly in pages/ would run alone, outside the router, in Streamlit's legacy mode.
    assert list((ROOT / "pages").glob("*.py")) == []
    scripts = {str(path.relative_to(ROOT)) for path in (ROOT / "pages").rglob("*.py")}
    assert scripts == {place.page for place in (HOME, *STEPS, *ACROSS)}


def test_no_cached_result_waits_for_the_actor_maps_analysis():
    """The analysis draws a progress bar while it waits: a cached function that waited would keep the bar and
    redraw it on every rerun, so the wait happens outside any cache (``ui.system_map.data.actor_analysis``)."""
    # One call deep: the deck's cached files (ui/across/deck.py::_kept) reach the analysis through its slides,
    # safely, as they are built on a download's click, with no page to draw a bar on (worker.results checks).
    waits = {"actor_analysis", "_analysed", "results"}  # the analysis, and worker.results that it waits in
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef) or not any(
                re.search(r"\b(cache_data|cache_resource|cached)\b", ast.unparse(decorator))
                for decorator in function.decorator_list
            ):
                continue
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and (
                    getattr(call.func, "id", None) in waits or getattr(call.func, "attr", None) in waits
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} {function.name}")
    assert offenders == []
