"""Partner targets set against the shared target: where partners pull apart.

Each partner names its own internal target for a shared indicator. A target
is compared with the shared one on four things:

- unit: a different unit is a warning in itself; per-period rates of the
  same quantity ("tonnes/year" against "tonnes/month") are converted so the
  size can still be compared; other units cannot be compared.
- direction: the shared target asks for a rise (or fall) from the baseline;
  a partner target on the other side of the baseline pulls the other way.
- size: the gap to the shared target as a share of the planned change
  ``target - baseline``; beyond :data:`SIZE_TOLERANCE` it is more or less
  ambitious.
- date: a due date more than :data:`DATE_TOLERANCE_DAYS` away from the
  shared target date.

Partners are also compared with each other per indicator: the spread of
their (converted) targets and of their dates.
"""

from __future__ import annotations

import re
from enum import StrEnum

import pandas as pd

__all__ = [
    "DATE_TOLERANCE_DAYS",
    "SIZE_TOLERANCE",
    "Misalignment",
    "between_partners",
    "compare_targets",
    "unit_factor",
]

# A partner target within 5% of the planned change of the shared one agrees.
SIZE_TOLERANCE = 0.05
# Due dates within about a month of each other agree.
DATE_TOLERANCE_DAYS = 31

_PERIOD_PER_YEAR = {
    "day": 365.0,
    "week": 52.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
    "yr": 1.0,
    "annum": 1.0,
}
_RATE = re.compile(r"^(?P<quantity>.+?)\s*(?:/|\bper\b|\ba\b)\s*(?P<period>day|week|month|quarter|year|yr|annum)$")


class Misalignment(StrEnum):
    """Kinds of disagreement with the shared target."""

    UNKNOWN_INDICATOR = "unknown indicator"
    UNIT = "different unit"
    DIRECTION = "opposite direction"
    LESS_AMBITIOUS = "less ambitious"
    MORE_AMBITIOUS = "more ambitious"
    LATER = "later date"
    EARLIER = "earlier date"


def _unit_key(unit: object) -> str:
    if unit is None or pd.isna(unit):
        return ""
    return " ".join(str(unit).strip().casefold().split())


def unit_factor(unit: object, shared_unit: object) -> float | None:
    """The factor turning a value in ``unit`` into ``shared_unit``, or None.

    Equal units give 1. Rates of the same quantity over different periods
    convert (``unit_factor("tonnes/year", "tonnes/month") == 1/12``).
    Anything else cannot be compared and gives None.
    """
    mine, theirs = _unit_key(unit), _unit_key(shared_unit)
    if mine == theirs:
        return 1.0
    a, b = _RATE.match(mine), _RATE.match(theirs)
    if a and b and a["quantity"].strip() == b["quantity"].strip():
        return _PERIOD_PER_YEAR[a["period"]] / _PERIOD_PER_YEAR[b["period"]]
    return None


