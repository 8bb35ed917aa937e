"""Streamlit-side helpers shared by the pages (state, theme, widgets)."""
