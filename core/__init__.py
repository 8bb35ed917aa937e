"""Keystone's core: domain logic and storage, with no user interface.

Nothing in this package imports streamlit (a test enforces it), so the
same code serves the app, the command line and the tests.
"""