def _key(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.casefold()


def compare_targets(partner_targets: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Each partner target beside the shared target, with its misalignments.

    Returns
    -------
    DataFrame
        partner, indicator, partner_target, partner_unit, partner_date,
        shared_target, unit, shared_date, baseline, comparable (partner target
        in the shared unit), gap_share (gap over the planned change), reach
        (the partner's planned change as a share of the shared one: 1 agrees),
        date_gap_days, issues (list of :class:`Misalignment`), aligned (no
        issue), explanation
        (plain words, one sentence per issue).
    """
    shared = indicators.assign(_key=_key(indicators["name"])).drop_duplicates("_key").set_index("_key")
    rows = partner_targets.reset_index(drop=True)
    match = shared.reindex(_key(rows["indicator"]).to_numpy())
    out = pd.DataFrame(
        {
            "partner": rows["partner"].to_numpy(),
            "indicator": rows["indicator"].to_numpy(),
            "partner_target": rows["target"].astype("Float64").to_numpy(),
            "partner_unit": rows["unit"].to_numpy(),
            "partner_date": pd.to_datetime(rows["due_date"]).to_numpy(),
            "shared_target": match["target"].astype("Float64").to_numpy(),
            "unit": match["unit"].to_numpy(),
            "shared_date": pd.to_datetime(match["target_date"]).to_numpy(),
            "baseline": match["baseline"].astype("Float64").to_numpy(),
            "known": match["name"].notna().to_numpy(),
        }
    )
    # A partner that leaves the unit blank means the shared unit.
    stated = out["partner_unit"].astype("string").fillna("").str.strip() != ""
    factors = [
        unit_factor(unit, shared_unit) if has_unit else 1.0
        for unit, shared_unit, has_unit in zip(out["partner_unit"], out["unit"], stated, strict=True)
    ]
    factor = pd.Series(factors, dtype="Float64")
    out["comparable"] = out["partner_target"] * factor
    planned = out["shared_target"] - out["baseline"]
    out["gap_share"] = (out["comparable"] - out["shared_target"]) / planned.where(planned != 0)
    out["reach"] = 1 + out["gap_share"]
    out["date_gap_days"] = (out["partner_date"] - out["shared_date"]).dt.days.astype("Int64")

    shared_sign = (planned > 0).astype("Int64") - (planned < 0).astype("Int64")
    partner_change = out["comparable"] - out["baseline"]
    partner_sign = (partner_change > 0).astype("Int64") - (partner_change < 0).astype("Int64")
    other_unit = _unit_key_series(out["partner_unit"]) != _unit_key_series(out["unit"])
    flags = {
        Misalignment.UNKNOWN_INDICATOR: ~out["known"],
        Misalignment.UNIT: out["known"] & stated & other_unit,
        Misalignment.DIRECTION: (shared_sign != 0) & (partner_sign != shared_sign),
        Misalignment.LESS_AMBITIOUS: out["gap_share"] < -SIZE_TOLERANCE,
        Misalignment.MORE_AMBITIOUS: out["gap_share"] > SIZE_TOLERANCE,
        Misalignment.LATER: out["date_gap_days"] > DATE_TOLERANCE_DAYS,
        Misalignment.EARLIER: out["date_gap_days"] < -DATE_TOLERANCE_DAYS,
    }
    flags = {kind: mask.fillna(False).astype(bool) for kind, mask in flags.items()}
    # Pulling the other way says more than "less ambitious".
    flags[Misalignment.LESS_AMBITIOUS] &= ~flags[Misalignment.DIRECTION]
    out["issues"] = [[kind for kind, mask in flags.items() if mask.iloc[position]] for position in range(len(out))]
    out["aligned"] = pd.Series([not issues for issues in out["issues"]], index=out.index, dtype=bool)
    out["explanation"] = [_explain(record) for record in out.itertuples(index=False)]
    return out.drop(columns=["known"])


def _unit_key_series(series: pd.Series) -> pd.Series:
    return pd.Series([_unit_key(value) for value in series], index=series.index)


def _num(value: object) -> str:
    return f"{float(value):,.10g}"


def _explain(row) -> str:
    parts: list[str] = []
    who, what = row.partner, row.indicator
    for issue in row.issues:
        if issue is Misalignment.UNKNOWN_INDICATOR:
            parts.append(f"{who} set a target for '{what}', which is not a shared indicator.")
        elif issue is Misalignment.UNIT:
            if pd.notna(row.comparable):
                parts.append(
                    f"{who} counts in {row.partner_unit}, the shared indicator in {row.unit} "
                    f"({_num(row.partner_target)} {row.partner_unit} = {_num(row.comparable)} {row.unit})."
                )
            else:
                parts.append(
                    f"{who} counts in {row.partner_unit}, the shared indicator in {row.unit}: "
                    "the targets cannot be compared."
                )
        elif issue is Misalignment.DIRECTION:
            parts.append(
                f"{who} aims for {_num(row.comparable)} {row.unit}, the other side of the baseline "
                f"{_num(row.baseline)} from the shared target {_num(row.shared_target)}."
            )
        elif issue in (Misalignment.LESS_AMBITIOUS, Misalignment.MORE_AMBITIOUS):
            word = "short of" if issue is Misalignment.LESS_AMBITIOUS else "beyond"
            parts.append(
                f"{who} aims for {_num(row.comparable)} {row.unit}, {abs(row.gap_share):.0%} of the planned "
                f"change {word} the shared target {_num(row.shared_target)}."
            )
        elif issue in (Misalignment.LATER, Misalignment.EARLIER):
            word = "after" if issue is Misalignment.LATER else "before"
            parts.append(
                f"{who} plans for {row.partner_date:%d %b %Y}, {abs(int(row.date_gap_days))} days {word} "
                f"the shared date {row.shared_date:%d %b %Y}."
            )
    return " ".join(parts)


def between_partners(compared: pd.DataFrame) -> pd.DataFrame:
    """Per indicator with two or more partner targets: how far partners are apart.

    Takes the output of :func:`compare_targets`. ``spread_share`` is the range
    of the partners' (converted) targets over the planned change; partners
    disagree when it exceeds :data:`SIZE_TOLERANCE` or their dates span more
    than :data:`DATE_TOLERANCE_DAYS`.

    Returns
    -------
    DataFrame
        indicator, partners, lowest, lowest_partner, highest, highest_partner,
        unit, spread_share, date_span_days, disagree, explanation
    """
    usable = compared.dropna(subset=["comparable"])
    rows = []
    for indicator, group in usable.groupby("indicator", sort=False):
        if len(group) < 2:
            continue
        low, high = group.loc[group["comparable"].idxmin()], group.loc[group["comparable"].idxmax()]
        planned = group["shared_target"].iloc[0] - group["baseline"].iloc[0]
        spread = (high["comparable"] - low["comparable"]) / abs(planned) if pd.notna(planned) and planned else pd.NA
        dates = group["partner_date"].dropna()
        span = int((dates.max() - dates.min()).days) if len(dates) > 1 else 0
        disagree = bool((pd.notna(spread) and spread > SIZE_TOLERANCE) or span > DATE_TOLERANCE_DAYS)
        unit = group["unit"].iloc[0]
        words = []
        if pd.notna(spread) and spread > SIZE_TOLERANCE:
            words.append(
                f"targets run from {_num(low['comparable'])} ({low['partner']}) to {_num(high['comparable'])} "
                f"({high['partner']}) {unit}, {spread:.0%} of the planned change apart"
            )
        if span > DATE_TOLERANCE_DAYS:
            words.append(f"due dates lie {span} days apart")
        rows.append(
            {
                "indicator": indicator,
                "partners": len(group),
                "lowest": low["comparable"],
                "lowest_partner": low["partner"],
                "highest": high["comparable"],
                "highest_partner": high["partner"],
                "unit": unit,
                "spread_share": spread,
                "date_span_days": span,
                "disagree": disagree,
                "explanation": ("Partners disagree: " + "; ".join(words) + ".") if words else "Partners agree.",
            }
        )
    columns = [
        "indicator",
        "partners",
        "lowest",
        "lowest_partner",
        "highest",
        "highest_partner",
        "unit",
        "spread_share",
        "date_span_days",
        "disagree",
        "explanation",
    ]
    return pd.DataFrame(rows, columns=columns)
