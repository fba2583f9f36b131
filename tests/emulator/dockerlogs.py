"""Kudu's docker logs on Linux, as KuduLite serves them: one file per machine and per source, listed together.

- GET /api/logs/docker lists every current file of the last 7 days as [{machineName, lastUpdated, size, href,
  path}]: `<date>_<machine>_docker.log` holds the platform's lines ("Starting container", "didn't respond to HTTP
  pings"), `<date>_<machine>_default_docker.log` the container's own output (start-up script, Oryx, gunicorn,
  tracebacks), and easyauth files may be listed too (KuduLite's LogsController / DiagnosticsController, as described
  in /work/shared/reference/appservice-python.md section 4; the KuduLite source could not be fetched here).
- GET href (under /api/vfs/LogFiles/) returns the file: KuduLite's VfsController returns the whole stream and does
  no range processing, so a Range request answers 200 with the whole file (the default here); Windows Kudu honours
  Range (a site's "ignoreRange": false selects it).
- GET /api/startuplogs?latest=true: the newest startup log as text/plain with X-StartupLog-Filename, -Date,
  -Instance and -Outcome headers, 404 where the feature has not rolled out (azure-cli 2.91's appservice
  show_startup_log reads it so). Its content format is not published: here it is the machine's merged lines.

A scenario gives either "dockerLog" (one text, split here by source: lines of the form "<time> INFO  - ..." /
"ERROR - " are the platform's, as App Service writes them; the others are the container's) on machine MACHINE, or
"dockerLogs": [{"machine", "source": docker|default|easyauth, "date", "text"}] for several machines and sources.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from .state import SiteState

MACHINE = "lw1sdlwk0000QX"
LOG_DATE = "2026_11_25"
LOG_MTIME = "2026-11-25T06:00:00.0000000+00:00"
PLATFORM_LINE = re.compile(r"^\S+\s+(?:INFO|ERROR|WARN|WARNING)\s+-\s")
STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z")
SUFFIX = {"docker": "_docker.log", "default": "_default_docker.log", "easyauth": "_easyauth_docker.log"}


def _split(text: str) -> list[dict[str, Any]]:
    lines = text.splitlines(keepends=True)
    platform = "".join(line for line in lines if PLATFORM_LINE.match(line))
    app = "".join(line for line in lines if not PLATFORM_LINE.match(line))
    return [{"machine": MACHINE, "source": "docker", "date": LOG_DATE, "text": platform},
            {"machine": MACHINE, "source": "default", "date": LOG_DATE, "text": app}]


def log_files(site: SiteState) -> dict[str, dict[str, Any]]:
    """name -> {machine, text, lastUpdated} of every docker log file the site has."""
    entries = list(site.docker_logs) or (_split(site.docker_log) if site.docker_log is not None else [])
    files = {}
    for entry in entries:
        name = f"{entry.get('date', LOG_DATE)}_{entry['machine']}{SUFFIX[entry.get('source', 'default')]}"
        files[name] = {"machine": entry["machine"], "text": entry.get("text", ""),
                       "lastUpdated": entry.get("lastUpdated") or last_updated(entry.get("text", ""))}
    return files


def last_updated(text: str) -> str:
    """The time of a file's last line, in Kudu's lastUpdated spelling (seven fraction digits and an offset)."""
    for line in reversed(text.splitlines()):
        match = STAMP.match(line)
        if match:
            return f"{match[1]}.{(match[2] or '').ljust(7, '0')[:7]}+00:00"
    return LOG_MTIME


def listing(site: SiteState) -> list[dict[str, Any]]:
    """What /api/logs/docker answers."""
    return [{"machineName": f["machine"], "lastUpdated": f["lastUpdated"], "size": len(f["text"].encode("utf-8")),
             "href": f"https://{site.kudu_host}/api/vfs/LogFiles/{name}", "path": f"/home/LogFiles/{name}"}
            for name, f in log_files(site).items()]


def file_text(site: SiteState, name: str) -> Optional[bytes]:
    """A log file's bytes, or None."""
    found = log_files(site).get(name)
    return None if found is None else found["text"].encode("utf-8")


def ranged(data: bytes, range_header: str) -> Optional[tuple[bytes, str]]:
    """(part, Content-Range) for a suffix Range "bytes=-N" (the only form the extension sends), else None."""
    suffix = re.fullmatch(r"bytes=-(\d+)", range_header.strip())
    if not suffix:
        return None
    part = data[-int(suffix[1]):] if int(suffix[1]) else b""
    return part, f"bytes {len(data) - len(part)}-{len(data) - 1}/{len(data)}"


def startup_log(site: SiteState) -> Optional[tuple[bytes, dict[str, str]]]:
    """(content, headers) of the newest startup log when the scenario has rolled the feature out, else None."""
    log = site.startup_log
    if not log:
        return None
    headers = {"Content-Type": "text/plain; charset=utf-8",
               "X-StartupLog-Filename": log.get("filename", f"{LOG_DATE}_{MACHINE}_startup.log"),
               "X-StartupLog-Date": log.get("date", LOG_DATE), "X-StartupLog-Instance": log.get("instance", MACHINE),
               "X-StartupLog-Outcome": log.get("outcome", "failure")}
    return str(log.get("text", "")).encode("utf-8"), headers
