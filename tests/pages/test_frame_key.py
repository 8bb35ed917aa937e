"""Frame cache keys (:func:`ui.state._frame_key`): equal frames share a key, different ones do not."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from ui.state import _frame_key


def _frame(values: list[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Alpha", "Beta", None],
            "shortlisted": pd.array([True, False, pd.NA], dtype="boolean"),
            "flag": [True, False, True],
            "score": [1.5, np.nan, 3.0],
            "parts": pd.Series(values, dtype=object),
        }
    )


@pytest.mark.parametrize("values", [["a", "b", "c"], [1, "b", None], [[1], (2,), {"x": 1}]])
def test_equal_frames_keep_one_key_through_the_cache_and_after_use(values):
    frame = _frame(values)
    key = _frame_key(frame)
    assert _frame_key(_frame(values)) == key
    assert _frame_key(pickle.loads(pickle.dumps(frame))) == key  # a trip through the cache
    # What build_network and the pages do with the frame: read and filter on its boolean columns.
    _ = frame[frame["flag"]], frame["shortlisted"].fillna(False).astype(bool), frame["flag"].any()
    _ = frame.loc[frame["flag"], "name"], frame.groupby("flag").size()
    assert _frame_key(frame) == key
    assert _frame_key(frame["parts"]) == _frame_key(pickle.loads(pickle.dumps(frame["parts"])))


def test_one_object_shared_by_cells_keys_like_equal_objects():
    shared = [1]
    assert _frame_key(_frame([shared, shared, shared])) == _frame_key(_frame([[1], [1], [1]]))


@pytest.mark.parametrize(
    ("one", "other"),
    [(1, 1.0), (None, np.nan), (pd.NaT, np.nan), ([1, 2], (1, 2)), ("1", 1)],
)
def test_frames_differing_only_in_python_objects_have_different_keys(one, other):
    assert _frame_key(_frame(["a", one, "c"])) != _frame_key(_frame(["a", other, "c"]))


def test_an_object_index_is_told_apart_too():
    frame = pd.DataFrame({"x": [1, 2]})
    assert _frame_key(frame.set_axis(pd.Index([1, "b"], dtype=object))) != _frame_key(
        frame.set_axis(pd.Index([1.0, "b"], dtype=object))
    )


def test_an_int_past_arrows_range_is_a_key_not_an_error():
    assert _frame_key(_frame(["a", 2**63, "c"])) != _frame_key(_frame(["a", 2**64, "c"]))
    assert _frame_key(pd.Series([2**63, 1], dtype=object)) != _frame_key(pd.Series([2**63, 2], dtype=object))
