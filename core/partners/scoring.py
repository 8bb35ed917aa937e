"""Score candidate partners on the three lenses: interest, influence, assets.

The assets lens is *complementarity*: how much of what the group lacks a
candidate would bring. "The group" is a boolean mask over the rows
(usually the current short list). What the group lacks is read from three
facets of every row:

- levers (policy, capital, implementation, legitimacy, market access),
- value-chain position (one per row),
- asset tags (free ``;``-separated words such as "recycling capacity").

For a row outside the group, "new" items are those no group member has;
for a row inside it, those no *other* member has (what the group would lose
without it). Everything is computed over sparse incidence matrices, so
100,000 rows score in a fraction of a second.

Complementarity, between 0 and 1, is::

    0.5 * (new levers / levers the group lacks)        # 0 when none lacking
  + 0.3 * (1 if the row's value-chain position is new)
  + 0.2 * min(new asset tags, 3) / 3                   # up to three count

The composite score, between 0 and 100, is the weighted mean of
``(interest - 1) / 4``, ``(influence - 1) / 4`` and complementarity, with
the user's weights divided by their sum (so only their ratios matter). A
missing interest or influence counts as the lowest value and the row is
flagged ``incomplete``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from core.conventions import to_bool
from core.model import Lever

__all__ = [
    "FACET_WEIGHTS",
    "TAG_CAP",
    "Facet",
    "Weights",
    "complementarity",
    "incidence",
    "new_items",
    "score",
    "score_parts",
]

TAG_CAP = 3


class Facet:
    """The columns complementarity reads (names of actor columns)."""

    LEVERS = "levers"
    VALUE_CHAIN = "value_chain"
    ASSET_TAGS = "asset_tags"


FACET_WEIGHTS: dict[str, float] = {Facet.LEVERS: 0.5, Facet.VALUE_CHAIN: 0.3, Facet.ASSET_TAGS: 0.2}


@dataclass(frozen=True)
class Weights:
    """How much each lens counts; only the ratios matter.

    Raises ``ValueError`` if a weight is negative or all are zero.
    """

    interest: float = 1.0
    influence: float = 1.0
    assets: float = 1.0

    def __post_init__(self) -> None:
        values = (self.interest, self.influence, self.assets)
        if any(not np.isfinite(v) or v < 0 for v in values):
            raise ValueError("Weights must be zero or more.")
        if sum(values) <= 0:
            raise ValueError("At least one weight must be above zero.")

    def normalised(self) -> tuple[float, float, float]:
        """The three weights divided by their sum."""
        total = self.interest + self.influence + self.assets
        return self.interest / total, self.influence / total, self.assets / total


def incidence(values: pd.Series, many: bool = True) -> tuple[sparse.csr_matrix, list[str]]:
    """A rows x items 0/1 sparse matrix of the items each cell names.

    Parameters
    ----------
    values : Series
        Cells holding one item, or ``;``-separated items when ``many``.
    many : bool
        Whether a cell may hold several items.

    Returns
    -------
    (matrix, labels)
        ``matrix[i, j] == 1`` when row ``i`` names item ``labels[j]``.
        Items compare casefolded and trimmed; empty items are dropped.

    Notes
    -----
    Cells are factorised first, so each distinct cell is split once (with
    Arrow string kernels); the rows then pick their cell's items with one
    sparse product.
    """
    n = len(values)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    cells = pa.array([str(cell) for cell in uniques], type=pa.string())
    cells = pc.utf8_lower(cells)
    if many:
        split = pc.split_pattern(cells, ";")
        items, owners = pc.list_flatten(split), pc.list_parent_indices(split)
    else:
        items, owners = cells, pa.array(np.arange(len(cells)))
    items = pc.utf8_trim_whitespace(items)
    keep = pc.not_equal(items, "")
    items, owners = pc.filter(items, keep), pc.filter(owners, keep)
    encoded = pc.dictionary_encode(items)
    item_codes = encoded.indices.to_numpy(zero_copy_only=False)
    labels = encoded.dictionary.to_pylist()
    by_cell = sparse.csr_matrix(
        (np.ones(len(item_codes)), (owners.to_numpy(zero_copy_only=False), item_codes)),
        shape=(len(uniques), len(labels)),
    )
    by_cell.data[:] = 1.0  # an item named twice in one cell counts once
    present = codes >= 0
    pick = sparse.csr_matrix(
        (np.ones(int(present.sum())), (np.flatnonzero(present), codes[present])), shape=(n, len(uniques))
    )
    matrix = (pick @ by_cell).tocsr()
    return matrix, labels


def _lever_incidence(values: pd.Series) -> sparse.csr_matrix:
    """Incidence over the five canonical levers, in enum order."""
    matrix, labels = incidence(values, many=True)
    order = [lever.value for lever in Lever]
    columns = [labels.index(lever) if lever in labels else -1 for lever in order]
    dense_cols = [matrix[:, c] if c >= 0 else sparse.csr_matrix((len(values), 1)) for c in columns]
    return sparse.hstack(dense_cols, format="csr")


def new_items(matrix: sparse.csr_matrix, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: how many of its items the group lacks, and how many the group lacks in all.

    For a row outside the group the group is taken as it is; for a row in
    the group, as the group without that row.

    Returns
    -------
    (new, lacking)
        Integer arrays of length ``matrix.shape[0]``.
    """
    group = np.asarray(group, dtype=bool)
    counts = np.asarray(matrix[group].sum(axis=0)).ravel() if group.any() else np.zeros(matrix.shape[1])
    zero = (counts == 0).astype(np.float64)
    single = (counts == 1).astype(np.float64)
    new = matrix @ zero + group * (matrix @ single)
    lacking = zero.sum() + group * (matrix @ single)
    return np.rint(new).astype(np.int64), np.rint(lacking).astype(np.int64)


