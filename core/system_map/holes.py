"""Structural holes (Burt): constraint, effective size and efficiency of each actor.

An actor spans a structural hole when its contacts are not tied to each
other: it hears different things from each and can broker between them.

- **Effective size**: the number of contacts, less how much they overlap
  (Burt 1992). With equal ties it is ``n - 2t/n`` for ``n`` contacts with
  ``t`` ties among them (Borgatti 1997); with weights each contact counts
  for less the more the actor's other contacts are tied to it.
- **Efficiency**: effective size divided by the number of contacts (1 = no
  contact is redundant).
- **Constraint**: how much an actor's ties lead, directly or through each
  other, to the same people (low = spans holes).

All three are read on the undirected, weighted tie graph, as networkx
defines them, and computed with sparse matrices over the ties only (the
networkx shortcut for effective size builds a dense actors x actors matrix,
800 MB at 10,000 actors). An actor with no ties gets NaN.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sparse

__all__ = ["describe", "structural_holes"]


def structural_holes(ties: nx.Graph, weight: str = "weight") -> pd.DataFrame:
    """Constraint, effective size and efficiency per actor.

    Parameters
    ----------
    ties : Graph
        Undirected; edge attribute ``weight`` (missing counts as 1). Self-ties are ignored.
    weight : str
        The edge attribute holding tie strength.

    Returns
    -------
    DataFrame
        Indexed by actor, columns ``constraint``, ``effective_size`` and
        ``efficiency``; NaN for actors without ties.

    Examples
    --------
    A star of three contacts with no ties among them: nothing overlaps.

    >>> star = nx.star_graph(3)
    >>> structural_holes(star).loc[0].round(3).tolist()
    [0.333, 3.0, 1.0]
    """
    names = list(ties.nodes)
    if not names:
        return pd.DataFrame(columns=["constraint", "effective_size", "efficiency"], dtype=float)
    matrix = nx.to_scipy_sparse_array(ties, nodelist=names, weight=weight, format="csr").astype(float)
    matrix.setdiag(0.0)
    matrix.eliminate_zeros()
    mutual = sparse.csr_array(matrix + matrix.T)  # networkx's mutual weight: a tie counted from both ends
    totals = np.asarray(mutual.sum(axis=1)).ravel()
    largest = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = sparse.csr_array(sparse.diags_array(np.where(totals > 0, 1.0 / totals, 0.0)) @ mutual)
        relative = sparse.csr_array(sparse.diags_array(np.where(largest > 0, 1.0 / largest, 0.0)) @ mutual)
    present = (mutual > 0).astype(float)
    contacts = np.asarray(present.sum(axis=1)).ravel()
    # redundancy of contact j for i: sum over i's contacts q of share(i, q) * relative(j, q), read on ties only
    redundancy = np.asarray(present.multiply(share @ relative.T).sum(axis=1)).ravel()
    local = (share + share @ share).power(2)
    constraint = np.asarray(present.multiply(local).sum(axis=1)).ravel()
    alone = contacts == 0
    effective = np.where(alone, np.nan, contacts - redundancy)
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(alone, np.nan, effective / contacts)
    return pd.DataFrame(
        {"constraint": np.where(alone, np.nan, constraint), "effective_size": effective, "efficiency": efficiency},
        index=pd.Index(names, name="name"),
    )


def describe(table: pd.DataFrame) -> str | None:
    """Who spans the most structural holes, in plain words (None when no actor has two contacts)."""
    spanning = table[table["effective_size"].notna() & (table["degree"] >= 2)]
    if spanning.empty:
        return None
    lead = spanning.sort_values(["constraint", "effective_size"], ascending=[True, False], kind="stable").index[0]
    row = spanning.loc[lead]
    return (
        f"Spans the most structural holes: {lead}. Its {row['degree']} contacts count as {row['effective_size']:.1f} "
        f"that do not overlap (efficiency {row['efficiency']:.2f}, constraint {row['constraint']:.2f}), "
        "so it hears from groups that do not hear from each other."
    )
