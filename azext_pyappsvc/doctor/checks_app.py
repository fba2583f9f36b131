"""Checks of the app itself and its Python runtime: app.*, runtime.*."""
from __future__ import annotations

from typing import Sequence

from ..runtime.stacks import (SUPPORT_DEPRECATED, SUPPORT_EOL, SUPPORT_NEAR_EOL, PythonRuntime, find_runtime,
                              format_date, offered_runtimes, python_version_of)
from ..runtime.site import APP_CONTAINER, APP_FUNCTION, APP_LINUX, APP_LOGIC, refusal_for_python
from .derived import Derived
from .findings import Finding, Status, finding
from .gates import app_args, part_gate, python_gate
from .snapshot import Snapshot

NOT_WEB_APP = {APP_FUNCTION: "a function app", APP_LOGIC: "a logic app"}


def check_app_linux(snapshot: Snapshot, derived: Derived) -> Finding:
    """app.linux: a Linux web app (not Windows, not a function or logic app)."""
    gate = part_gate("app.linux", snapshot.site, "the app")
    if gate:
        return gate
    site = snapshot.site.value
    if derived.app_type in (APP_LINUX, APP_CONTAINER):
        return finding("app.linux", Status.PASS, f"'{site.name}' is a Linux web app (kind '{site.kind}').")
    _, fix = refusal_for_python(site) or ("", None)
    if derived.app_type in NOT_WEB_APP:
        return finding("app.linux", Status.FAIL, f"'{site.name}' is {NOT_WEB_APP[derived.app_type]} "
                       f"(kind '{site.kind}'), not a web app; doctor diagnoses web apps.", fix)
    return finding("app.linux", Status.FAIL, f"'{site.name}' is a Windows app (kind '{site.kind}', reserved false): "
                   "Python runs only on App Service for Linux.",
                   f"{fix} A plan created without --is-linux (reserved: true) is a Windows plan.")


def check_app_state(snapshot: Snapshot, _derived: Derived) -> Finding:
    """app.state: the app is Running."""
    gate = part_gate("app.state", snapshot.site, "the app")
    if gate:
        return gate
    state = snapshot.site.value.state
    if (state or "").lower() == "running":
        return finding("app.state", Status.PASS, "The app is running.")
    start = f"az webapp start {app_args(snapshot)}"
    if (state or "").lower() == "stopped":
        return finding("app.state", Status.FAIL, "The app is stopped: it serves nothing until started.",
                       f"Start it: {start}")
    return finding("app.state", Status.WARN, f"The app's state is '{state or 'unknown'}', not Running.",
                   f"If it stays so, start it: {start}")


def check_runtime_python(snapshot: Snapshot, derived: Derived) -> Finding:
    """runtime.python: linuxFxVersion selects App Service's built-in Python."""
    gate = part_gate("runtime.python", snapshot.site, "the app")
    if gate:
        return gate
    fx = derived.linux_fx_version
    if derived.app_type == APP_CONTAINER:
        return finding("runtime.python", Status.SKIP,
                       f"Custom container ({fx or snapshot.site.value.kind}): Python comes from the image, so the "
                       "built-in Python checks are skipped.")
    if derived.app_type != APP_LINUX:
        return finding("runtime.python", Status.SKIP, "Not checked: not a Linux web app (see app.linux).")
    version = python_version_of(fx)
    if version:
        return finding("runtime.python", Status.PASS, f"Built-in Python {version} ({fx}).")
    newest = newest_supported(snapshot)
    fix = f"Select Python: az pyappsvc set-version {newest or '3.12'} {app_args(snapshot)}"
    if not fx:
        return finding("runtime.python", Status.FAIL, "linuxFxVersion is empty: no runtime stack is selected.", fix)
    stack = fx.replace(":", "|").split("|", 1)[0]
    return finding("runtime.python", Status.FAIL, f"The app runs the {stack} stack ({fx}), not Python.", fix)


def newest_supported(snapshot: Snapshot) -> str | None:
    """The newest supported Python version the stacks offer, neither preview nor early access (None without
    runtimes)."""
    if not snapshot.runtimes.ok:
        return None
    offered = offered_runtimes(snapshot.runtimes.value, snapshot.today)
    stable = [r for r in offered if not r.is_prerelease]
    candidates = stable or offered
    return candidates[0].version if candidates else None


