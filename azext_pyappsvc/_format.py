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
                        ("Support", result["support"]), ("EndOfLife", _or_dash(result.get("endOfLife")))]
                       + ([("Verified", result["verification"]["status"])] if result.get("verification") else []))


def transform_startup(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """show-startup as one row: where the command comes from and what runs."""
    row = OrderedDict([("Source", result["source"]), ("Module", _or_dash(result.get("module"))),
                       ("Python", _or_dash(result.get("pythonVersion"))), ("Command", result["command"])])
    if result.get("failure"):
        row["Failure"] = result["failure"]
    if result.get("observed"):
        row["Observed"] = _or_dash(result["observed"].get("command"))
    return row


def transform_set_startup(result: dict[str, Any]) -> "OrderedDict[str, Any]":
    """set-startup as one row."""
    return OrderedDict([("Name", result["name"]), ("Slot", _or_dash(result.get("slot"))),
                        ("Changed", result["changed"]), ("AppCommandLine", _or_dash(result["appCommandLine"])),
                        ("Warnings", len(result.get("warnings") or []))])


def transform_upgrade_check(result: dict[str, Any]) -> list["OrderedDict[str, Any]"]:
    """upgrade-check: one row per package and per file importing a removed module; the summary comes last."""
    rows = [OrderedDict([("Package", p["name"]), ("Requested", _or_dash(p.get("requested"))),
                         ("Installed", _or_dash(p.get("installed"))), ("Verdict", p["verdict"]),
                         ("Reason", p["reason"])]) for p in result.get("packages") or []]
    rows += [OrderedDict([("Package", f"{c['module']} (standard library)"), ("Requested", c["file"]),
                          ("Installed", "-"), ("Verdict", c["status"]), ("Reason", c["reason"])])
             for c in result.get("code") or []]
    rows.append(OrderedDict([("Package", "summary"), ("Requested", "-"), ("Installed", "-"),
                             ("Verdict", "ready" if result.get("ready") else "not ready"),
                             ("Reason", result.get("summary", ""))]))
    return rows


def transform_doctor(result: dict[str, Any]) -> list[Any]:
    """-o table for doctor: the checklist, wrapped to the terminal, printed as az prints styled text.

    azure-cli's own reports do the same (az webapp troubleshoot config --report, az webapp secure-build show):
    print_styled_text colours only where az colours (a terminal, core.no_color unset). The marks fall back to
    ASCII when the output's encoding cannot write them (a redirected Windows console: cp1252). Nothing is left
    for knack's table, which ends the last line.
    """
    import shutil
    import sys
    from azure.cli.core.style import Style, print_styled_text
    from .doctor.render import marks_encodable, render_report
    ascii_only = not marks_encodable(getattr(sys.stdout, "encoding", None))
    lines = render_report(result, shutil.get_terminal_size().columns, ascii_only)
    for index, line in enumerate(lines):
        styled = [(Style(style), text) for style, text in line] or ""
        print_styled_text(styled, file=sys.stdout, end="" if index == len(lines) - 1 else "\n")
    return []


def doctor_tsv_rows(result: dict[str, Any]) -> list[list[Any]]:
    """-o tsv for doctor (without --query): one line per check, status, id and summary (lists keep the order)."""
    return [[check.get("status"), check.get("id"), check.get("summary")] for check in result.get("checks") or []]


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


# Output formats for which a command may print its own records, byte for byte as az would: -o json (knack's
# format_json: indent 2, sorted keys, ensure_ascii off, ": " and "," separators, one final newline) and -o none.
SELF_PRINTED_FORMATS = ("json", "none")


def prints_records_itself(cli_ctx: Any) -> bool:
    """Whether az would print plain JSON (or nothing) with no --query: then a long list is printed here instead.

    azure-cli runs todict over every result, one call per value (about 60 us a record of eleven fields on a 2-core
    machine: most of audit's time for 10,000 apps); flat records of strings need none of it.
    """
    data = getattr(getattr(cli_ctx, "invocation", None), "data", None) or {}
    return data.get("output") in SELF_PRINTED_FORMATS and not data.get("query_active")


def print_records(cli_ctx: Any, records: list[dict[str, Any]]) -> None:
    """Print flat records as -o json does (nothing for -o none)."""
    import json
    if cli_ctx.invocation.data.get("output") != "json":
        return
    text = json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True, separators=(",", ": ")) + "\n"
    print(text, file=cli_ctx.out_file, end="")
