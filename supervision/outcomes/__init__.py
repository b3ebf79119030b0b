"""Outcome notices: review decisions, evidence verdicts and the assessment's publication, told to the units."""
