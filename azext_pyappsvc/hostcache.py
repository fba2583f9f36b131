"""Remembered host names of apps (site and Kudu), so a later doctor run can reach Kudu while ARM answers.

The names come from the site document (hostNameSslStates) and are checked against it on every run: a stale
entry only costs the requests made with it, never a wrong answer. Host names are not secrets.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from typing import Optional

CACHE_FOLDER = ("cache", "pyappsvc")
CACHE_FILE = "hosts.json"
MAX_ENTRIES = 200


@dataclass(frozen=True)
class AppHosts:
    """An app's default host and its Kudu (SCM) host."""

    site: str
    scm: str


def cache_path(config_dir: str) -> str:
    """Where the cache lives inside az's configuration folder."""
    return os.path.join(config_dir, *CACHE_FOLDER, CACHE_FILE)


def app_key(subscription: str, resource_group: str, name: str, slot: Optional[str]) -> str:
    """The cache key of an app or slot (ARM names are case-insensitive)."""
    return "/".join([subscription, resource_group, name, slot or ""]).lower()


def _load(path: str) -> dict[str, dict[str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def recall(path: str, key: str) -> Optional[AppHosts]:
    """The remembered hosts of an app, or None."""
    entry = _load(path).get(key)
    if not isinstance(entry, dict) or not entry.get("site") or not entry.get("scm"):
        return None
    return AppHosts(str(entry["site"]), str(entry["scm"]))


def remember(path: str, key: str, hosts: AppHosts) -> None:
    """Store an app's hosts (atomically; a cache that cannot be written is simply not used)."""
    data = _load(path)
    if data.get(key) == {"site": hosts.site, "scm": hosts.scm}:
        return
    data.pop(key, None)
    data[key] = {"site": hosts.site, "scm": hosts.scm}
    while len(data) > MAX_ENTRIES:
        data.pop(next(iter(data)))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, path)
    except OSError:
        return
