"""set-version --verify: what the new start's log lines and the site's answer say (pure).

Log shapes: the platform's docker log lines ("Pulling image: mcr.microsoft.com/appsvc/python:3.13_...",
"Starting container for site", "... initialized successfully and is ready to serve requests.", "... didn't
respond to HTTP pings on port: 8000, failing site start") and the container's own output, whose banner names
the interpreter ("Python 3.9.16" under "Documentation: http://aka.ms/webapp-linux", from the App Service
image's init_container.sh). Each line starts with an ISO timestamp in UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence

from ..doctor.logs import scan_log
from .stdlib import removed_by

WAITING, RUNNING, FAILED = "waiting", "running", "failed"
CLOCK_SKEW = timedelta(seconds=5)  # how far the platform's clock may be behind ours
TIMESTAMP = re.compile(r"^(?P<stamp>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z?\s")
START_MARKERS = (re.compile(r"Pulling image: \S*python:"), re.compile(r"Starting container for site"))
STARTED = re.compile(r"initialized successfully and is ready to serve requests|Site started successfully")
START_FAILED = re.compile(r"failing site start|has exited, failing|Container .* has exited")
IMAGE_PYTHON = re.compile(r"appsvc/python:(?P<version>\d+\.\d+)")
BANNER_PYTHON = re.compile(r"(?:^|\s)Python (?P<version>\d+\.\d+)\.\d+\s*$")
ERROR_STATUSES = (502, 503)


@dataclass(frozen=True)
class StartState:
    """How far the start on the new version got, what showed it, and for a failure its cause."""

    phase: str
    python: Optional[str] = None
    evidence: str = ""
    cause: Optional[str] = None
    fix: Optional[str] = None


def line_time(line: str) -> Optional[datetime]:
    """The UTC time a log line starts with, or None."""
    match = TIMESTAMP.match(line)
    if not match:
        return None
    return datetime.strptime(match["stamp"], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)


def new_start_lines(log_text: str, since: datetime) -> list[str]:
    """The lines of the start that began after `since`: from its first start marker on."""
    lines = log_text.splitlines()
    for index, line in enumerate(lines):
        stamp = line_time(line)
        if stamp is not None and stamp >= since - CLOCK_SKEW and any(m.search(line) for m in START_MARKERS):
            return lines[index:]
    return []


def python_seen(lines: Sequence[str]) -> Optional[str]:
    """The Python version the new start ran: the banner's, else the image tag's."""
    for pattern in (BANNER_PYTHON, IMAGE_PYTHON):
        found = [m["version"] for m in map(pattern.search, lines) if m]
        if found:
            return found[-1]
    return None


def judge_start(lines: Sequence[str], probe_status: Optional[int], target: str) -> StartState:
    """waiting, running (started and the site answers) or failed (with the cause the log names)."""
    python = python_seen(lines)
    failed = next((line for line in lines if START_FAILED.search(line)), None)
    if failed:
        cause, fix = failure_cause(lines, target)
        return StartState(FAILED, python, failed.strip(), cause, fix)
    started = next((line for line in reversed(lines) if STARTED.search(line)), None)
    if started and probe_status is not None and probe_status not in ERROR_STATUSES:
        return StartState(RUNNING, python, started.strip())
    return StartState(WAITING, python, (lines[-1].strip() if lines else ""))


def failure_cause(lines: Sequence[str], target: str) -> tuple[str, Optional[str]]:
    """The cause of a failed start: a removed standard-library module first, else doctor's known log lines."""
    matches = scan_log("\n".join(lines))
    for match in matches:
        module = match.groups.get("module", "")
        removed = removed_by(module, target) if module else None
        if removed:
            return (f"the app imports {removed.name}, which Python {removed.removed_in} removed ({removed.source})",
                    f"Replace it with {removed.replacement}, or upgrade the package that imports it; "
                    f"az pyappsvc upgrade-check --to {target} names it.")
    if matches:
        return matches[0].cause, matches[0].fix
    return ("the container stopped without a known error line", "Read the whole log: az webapp log tail")
