"""Indicator targets and values: reading target wordings, entered values, attainment and trend (pure Python)."""
