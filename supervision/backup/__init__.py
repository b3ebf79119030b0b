"""Backups: one consistent archive of the database and the evidence files."""
