"""azure/graphcache.py: row counts per scope, keyed by a hash, written atomically, unreadable means empty."""
from __future__ import annotations

from azext_pyappsvc.azure.graphcache import MAX_ENTRIES, cache_path, recall_counts, remember_counts, scope_key

SUB = "00000000-0000-0000-0001-00000000000a"


def test_keys_hash_the_scope_whatever_the_order_and_case_and_name_no_id():
    key = scope_key("subscriptions", (SUB, "b"), "sites")
    assert key == scope_key("subscriptions", ("B", SUB.upper()), "sites")
    assert key != scope_key("subscriptions", (SUB, "b"), "sites+slots") and SUB not in key


def test_counts_round_trip_and_the_newest_win(tmp_path):
    path = cache_path(str(tmp_path))
    remember_counts(path, {"a": 10, "b": 20})
    remember_counts(path, {"a": 11})
    assert recall_counts(path) == {"a": 11, "b": 20}
    assert "a" in open(path, encoding="utf-8").read() and SUB not in open(path, encoding="utf-8").read()


def test_the_cache_stays_small(tmp_path):
    path = cache_path(str(tmp_path))
    for i in range(MAX_ENTRIES + 5):
        remember_counts(path, {f"k{i}": i})
    counts = recall_counts(path)
    assert len(counts) == MAX_ENTRIES and f"k{MAX_ENTRIES + 4}" in counts and "k0" not in counts


def test_an_unreadable_or_odd_cache_is_empty(tmp_path):
    path = cache_path(str(tmp_path))
    assert recall_counts(path) == {}
    (tmp_path / "cache" / "pyappsvc").mkdir(parents=True)
    (tmp_path / "cache" / "pyappsvc" / "graph.json").write_text('{"a": "many", "b": -1, "c": 3}')
    assert recall_counts(path) == {"c": 3}
    (tmp_path / "cache" / "pyappsvc" / "graph.json").write_text("[not json")
    assert recall_counts(path) == {}
