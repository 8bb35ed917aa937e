"""Across the steps and partnerships: readiness, portfolio, action plan, cases, workbook, demo, capture."""
