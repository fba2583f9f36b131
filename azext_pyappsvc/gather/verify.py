"""set-version --verify: after the write, watch the restart (the docker log through Kudu and the site's answer,
together each round) until the new start succeeded, failed or the time is up; Ctrl-C ends the watch too."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Optional

from ..azure.arm import run_concurrently
from ..azure.kudu import Kudu
from ..azure.kudulogs import read_docker_log
from ..azure.site import probe_site
from ..errors import PyAppSvcError
from ..runtime.site import SiteInfo
from ..upgrade.verify import WAITING, StartState, judge_start, new_start_lines

POLL_SECONDS = 3.0
PROBE_TIMEOUT = 10.0
PROGRESS_EVERY = 15.0


@dataclass
class Watch:
    """What the watch saw last, and how it ended."""

    state: StartState = field(default_factory=lambda: StartState(WAITING))
    probe_status: Optional[int] = None
    seconds: float = 0.0
    ended: str = "timeout"  # "decided", "timeout" or "interrupted"
    notes: list[str] = field(default_factory=list)


def _log_or_note(kudu: Optional[Kudu], watch: Watch) -> str:
    """The newest machine's platform and app log lines (or its startup log); Kudu restarts with the app, so a failure
    here is only noted."""
    if kudu is None:
        return ""
    try:
        return read_docker_log(kudu).text or ""
    except PyAppSvcError as error:
        note = f"The docker log could not be read at times: {error.message}"
        if note not in watch.notes:
            watch.notes.append(note)
        return ""


def watch_start(cli_ctx: Any, site: SiteInfo, target: str, since: datetime, timeout: float,
                progress: Callable[[str], None]) -> Watch:
    """Poll log and site every POLL_SECONDS until the new start is decided or `timeout` seconds passed."""
    kudu = Kudu(cli_ctx, site.scm_host_name) if site.scm_host_name else None
    watch, started, last_said = Watch(), time.monotonic(), -PROGRESS_EVERY
    try:
        while True:
            remaining = timeout - (time.monotonic() - started)
            probe_timeout = max(1.0, min(PROBE_TIMEOUT, remaining))
            reads = [lambda: _log_or_note(kudu, watch),
                     lambda: probe_site(site.default_host_name, probe_timeout) if site.default_host_name else {}]
            log, probe = run_concurrently(reads)
            watch.probe_status = probe.get("status")
            watch.state = judge_start(new_start_lines(log, since), watch.probe_status, target)
            watch.seconds = time.monotonic() - started
            if watch.state.phase != WAITING:
                watch.ended = "decided"
                return watch
            if watch.seconds >= timeout:
                return watch
            if watch.seconds - last_said >= PROGRESS_EVERY:
                last_said = watch.seconds
                progress(describe_wait(watch, target, timeout))
            time.sleep(min(POLL_SECONDS, max(0.0, timeout - watch.seconds)))
    except KeyboardInterrupt:
        watch.seconds, watch.ended = time.monotonic() - started, "interrupted"
        return watch


def describe_wait(watch: Watch, target: str, timeout: float) -> str:
    """One progress line: how long, what the site answered, the last line of the new start."""
    answer = f"the site answers {watch.probe_status}" if watch.probe_status else "the site does not answer yet"
    seen = f"; log: {watch.state.evidence[:160]}" if watch.state.evidence else "; no new start in the log yet"
    return f"Waiting for the app to start on Python {target} ({watch.seconds:.0f} s of at most {timeout:g} s): " \
           f"{answer}{seen}"
