"""Every differential case of oryx_cases.py through predict_startup, over literal trees."""
from __future__ import annotations

import pytest

from azext_pyappsvc.source.tree import MemoryTree
from azext_pyappsvc.startup.detection import BuildInputs, predict_startup
from tests.unit.startup.oryx_cases import CASES


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case):
    extracted = case.get("extracted")
    build = BuildInputs(MemoryTree(extracted, description="the compressed output") if extracted is not None else None)
    result = predict_startup(MemoryTree(case["wwwroot"]), case.get("command_line", ""), case.get("version", "3.12"),
                             case.get("settings", {}), build)
    expect = case["expect"]
    assert case["decided_by"]
    if "source" in expect:
        assert result.source == expect["source"], result.reasons
    if "command" in expect:
        assert result.command == expect["command"], result.reasons
    if "failure" in expect:
        if expect["failure"] is None:
            assert result.failure is None, result.failure
        else:
            assert expect["failure"] in (result.failure or ""), (result.failure, result.reasons)
    if "archive" in expect:
        assert result.build["archive"] == expect["archive"]
    if "run_after" in expect:
        assert result.run_after == expect["run_after"]
    if "pre_run" in expect:
        assert result.pre_run_command == expect["pre_run"]
    if "reason" in expect:
        assert any(expect["reason"] in reason for reason in result.reasons), result.reasons
    if "no_reason" in expect:
        assert not any(expect["no_reason"] in reason for reason in result.reasons), result.reasons
    if "env" in expect:
        assert result.env == expect["env"]
