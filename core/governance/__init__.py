"""Step 4, governance: the model recommender, RACI, decision rights and the charter."""
