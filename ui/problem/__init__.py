"""Step 2's screen: the fact base, perspectives, the statement, outcomes and the brief; one module per tab."""
