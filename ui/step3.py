"""Drawing helpers for step 3, Partners: grid, salience, types, coalition, import, export.

Everything computed comes from core (scoring, grid, salience, coalition,
partner_list, partner_import, io_excel); these functions only draw and
pass the user's choices back.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.conventions import escape_markdown
from core.io_excel import ImportRefused, best_sheet, find_header_row, parse_sheet, read_raw, sheet_names
from core.model import Lever, PartnerType
from core.partners.coalition import DIVERSITY, Proposal, build, cautions
from core.partners.grid import ADVICE, MIDLINE, Quadrant, spread
from core.partners.import_list import RowsRefused, import_actors, template_workbook
from core.partners.salience import THRESHOLD, SalienceClass
from core.partners.scored_list import TYPE_PROFILES, export_csv, export_workbook, lever_coverage, scored_list, shortlist
from core.partners.scoring import Weights
from core.store import Store, Table
from core.tables import spec
from ui import state

__all__ = [
    "advice_table",
    "coalition_builder",
    "export_panel",
    "grid_figure",
    "headline",
    "import_panel",
    "long_list",
    "name_list",
    "salience_panel",
    "types_and_levers",
    "weights_control",
]

_TYPE_COLOURS = {
    PartnerType.COMPANY.value: "#1f4e9c",
    PartnerType.NGO.value: "#2e8b57",
    PartnerType.GOVERNMENT.value: "#8b1a1a",
    PartnerType.INVESTOR.value: "#b8860b",
    PartnerType.UNIVERSITY.value: "#6a3d9a",
    PartnerType.COMMUNITY.value: "#d2571c",
}
_WEIGHTS_KEY = "step3_weights"
_LONG_COLUMNS = ["rank", "name", "type", "score", "interest", "influence", "complementarity", "levers",
                 "value_chain", "quadrant", "salience", "shortlisted"]  # fmt: skip


def name_list(names: pd.Series | list[str], limit: int = 6) -> str:
    items = [escape_markdown(str(name)) for name in list(names)[:limit]]
    more = len(list(names)) - limit
    return ", ".join(items) + (f" and {more} more" if more > 0 else "") if items else "nobody yet"


# -- weights ------------------------------------------------------------------


def weights_control() -> Weights:
    """Three sliders for the lens weights (kept for the session)."""
    saved = st.session_state.get(_WEIGHTS_KEY, (1.0, 1.0, 1.0))
    if state.presenting():
        return Weights(*saved)
    with st.expander("Score weights", icon=":material/tune:"):
        st.caption("Only the ratios matter: the weights are divided by their sum.")
        left, middle, right = st.columns(3)
        interest = left.slider("Interest", 0.0, 3.0, saved[0], 0.25, key="w_interest")
        influence = middle.slider("Influence", 0.0, 3.0, saved[1], 0.25, key="w_influence")
        assets = right.slider("Assets (what the group lacks)", 0.0, 3.0, saved[2], 0.25, key="w_assets")
    if interest + influence + assets <= 0:
        st.warning("All weights are zero; using equal weights.")
        interest = influence = assets = 1.0
    st.session_state[_WEIGHTS_KEY] = (interest, influence, assets)
    return Weights(interest, influence, assets)


# -- grid ---------------------------------------------------------------------


def grid_figure(scored: pd.DataFrame, height: int = 620) -> go.Figure:
    """Influence against interest, the four quadrants shaded and named."""
    figure = go.Figure()
    low, high = 0.3, 5.7
    shades = {
        Quadrant.MANAGE_CLOSELY: (MIDLINE, high, MIDLINE, high, "#fde2e1"),
        Quadrant.KEEP_SATISFIED: (low, MIDLINE, MIDLINE, high, "#fff4d6"),
        Quadrant.KEEP_INFORMED: (MIDLINE, high, low, MIDLINE, "#e3f0ff"),
        Quadrant.MONITOR: (low, MIDLINE, low, MIDLINE, "#f1f1f1"),
    }
    corners = {  # quadrant names sit in the outer corners, away from the points
        Quadrant.MANAGE_CLOSELY: (high - 0.05, high - 0.05, "right", "top"),
        Quadrant.KEEP_SATISFIED: (low + 0.05, high - 0.05, "left", "top"),
        Quadrant.KEEP_INFORMED: (high - 0.05, low + 0.05, "right", "bottom"),
        Quadrant.MONITOR: (low + 0.05, low + 0.05, "left", "bottom"),
    }
    for quadrant, (x0, x1, y0, y1, colour) in shades.items():
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=colour, line_width=0, layer="below")
        x, y, xanchor, yanchor = corners[quadrant]
        figure.add_annotation(
            x=x, y=y, text=f"<b>{quadrant.label}</b>", showarrow=False, xanchor=xanchor, yanchor=yanchor,
            font={"size": 20, "color": "#222"},
        )  # fmt: skip
    points = spread(scored)
    short = scored["shortlisted"].astype("boolean").fillna(False) if "shortlisted" in scored else None
    for kind in [member.value for member in PartnerType]:
        rows = scored["type"] == kind if "type" in scored else pd.Series(False, index=scored.index)
        rows = rows.fillna(False).to_numpy(dtype=bool)
        if not rows.any():
            continue
        subset = scored[rows]
        labels = [
            html.escape(_short(str(name))) if short is not None and bool(short[i]) else ""
            for i, name in zip(subset.index, subset["name"], strict=True)
        ]
        positions = ["top center" if i % 2 else "bottom center" for i in range(len(subset))]
        hover = [
            f"<b>{_cell(r.get('name'))}</b><br>{html.escape(PartnerType(kind).label)}"
            f"<br>interest {_cell(r.get('interest'))}, influence {_cell(r.get('influence'))}"
            f"<br>score {_cell(r.get('score'))}<br>levers: {_cell(r.get('levers'))}"
            for _, r in subset.iterrows()
        ]
        figure.add_trace(
            go.Scatter(
                x=points.loc[rows, "x"], y=points.loc[rows, "y"], mode="markers+text",
                name=PartnerType(kind).label, text=labels, textposition=positions,
                textfont={"size": 15, "color": "#111"}, hovertext=hover, hoverinfo="text",
                marker={"size": 16, "color": _TYPE_COLOURS[kind], "line": {"width": 1, "color": "#fff"}},
            )
        )  # fmt: skip
    figure.update_layout(
        height=height,
        margin={"l": 60, "r": 20, "t": 20, "b": 120},
        font={"size": 17},
        plot_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0, "font": {"size": 16}},
        xaxis={"title": "Interest", "range": [low, high], "dtick": 1, "showgrid": False, "zeroline": False},
        yaxis={"title": "Influence", "range": [low, high], "dtick": 1, "showgrid": False, "zeroline": False},
    )
    return figure


def _cell(value: object) -> str:
    """A value for a plotly label: escaped, a dash when missing."""
    return "-" if value is None or pd.isna(value) else html.escape(str(value))


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def headline(store: Store, partnership_id: int) -> None:
    """The step's key view: the power-interest grid and who to manage closely."""
    actors = store.read(partnership_id, Table.ACTORS)
    if actors.empty:
        st.info("No candidate partners yet: add or import a stakeholder list in step 3.")
        return
    scored = scored_list(actors)
    close = scored[scored["quadrant"] == Quadrant.MANAGE_CLOSELY.value]["name"]
    chosen = shortlist(scored)
    st.markdown(f"**Manage closely:** {name_list(close)}. **Short list:** {len(chosen)} of {len(scored)} candidates.")
    st.plotly_chart(grid_figure(scored, height=680), width="stretch")


