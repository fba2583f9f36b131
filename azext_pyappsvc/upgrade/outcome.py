"""set-version --verify's report: what was written, what was seen, and what to do next (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .verify import FAILED, RUNNING, StartState

TIMEOUT, INTERRUPTED, ROLLED_BACK = "timeout", "interrupted", "rolled-back"


@dataclass(frozen=True)
class Seen:
    """How the watch ended and what it saw."""

    state: StartState
    ended: str
    seconds: float
    probe_status: Optional[int]


@dataclass(frozen=True)
class Written:
    """The write set-version made, and the app's names for commands to paste."""

    linux_fx_version: str
    previous: str
    target: str
    app_args: str


def _what_was_seen(seen: Seen) -> str:
    answer = f"the site answered {seen.probe_status}" if seen.probe_status else "the site did not answer"
    line = f"; the last line of the new start: {seen.state.evidence[:200]}" if seen.state.evidence else \
        "; the log showed no new start yet"
    return answer + line


def verification(seen: Seen, written: Written, rollback: Optional[str] = None) -> dict[str, Any]:
    """The `verification` block of set-version's result; rollback is None (not tried), "" (done) or an error."""
    state, status = seen.state, seen.state.phase if seen.ended == "decided" else seen.ended
    block: dict[str, Any] = {"status": status, "python": state.python, "seconds": round(seen.seconds, 1),
                             "evidence": state.evidence or None, "cause": state.cause, "fix": state.fix,
                             "rolledBack": rollback == "", "linuxFxVersion": written.linux_fx_version}
    if status == RUNNING:
        shown = state.python or written.target
        block["message"] = f"The app restarted and is running on Python {shown}." + (
            "" if state.python else " (The log did not name the Python version.)")
    elif status == FAILED:
        block["message"] = _failed_message(written, state, rollback, block)
    else:
        verb = "Stopped watching (Ctrl-C)" if status == INTERRUPTED else "The start was not decided"
        block["message"] = (f"{verb} after {seen.seconds:.0f} s: linuxFxVersion is {written.linux_fx_version} "
                            f"(was {written.previous}); {_what_was_seen(seen)}. It was not rolled back (a slow "
                            f"start is not a failure). Check it with: az pyappsvc doctor {written.app_args}; roll "
                            f"back with: az pyappsvc set-version {_previous_version(written)} {written.app_args}")
    return block


def _failed_message(written: Written, state: StartState, rollback: Optional[str], block: dict[str, Any]) -> str:
    head = f"The app failed to start on Python {written.target}: {state.cause}."
    if rollback == "":
        block["linuxFxVersion"] = written.previous
        return f"{head} Rolled back: linuxFxVersion is {written.previous} again (one more PATCH); the app restarts " \
               f"on it. {state.fix or ''}".strip()
    if rollback:
        return f"{head} The rollback failed: {rollback} linuxFxVersion is still {written.linux_fx_version}."
    return f"{head} linuxFxVersion stays {written.linux_fx_version}; roll back with: az pyappsvc set-version " \
           f"{_previous_version(written)} {written.app_args} (or pass --rollback-on-failure). {state.fix or ''}".strip()


def _previous_version(written: Written) -> str:
    return written.previous.replace(":", "|").partition("|")[2] or written.previous


def exit_code(block: dict[str, Any]) -> int:
    """0 when running; 130 after Ctrl-C (as shells report SIGINT); 1 otherwise."""
    return 0 if block["status"] == RUNNING else 130 if block["status"] == INTERRUPTED else 1
