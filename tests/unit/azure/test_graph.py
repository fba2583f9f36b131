"""azure/graph.py: what one client counts of its requests."""
from __future__ import annotations

from azext_pyappsvc.azure.graph import GraphStats


def test_overlapping_requests_form_one_round():
    stats = GraphStats()
    for started, ended in [(0.0, 1.0), (0.5, 1.2), (1.2, 2.0), (3.0, 3.1), (1.5, 2.5)]:
        stats.record(started, ended)
    assert (stats.requests, stats.rounds) == (5, 3)
