"""Inputs and scoring: the frozen facts of a year, measures, totals, ranking, manual lines."""
