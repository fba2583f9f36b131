"""azure/graph_paging.py: the pure parts - batches, halves, partitions."""
from __future__ import annotations

from azext_pyappsvc.azure.graph import Page, Scope
from azext_pyappsvc.azure.graph_paging import (MAX_PARTITIONS, SUBSCRIPTION_BATCH, batch_scopes, needs_partitions,
                                               plan_partitions)


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
