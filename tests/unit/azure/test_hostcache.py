"""hostcache.py: what is remembered about apps survives a round trip, tolerates a broken file, stays bounded."""
from __future__ import annotations

from azext_pyappsvc.azure import hostcache
from azext_pyappsvc.azure.hostcache import AppHosts, AppMemory, app_key, cache_path, recall, remember


def test_round_trip_and_case_insensitive_keys(tmp_path):
    path = cache_path(str(tmp_path))
    key = app_key("SUB", "My-RG", "App", "Staging")
    assert key == app_key("sub", "my-rg", "app", "staging")
    assert recall(path, key) is None
    memory = AppMemory(AppHosts("127.0.1.1:443", "127.0.2.1:443"), ("mysite",), ("app.py", "requirements.txt"),
                       "https://127.0.2.1:443/api/vfs/LogFiles/x_docker.log")
    remember(path, key, memory)
    assert recall(path, key) == memory
    assert recall(path, app_key("sub", "my-rg", "app", None)) is None


def test_a_broken_file_is_an_empty_cache(tmp_path):
    path = cache_path(str(tmp_path))
    remember(path, "k", AppMemory(AppHosts("a", "b")))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{not json")
    assert recall(path, "k") is None
    remember(path, "k", AppMemory(AppHosts("a", "c")))
    assert recall(path, "k").hosts == AppHosts("a", "c")


def test_the_cache_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(hostcache, "MAX_ENTRIES", 3)
    monkeypatch.setattr(hostcache, "MAX_PATHS", 2)
    path = cache_path(str(tmp_path))
    for i in range(5):
        remember(path, f"k{i}", AppMemory(AppHosts(f"s{i}", f"c{i}"), files=("a", "b", "c")))
    assert [recall(path, f"k{i}") is not None for i in range(5)] == [False, False, True, True, True]
    assert recall(path, "k4").files == ("a", "b")
