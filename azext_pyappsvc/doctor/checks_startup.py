"""Checks of what the container starts: startup.*, and network.port (both read the configured command)."""
from __future__ import annotations

import re
from typing import Sequence

from ..startup.command import APP_ROOT, SHELL_SCRIPT_SUFFIX, LintIssue, StartupFileInfo, is_single_token
from .constants import MAX_COMMAND_CHARS, PORT
from .derived import Derived
from .findings import Finding, Status, finding
from .checks_oryx import failure_finding, unread_build_finding
from .frameworks import detection_finding
from .gates import app_args, part_gate, python_gate, tree_gate
from .redact import quote
from .snapshot import Snapshot

FILE_CODES = "file."
MODULE_LEVEL_RUN = re.compile(r"^(?:app|application|\w+_app)\.run\(", re.MULTILINE)
BIND_CODES = "bind."


def _config_gate(check_id: str, snapshot: Snapshot, derived: Derived) -> Finding | None:
    if snapshot.local is not None and snapshot.config.skipped:  # --src alone: the command the project declares
        return python_gate(check_id, derived)
    return python_gate(check_id, derived) or part_gate(check_id, snapshot.config, "the app's configuration")


def command_origin(snapshot: Snapshot) -> str:
    """Where the startup command checked comes from, for --src alone (e.g. " (from infra/main.bicep ...)")."""
    local = snapshot.local
    if local is None or not snapshot.config.skipped:
        return ""
    return f" (from {local.command_source})" if local.command_source else ""


def _no_command_finding(snapshot: Snapshot) -> Finding:
    if snapshot.local is not None and snapshot.config.skipped:
        return finding("startup.command", Status.PASS, "The project declares no startup command (no --startup-command, "
                       "bicep appCommandLine or workflow startup-command): App Service auto-detects the app (see "
                       "startup.detection).")
    return finding("startup.command", Status.PASS,
                   "No startup command is set: App Service auto-detects the app (see startup.detection).")


def _issues_finding(check_id: str, issues: Sequence[LintIssue]) -> Finding | None:
    """FAIL for any lint error, WARN for warnings only; the first issue leads, the others go in the fix."""
    if not issues:
        return None
    ordered = sorted(issues, key=lambda issue: issue.severity != "error")
    status = Status.FAIL if ordered[0].severity == "error" else Status.WARN
    summary = ordered[0].message
    if len(ordered) > 1:
        summary = f"{summary.rstrip('.')} (+{len(ordered) - 1} more issue(s) in the fix)."
    also = " ".join(f"Also: {issue.message} {issue.fix}" for issue in ordered[1:])
    return finding(check_id, status, summary, f"{ordered[0].fix} {also}".strip())


