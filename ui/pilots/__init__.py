"""Step 6's screen: drift alerts, the pilot register, tracking and scaling pathways; one module per tab."""
