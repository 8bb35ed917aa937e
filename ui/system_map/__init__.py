"""Step 1's screen: one module per tab, plus its figures."""
