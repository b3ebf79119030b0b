"""Observability: request ids in JSON logs, Prometheus metrics."""
