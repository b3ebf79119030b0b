"""Prometheus metrics: request latency by endpoint, job runs and durations, and gauges read from the database.

The metric objects live in prometheus_client's default registry, one set per process. With several gunicorn
workers set PROMETHEUS_MULTIPROC_DIR (an empty folder per machine): every worker writes there and a scrape
reads all of them. Gauges of the database (outbox depth, job runs) come from `add_gauge` hooks at scrape.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from supervision.hooks import add_hook, hooks_for

REQUEST_SECONDS = Histogram(
    "supervision_request_duration_seconds",
    "Time to answer a request, by endpoint.",
    ["endpoint", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOB_RUNS = Counter("supervision_job_runs", "Scheduled job runs, by job and outcome.", ["job", "outcome"])
JOB_SECONDS = Histogram(
    "supervision_job_duration_seconds",
    "Time a scheduled job run took.",
    ["job"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
OUTBOX_FAILURES = Counter(
    "supervision_outbox_delivery_failures", "Outbox deliveries that failed, by channel and kind.", ["channel", "kind"]
)
GAUGES = "metrics.gauges"

# a gauge hook returns (name, help, labels, {label values: value})
GaugeHook = Callable[[], tuple[str, str, list[str], dict[tuple[str, ...], float]]]


def add_gauge(app, hook: GaugeHook) -> None:
    add_hook(app, GAUGES, hook)


class _DatabaseGauges:
    def __init__(self, hooks: list[GaugeHook]) -> None:
        self.hooks = hooks

    def collect(self):
        for hook in self.hooks:
            name, help_text, labels, values = hook()
            family = GaugeMetricFamily(name, help_text, labels=labels)
            for label_values, value in values.items():
                family.add_metric(list(label_values), value)
            yield family


def exposition() -> bytes:
    """The text a scrape gets: this process's (or every worker's) metrics, then the database gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        process = generate_latest(registry)
    else:
        process = generate_latest(REGISTRY)
    gauges = CollectorRegistry()
    gauges.register(_DatabaseGauges(hooks_for(GAUGES)))
    return process + generate_latest(gauges)
