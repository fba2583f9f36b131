"""init_container.sh's and Oryx's small rules, with literal inputs."""
from __future__ import annotations

import pytest

from azext_pyappsvc.startup.oryx import (go_bool_failure, head_line, read_user_command, run_after, through_eval)
from azext_pyappsvc.startup.rules import go_version_at_least


@pytest.mark.parametrize("text, line", [("a\nb\n", "a"), ("a\r\nb", "a\r"), ("", ""), ("\n", ""), ("  x  \n", "  x  ")])
def test_head_line(text, line):
    assert head_line(text) == line


@pytest.mark.parametrize("line, received", [
    ("gunicorn app:app", "gunicorn app:app"), ("gunicorn --access-logfile '-' app:app", "gunicorn --access-logfile - app:app"),
    ("echo ''", "echo "), ("echo it's", None), ("python -c 'print(1)'", None), ("echo '$HOME'", None),
])
def test_through_eval(line, received):
    assert through_eval(line)[0] == received
    assert (through_eval(line)[1] is None) == (received is not None)


@pytest.mark.parametrize("value, fails", [("1", False), ("True", False), ("f", False), ("", False), ("yes", True),
                                          ("tRuE", True), ("on", True)])
def test_go_bool_failure(value, fails):
    assert (go_bool_failure({"X": value}, "X") is not None) == fails


def test_read_user_command_cases():
    assert read_user_command("startup.txt", "", "wwwroot").command == ""
    crlf = read_user_command("startup.txt", "gunicorn app:app\r\n", "wwwroot")
    assert crlf.command == "gunicorn app:app\r" and "CRLF" in crlf.failure
    assert "blanks" in read_user_command("startup.txt", "   \n", "wwwroot").failure
    script = read_user_command("run.sh", "#!/bin/sh\r\necho hi\r\n", "wwwroot")
    assert script.command == "run.sh" and "CRLF" in script.failure
    assert read_user_command("gunicorn", None, "wwwroot").command == "gunicorn"


def test_run_after_stops_at_the_next_heading():
    assert run_after("run: a\nb\nc: d\ne\n") == "a\nb"
    assert run_after(" run: a\n") is None and run_after("run:\n") is None and run_after(None) is None


@pytest.mark.parametrize("text, ok", [("3.14", True), ("3.14.1", True), ("4.0", True), ("3.13.9", False),
                                      ("3", False), ("x.14", False), ("3.14rc1", True)])
def test_go_version_at_least(text, ok):
    assert go_version_at_least(text, 3, 14) == ok
