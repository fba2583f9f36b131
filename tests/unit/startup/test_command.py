"""Startup commands: validation, parsing, building, startup files and the linter."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from azext_pyappsvc.startup.command import (
    LintContext, StartupCommandError, StartupFileInfo, build_gunicorn_command, build_oryx_command,
    is_single_token, lint_command, parse_command, parse_platform_bool, read_startup_file, split_words,
    validate_command,
)

FASTAPI = LintContext(asgi_app="main.py imports FastAPI")


def codes(command, context=LintContext()):
    return [issue.code for issue in lint_command(command, context)]


def errors(command, context=LintContext()):
    return [issue.code for issue in lint_command(command, context) if issue.severity == "error"]


# --- validation and parsing -------------------------------------------------------------------

@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    ("   ", "empty"),
    ("gunicorn app:app\necho hi", "more than one line"),
    ("gunicorn app:app\recho", "more than one line"),
    ("gunicorn\x00 app:app", "control character"),
    ("gunicorn \x07app:app", "control character"),
    ("gunicorn " + "x" * 4100, "4096"),
    ('gunicorn --name "unclosed app:app', "cannot be split"),
    ("gunicorn app:app \\", "cannot be split"),
    ("gunicorn --access-logfile '-' app:app", "single quote"),
])
def test_unsaveable_commands_are_refused_with_a_reason(text, fragment):
    with pytest.raises(StartupCommandError, match=fragment):
        parse_command(text)


def test_single_quote_message_explains_the_eval():
    with pytest.raises(StartupCommandError) as raised:
        validate_command("echo 'hi'")
    assert "eval" in str(raised.value) and "double quotes" in str(raised.value)


def test_validate_strips_and_allows_tabs_and_clearing():
    assert validate_command("  gunicorn\tapp:app  ") == "gunicorn\tapp:app"
    assert validate_command("  ", allow_empty=True) == ""
    assert validate_command("x" * 4096) == "x" * 4096


def test_parse_command_splits_like_a_posix_shell():
    assert parse_command('GUNICORN_CMD_ARGS="--timeout 600" gunicorn app:app') == [
        "GUNICORN_CMD_ARGS=--timeout 600", "gunicorn", "app:app"]


def test_is_single_token_and_split_words():
    assert is_single_token("startup.txt") and is_single_token('  "my startup.sh"  ')
    assert not is_single_token("gunicorn app:app")
    assert split_words("echo 'unclosed") == ["echo", "'unclosed"]


# --- builders ---------------------------------------------------------------------------------

def test_build_gunicorn_command_documented_form():
    assert build_gunicorn_command("hello:myapp", chdir="website", workers=4) == (
        "gunicorn --bind=0.0.0.0 --timeout 600 --workers=4 --chdir website hello:myapp")
    assert build_gunicorn_command("app:app") == "gunicorn --bind=0.0.0.0 --timeout 600 app:app"
    assert build_gunicorn_command("mysite.wsgi:application", timeout=None) == (
        "gunicorn --bind=0.0.0.0 mysite.wsgi:application")


def test_build_gunicorn_command_with_worker_class_and_spaced_folder():
    assert build_gunicorn_command("main:app", chdir="my site", worker_class="uvicorn_worker.UvicornWorker") == (
        'gunicorn --bind=0.0.0.0 --timeout 600 -k uvicorn_worker.UvicornWorker --chdir "my site" main:app')


@pytest.mark.parametrize("kwargs", [
    {"module": "app"}, {"module": "app:"}, {"module": "my-app:app"}, {"module": "app:app; rm -rf"},
    {"module": "app:app", "workers": 0}, {"module": "app:app", "timeout": -1},
    {"module": "app:app", "chdir": "it's"}, {"module": "app:app", "worker_class": "a b"},
])
def test_build_gunicorn_command_refuses_bad_input(kwargs):
    with pytest.raises(StartupCommandError):
        build_gunicorn_command(**kwargs)


def test_built_commands_lint_clean():
    assert lint_command(build_gunicorn_command("hello:myapp", chdir="website", workers=4)) == []


ORYX_BASE = "--timeout 600 --access-logfile '-' --error-logfile '-' -c /opt/startup/gunicorn.conf.py"


def test_build_oryx_command_for_a_detected_app():
    assert build_oryx_command("app:app", {}) == (
        f'GUNICORN_CMD_ARGS="{ORYX_BASE} --chdir=/home/site/wwwroot" gunicorn app:app')


def test_build_oryx_command_for_fastapi_puts_the_worker_before_the_module():
    assert build_oryx_command("main:app", {}, "uvicorn_worker.UvicornWorker").endswith(
        " gunicorn -k uvicorn_worker.UvicornWorker main:app")


def test_build_oryx_command_multiworkers():
    multi = {"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "true"}
    assert f"{ORYX_BASE} --workers=<2*cores+1> --chdir" in build_oryx_command("app:app", multi)
    assert "--workers=5 --chdir" in build_oryx_command("app:app", multi, cores=2)
    custom = {**multi, "PYTHON_GUNICORN_CUSTOM_WORKER_NUM": "3", "PYTHON_GUNICORN_CUSTOM_THREAD_NUM": "8"}
    assert "--workers=3 --threads=8 --chdir" in build_oryx_command("app:app", custom)
    off = {"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "false", "PYTHON_GUNICORN_CUSTOM_WORKER_NUM": "3"}
    assert "--workers" not in build_oryx_command("app:app", off)
    assert "--workers" not in build_oryx_command("app:app", {"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "yes"})


def test_build_oryx_command_for_the_default_app():
    assert "--chdir=/opt/defaultsite\" gunicorn application:app" in build_oryx_command(
        "application:app", {}, app_root="/opt/defaultsite")


@pytest.mark.parametrize("value, expected", [
    (None, False), ("", False), ("true", True), ("True", True), ("1", True), ("t", True),
    ("false", False), ("0", False), ("F", False), ("yes", None), ("tRUE", None), (" true", None),
])
def test_parse_platform_bool_is_go_parsebool(value, expected):
    assert parse_platform_bool(value) is expected


# --- startup files ----------------------------------------------------------------------------

def test_read_startup_file_first_line_and_ignored_lines():
    info = read_startup_file("startup.txt", "gunicorn app:app\r\n\n  \necho one\necho two\n")
    assert info == StartupFileInfo("startup.txt", True, "gunicorn app:app", 2)
    assert info.to_dict() == {"name": "startup.txt", "exists": True, "firstLine": "gunicorn app:app",
                              "ignoredLines": 2}


def test_read_startup_file_shell_script_runs_whole():
    assert read_startup_file("startup.sh", "#!/bin/sh\ngunicorn app:app\n") == StartupFileInfo(
        "startup.sh", True, "#!/bin/sh", 0)


def test_read_startup_file_missing_and_empty():
    assert read_startup_file("startup.txt", None) == StartupFileInfo("startup.txt", False, None, 0)
    assert read_startup_file("startup.txt", "") == StartupFileInfo("startup.txt", True, "", 0)


# --- lint: gunicorn errors --------------------------------------------------------------------

@pytest.mark.parametrize("command, code", [
    ("gunicorn --timeout:600 app:app", "gunicorn.unknown-option"),
    ("gunicorn --bogus --timeout 600 app:app", "gunicorn.unknown-option"),
    ("gunicorn --timeout 600 app:app --workers", "gunicorn.missing-value"),
    ("gunicorn --timeout 600 -w abc app:app", "gunicorn.invalid-value"),
    ("gunicorn --timeout 600 --workers=abc app:app", "gunicorn.invalid-value"),
    ("gunicorn --timeout 600 --w 2 app:app", "gunicorn.ambiguous-option"),
    ("gunicorn --timeout 600 --version", "gunicorn.exits"),
    ("gunicorn --bind localhost:8000 --timeout 600 app:app", "bind.host"),
    ("gunicorn --bind=127.0.0.1 --timeout 600 app:app", "bind.host"),
    ("gunicorn -b [::1]:8000 --timeout 600 app:app", "bind.host"),
    ("gunicorn -b unix:/tmp/g.sock --timeout 600 app:app", "bind.host"),
    ("gunicorn -b 0.0.0.0:http --timeout 600 app:app", "bind.invalid"),
])
def test_gunicorn_errors(command, code):
    assert errors(command) == [code]


def test_unknown_option_message_says_what_and_how_to_fix():
    issue = lint_command("gunicorn --timeout:600 app:app")[0]
    assert issue.severity == "error" and "--timeout:600" in issue.message and "--timeout 600" in issue.fix


def test_bind_host_error_explains_the_pings():
    issue = lint_command("gunicorn --bind=127.0.0.1 --timeout 600 app:app")[0]
    assert "didn't respond to HTTP pings" in issue.message and "0.0.0.0" in issue.fix


# --- lint: gunicorn warnings and clean commands -----------------------------------------------

@pytest.mark.parametrize("command", [
    "gunicorn --bind=0.0.0.0 --timeout 600 app:app",
    "gunicorn --bind 0.0.0.0:8000 --timeout=600 app:app",
    "gunicorn -b :8000 -t 600 app:app",
    "gunicorn -b [::]:8000 -t 600 app:app",
    "gunicorn -b 0.0.0.0:$PORT -t 600 app:app",
    "gunicorn --bind=${HOST}:${PORT} --timeout 600 app:app",
    "gunicorn --time 600 app:app",  # gunicorn accepts the abbreviation, so do we
    "gunicorn --timeout 600 --workers $WORKERS app:app",
    "/home/site/wwwroot/antenv/bin/gunicorn --timeout 600 app:app",
    "python -m gunicorn --timeout 600 app:app",
    "python3.12 -u -m gunicorn --timeout 600 app:app",
    "exec gunicorn --timeout 600 app:app",
    'GUNICORN_CMD_ARGS="--timeout 600" gunicorn app:app',
    "gunicorn -c gunicorn.conf.py app:app",
    "cd src && gunicorn --timeout 600 app:app",
    "python app.py",
    "startup.sh",
])
def test_clean_commands(command):
    assert lint_command(command) == []


def test_no_timeout_warns():
    issues = lint_command("gunicorn --bind=0.0.0.0 app:app")
    assert [(i.code, i.severity) for i in issues] == [("gunicorn.timeout", "warning")]
    assert "30" in issues[0].message and "600" in issues[0].fix


def test_other_port_warns():
    assert [(i.code, i.severity) for i in lint_command("gunicorn --bind 0.0.0.0:5000 --timeout 600 app:app")] == [
        ("bind.port", "warning")]


def test_port_follows_the_context():
    assert codes("gunicorn --bind 0.0.0.0:5000 --timeout 600 app:app", LintContext(port="5000")) == []
    assert codes("gunicorn --bind 0.0.0.0:8000 --timeout 600 app:app", LintContext(port="5000")) == ["bind.port"]


def test_asgi_app_on_the_sync_worker_warns():
    assert codes("gunicorn --timeout 600 main:app", FASTAPI) == ["asgi.sync-worker"]
    assert codes("gunicorn --timeout 600 -k sync main:app", FASTAPI) == ["asgi.sync-worker"]


@pytest.mark.parametrize("worker", [
    "-k uvicorn.workers.UvicornWorker", "-k uvicorn_worker.UvicornWorker",
    "--worker-class=uvicorn_worker.UvicornWorker",
    "--worker-class uvicorn.workers.UvicornH11Worker", "-k asgi",
])
def test_uvicorn_worker_silences_the_asgi_warning(worker):
    assert codes(f"gunicorn --timeout 600 {worker} main:app", FASTAPI) == []


def test_asgi_worker_given_in_gunicorn_cmd_args_counts():
    assert codes('GUNICORN_CMD_ARGS="-k uvicorn_worker.UvicornWorker --timeout 600" gunicorn main:app', FASTAPI) == []


def test_errors_inside_gunicorn_cmd_args_are_found():
    issues = lint_command('GUNICORN_CMD_ARGS="--timeout:600" gunicorn app:app')
    assert issues[0].code == "gunicorn.unknown-option" and issues[0].message.startswith("In GUNICORN_CMD_ARGS")


def test_missing_app_module_and_daemon_warn():
    assert codes("gunicorn --timeout 600") == ["gunicorn.missing-app"]
    assert codes("gunicorn -D --timeout 600 app:app") == ["gunicorn.daemon"]


# --- lint: other servers ----------------------------------------------------------------------

@pytest.mark.parametrize("command, expected", [
    ("uvicorn main:app", ["bind.host"]),
    ("uvicorn main:app --host 127.0.0.1", ["bind.host"]),
    ("uvicorn main:app --host 0.0.0.0", []),
    ("uvicorn main:app --host=0.0.0.0 --port 8000", []),
    ("python -m uvicorn main:app --host 0.0.0.0 --port 5000", ["bind.port"]),
    ("UVICORN_HOST=0.0.0.0 uvicorn main:app", []),
    ("uvicorn main:app --uds /tmp/u.sock", []),
    ("flask run", ["bind.host", "bind.port", "server.development"]),
    ("flask run --host 0.0.0.0 --port 8000", ["server.development"]),
    ("flask --app app run -h 0.0.0.0 -p 8000", ["server.development"]),
    ("python manage.py runserver", ["bind.host", "server.development"]),
    ("python manage.py runserver 127.0.0.1:8000", ["bind.host", "server.development"]),
    ("python manage.py runserver 0.0.0.0:8000", ["server.development"]),
    ("python manage.py runserver 0:8000", ["server.development"]),
    ("python manage.py runserver 5000", ["bind.host", "bind.port", "server.development"]),
    ("python manage.py migrate && python manage.py runserver 0.0.0.0:8000", ["server.development"]),
    ("fastapi dev main.py", ["bind.host", "server.development"]),
    ("fastapi run main.py", []),
])
def test_other_servers(command, expected):
    assert codes(command) == expected


# --- lint: startup files ----------------------------------------------------------------------

def test_missing_startup_file_warns():
    context = LintContext(startup_file=StartupFileInfo("startup.txt", False, None, 0))
    issues = lint_command("startup.txt", context)
    assert [(i.code, i.severity) for i in issues] == [("file.missing", "warning")]
    assert "startup.txt: not found" in issues[0].message


def test_startup_file_with_more_lines_warns_and_its_first_line_is_linted():
    info = read_startup_file("startup.txt", "gunicorn --bind=127.0.0.1 app:app\npip install x\n")
    issues = lint_command("startup.txt", LintContext(startup_file=info))
    assert [i.code for i in issues] == ["file.extra-lines", "bind.host", "gunicorn.timeout"]
    assert issues[1].message.startswith("In startup.txt, line 1:")


def test_shell_script_startup_file_is_not_linted_line_by_line():
    info = read_startup_file("startup.sh", "#!/bin/sh\ngunicorn --bind=127.0.0.1 app:app\n")
    assert lint_command("startup.sh", LintContext(startup_file=info)) == []


def test_startup_file_first_line_may_use_single_quotes():
    info = read_startup_file("startup.txt", "gunicorn --timeout 600 --access-logfile '-' app:app\n")
    assert lint_command("startup.txt", LintContext(startup_file=info)) == []


# --- properties -------------------------------------------------------------------------------

WORDS = st.sampled_from([
    "gunicorn", "uvicorn", "flask", "run", "python", "-m", "manage.py", "runserver", "fastapi", "dev", "exec",
    "--bind", "-b", "--timeout", "-t", "--time", "-w", "-k", "--host", "--port", "-h", "-p", "--", "-", "=",
    "0.0.0.0:8000", "localhost", "127.0.0.1", ":", "[::1]", "$PORT", "${", "app:app", "&&", ";", "||", '"', "\\",
    "'", "\n", "\x00", "\t", "GUNICORN_CMD_ARGS=", "unix:", "fd://", "-Rw3", "--reload=1", "0", "-1", "abc",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=12).map(" ".join)))
def test_parse_and_lint_never_raise_anything_but_startup_command_error(text):
    try:
        parse_command(text)
    except StartupCommandError:
        pass
    try:
        issues = lint_command(text, FASTAPI)
    except StartupCommandError:
        return
    assert all(issue.severity in ("error", "warning") and issue.message and issue.fix for issue in issues)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=8).map(" ".join), st.text(max_size=80))
def test_lint_with_any_startup_file_never_raises_anything_else(command, file_text):
    context = LintContext(asgi_app="app.py imports FastAPI", startup_file=read_startup_file("startup.txt", file_text))
    try:
        lint_command(command, context)
    except StartupCommandError:
        pass
