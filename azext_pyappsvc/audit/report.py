"""audit's result: the records, most urgent first, the summary and the gate's verdict (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional, Sequence

from ..runtime.stacks import PythonRuntime
from .filters import AuditArgs, failing, keep, urgency_key
from .records import AppFacts, to_record
from .summary import Tally, summarize


@dataclass(frozen=True)
class AuditReport:
    """What the handler returns and decides its exit code on."""

    records: list[dict[str, Any]]
    summary: dict[str, Any]
    failing: int

    @property
    def gate_fails(self) -> bool:
        """--fail-on fails on a matching app, and on an answer that may miss apps (a gate cannot pass unseen ones)."""
        return self.failing > 0 or (self.summary["failOn"] is not None and not self.summary["complete"])


def build_report(apps: Sequence[AppFacts], tally: Tally, runtimes: Sequence[PythonRuntime],
                 coverage: Mapping[str, Any], args: AuditArgs, today: date) -> AuditReport:
    """Support per app, the filters, the order (one sort: n log n), the summary and --fail-on's count."""
    per_version: dict[Optional[str], tuple[str, Optional[str]]] = {}
    python_apps = [to_record(app, runtimes, today, per_version) for app in apps]
    listed = sorted((r for r in python_apps if keep(r, args, today)), key=urgency_key)
    summary = summarize(python_apps, len(listed), tally, coverage)
    matched = failing(listed, args.fail_on)
    summary["failOn"] = None if args.fail_on is None else {"status": args.fail_on, "matched": matched}
    return AuditReport(listed, summary, matched)
