"""Step 5's screen: theory of change, indicators, dashboard, partner targets and funding; one module per tab."""
