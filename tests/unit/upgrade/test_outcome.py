"""set-version --verify's report."""
from azext_pyappsvc.upgrade.outcome import Seen, Written, exit_code, verification
from azext_pyappsvc.upgrade.verify import FAILED, RUNNING, WAITING, StartState

WRITTEN = Written("PYTHON|3.13", "PYTHON|3.12", "3.13", "-g rg -n web")
FAILURE = StartState(FAILED, "3.13", "failing site start", "the app imports distutils", "Replace it.")


def test_running():
    block = verification(Seen(StartState(RUNNING, "3.13", "ready"), "decided", 8.04, 200), WRITTEN)
    assert block["message"] == "The app restarted and is running on Python 3.13." and exit_code(block) == 0
    assert block["seconds"] == 8.0


def test_failed_without_and_with_rollback():
    kept = verification(Seen(FAILURE, "decided", 9, 503), WRITTEN)
    assert "stays PYTHON|3.13" in kept["message"] and "set-version 3.12 -g rg -n web" in kept["message"]
    assert exit_code(kept) == 1 and kept["rolledBack"] is False
    undone = verification(Seen(FAILURE, "decided", 9, 503), WRITTEN, "")
    assert undone["rolledBack"] is True and undone["linuxFxVersion"] == "PYTHON|3.12"
    broken = verification(Seen(FAILURE, "decided", 9, 503), WRITTEN, "Azure answered 500.")
    assert "rollback failed: Azure answered 500. linuxFxVersion is still PYTHON|3.13" in broken["message"]


def test_timeout_and_interrupt_say_what_was_written_and_seen():
    waiting = StartState(WAITING, None, "2026-12-03T12:00:01Z INFO  - Starting container for site")
    late = verification(Seen(waiting, "timeout", 60, 503), WRITTEN)
    assert "linuxFxVersion is PYTHON|3.13 (was PYTHON|3.12)" in late["message"]
    assert "the site answered 503" in late["message"] and "Starting container" in late["message"]
    assert exit_code(late) == 1
    stopped = verification(Seen(StartState(WAITING), "interrupted", 4, None), WRITTEN)
    assert stopped["message"].startswith("Stopped watching (Ctrl-C) after 4 s")
    assert "the site did not answer; the log showed no new start yet" in stopped["message"]
    assert exit_code(stopped) == 130
