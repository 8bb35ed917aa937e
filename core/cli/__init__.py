"""``python -m core ...``: the analysts' command line."""
