"""Dashboards with charts and the leaders' read-only cockpit."""