def check_runtime_support(snapshot: Snapshot, derived: Derived) -> Finding:
    """runtime.support: the version is offered and not past (or near) its end of life."""
    gate = python_gate("runtime.support", derived) or part_gate("runtime.support", snapshot.runtimes,
                                                                "the supported runtimes")
    if gate:
        return gate
    version, source = derived.python_version_and_source
    if not version:
        return finding("runtime.support", Status.SKIP, "Not checked: the Python version is unknown.",
                       "Give one with --python-version, or pin it in runtime.txt (python-3.12).")
    runtime = find_runtime(snapshot.runtimes.value, version)
    return _support_finding(snapshot, version, source, runtime)


def _support_finding(snapshot: Snapshot, version: str, source: str | None,
                     runtime: PythonRuntime | None) -> Finding:
    fix = upgrade_fix(snapshot, newest_supported(snapshot))
    where = f" ({source})" if source else ""
    if runtime is None:
        return finding("runtime.support", Status.FAIL, f"Python {version}{where} is not offered by App Service "
                       "for Linux.", fix)
    status, eol = runtime.support(snapshot.today), format_date(runtime.end_of_life)
    if status == SUPPORT_DEPRECATED:
        return finding("runtime.support", Status.FAIL, f"Python {version}{where} is deprecated on App Service.", fix)
    if status == SUPPORT_EOL:
        return finding("runtime.support", Status.FAIL, f"Python {version}{where} reached its end of life on {eol} "
                       "and gets no security fixes.", fix)
    if status == SUPPORT_NEAR_EOL:
        days = (runtime.end_of_life - snapshot.today).days
        return finding("runtime.support", Status.WARN, f"Python {version}{where} reaches its end of life on {eol} "
                       f"(in {days} days).", fix)
    until = f" until {eol}" if eol else ""
    return finding("runtime.support", Status.PASS, f"Python {version}{where} is supported{until}.")


def upgrade_fix(snapshot: Snapshot, newest: str | None) -> str | None:
    """Check the dependencies for the newest version first, then move with a start check (pastable commands)."""
    if not newest:
        return None
    args = app_args(snapshot)
    check_args = args if snapshot.site.ok and snapshot.site.value is not None else "--src ."
    return (f"Move to Python {newest}. Check the dependencies first: az pyappsvc upgrade-check --to {newest} "
            f"{check_args}; then: az pyappsvc set-version {newest} {args} --verify --rollback-on-failure")


def check_runtime_local(snapshot: Snapshot, derived: Derived) -> Finding:
    """runtime.local: runtime.txt, .python-version and requires-python agree with the configured version."""
    gate = python_gate("runtime.local", derived) or part_gate("runtime.local", snapshot.source, "the source")
    if gate:
        return gate
    if not derived.pins.ok:
        return finding("runtime.local", Status.ERROR, f"Could not read the source: {derived.pins.error}")
    version, source = derived.python_version_and_source
    pins = [pin for pin in derived.pins.value if pin.source != source]
    if not version:
        return finding("runtime.local", Status.SKIP, "Not checked: the Python version is unknown.")
    if not pins:
        own = any(pin.source == source for pin in derived.pins.value)
        if own:  # the version comes from the project's own pin, and nothing else pins one
            return finding("runtime.local", Status.PASS, f"Python {version} comes from {source}; nothing else in "
                           "the project pins a version.")
        return finding("runtime.local", Status.PASS, "Nothing in runtime.txt, .python-version or requires-python to "
                       f"compare with Python {version} ({source}).")
    clashes = [pin for pin in pins if pin.allows(version) is False]
    if not clashes:
        named = ", ".join(f"{pin.source} ({pin.wanted})" for pin in pins)
        return finding("runtime.local", Status.PASS, f"{named} agree(s) with Python {version} ({source}).")
    return _mismatch(snapshot, version, source, clashes)


def _mismatch(snapshot: Snapshot, version: str, source: str | None, clashes: Sequence) -> Finding:
    pin = clashes[0]
    wanted = pin.version or pin.specifier
    summary = f"{pin.source} asks for Python {wanted}, but the app runs {version} ({source})."
    change = (f"az pyappsvc set-version {pin.version} {app_args(snapshot)}" if pin.version
              else "set-version to a version it allows")
    return finding("runtime.local", Status.WARN, summary,
                   f"Make them agree: {change}, or change {pin.source} to allow {version}. Packages built for one "
                   "version may fail to import on another.")
