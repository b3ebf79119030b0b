"""Reminders (催办), escalation and notification delivery."""