# -- long list ------------------------------------------------------------------


def long_list(scored: pd.DataFrame) -> None:
    columns = [column for column in _LONG_COLUMNS if column in scored]
    st.dataframe(
        scored[columns],
        hide_index=True,
        width="stretch",
        column_config={
            "score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.1f"),
            "complementarity": st.column_config.NumberColumn("Brings what's missing", format="%.2f"),
            "value_chain": "Value chain",
            "shortlisted": st.column_config.CheckboxColumn("Short list"),
        },
        placeholder="",
    )
    st.caption(
        "Score = weighted mean of interest, influence and assets (0-100). Assets counts what the candidate "
        "brings that the short list lacks: missing levers, a new value-chain position, new asset tags."
    )


# -- salience -------------------------------------------------------------------


def salience_panel(scored: pd.DataFrame) -> None:
    counts = scored["salience"].value_counts()
    order = [member.value for member in SalienceClass]
    figure = go.Figure(
        go.Bar(
            x=[counts.get(value, 0) for value in order], y=[SalienceClass(v).label for v in order],
            orientation="h", marker_color="#1f4e9c", text=[counts.get(value, 0) for value in order],
            textposition="outside", textfont={"size": 16},
        )
    )  # fmt: skip
    figure.update_layout(height=380, font={"size": 16}, margin={"l": 10, "r": 30, "t": 10, "b": 10})
    figure.update_yaxes(autorange="reversed")
    left, right = st.columns([2, 3])
    with left:
        st.plotly_chart(figure, width="stretch")
        st.caption(
            f"Salience after Mitchell, Agle and Wood (1997). A party has power, legitimacy or urgency when its "
            f"1-5 score is {THRESHOLD:g} or more (yes counts as 5, no as 1)."
        )
    with right:
        table = (
            scored.groupby("salience", sort=False)["name"]
            .apply(lambda names: ", ".join(map(str, names)))
            .reindex(order)
            .dropna()
            .reset_index()
            .rename(columns={"salience": "class", "name": "who"})
        )
        st.dataframe(table, hide_index=True, width="stretch", placeholder="")


