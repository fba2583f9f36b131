"""doctor logs: the known docker log lines, their causes and fixes, and what a quoted line may show."""
from __future__ import annotations

import pytest

from azext_pyappsvc.doctor.constants import MAX_QUOTE_CHARS
from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.doctor.logs import PATTERNS, scan_log

TS = "2026-11-25T10:00:01.123456789Z"


@pytest.mark.parametrize("line, title, fragment", [
    (f"{TS} WARNING: Could not find virtual environment directory /home/site/wwwroot/antenv.",
     "no virtual environment", "no Oryx build ran"),
    (f"{TS} Invalid value 'yes' for 'PYTHON_ENABLE_GUNICORN_MULTIWORKERS'. Value can either be 'true' or 'false'",
     "invalid boolean setting", "PYTHON_ENABLE_GUNICORN_MULTIWORKERS is not true/false"),
    (f"{TS} ModuleNotFoundError: No module named 'flask_sqlalchemy'", "ModuleNotFoundError", "'flask_sqlalchemy'"),
    (f"{TS} [ERROR] Failed to find attribute 'app' in 'application'.", "app object not found",
     "no object named 'app'"),
    (f"{TS} /opt/startup/startup.sh: 7: gunicorn: not found", "not found", "'gunicorn'"),
    (f"{TS} TypeError: __call__() missing 1 required positional argument: 'send'", "ASGI app on a WSGI worker",
     "sync (WSGI) worker"),
    (f"{TS} gunicorn: error: unrecognized arguments: --timeout:600", "gunicorn arguments", "--timeout:600"),
    (f"{TS} Error: No application module specified.", "no app module", "without an app module"),
    (f"{TS} Invalid HTTP_HOST header: 'web.azurewebsites.net'. You may need to add 'web.azurewebsites.net' to "
     "ALLOWED_HOSTS.", "Django ALLOWED_HOSTS", "ALLOWED_HOSTS"),
    (f"{TS} [ERROR] Connection in use: ('0.0.0.0', 8000)", "address in use", "same port"),
    (f"{TS} OSError: [Errno 98] Address already in use", "address in use", "same port"),
    (f"{TS} [INFO] Reason: Worker failed to boot.", "worker failed to boot", "crashed while gunicorn imported"),
    (f"{TS} [ERROR] Exception in worker process", "worker failed to boot", "crashed"),
    (f"{TS} ERROR - Container web_0_abc didn't respond to HTTP pings on port: 8000, failing site start.",
     "HTTP pings", "port 8000"),
    (f"{TS} ERROR - Container web_0_abc for site web did not start within expected time limit. Elapsed time = 230 sec",
     "start time limit", "time limit"),
    (f"{TS} [CRITICAL] WORKER TIMEOUT (pid:42)", "WORKER TIMEOUT", "timeout"),
])
def test_each_known_line_names_its_cause(line, title, fragment):
    matches = scan_log(f"{TS} Starting gunicorn 23.0.0\n{line}\n{TS} Booting worker with pid: 43\n")
    assert [m.title for m in matches] == [title]
    assert fragment in matches[0].cause and matches[0].fix
    assert matches[0].line.endswith(line.strip()[-40:])


def test_every_pattern_is_exercised_above():
    assert len({pattern.title for pattern in PATTERNS}) == len(PATTERNS) == 14


def test_an_unknown_log_has_no_match():
    assert scan_log(f"{TS} Listening at: http://0.0.0.0:8000 (1)\n{TS} Booting worker with pid: 7\n") == []
    assert scan_log("") == []


def test_the_most_specific_cause_leads_and_names_the_missing_module():
    log = "\n".join([
        f"{TS} Site's appCommandLine: ",
        f"{TS} WARNING: Could not find virtual environment directory /home/site/wwwroot/antenv.",
        f"{TS} [ERROR] Exception in worker process",
        f"{TS} ModuleNotFoundError: No module named 'django'",
        f"{TS} [INFO] Reason: Worker failed to boot.",
        f"{TS} ERROR - Container web_0 didn't respond to HTTP pings on port: 8000, failing site start.",
    ])
    titles = [m.title for m in scan_log(log)]
    assert titles == ["no virtual environment", "ModuleNotFoundError", "worker failed to boot", "HTTP pings"]
    assert "'django' is missing" in scan_log(log)[0].cause
    assert "SCM_DO_BUILD_DURING_DEPLOYMENT=true" in scan_log(log)[0].fix


def test_the_latest_occurrence_is_quoted():
    log = f"{TS} ModuleNotFoundError: No module named 'old'\n{TS} ModuleNotFoundError: No module named 'new'\n"
    assert "'new'" in scan_log(log)[0].cause and scan_log(log)[0].line.endswith("'new'")


def test_a_missing_startup_file_is_recognised_from_the_app_command_line():
    log = f"{TS} Site's appCommandLine: startup.txt\n{TS} /opt/startup/startup.sh: 7: startup.txt: not found\n"
    match = scan_log(log)[0]
    assert match.title == "startup file not found" and "startup file 'startup.txt'" in match.cause


def test_worker_timeout_alone_is_a_warning():
    assert scan_log(f"{TS} [CRITICAL] WORKER TIMEOUT (pid:9)")[0].status == Status.WARN


def test_secret_values_in_a_log_line_are_masked_before_trimming():
    secret = "Sup3r-S3cret-Connection-String"
    line = f"{TS} ModuleNotFoundError: No module named 'x' while connecting to {secret}"
    match = scan_log(line, [secret])[0]
    assert secret not in match.line and "***" in match.line


def test_a_secret_in_a_captured_group_is_masked_in_the_cause():
    secret = "TopSecretModuleName42"
    match = scan_log(f"ModuleNotFoundError: No module named '{secret}'", [secret])[0]
    assert secret not in match.cause + match.fix + match.line


def test_a_secret_cut_by_trimming_leaks_no_prefix():
    secret = "abcdefghijklmnopqrstuvwxyz0123456789"
    line = "ModuleNotFoundError: No module named 'm' " + "x" * (MAX_QUOTE_CHARS - 60) + secret
    match = scan_log(line, [secret])[0]
    assert "abcdefghij" not in match.line and len(match.line) <= MAX_QUOTE_CHARS


def test_long_lines_are_trimmed():
    match = scan_log("[CRITICAL] WORKER TIMEOUT " + "y" * 1000)[0]
    assert len(match.line) <= MAX_QUOTE_CHARS and match.line.endswith("...")


def test_the_invalid_boolean_value_is_never_quoted_even_when_short():
    match = scan_log("Invalid value 'yes' for 'PYTHON_ENABLE_GUNICORN_MULTIWORKERS'. Value can either be 'true' "
                     "or 'false'", ["yes"])[0]
    assert "'yes'" not in match.line and "Invalid value '***'" in match.line
    assert "yes" not in match.cause + match.fix
