"""Funding shares: who pays what, and when one funder pays enough to steer.

Who pays tends to steer, so a funder paying more than half
(:data:`MOST_SHARE`) gets a warning, and one paying a third or more
(:data:`NOTE_SHARE`, a blocking share in most budget votes) gets a softer
note.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["MOST_SHARE", "NOTE_SHARE", "ShareVerdict", "funding_shares", "share_verdict"]

MOST_SHARE = 0.5
NOTE_SHARE = 1 / 3


def funding_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Who pays what: partner, amount, model, share of the total, largest first."""
    frame = shares[["partner", "amount", "model"]].copy()
    frame["amount"] = frame["amount"].astype("Float64").fillna(0)
    total = frame["amount"].sum()
    frame["share"] = frame["amount"] / total if total else 0.0
    return frame.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ShareVerdict:
    """The reading of the funding shares: ``level`` is ok, note or warning."""

    level: str
    partner: str | None
    share: float
    message: str
    total: float = 0.0


def share_verdict(shares: pd.DataFrame) -> ShareVerdict:
    """Warn when one funder pays more than half; note one paying a third or more."""
    table = funding_shares(shares)
    total = float(table["amount"].sum()) if len(table) else 0.0
    if total == 0:
        return ShareVerdict("ok", None, 0.0, "No funding recorded yet.")
    top = table.iloc[0]
    share = float(top["share"])
    name = str(top["partner"])
    if share > MOST_SHARE:
        return ShareVerdict(
            "warning",
            name,
            share,
            f"{name} pays {share:.0%} of the budget, more than half. Who pays tends to steer: "
            "agree decision rights that do not follow the money, or bring in other funders.",
            total,
        )
    if share >= NOTE_SHARE:
        return ShareVerdict(
            "note",
            name,
            share,
            f"{name} pays {share:.0%} of the budget, a third or more. That is enough to block most "
            "budget decisions: keep an eye on whose priorities the spending follows.",
            total,
        )
    return ShareVerdict(
        "ok", name, share, f"No funder pays a third or more; the largest, {name}, pays {share:.0%}.", total
    )
