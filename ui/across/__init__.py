"""Screens across the steps: the readiness scorecard and the workshop flow."""
