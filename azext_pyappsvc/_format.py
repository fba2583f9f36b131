"""The -o table transformers: how results read as tables (checks and data stay apart from drawing)."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any


def _or_dash(value: Any) -> Any:
    return "-" if value in (None, "") else value


def transform_version(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """show-version as one row."""
    return OrderedDict([("Name", result["name"]), ("Slot", _or_dash(result.get("slot"))),
                        ("Kind", result["kind"]), ("LinuxFxVersion", _or_dash(result.get("linuxFxVersion"))),
                        ("Python", _or_dash(result.get("pythonVersion"))), ("Support", result["support"]),
                        ("EndOfLife", _or_dash(result.get("endOfLife")))])


def transform_versions(result: list[dict[str, Any]]) -> list["OrderedDict[str, Any]"]:
    """list-versions, one row per version."""
    return [OrderedDict([("Version", r["version"]), ("LinuxFxVersion", r["linuxFxVersion"]),
                         ("Support", r["support"]), ("EndOfLife", _or_dash(r.get("endOfLife")))]) for r in result]


def transform_set_version(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """set-version as one row."""
    return OrderedDict([("Name", result["name"]), ("Slot", _or_dash(result.get("slot"))),
                        ("Previous", _or_dash(result.get("previousLinuxFxVersion"))),
                        ("LinuxFxVersion", result["linuxFxVersion"]), ("Changed", result["changed"]),
                        ("Support", result["support"]), ("EndOfLife", _or_dash(result.get("endOfLife")))])


def transform_startup(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """show-startup as one row: where the command comes from and what runs."""
    return OrderedDict([("Source", result["source"]), ("Module", _or_dash(result.get("module"))),
                        ("Python", _or_dash(result.get("pythonVersion"))), ("Command", result["command"])])


def transform_set_startup(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """set-startup as one row."""
    return OrderedDict([("Name", result["name"]), ("Slot", _or_dash(result.get("slot"))),
                        ("Changed", result["changed"]), ("AppCommandLine", _or_dash(result["appCommandLine"])),
                        ("Warnings", len(result.get("warnings") or []))])


def transform_audit(result: Any) -> Any:
    """audit as one row per app, most urgent first; --summary as one row per support status and version."""
    if isinstance(result, dict):
        rows = [OrderedDict([("Group", "support"), ("Value", k), ("Apps", v)]) for k, v in result["bySupport"].items()]
        rows += [OrderedDict([("Group", "version"), ("Value", k), ("Apps", v)]) for k, v in result["byVersion"].items()]
        rows += [OrderedDict([("Group", "left out"), ("Value", k), ("Apps", v)]) for k, v in result["leftOut"].items()]
        return rows
    return [OrderedDict([("Name", r["name"]), ("Slot", _or_dash(r.get("slot"))), ("ResourceGroup", r["resourceGroup"]),
                         ("Python", _or_dash(r.get("pythonVersion"))), ("Support", r["support"]),
                         ("EndOfLife", _or_dash(r.get("endOfLife"))), ("State", _or_dash(r.get("state"))),
                         ("Location", _or_dash(r.get("location"))), ("Subscription", r["subscriptionId"])])
            for r in result]
