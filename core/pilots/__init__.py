"""Step 6, pilots and scaling: the pilot register, drift detection and scaling pathways."""