# -- partner types and levers ------------------------------------------------------


def types_and_levers(scored: pd.DataFrame) -> None:
    chosen = shortlist(scored)
    kinds = scored["type"].astype("string").fillna("")
    chosen_kinds = chosen["type"].astype("string").fillna("") if not chosen.empty else pd.Series([], dtype="string")
    profiles = pd.DataFrame(
        [
            {
                "partner type": kind.label,
                "long list": int((kinds == kind.value).sum()),
                "short list": int((chosen_kinds == kind.value).sum()),
                "strengths": strengths,
                "challenges": challenges,
            }
            for kind, (strengths, challenges) in TYPE_PROFILES.items()
        ]
    )
    st.subheader("Partner types side by side")
    st.dataframe(profiles, hide_index=True, width="stretch", placeholder="")
    st.subheader("Short list by lever")
    matrix = lever_coverage(chosen if not chosen.empty else scored)
    holders = matrix.sum()
    missing = [name for name, count in holders.items() if count == 0]
    if missing:
        st.warning(f"Nobody controls: {', '.join(missing)}")
    else:
        st.success("Every lever has at least one holder: " + ", ".join(f"{k} {v}" for k, v in holders.items()))
    st.dataframe(
        matrix.reset_index(),
        hide_index=True,
        width="stretch",
        column_config={lever.label: st.column_config.CheckboxColumn(lever.label) for lever in Lever},
        placeholder="",
    )


# -- coalition builder ------------------------------------------------------------


