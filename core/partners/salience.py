"""Stakeholder salience (Mitchell, Agle & Wood, 1997).

Three attributes, power, legitimacy and urgency, make eight combinations.
With none a party is not a stakeholder; each other combination is one of
the paper's seven classes:

==============  =====  ==========  =======
class           power  legitimacy  urgency
==============  =====  ==========  =======
dormant           x
discretionary            x
demanding                            x
dominant          x      x
dangerous         x                  x
dependent                x           x
definitive        x      x           x
==============  =====  ==========  =======

One attribute makes a *latent* stakeholder, two an *expectant* one and
three a *definitive* one (salience grows with the count).

Keystone records each attribute as a 1-5 score. A party **has** the
attribute when its score is at least :data:`THRESHOLD` (3: a moderate claim
still counts); a missing score means it does not.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

__all__ = ["ATTRIBUTES", "THRESHOLD", "SalienceClass", "SalienceGroup", "classify", "has_attribute", "salience"]

THRESHOLD = 3.0
ATTRIBUTES = ("power", "legitimacy", "urgency")


class SalienceClass(StrEnum):
    """The seven stakeholder classes, plus parties with no attribute."""

    DORMANT = "dormant"
    DISCRETIONARY = "discretionary"
    DEMANDING = "demanding"
    DOMINANT = "dominant"
    DANGEROUS = "dangerous"
    DEPENDENT = "dependent"
    DEFINITIVE = "definitive"
    NON_STAKEHOLDER = "non-stakeholder"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SalienceGroup(StrEnum):
    """How many attributes a party has: one, two or three."""

    LATENT = "latent"
    EXPECTANT = "expectant"
    DEFINITIVE = "definitive"
    NONE = "none"


# (power, legitimacy, urgency) -> class: the paper's typology.
_CLASSES: dict[tuple[bool, bool, bool], SalienceClass] = {
    (False, False, False): SalienceClass.NON_STAKEHOLDER,
    (True, False, False): SalienceClass.DORMANT,
    (False, True, False): SalienceClass.DISCRETIONARY,
    (False, False, True): SalienceClass.DEMANDING,
    (True, True, False): SalienceClass.DOMINANT,
    (True, False, True): SalienceClass.DANGEROUS,
    (False, True, True): SalienceClass.DEPENDENT,
    (True, True, True): SalienceClass.DEFINITIVE,
}
_GROUPS = (SalienceGroup.NONE, SalienceGroup.LATENT, SalienceGroup.EXPECTANT, SalienceGroup.DEFINITIVE)


def classify(power: bool, legitimacy: bool, urgency: bool) -> SalienceClass:
    """The class of a party with the given attributes."""
    return _CLASSES[(bool(power), bool(legitimacy), bool(urgency))]


def has_attribute(values: pd.Series, threshold: float = THRESHOLD) -> pd.Series:
    """Whether each 1-5 score (or yes/no) reaches ``threshold``; missing is no."""
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        text = values.astype("string").str.strip().str.casefold()
        values = text.map({"yes": 5.0, "y": 5.0, "true": 5.0, "no": 1.0, "n": 1.0, "false": 1.0}).fillna(
            pd.to_numeric(text, errors="coerce")
        )
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    return (numbers >= threshold).fillna(False).astype(bool)


def salience(frame: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """The salience class and group of every row, vectorised.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``power``, ``legitimacy`` and ``urgency`` (1-5 or yes/no;
        a missing column counts as "no").
    threshold : float
        The score from which a party has an attribute.

    Returns
    -------
    DataFrame
        Same index; boolean ``has_power``, ``has_legitimacy``,
        ``has_urgency``, the ``salience`` class value, ``attributes``
        (0-3) and ``salience_group``.
    """
    flags = {}
    for name in ATTRIBUTES:
        column = frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)
        flags[name] = has_attribute(column, threshold).to_numpy()
    code = flags["power"] * 4 + flags["legitimacy"] * 2 + flags["urgency"] * 1
    by_code = np.array(
        [_CLASSES[(bool(c & 4), bool(c & 2), bool(c & 1))].value for c in range(8)],
        dtype=object,
    )
    count = flags["power"].astype(int) + flags["legitimacy"] + flags["urgency"]
    return pd.DataFrame(
        {
            "has_power": flags["power"],
            "has_legitimacy": flags["legitimacy"],
            "has_urgency": flags["urgency"],
            "salience": by_code[code],
            "attributes": count,
            "salience_group": np.array([g.value for g in _GROUPS], dtype=object)[count],
        },
        index=frame.index,
    )