def complementarity(frame: pd.DataFrame, group: np.ndarray | pd.Series | None = None) -> pd.Series:
    """How much of what ``group`` lacks each row would bring, between 0 and 1.

    Parameters
    ----------
    frame : DataFrame
        Actors with ``levers``, ``value_chain`` and ``asset_tags`` columns
        (missing columns count as empty).
    group : bool array, optional
        Which rows form the group. Defaults to the ``shortlisted`` column,
        or to nobody (then everything a row has is new).
    """
    n = len(frame)
    mask = _group_mask(frame, group)
    empty = pd.Series([None] * n, index=frame.index)
    levers = _lever_incidence(frame.get(Facet.LEVERS, empty))
    chain, _ = incidence(frame.get(Facet.VALUE_CHAIN, empty), many=False)
    tags, _ = incidence(frame.get(Facet.ASSET_TAGS, empty), many=True)

    new_levers, lacking_levers = new_items(levers, mask)
    lever_part = np.divide(new_levers, lacking_levers, out=np.zeros(n), where=lacking_levers > 0)
    new_chain, _ = new_items(chain, mask)
    chain_part = (new_chain > 0).astype(np.float64)
    new_tags, _ = new_items(tags, mask)
    tag_part = np.minimum(new_tags, TAG_CAP) / TAG_CAP
    value = (
        FACET_WEIGHTS[Facet.LEVERS] * lever_part
        + FACET_WEIGHTS[Facet.VALUE_CHAIN] * chain_part
        + FACET_WEIGHTS[Facet.ASSET_TAGS] * tag_part
    )
    return pd.Series(value, index=frame.index, name="complementarity")


def _group_mask(frame: pd.DataFrame, group: np.ndarray | pd.Series | None) -> np.ndarray:
    if group is None and "shortlisted" not in frame:
        return np.zeros(len(frame), dtype=bool)
    values = pd.Series(frame["shortlisted"] if group is None else group)
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        values = values.map(to_bool)
    mask = values.astype("boolean").fillna(False).to_numpy(dtype=bool)
    if len(mask) != len(frame):
        raise ValueError(f"group has {len(mask)} entries for {len(frame)} rows")
    return mask


def _lens(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(numbers)
    part = np.clip((np.nan_to_num(numbers, nan=1.0) - 1.0) / 4.0, 0.0, 1.0)
    return part, missing


def score(
    frame: pd.DataFrame,
    weights: Weights | None = None,
    group: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """The composite score of every row, highest first.

    Parameters
    ----------
    frame : DataFrame
        Actors with the columns of ``Table.ACTORS`` (typed as
        :func:`core.records.coerce` leaves them; text yes/no in
        ``shortlisted`` is also understood). Other columns are kept.
    weights : Weights, optional
        Lens weights; equal by default.
    group : bool array, optional
        The group complementarity is measured against (default: the
        ``shortlisted`` column).

    Returns
    -------
    DataFrame
        ``frame`` plus ``interest_part``, ``influence_part``,
        ``complementarity`` (each 0-1), ``score`` (0-100, one decimal),
        ``rank`` (1 = best) and ``incomplete`` (interest or influence
        missing), sorted by score, then name.
    """
    parts = score_parts(frame, weights, group)
    out = frame.copy()
    for name, values in parts.items():
        out[name] = values
    sort_keys = ["score", "name"] if "name" in out else ["score"]
    out = out.sort_values(sort_keys, ascending=[False, True][: len(sort_keys)], kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    return out.reset_index(drop=True)


def score_parts(
    frame: pd.DataFrame,
    weights: Weights | None = None,
    group: np.ndarray | pd.Series | None = None,
) -> dict[str, np.ndarray]:
    """The score columns of :func:`score` as arrays in ``frame``'s row order (unsorted)."""
    weights = weights or Weights()
    w_interest, w_influence, w_assets = weights.normalised()
    blank = pd.Series([None] * len(frame), index=frame.index)
    interest, no_interest = _lens(frame.get("interest", blank))
    influence, no_influence = _lens(frame.get("influence", blank))
    comp = complementarity(frame, group).to_numpy()
    total = 100.0 * (w_interest * interest + w_influence * influence + w_assets * comp)
    return {
        "interest_part": interest,
        "influence_part": influence,
        "complementarity": comp,
        "score": np.round(total, 1),
        "incomplete": no_interest | no_influence,
    }
