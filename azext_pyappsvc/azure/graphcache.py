"""How many rows each Resource Graph scope answered last time, so that a later audit can ask for the right number
of hash partitions in its first round instead of learning the size first (one round fewer for large fleets).

A count only: no names, no ids beyond a hash of the scope. A stale count costs requests or a round, never rows:
the partitions cover every row whatever their number.
"""
from __future__ import annotations

import hashlib
import json
import os

from .hostcache import CACHE_FOLDER, write_json_atomically

CACHE_FILE = "graph.json"
MAX_ENTRIES = 50


def cache_path(config_dir: str) -> str:
    """Where the counts live inside az's configuration folder."""
    return os.path.join(config_dir, *CACHE_FOLDER, CACHE_FILE)


def scope_key(kind: str, ids: tuple[str, ...], variant: str) -> str:
    """A key for a scope and a query variant (e.g. with or without slots): a hash, not the ids."""
    text = "\n".join([kind, variant, *sorted(i.lower() for i in ids)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def recall_counts(path: str) -> dict[str, int]:
    """Every remembered count (an unreadable cache is an empty one)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and v >= 0} if isinstance(data, dict) else {}


def remember_counts(path: str, counts: dict[str, int]) -> None:
    """Store this run's counts over the old ones (atomically; a cache that cannot be written is simply not used)."""
    data = recall_counts(path)
    if all(data.get(k) == v for k, v in counts.items()):
        return
    for key, count in counts.items():
        data.pop(key, None)
        data[key] = count
    while len(data) > MAX_ENTRIES:
        data.pop(next(iter(data)))
    write_json_atomically(path, data)
