"""What every check does first: turn a missing part or a non-Python app into a skip or an error finding."""
from __future__ import annotations

from typing import Any

from .derived import Derived
from .findings import Finding, Status, finding
from .snapshot import Part, Snapshot


def part_gate(check_id: str, part: Part[Any], what: str) -> Finding | None:
    """ERROR when gathering the part failed, SKIP when it was skipped on purpose, None when it is there."""
    if part.error:
        return finding(check_id, Status.ERROR, f"Could not read {what}: {part.error}")
    if part.skipped:
        return finding(check_id, Status.SKIP, f"Not checked without {what}: {part.skipped}.")
    if part.value is None:
        return finding(check_id, Status.SKIP, f"Not checked without {what}: it was not gathered.")
    return None


def python_gate(check_id: str, derived: Derived) -> Finding | None:
    """SKIP when the built-in Python rules do not apply (custom container, Windows, no Python stack)."""
    if derived.not_python:
        return finding(check_id, Status.SKIP, f"Not checked: {derived.not_python}.")
    return None


def tree_gate(check_id: str, snapshot: Snapshot, derived: Derived) -> Finding | None:
    """part_gate for the tree, then an ERROR when its root could not be read."""
    gate = part_gate(check_id, snapshot.tree, snapshot.tree_label)
    if gate:
        return gate
    if not derived.facts.ok:
        return finding(check_id, Status.ERROR, f"Could not read {snapshot.tree_label}: {derived.facts.error}")
    return None


def app_args(snapshot: Snapshot) -> str:
    """The -g/-n (and --slot) arguments that name the app in a fix, or placeholders without an app."""
    site = snapshot.site.value if snapshot.site.ok else None
    if site is None:
        return "-g <group> -n <app>"
    slot = f" --slot {site.slot}" if site.slot else ""
    return f"-g {site.resource_group or '<group>'} -n {site.name}{slot}"


def set_setting_command(snapshot: Snapshot, assignment: str) -> str:
    """The az command that sets one app setting on this app."""
    return f"az webapp config appsettings set {app_args(snapshot)} --settings {assignment}"
