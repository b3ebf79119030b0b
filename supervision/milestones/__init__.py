"""Milestones, lights, the department workbench and the office overview."""
