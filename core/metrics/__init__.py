"""Step 5, shared metrics and funding: theory of change, indicators, partner targets and funding."""
