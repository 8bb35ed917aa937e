"""What the wall shows of a question: who answered, the room's ratings, the spread of a vote.

Pure functions over the answers frame of :func:`core.store.room.answers`
(columns ``activity, item, value, choice, text, participant, ...``).
"""

from __future__ import annotations

import pandas as pd

from core.conventions import name_key
from core.governance.questionnaire import Answers, Criterion
from core.room.activities import RATING_SCALE, SCORE_CRITERIA, VOTE_ITEM, Activity, link_of, score_of, vote_questions

__all__ = [
    "DISPUTED_SPREAD",
    "answered",
    "disputed",
    "dot_spread",
    "frozen",
    "governance_answers",
    "link_strengths",
    "mean_map",
    "partner_scores",
    "rating_counts",
    "ratings",
    "vote_spread",
]


def answered(answers: pd.DataFrame, activity: Activity) -> int:
    """How many participants have answered ``activity`` at least once."""
    mine = answers[answers["activity"] == Activity(activity).value]
    return int(mine["participant_id"].nunique())


def ratings(answers: pd.DataFrame) -> pd.DataFrame:
    """The room's cause ratings as step 2 stores them: participant, cause, rating."""
    rated = answers[answers["activity"] == Activity.RATE_CAUSES.value]
    frame = pd.DataFrame(
        {
            "participant": rated["participant"].astype("string"),
            "cause": rated["item"].astype("string"),
            "rating": pd.to_numeric(rated["value"], errors="coerce").astype("Float64"),
        }
    )
    return frame.dropna(subset=["rating"]).reset_index(drop=True)


def rating_counts(ratings: pd.DataFrame, causes: list[str]) -> pd.DataFrame:
    """How many people gave each cause each rating: causes (in the order given) by ratings 1-5.

    The wall's disagreement heatmap: one row per cause whatever the size of
    the room, so a split room (counts at both ends) shows at a glance.

    >>> frame = pd.DataFrame({"participant": ["a", "b", "c"], "cause": ["x", "x", "y"], "rating": [1, 5, 3]})
    >>> rating_counts(frame, ["x", "y"]).to_dict("index")
    {'x': {1: 1, 2: 0, 3: 0, 4: 0, 5: 1}, 'y': {1: 0, 2: 0, 3: 1, 4: 0, 5: 0}}
    """
    rounded = pd.to_numeric(ratings["rating"], errors="coerce").round().astype("Int64")
    counts = pd.crosstab(ratings["cause"], rounded) if len(ratings) else pd.DataFrame()
    counts = counts.reindex(index=causes, columns=list(RATING_SCALE), fill_value=0).fillna(0).astype(int)
    counts.index.name, counts.columns.name = "cause", "rating"
    return counts


def vote_spread(answers: pd.DataFrame, activity: Activity, item: str = VOTE_ITEM) -> pd.DataFrame:
    """Every option of one question of a vote with its votes and share of the votes cast, most votes first.

    Options nobody chose are listed with 0, so the wall shows the whole spread,
    not only the majority.
    """
    activity = Activity(activity)
    options = vote_questions(activity)[item].options
    cast = answers.loc[(answers["activity"] == activity.value) & (answers["item"] == item), "choice"]
    counts = cast.value_counts().reindex(list(options), fill_value=0)
    total = int(counts.sum())
    spread = pd.DataFrame(
        {
            "option": list(options),
            "label": list(options.values()),
            "votes": counts.to_numpy(dtype=int),
        }
    )
    spread["share"] = spread["votes"] / total if total else 0.0
    return spread.sort_values("votes", ascending=False, kind="stable").reset_index(drop=True)


def governance_answers(answers: pd.DataFrame) -> tuple[Answers, tuple[Criterion, ...]]:
    """The room's most chosen answer to each of step 4's questions, as the questionnaire's answers.

    A question nobody answered stays unanswered. One whose most chosen answers
    tie stays unanswered too, and is returned among the ties: the partners
    settle it, not the order of a list.
    """
    payload: dict[str, object] = {}
    tied = []
    for item in vote_questions(Activity.VOTE_GOVERNANCE):
        spread = vote_spread(answers, Activity.VOTE_GOVERNANCE, item)
        most = int(spread["votes"].max())
        top = spread.loc[spread["votes"] == most, "option"] if most else ()
        if len(top) > 1:
            tied.append(Criterion(item))
        elif len(top) == 1:
            payload[item] = _answer(Criterion(item), top.iloc[0])
    return Answers.from_dict(payload), tuple(tied)


def _answer(criterion: Criterion, option: str) -> object:
    """A vote's stored option as the questionnaire stores the answer."""
    if criterion is Criterion.PURPOSE:
        return option
    if criterion is Criterion.STAFFING:
        return option == "True"
    return int(option)  # the 1-5 scales and the horizon's years


def link_strengths(answers: pd.DataFrame) -> pd.DataFrame:
    """The room's strength of each causal link it rated: cause, effect, n, mean and std (0-1), most disputed first."""
    rated = answers[answers["activity"] == Activity.RATE_LINKS.value]
    columns = ["cause", "effect", "n", "mean", "std"]
    if rated.empty:
        return pd.DataFrame(columns=columns)
    values = pd.to_numeric(rated["value"], errors="coerce")
    grouped = values.groupby(rated["item"])
    table = pd.DataFrame({"n": grouped.count(), "mean": grouped.mean(), "std": grouped.std(ddof=0)})
    ends = [link_of(item) for item in table.index]
    table.insert(0, "cause", [cause for cause, _ in ends])
    table.insert(1, "effect", [effect for _, effect in ends])
    table = table.sort_values(["std", "cause", "effect"], ascending=[False, True, True], kind="stable")
    return table[columns].reset_index(drop=True)


