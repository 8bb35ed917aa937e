"""Step 1's screen: the systemic test, actor map, causal loops, what-if and issue map;
one module per tab, plus its figures."""
