"""Step 1, system mapping: the systemic test, the actor network, causal loops and the issue map."""
