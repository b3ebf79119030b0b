"""Milestones of each task and year, the lights rule and the office's yearly schedule."""
