"""audit/summary.py: counts for people, and how complete the answer is."""
from __future__ import annotations

from datetime import date

from azext_pyappsvc.audit.filters import AuditArgs
from azext_pyappsvc.audit.records import read_row
from azext_pyappsvc.audit.report import build_report
from azext_pyappsvc.audit.summary import Tally, incompleteness, render_summary
from azext_pyappsvc.runtime.stacks import PythonRuntime
from tests.unit.audit.test_records import row

TODAY = date(2026, 12, 3)
RUNTIMES = [PythonRuntime("3.12", "PYTHON|3.12", date(2028, 10, 31), False, False),
            PythonRuntime("3.9", "PYTHON|3.9", date(2025, 10, 31), False, False)]
COMPLETE = {"scope": {"description": "2 subscriptions"}, "requests": 3, "rounds": 1, "unreadable": [],
            "truncated": []}


def report(rows, args=AuditArgs(), coverage=COMPLETE):
    tally = Tally()
    apps = [app for app in map(read_row, rows) if tally.note(app)]
    return build_report(apps, tally, RUNTIMES, coverage, args, TODAY)


ROWS = [row("a", fx="PYTHON|3.9"), row("b", fx="PYTHON|3.12"), row("c", fx="PYTHON|3.12", config="PYTHON|3.9"),
        row("w", kind="app", reserved=False, fx=""), row("f", kind="functionapp,linux", fx="PYTHON|3.12")]


def test_counts_per_support_and_version_and_what_was_left_out():
    summary = report(ROWS).summary
    assert (summary["pythonApps"], summary["listed"]) == (3, 3)
    assert summary["bySupport"] == {"eol": 1, "active": 2}
    assert summary["byVersion"] == {"3.12": 2, "3.9": 1}
    assert summary["leftOut"] == {"windows": 1, "function": 1}
    assert summary["runtimeDisagreements"]["count"] == 1 and summary["complete"]


def test_filters_narrow_the_list_not_the_counts():
    result = report(ROWS, AuditArgs(support=frozenset({"eol"})))
    assert [r["name"] for r in result.records] == ["a"] and result.summary["pythonApps"] == 3


def test_incompleteness_names_scopes_partitions_and_the_subscription_limit():
    problems = incompleteness({"unreadable": [{"scope": "subscription x", "reason": "403"}],
                               "truncated": [{"scope": "s", "partition": (1, 4), "count": 1000, "total": 1300}],
                               "subscriptionLimitHit": True})
    assert problems[0].startswith("subscription x could not be read")
    assert "partition 2 of 4" in problems[1] and "1000 of 1300" in problems[1]
    assert "10,000 subscriptions" in problems[2]


def test_the_rendered_summary_says_what_people_need_and_that_arg_lags():
    lines = render_summary(report(ROWS).summary)
    assert lines[0].startswith("audit: 3 Python apps (3 listed) in 2 subscriptions; 3 Resource Graph queries in 1 round")
    assert "eol 1, active 2" in lines[1] and "3.12 2, 3.9 1" in lines[2]
    assert "Windows 1, function apps 1" in lines[3]
    assert "lag ARM" in lines[-1]
