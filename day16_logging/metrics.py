"""Prometheus metrics of the RED method: Rate, Errors (by status), Duration, by route template.

Labels are bounded on purpose: `route` is the route *template* (`/tasks/{task_id}`), never the
raw path, and every path no route matches is the one route `<unmatched>`; `method` is one of
the standard methods or `OTHER`. A scanner sending 10,000 random paths (or made-up methods)
therefore adds no series: each label set is one time series the server keeps forever.

Under gunicorn with several worker processes, each worker counts on its own: set
PROMETHEUS_MULTIPROC_DIR to an empty folder before the workers start, and /metrics then
aggregates every worker's files (`MultiProcessCollector`; README, "How it works").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

UNMATCHED = "<unmatched>"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; a task API answers in milliseconds, so the buckets are dense below 100 ms.
MAX_CACHED = 1000  # label children kept for reuse (a made-up method is not one more key)
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Metrics:
    """The instruments of one app, registered in `registry`."""

    registry: CollectorRegistry
    requests: Counter
    duration: Histogram
    in_flight: Gauge
    service: str
    children: dict[tuple[str, str, int], tuple[Any, Any]] = field(default_factory=dict)

    @classmethod
    def create(cls, registry: CollectorRegistry | None, service: str) -> Metrics:
        """Register the metrics in `registry` (a new one when None, so apps never collide)."""
        # solution: register the counter, the histogram and the in-flight gauge in the registry
        registry = registry if registry is not None else CollectorRegistry()
        requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template and status.",
            ["service", "method", "route", "status"],
            registry=registry,
        )
        duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer a request, by route template.",
            ["service", "method", "route"],
            buckets=BUCKETS,
            registry=registry,
        )
        in_flight = Gauge(
            "http_requests_in_flight",
            "Requests being answered right now.",
            ["service"],
            registry=registry,
            multiprocess_mode="livesum",
        )
        in_flight.labels(service)  # exposed as 0 from the start
        return cls(registry, requests, duration, in_flight, service)
        # end solution

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        # solution: count the request by method (bounded), route template and status
        key = (method, route, status)
        children = self.children.get(key)
        if children is None:  # `labels()` is slow; the label sets are few, so keep them
            method = method if method in METHODS else "OTHER"
            children = (
                self.requests.labels(self.service, method, route, str(status)),
                self.duration.labels(self.service, method, route),
            )
            if len(self.children) < MAX_CACHED:
                self.children[key] = children
        children[0].inc()
        children[1].observe(seconds)
        # end solution


def exposition(metrics: Metrics) -> tuple[bytes, str]:
    """The text format of every metric (all workers' in multiprocess mode), its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(metrics.registry), CONTENT_TYPE_LATEST