def check_startup_command(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.command: the configured appCommandLine would start a server App Service can use."""
    gate = _config_gate("startup.command", snapshot, derived)
    if gate:
        return gate
    command = derived.app_command_line or ""
    if not command:
        return _no_command_finding(snapshot)
    if derived.lint.error:
        sentence, _, rest = derived.lint.error.partition(". ")
        return finding("startup.command", Status.FAIL, f"{sentence.rstrip('.')}.", rest or None)
    issues = derived.lint.value or ()
    own = [issue for issue in issues if not issue.code.startswith((FILE_CODES, BIND_CODES))]
    found = _issues_finding("startup.command", own)
    if found:
        return found
    startup_file = derived.prediction.value.startup_file if derived.prediction.ok else None
    if startup_file is not None:
        return finding("startup.command", Status.PASS, f"The startup command{command_origin(snapshot)} names the "
                       f"file {startup_file.name} (see startup.file).")
    shown = quote(command, derived.secrets, MAX_COMMAND_CHARS)
    bind_note = " (its listening address: see network.port)" if any(
        issue.code.startswith(BIND_CODES) for issue in issues) else ""
    return finding("startup.command", Status.PASS, f"The startup command '{shown}'{command_origin(snapshot)} lints "
                   f"clean{bind_note}.")


def check_startup_file(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.file: a startup file named by appCommandLine exists, and its first line is the whole command."""
    # pylint: disable=too-many-return-statements  # a ladder: one return per outcome
    gate = _config_gate("startup.file", snapshot, derived)
    if gate:
        return gate
    command = derived.app_command_line or ""
    if not command or not is_single_token(command):
        kind = "empty" if not command else "a command, not a file name"
        return finding("startup.file", Status.SKIP, f"No startup file: the startup command is {kind}.")
    gate = tree_gate("startup.file", snapshot, derived)
    if gate:
        return gate
    if not derived.prediction.ok:
        return finding("startup.file", Status.ERROR, f"Could not predict the startup: {derived.prediction.error}")
    info = derived.prediction.value.startup_file
    if info is None:
        return finding("startup.file", Status.SKIP,
                       f"No startup file: '{command}' is not a file in {snapshot.tree_label}; it runs as a command.")
    if not info.exists:
        return finding("startup.file", Status.FAIL, f"The startup file '{info.name}' is not in "
                       f"{snapshot.tree_label}: the container fails with '{info.name}: not found'.",
                       f"Deploy {info.name} to the app root, or set the command itself: az webapp config set "
                       f"{app_args(snapshot)} --startup-file \"gunicorn --bind=0.0.0.0 --timeout 600 app:app\"")
    return _existing_file_finding(info, derived)


def _empty_startup_file(derived: Derived) -> bool:
    """True when the startup file's first line is empty: Oryx is given no command, so detection runs."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    return bool(prediction and prediction.startup_file and prediction.startup_file.exists
                and prediction.source != "custom")


def _existing_file_finding(info: StartupFileInfo, derived: Derived) -> Finding:
    name = info.name
    prediction = derived.prediction.value
    if prediction.failure and prediction.source == "custom":
        sentence, _, rest = prediction.failure.partition(". ")
        return finding("startup.file", Status.FAIL, f"{sentence[:1].upper()}{sentence[1:].rstrip('.')}.", rest or None)
    if name.endswith(SHELL_SCRIPT_SUFFIX):
        path = name[len(APP_ROOT) + 1:] if name.startswith(APP_ROOT + "/") else name
        if "\r\n" in (derived.read_texts([path]).get(path) or ""):
            return finding("startup.file", Status.FAIL, f"{name} has Windows (CRLF) line endings: the shell "
                           "fails on the stray carriage returns ('\\r': command not found).",
                           "Save it with LF line endings (dos2unix, or '*.sh text eol=lf' in .gitattributes).")
        return finding("startup.file", Status.PASS, f"{name} is a shell script: it is made executable and runs whole.")
    if prediction.source != "custom":
        return finding("startup.file", Status.WARN, f"The first line of {name} is empty: App Service is given no "
                       "command and auto-detects the app instead (see startup.detection).",
                       "Put the startup command on the first line, or clear the startup command.")
    if info.ignored_lines:
        return finding("startup.file", Status.WARN, f"Only the first line of {name} runs; {info.ignored_lines} "
                       "later non-empty line(s) are ignored.",
                       "Put everything on the first line (join with '&&'), or rename it to a .sh script, which "
                       "runs whole.")
    return finding("startup.file", Status.PASS, f"{name} is in the app; its first line is the command that runs.")


def check_startup_detection(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.detection: with no startup command, auto-detection finds the app rather than the default page."""
    gate = python_gate("startup.detection", derived)
    if gate:
        return gate
    if derived.app_command_line is None:
        return part_gate("startup.detection", snapshot.config, "the app's configuration") or finding(
            "startup.detection", Status.ERROR, "Could not read the app's configuration.")
    if derived.app_command_line and not _empty_startup_file(derived):
        return finding("startup.detection", Status.SKIP, f"A startup command is set{command_origin(snapshot)}, so "
                       "auto-detection does not run (see startup.command).")
    gate = tree_gate("startup.detection", snapshot, derived)
    if gate:
        return gate
    if not derived.prediction.ok:
        return finding("startup.detection", Status.ERROR, f"Could not predict the startup: {derived.prediction.error}")
    problem = failure_finding("startup.detection", derived) or unread_build_finding("startup.detection", snapshot,
                                                                                    derived)
    if problem or derived.prediction.value.source == "custom":  # an empty startup file line: custom, or detection
        return problem or finding("startup.detection", Status.SKIP, "A startup command runs (see startup.command).")
    return detection_finding(snapshot, derived, derived.prediction.value)


def check_network_port(snapshot: Snapshot, derived: Derived) -> Finding:
    """network.port: the startup command listens on 0.0.0.0 and the port App Service sends requests to."""
    gate = _config_gate("network.port", snapshot, derived)
    if gate:
        return gate
    if not derived.app_command_line:
        return _module_level_run(derived) or finding(
            "network.port", Status.PASS, f"Auto-detected apps listen on 0.0.0.0:$PORT ({PORT}), where App Service "
            "sends requests.")
    if derived.lint.error:
        return finding("network.port", Status.SKIP,
                       "Not checked: the startup command cannot be parsed (see startup.command).")
    binds = [issue for issue in derived.lint.value or () if issue.code.startswith(BIND_CODES)]
    return _issues_finding("network.port", binds) or finding(
        "network.port", Status.PASS, f"No listening-address problem in the startup command (App Service sends "
        f"requests to port {PORT}).")


def _module_level_run(derived: Derived) -> Finding | None:
    """WARN when a root file calls app.run() outside `if __name__ == "__main__":` (it runs when gunicorn imports it)."""
    if not derived.facts.ok:
        return None
    facts = derived.facts.value
    found = next((name for name in facts.root_py_files if MODULE_LEVEL_RUN.search(facts.text(name) or "")), None)
    if found is None:
        return None
    return finding("network.port", Status.WARN, f"{found} calls .run() at module level: when gunicorn imports it, the "
                   "development server starts on its own port (Flask: 127.0.0.1:5000) and the worker never finishes "
                   "booting.", 'Move the call under if __name__ == "__main__": (gunicorn serves the app on '
                   f"0.0.0.0:{PORT}).")
