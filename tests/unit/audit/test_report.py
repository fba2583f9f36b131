"""audit/report.py: the records in order, and the --fail-on gate."""
from __future__ import annotations

from azext_pyappsvc.audit.filters import AuditArgs
from tests.unit.audit.test_summary import COMPLETE, ROWS, report


def test_records_come_most_urgent_first():
    assert [r["name"] for r in report(ROWS).records] == ["a", "b", "c"]


def test_the_gate_fails_on_a_match_and_on_an_incomplete_answer():
    assert report(ROWS, AuditArgs(fail_on="eol")).gate_fails
    assert not report(ROWS, AuditArgs(fail_on="deprecated")).gate_fails
    partial = {**COMPLETE, "truncated": [{"scope": "subscription s", "partition": (0, 2), "count": 1000, "total": 1200}]}
    assert report(ROWS, AuditArgs(fail_on="deprecated"), partial).gate_fails
    assert not report(ROWS, AuditArgs(), partial).gate_fails
