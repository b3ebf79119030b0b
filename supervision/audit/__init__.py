"""Audit log: an append-only, hash-chained record of changes and security events."""
