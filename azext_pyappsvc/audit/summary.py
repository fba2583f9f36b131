"""The summary for people: apps per support status and per version, what was left out, and how complete (pure)."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from ..runtime.stacks import version_key
from .filters import SUPPORT_VALUES
from .records import LEFT_OUT_OTHER_RUNTIME, AppFacts

LEFT_OUT_ORDER = ("windows", "container", "function", "logic", LEFT_OUT_OTHER_RUNTIME)
LEFT_OUT_LABELS = {"windows": "Windows", "container": "containers", "function": "function apps",
                   "logic": "logic apps", LEFT_OUT_OTHER_RUNTIME: "Linux apps on another runtime"}
MAX_DISAGREEMENTS_SHOWN = 20
LAG_NOTE = ("Resource Graph is an inventory and can lag ARM by minutes; "
            "az pyappsvc show-version reads an app live.")


class Tally:
    """Counts kept while rows stream in: one pass, no row kept twice."""

    def __init__(self) -> None:
        self.left_out: Counter[str] = Counter()
        self.disagreements: list[dict[str, str]] = []
        self.disagreement_count = 0

    def note(self, app: AppFacts) -> bool:
        """Count an app; True when audit lists it (built-in Python on a Linux web app)."""
        if app.disagreement:
            self.disagreement_count += 1
            if len(self.disagreements) < MAX_DISAGREEMENTS_SHOWN:
                self.disagreements.append({"id": app.resource_id, "siteProperties": app.linux_fx_version,
                                           "siteConfig": app.disagreement})
        reason = app.left_out_as
        if reason:
            self.left_out[reason] += 1
            return False
        return True


def summarize(python_apps: Sequence[Mapping[str, Any]], listed: int, tally: Tally,
              coverage: Mapping[str, Any]) -> dict[str, Any]:
    """The --summary document."""
    support = Counter(r["support"] for r in python_apps)
    versions = Counter(r["pythonVersion"] for r in python_apps)
    problems = incompleteness(coverage)
    return {
        "pythonApps": len(python_apps), "listed": listed,
        "bySupport": {status: support[status] for status in SUPPORT_VALUES if support[status]},
        "byVersion": {v: versions[v] for v in sorted(versions, key=version_key, reverse=True)},
        "leftOut": {reason: tally.left_out[reason] for reason in LEFT_OUT_ORDER if tally.left_out[reason]},
        "runtimeDisagreements": {"count": tally.disagreement_count, "first": list(tally.disagreements)},
        "complete": not problems, "incomplete": problems, "coverage": dict(coverage), "note": LAG_NOTE,
    }


def incompleteness(coverage: Mapping[str, Any]) -> list[str]:
    """Why the answer may miss apps, one sentence each (empty when it is complete)."""
    problems = []
    for entry in coverage.get("unreadable") or []:
        problems.append(f"{entry['scope']} could not be read: {entry['reason']}")
    for entry in coverage.get("truncated") or []:
        where = f" (partition {entry['partition'][0] + 1} of {entry['partition'][1]})" if entry.get("partition") else ""
        problems.append(f"Resource Graph truncated the answer for {entry['scope']}{where}: {entry['count']} of "
                        f"{entry['total']} rows.")
    if coverage.get("subscriptionLimitHit"):
        problems.append("Resource Graph answered for the first 10,000 subscriptions of the scope only "
                        "(x-ms-tenant-subscription-limit-hit); name smaller management groups or subscriptions.")
    return problems


def _counts(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in pairs) or "none"


def render_summary(summary: Mapping[str, Any]) -> list[str]:
    """The summary as a few lines for stderr."""
    coverage = summary["coverage"]
    scope = coverage.get("scope", {})
    lines = [f"audit: {summary['pythonApps']:,} Python apps ({summary['listed']:,} listed) in "
             f"{scope.get('description', 'the scopes given')}; {coverage.get('requests', 0)} Resource Graph "
             f"queries in {coverage.get('rounds', 0)} round{'' if coverage.get('rounds') == 1 else 's'}"
             f"{', throttled ' + str(coverage['throttled']) + ' times' if coverage.get('throttled') else ''}.",
             f"  by support: {_counts(summary['bySupport'].items())}",
             f"  by version: {_counts(summary['byVersion'].items())}",
             f"  left out: {_counts((LEFT_OUT_LABELS[k], v) for k, v in summary['leftOut'].items())}"]
    if summary["runtimeDisagreements"]["count"]:
        count = summary["runtimeDisagreements"]["count"]
        lines.append(f"  {count} app{'s' if count != 1 else ''} where siteConfig.linuxFxVersion disagrees with "
                     "siteProperties' LinuxFxVersion (listed by the latter; see --summary)")
    lines.extend(f"  INCOMPLETE: {problem}" for problem in summary["incomplete"])
    lines.append(f"  {summary['note']}")
    return lines
