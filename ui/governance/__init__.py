"""Step 4's screen: the model, roles (RACI), decision rights, chambers and the charter; one module per tab."""
