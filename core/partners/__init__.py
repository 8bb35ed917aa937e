"""Step 3, partner selection: scoring, the power-interest grid, salience, the coalition and imports."""
