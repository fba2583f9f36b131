"""Which docker log files to read, and how to scan them together (pure: Kudu's listing and texts in, data out).

KuduLite's /api/logs/docker lists every current file of the last 7 days, per machine and per source:
`<date>_<machine>_docker.log` (the platform's lines), `<date>_<machine>_default_docker.log` (the container's own
output) and easyauth files. The newest entry alone misses the app's traceback when the platform wrote last (or the
reverse): the newest platform and app files of the newest machine are read and merged in time order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

SOURCE_PLATFORM = "platform"
SOURCE_APP = "app"
STAMP = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}:\d{2})(?:[.,](?P<fraction>\d+))?")


@dataclass(frozen=True)
class LogFile:
    """One entry of Kudu's docker log listing."""

    name: str
    href: str
    machine: str
    last_updated: str
    size: Optional[int]
    source: str


def source_of(name: str) -> Optional[str]:
    """platform for *_docker.log, app for *_default_docker.log, None for the others (easyauth, ...)."""
    lower = name.lower()
    if lower.endswith("_default_docker.log"):
        return SOURCE_APP
    if lower.endswith("_docker.log") and not lower.endswith("_easyauth_docker.log"):
        return SOURCE_PLATFORM
    return None


def _time_key(value: str) -> tuple[str, str]:
    """A sortable key for Kudu's times and log stamps (fractions of any length, Z or +00:00)."""
    match = STAMP.match(value.strip())
    if not match:
        return ("", value)
    return (f"{match['day']}T{match['time']}", (match["fraction"] or "").ljust(9, "0")[:9])


def read_listing(entries: Iterable[Any]) -> list[LogFile]:
    """The platform and app files of a listing; malformed entries and other sources are left out."""
    files = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        href, machine = str(entry.get("href") or ""), str(entry.get("machineName") or "")
        name = href.rsplit("/", 1)[-1] or str(entry.get("path") or "").rsplit("/", 1)[-1]
        source = source_of(name)
        if href and source:
            size = entry.get("size")
            files.append(LogFile(name, href, machine, str(entry.get("lastUpdated") or ""),
                                 size if isinstance(size, int) else None, source))
    return files


def pick_files(files: Sequence[LogFile]) -> tuple[str, list[LogFile]]:
    """(the newest machine, its newest platform file and newest app file): what to read."""
    if not files:
        return "", []
    newest = max(files, key=lambda f: _time_key(f.last_updated))
    mine = [f for f in files if f.machine == newest.machine]
    picked = [max(group, key=lambda f: _time_key(f.last_updated))
              for group in ([f for f in mine if f.source == s] for s in (SOURCE_PLATFORM, SOURCE_APP)) if group]
    return newest.machine, picked


def merge_lines(texts: Sequence[str]) -> str:
    """The lines of several logs in time order (stable; a line without a stamp keeps the stamp before it)."""
    records = []
    for index, text in enumerate(texts):
        last: tuple[str, str] = ("", "")
        for position, line in enumerate(text.splitlines()):
            key = _time_key(line)
            last = key if key[0] else last
            records.append((last, index, position, line))
    records.sort(key=lambda record: record[:3])
    return "".join(f"{record[3]}\n" for record in records)
