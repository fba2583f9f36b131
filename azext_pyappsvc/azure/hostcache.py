"""Remembered names about apps (hosts, wwwroot paths, the latest docker log), so that a later run can ask Kudu
for them while ARM answers.

Host names come from the site document (hostNameSslStates) and are checked against it on every run; paths are
checked against the fresh listings. A stale entry only costs the requests made with it, never a wrong answer.
Nothing here is a secret: names only, never contents.
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
MAX_PATHS = 40


@dataclass(frozen=True)
class AppHosts:
    """An app's default host and its Kudu (SCM) host."""

    site: str
    scm: str


@dataclass(frozen=True)
class AppMemory:
    """What a run learnt about an app that lets the next one ask for it sooner: hosts, the wwwroot paths it read,
    and the href of the latest docker log. Only names: every content is read again, and checked against the
    fresh listings."""

    hosts: AppHosts
    folders: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    log_href: str = ""


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


def recall(path: str, key: str) -> Optional[AppMemory]:
    """What was remembered about an app, or None."""
    entry = _load(path).get(key)
    if not isinstance(entry, dict) or not entry.get("site") or not entry.get("scm"):
        return None
    return AppMemory(AppHosts(str(entry["site"]), str(entry["scm"])), _names(entry.get("folders")),
                     _names(entry.get("files")), str(entry.get("log") or ""))


def _names(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value[:MAX_PATHS] if isinstance(v, str)) if isinstance(value, list) else ()


def remember(path: str, key: str, memory: AppMemory) -> None:
    """Store what a run learnt about an app (atomically; a cache that cannot be written is simply not used)."""
    data = _load(path)
    entry = {"site": memory.hosts.site, "scm": memory.hosts.scm, "folders": list(memory.folders[:MAX_PATHS]),
             "files": list(memory.files[:MAX_PATHS]), "log": memory.log_href}
    if data.get(key) == entry:
        return
    data.pop(key, None)
    data[key] = entry
    while len(data) > MAX_ENTRIES:
        data.pop(next(iter(data)))
    write_json_atomically(path, data)


def write_json_atomically(path: str, data: object) -> None:
    """Write data as JSON through a temporary file and a rename; a cache that cannot be written is not used."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written is not used