DISPUTED_SPREAD = 0.25
"""A link the room disagrees on: its ratings' spread (standard deviation, 0-1) is at least one step of the scale."""


def disputed(strengths: pd.DataFrame) -> pd.DataFrame:
    """The links of :func:`link_strengths` the room disagrees on: two or more rated, spread ``DISPUTED_SPREAD`` up."""
    return strengths[(strengths["n"] >= 2) & (strengths["std"] >= DISPUTED_SPREAD - 1e-9)]


def mean_map(links: pd.DataFrame, strengths: pd.DataFrame) -> pd.DataFrame:
    """Step 1's causal links with each rated link's strength set to the room's mean; the rest as recorded.

    The sign of a link stays the map's (its ``polarity``); the room gives how
    strong it is. Names match as everywhere (case and repeated spaces aside).
    """
    if strengths.empty:
        return links
    room = {(name_key(row.cause), name_key(row.effect)): float(row.mean) for row in strengths.itertuples()}
    ends = zip(links["cause"].map(name_key), links["effect"].map(name_key), strict=True)
    means = [room.get(end) for end in ends]
    rated = pd.Series(means, index=links.index, dtype="Float64")
    return links.assign(strength=rated.fillna(pd.to_numeric(links["strength"], errors="coerce")).astype("Float64"))


def partner_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """The room's mean score of each candidate on each criterion, with how many scored them; best total first."""
    scored = answers[answers["activity"] == Activity.SCORE_PARTNERS.value]
    columns = ["partner", *SCORE_CRITERIA, "n"]
    if scored.empty:
        return pd.DataFrame(columns=columns)
    ends = [score_of(item) for item in scored["item"]]
    long = pd.DataFrame(
        {
            "partner": [partner for partner, _ in ends],
            "criterion": [criterion for _, criterion in ends],
            "value": pd.to_numeric(scored["value"], errors="coerce").to_numpy(),
            "who": scored["participant_id"].to_numpy(),
        }
    )
    means = long.pivot_table(index="partner", columns="criterion", values="value", aggfunc="mean")
    means = means.reindex(columns=list(SCORE_CRITERIA))
    means["n"] = long.groupby("partner")["who"].nunique()
    means = means.reset_index()
    order = means[list(SCORE_CRITERIA)].sum(axis=1, min_count=1).fillna(0)
    means = means.assign(_total=order).sort_values(["_total", "partner"], ascending=[False, True], kind="stable")
    return means[columns].reset_index(drop=True)


def dot_spread(answers: pd.DataFrame, candidates: list[str]) -> pd.DataFrame:
    """Dots per candidate (every candidate listed, 0 when none), most first: ``option, label, votes, share``."""
    placed = answers[(answers["activity"] == Activity.DOT_VOTE.value)]
    dots = pd.to_numeric(placed["value"], errors="coerce").fillna(0).groupby(placed["item"]).sum()
    names = list(dict.fromkeys([*candidates, *dots.index]))
    votes = [int(dots.get(name, 0)) for name in names]
    total = sum(votes)
    spread = pd.DataFrame({"option": names, "label": names, "votes": votes})
    spread["share"] = spread["votes"] / total if total else 0.0
    return spread.sort_values("votes", ascending=False, kind="stable").reset_index(drop=True)


def frozen(answers: pd.DataFrame, activity: Activity) -> dict[str, object]:
    """A question's results as kept when it closes: how many answered, and the votes or ratings per item."""
    activity = Activity(activity)
    mine = answers[answers["activity"] == activity.value]
    results: dict[str, object] = {"activity": activity.value, "answered": answered(answers, activity)}
    if activity.is_vote:
        results["votes"] = {
            item: {row.option: int(row.votes) for row in vote_spread(answers, activity, item).itertuples()}
            for item in vote_questions(activity)
        }
    elif activity is Activity.RATE_LINKS:
        results["mean_strength"] = {
            f"{row.cause} -> {row.effect}": round(float(row.mean), 3) for row in link_strengths(answers).itertuples()
        }
    elif activity is Activity.SCORE_PARTNERS:
        results["mean_scores"] = {
            row.partner: {criterion: _rounded(getattr(row, criterion)) for criterion in SCORE_CRITERIA}
            for row in partner_scores(answers).itertuples()
        }
    elif activity is Activity.DOT_VOTE:
        results["dots"] = {row.option: int(row.votes) for row in dot_spread(answers, []).itertuples() if row.votes}
    elif activity is Activity.RATE_CAUSES:
        by_cause = ratings(answers).groupby("cause")["rating"]
        results["mean_rating"] = {str(cause): round(float(mean), 3) for cause, mean in by_cause.mean().items()}
    else:
        results["submitted"] = len(mine)
    return results


def _rounded(value: object) -> float | None:
    return None if pd.isna(value) else round(float(value), 3)