def coalition_builder(store: Store, partnership_id: int, actors: pd.DataFrame, weights: Weights) -> Proposal | None:
    names = actors["name"].dropna().astype(str).tolist()
    if not names:
        st.info("Add candidates first.")
        return None
    current = actors[actors["shortlisted"].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    top = st.columns([1, 1, 1])
    size = top[0].slider("Short list size", 2, max(2, min(20, len(names))), min(8, len(names)), key="coal_size")
    industry = top[1].toggle("Aim: industry adoption", value=True, key="coal_industry")
    diversity = top[2].slider("Diversity bonus per partner type", 0.0, 1.0, DIVERSITY, 0.05, key="coal_div")
    pins_col, excl_col = st.columns(2)
    pins = pins_col.multiselect("Pin (must be in)", names, key="coal_pins")
    exclusions = excl_col.multiselect("Exclude", [n for n in names if n not in pins], key="coal_excl")
    proposal = build(actors, size, pins, exclusions, weights, diversity, industry_adoption=industry)
    st.markdown(f"**Proposed short list ({len(proposal.picks)}):** {name_list(proposal.names, 20)}")
    st.dataframe(
        pd.DataFrame(
            [
                {"#": i + 1, "partner": p.name, "type": p.partner_type, "what it adds": p.reason}
                for i, p in enumerate(proposal.picks)
            ]
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
    )
    left, right = st.columns(2)
    left.metric("Levers covered", f"{len(proposal.covered_levers)} of {len(Lever)}")
    positions = len(proposal.covered_positions) + len(proposal.missing_positions)
    right.metric("Value-chain positions covered", f"{len(proposal.covered_positions)} of {positions}")
    for caution in proposal.cautions:
        st.warning(caution.message, icon=":material/warning:")
    if not proposal.cautions:
        st.success("No cautions: community voice, market leaders, sector mix and levers are all in place.")
    if not state.presenting() and st.button("Make this the short list", type="primary", key="coal_save"):
        updated = actors.copy()
        chosen = {name.casefold() for name in proposal.names}
        updated["shortlisted"] = updated["name"].astype("string").str.casefold().isin(chosen)
        store.replace(partnership_id, Table.ACTORS, updated)
        state.flash(f"Short list saved: {len(chosen)} partners")
        st.rerun()
    with st.expander(f"Cautions for the stored short list ({len(current)})"):
        found = cautions(current, industry_adoption=industry, candidates=actors)
        for caution in found:
            st.warning(caution.message)
        if not found and not current.empty:
            st.success("None.")
    return proposal


# -- import -----------------------------------------------------------------------


@st.cache_data(show_spinner="Reading the file…", max_entries=8)
def _raw(data: bytes, filename: str, sheet: str | None) -> tuple[str, pd.DataFrame]:
    return read_raw(data, filename, sheet)


@st.cache_data(show_spinner=False, max_entries=8)
def _best_sheet(data: bytes, filename: str) -> str:
    return best_sheet(data, filename, Table.ACTORS)


_IGNORE = "(ignore)"


def import_panel(store: Store, partnership_id: int) -> None:
    st.download_button(
        "Download the template (.xlsx)",
        template_workbook,  # built on click, not on every rerun
        file_name="keystone-stakeholders-template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
    upload = st.file_uploader(
        "Stakeholder list (.xlsx, .xls, .ods or .csv)", type=["xlsx", "xlsm", "xls", "ods", "csv"], key="imp_file"
    )
    if upload is None:
        st.caption("Headers are matched forgivingly (Organisation, Stakeholder, Category, Power, …); title rows "
                   "above the headers are skipped. Nothing is written until you choose to import.")  # fmt: skip
        return
    data, filename = upload.getvalue(), upload.name
    try:
        sheets = sheet_names(data, filename)
        if len(sheets) > 1:
            guess = sheets.index(_best_sheet(data, filename))  # skips a cover or "Read me" sheet
            sheet = st.selectbox("Sheet", sheets, index=guess, key=f"imp_sheet_{filename}")
        else:
            sheet = sheets[0]
        sheet_name, raw = _raw(data, filename, sheet)
    except ImportRefused as error:
        st.error(escape_markdown(str(error)))
        return
    found = find_header_row(raw, Table.ACTORS) + 1
    header = st.number_input(
        "Header row (as the spreadsheet numbers it)",
        1,
        min(len(raw), 50),
        found,
        key=f"imp_header_{filename}_{sheet_name}",
    )
    parsed = parse_sheet(raw, Table.ACTORS, sheet_name, header_row=int(header) - 1)
    mapping = dict(parsed.mapping)
    unmatched = [h for h, c in mapping.items() if c is None]
    matched = {h: c for h, c in mapping.items() if c is not None}
    if matched:
        st.caption("Matched: " + escape_markdown("; ".join(f"{h} → {c}" for h, c in matched.items())))
    if unmatched:
        st.markdown("**Columns not recognised.** Choose what each holds, or ignore it:")
        options = [_IGNORE, *[name for name in spec(Table.ACTORS).names if name not in matched.values()]]
        grid = st.columns(min(3, len(unmatched)))
        for i, header_text in enumerate(unmatched):
            choice = grid[i % len(grid)].selectbox(
                f"Column '{escape_markdown(header_text)}'",
                options,
                key=f"imp_map_{filename}_{sheet_name}_{header_text}",
            )
            mapping[header_text] = None if choice == _IGNORE else choice
        if mapping != parsed.mapping:
            parsed = parse_sheet(raw, Table.ACTORS, sheet_name, header_row=int(header) - 1, mapping=mapping)
    rows, bad = len(parsed.frame), len(parsed.bad_rows)
    st.markdown(f"**Preview:** {rows} rows read from sheet '{escape_markdown(sheet_name)}', {bad} with problems.")
    st.dataframe(parsed.frame.head(20), hide_index=True, width="stretch", placeholder="")
    if parsed.refused:
        st.error(
            "A required column was not found. Tell Keystone which of the file's columns holds it "
            "(the choices above), or check the header row."
        )
        st.dataframe(parsed.report(), hide_index=True, width="stretch", placeholder="")
    elif parsed.problems:
        count = len(parsed.problems)
        st.error(f"{count} problem{'s' if count != 1 else ''} found. Fix them in the file and upload it again, "
                 "or import only the valid rows.")  # fmt: skip
        st.dataframe(parsed.report(), hide_index=True, width="stretch", placeholder="")
    left, right = st.columns(2)
    all_rows = left.button("Import", type="primary", disabled=bool(parsed.problems) or not rows, key="imp_all")
    valid_only = right.button(
        f"Import the {rows - bad} valid row{'s' if rows - bad != 1 else ''} only",
        disabled=not parsed.problems or parsed.refused or rows == bad,
        key="imp_valid",
    )
    if all_rows or valid_only:
        try:
            outcome = import_actors(store, partnership_id, parsed, valid_only=valid_only)
        except (RowsRefused, ImportRefused) as error:
            st.error(escape_markdown(str(error)))
            return
        st.session_state["imp_result"] = f"Imported: {outcome.summary}."
        state.flash(f"Imported: {outcome.summary}")
        st.rerun()
    if st.session_state.get("imp_result"):
        st.success(st.session_state["imp_result"])


# -- export -----------------------------------------------------------------------


def export_panel(scored: pd.DataFrame) -> None:
    st.markdown(f"{len(scored)} scored candidates; {len(shortlist(scored))} on the short list.")
    left, middle, right = st.columns(3)
    left.download_button(
        "Scored list and short list (.xlsx)", lambda: export_workbook(scored), file_name="keystone-partners.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table:",
    )  # fmt: skip
    middle.download_button(
        "Scored list (.csv)", lambda: export_csv(scored), file_name="keystone-partners-scored.csv", mime="text/csv"
    )
    right.download_button(
        "Short list (.csv)", lambda: export_csv(scored, only_shortlist=True), file_name="keystone-shortlist.csv",
        mime="text/csv",
    )  # fmt: skip
    st.caption("Text that starts with =, +, - or @ is written so that Excel shows it instead of running it.")


def advice_table() -> pd.DataFrame:
    return pd.DataFrame([{"quadrant": q.label, "how to engage": text} for q, text in ADVICE.items()])
