"""Reading the new start from the docker log and the site's answer."""
from datetime import datetime, timezone

from azext_pyappsvc.upgrade.verify import (FAILED, RUNNING, WAITING, judge_start, line_time, new_start_lines,
                                           python_seen)

SINCE = datetime(2026, 12, 3, 12, 0, 0, tzinfo=timezone.utc)
OLD = "2026-11-25T06:00:01.000Z INFO  - Starting container for site\n2026-11-25T06:00:05.000Z INFO  - Site started successfully\n"
NEW = ("2026-12-03T12:00:01.100Z INFO  - Pulling image: mcr.microsoft.com/appsvc/python:3.13_20261101.1.tuxprod\n"
       "2026-12-03T12:00:01.200Z INFO  - Starting container for site\n"
       "2026-12-03T12:00:03.000Z Python 3.13.1\n")
OK_END = "2026-12-03T12:00:09.000Z INFO  - Container a_1 for site a initialized successfully and is ready to serve requests.\n"
FAIL_END = ("2026-12-03T12:00:05.000Z ModuleNotFoundError: No module named 'distutils'\n"
            "2026-12-03T12:00:09.000Z ERROR - Container a_1 didn't respond to HTTP pings on port: 8000, failing site start.\n")


def test_line_time_and_the_new_start():
    assert line_time("2026-12-03T12:00:01.123456789Z x") == datetime(2026, 12, 3, 12, 0, 1, tzinfo=timezone.utc)
    assert line_time("no stamp") is None
    assert new_start_lines(OLD, SINCE) == []
    assert new_start_lines(OLD + NEW, SINCE)[0].endswith("tuxprod")


def test_python_seen_prefers_the_banner():
    assert python_seen(NEW.splitlines()) == "3.13"
    assert python_seen(NEW.splitlines()[:1]) == "3.13"
    assert python_seen(["nothing"]) is None


def test_running_needs_the_platform_line_and_an_answer_that_is_not_an_error():
    lines = new_start_lines(OLD + NEW + OK_END, SINCE)
    assert judge_start(lines, 200, "3.13").phase == RUNNING
    assert judge_start(lines, 503, "3.13").phase == WAITING
    assert judge_start(new_start_lines(OLD + NEW, SINCE), 200, "3.13").phase == WAITING


def test_a_failed_start_names_a_removed_module_as_the_cause():
    state = judge_start(new_start_lines(OLD + NEW + FAIL_END, SINCE), 503, "3.13")
    assert state.phase == FAILED and "distutils" in state.cause and "PEP 632" in state.cause
    assert "upgrade-check --to 3.13" in state.fix


def test_a_failed_start_with_another_cause_uses_doctors_reading():
    text = NEW + ("2026-12-03T12:00:05.000Z ModuleNotFoundError: No module named 'flask'\n"
                  "2026-12-03T12:00:09.000Z ERROR - Container a_1 for site a has exited, failing site start\n")
    state = judge_start(new_start_lines(text, SINCE), None, "3.13")
    assert state.phase == FAILED and "'flask' is not installed" in state.cause
