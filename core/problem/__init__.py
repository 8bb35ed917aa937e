"""Step 2, shared fact base and problem statement: evidence, perspectives, the statement and its brief."""
