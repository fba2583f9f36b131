"""azure/graph*.py: the pure parts - quota headers and gate (with a literal clock), batches and partitions."""
from __future__ import annotations

import pytest

from azext_pyappsvc.azure.graph import GraphStats, Page, Scope
from azext_pyappsvc.azure.graph_paging import (MAX_PARTITIONS, SUBSCRIPTION_BATCH, batch_scopes, needs_partitions,
                                               plan_partitions)
from azext_pyappsvc.azure.graph_quota import (MAX_TOTAL_WAIT_SECONDS, QuotaExhausted, QuotaGate, parse_remaining,
                                              parse_resets_after)


class Clock:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def gate(clock: Clock) -> QuotaGate:
    return QuotaGate(clock=lambda: clock.now, sleep=clock.sleep, jitter=lambda: 0.0)


@pytest.mark.parametrize("text, seconds", [("00:00:03", 3.0), ("00:01:05", 65.0), ("1.00:00:00", 86400.0),
                                           ("00:00:04.5", 4.5), ("", None), ("3", None), (None, None)])
def test_resets_after_is_hh_mm_ss(text, seconds):
    assert parse_resets_after(text) == seconds


def test_remaining_is_a_number_or_unknown():
    assert (parse_remaining("10"), parse_remaining(" 0 "), parse_remaining("x"), parse_remaining(None)) == (10, 0, None, None)


def test_the_gate_spends_the_reported_quota_then_waits_for_the_reset():
    clock = Clock()
    quota = gate(clock)
    quota.before_send()                                     # unknown quota: goes
    quota.after_answer({"x-ms-user-quota-remaining": "2", "x-ms-user-quota-resets-after": "00:00:03"})
    quota.before_send(), quota.before_send()
    assert clock.sleeps == []
    quota.before_send()                                     # the third would be throttled: waits 3 s
    assert clock.sleeps == [3.0] and quota.waited == 3.0


def test_a_429_makes_the_next_query_wait_for_the_reset_it_names():
    clock = Clock()
    quota = gate(clock)
    quota.on_throttled({"X-Ms-User-Quota-Resets-After": "00:00:02"})
    quota.before_send()
    assert clock.sleeps == [2.0] and quota.throttled == 1


def test_throttling_ends_after_the_total_budget():
    clock = Clock()
    quota = gate(clock)
    with pytest.raises(QuotaExhausted):
        for _ in range(int(MAX_TOTAL_WAIT_SECONDS)):
            quota.on_throttled({})
            quota.before_send()
    assert sum(clock.sleeps) <= MAX_TOTAL_WAIT_SECONDS


def test_subscriptions_go_in_batches_and_management_groups_alone():
    subs = [f"{i:08x}-0000-0000-0000-000000000000" for i in range(SUBSCRIPTION_BATCH + 10)]
    batches = batch_scopes(subs, [])
    assert [len(b.ids) for b in batches] == [SUBSCRIPTION_BATCH, 10] and batches[1].ids[-1] == subs[-1]
    assert batch_scopes([], ["a", "b"]) == [Scope("managementGroups", ("a",)), Scope("managementGroups", ("b",))]


def test_a_refused_scope_splits_in_halves():
    first, second = Scope("subscriptions", ("a", "b", "c")).halves()
    assert (first.ids, second.ids) == (("a",), ("b", "c"))


def test_partitions_grow_with_the_rows_up_to_the_cap():
    assert plan_partitions(2500) == 4 and plan_partitions(100) == 2 and plan_partitions(10 ** 6) == MAX_PARTITIONS


def test_two_pages_follow_the_token_more_go_to_partitions_and_truncation_is_retried():
    assert not needs_partitions(Page([], total=1800, count=1000, skip_token="t", truncated=False))
    assert needs_partitions(Page([], total=2500, count=1000, skip_token="t", truncated=False))
    assert needs_partitions(Page([], total=1200, count=1000, skip_token=None, truncated=True))
    assert not needs_partitions(Page([], total=900, count=900, skip_token=None, truncated=False))


def test_overlapping_requests_form_one_round():
    stats = GraphStats()
    for started, ended in [(0.0, 1.0), (0.5, 1.2), (1.2, 2.0), (3.0, 3.1), (1.5, 2.5)]:
        stats.record(started, ended)
    assert (stats.requests, stats.rounds) == (5, 3)
