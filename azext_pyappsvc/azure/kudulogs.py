"""The docker logs of an app's newest machine through Kudu: /api/startuplogs where it answers, else the newest
platform and app files of /api/logs/docker, each read to its end (bounded) and merged in time order.

KuduLite ignores HTTP Range on VFS file GETs (its VfsController returns the whole stream): a Range request answers 200
with the whole file, so the end is reached by streaming it and keeping the tail, within MAX_LOG_STREAM bytes and
MAX_LOG_SECONDS; Windows Kudu honours the Range (206). A file whose end was not reached is left out, and said so:
its middle would show stale errors as current.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from ..errors import PyAppSvcError
from .arm import run_concurrently
from .dockerlog import LogFile, merge_lines, pick_files, read_listing
from .kudu import Kudu

DOCKER_LOGS = "/api/logs/docker"
STARTUP_LOG = "/api/startuplogs?latest=true"   # azure-cli 2.91's `az webapp log startup show` reads it so
SOURCE_STARTUP = "startuplogs"
SOURCE_DOCKER = "docker"
MAX_LOG_BYTES = 256 * 1024            # the end of each file that is kept
MAX_LOG_STREAM = 64 * 1024 * 1024     # streamed at most per file when the server ignores the Range
MAX_LOG_SECONDS = 20.0                # and for at most this long
CHUNK = 64 * 1024


@dataclass(frozen=True)
class TailRead:
    """The end of a file, and whether it is really the end."""

    data: bytes
    reached_end: bool
    size: Optional[int] = None


@dataclass(frozen=True)
class DockerLog:
    """The combined lines (time order), the machine, what was read and which ends could not be reached."""

    text: str
    machine: str = ""
    source: str = ""
    files: tuple[str, ...] = ()
    unread_ends: tuple[str, ...] = ()
    hrefs: tuple[str, ...] = ()


def _content_length(response: Any) -> Optional[int]:
    value = str((getattr(response, "headers", None) or {}).get("Content-Length") or "")
    return int(value) if value.isdigit() else None


def _tail_of(kept: bytearray, cut: bool) -> bytes:
    """The last MAX_LOG_BYTES, starting at a line when the front was cut off."""
    data = bytes(kept[-MAX_LOG_BYTES:])
    if cut or len(kept) > MAX_LOG_BYTES:
        newline = data.find(b"\n")
        data = data[newline + 1:] if newline >= 0 else data
    return data


def read_tail(response: Any, size: Optional[int], clock: Callable[[], float] = time.monotonic) -> TailRead:
    """The end of a log answer: a 206 is the end already; a 200 is streamed, keeping the tail, within the bounds."""
    if response.status_code == 206:
        return TailRead(bytes(b"".join(response.iter_content(chunk_size=CHUNK)))[-MAX_LOG_BYTES:], True, size)
    total = size if size is not None else _content_length(response)
    if total is not None and total > MAX_LOG_STREAM:
        return TailRead(b"", False, total)  # the listing says the end is beyond the bound: not streamed at all
    kept, streamed, deadline = bytearray(), 0, clock() + MAX_LOG_SECONDS
    for chunk in response.iter_content(chunk_size=CHUNK):
        kept += chunk
        streamed += len(chunk)
        if len(kept) > 2 * MAX_LOG_BYTES:
            del kept[:-MAX_LOG_BYTES]
        if (total is None or streamed < total) and (streamed >= MAX_LOG_STREAM or clock() > deadline):
            return TailRead(_tail_of(kept, True), False, total)
    return TailRead(_tail_of(kept, streamed > len(kept)), True, total)


def _read_file(kudu: Kudu, href: str, size: Optional[int]) -> Optional[TailRead]:
    """One log file's end (a suffix Range is asked for; Windows Kudu honours it, KuduLite does not)."""
    return kudu.get(href, lambda response: read_tail(response, size), headers={"Range": f"bytes=-{MAX_LOG_BYTES}"})


def _startup_log(kudu: Kudu) -> Optional[DockerLog]:
    """The newest startup log where /api/startuplogs answers with text; None (fall back) otherwise."""
    def read(response: Any) -> Optional[DockerLog]:
        if "text/plain" not in str(response.headers.get("Content-Type") or ""):
            return None
        tail = read_tail(response, None)
        name = str(response.headers.get("X-StartupLog-Filename") or "startup log")
        return DockerLog(tail.data.decode("utf-8", errors="replace") if tail.reached_end else "",
                         str(response.headers.get("X-StartupLog-Instance") or ""), SOURCE_STARTUP, (name,),
                         () if tail.reached_end else (name,))
    try:
        return kudu.get(STARTUP_LOG, read)
    except PyAppSvcError:  # not rolled out, or refused: the docker log files are the fallback
        return None


def read_docker_log(kudu: Kudu, remembered: Sequence[str] = ()) -> DockerLog:
    """The startup log, or the newest machine's platform and app files merged; remembered hrefs (an earlier run's
    files) are read alongside the listing and used when they are still the newest."""
    early_hrefs = [href for href in remembered if href.lower().startswith(kudu.base.lower() + "/")][:2]
    thunks: list[Callable[[], Any]] = [lambda: _startup_log(kudu), lambda: kudu.json(DOCKER_LOGS)]
    thunks += [lambda href=href: _read_file(kudu, href, None) for href in early_hrefs]
    startup, listing, *early = run_concurrently(thunks)
    if startup is not None and startup.text.strip():
        return startup  # an empty or unreadable startup log says nothing: the docker log files are read instead
    machine, picked = pick_files(read_listing(listing or []))
    ready = dict(zip(early_hrefs, early))
    reads = run_concurrently([lambda f=f: ready.get(f.href) or _read_file(kudu, f.href, f.size) for f in picked])
    return _combined(machine, picked, reads)


def _combined(machine: str, files: Sequence[LogFile], reads: Sequence[Optional[TailRead]]) -> DockerLog:
    texts, unread = [], []
    for file, read in zip(files, reads):
        if read is not None and read.reached_end:
            texts.append(read.data.decode("utf-8", errors="replace"))
        elif read is not None:
            unread.append(file.name)
    return DockerLog(merge_lines(texts), machine, SOURCE_DOCKER if files else "", tuple(f.name for f in files),
                     tuple(unread), tuple(f.href for f in files))
