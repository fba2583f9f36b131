"""The docker log lines that name a cause (reference section 6): what they mean and what to do (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .constants import (MASK, MAX_QUOTE_CHARS, PORT, SCM_BUILD_SETTING, START_TIME_LIMIT_DEFAULT_SECONDS,
                        START_TIME_LIMIT_MAX_SECONDS, START_TIME_LIMIT_SETTING)
from .findings import Status
from .redact import quote

APP_COMMAND_LINE = re.compile(r"Site's appCommandLine:\s*(?P<command>\S+)\s*$")
STARTUP_FILE_CAUSE = "The startup file '{name}' is not in wwwroot, so the container runs it as a command and stops."
STARTUP_FILE_FIX = "Deploy {name} to the app root (site/wwwroot), or set the startup command itself instead of a file."
BUILD_FIX = f"Set the app setting {SCM_BUILD_SETTING}=true and redeploy (a ZIP deployment builds only then)."


@dataclass(frozen=True)
class LogPattern:
    """A known log line: how to recognise it, what it means ({group} fields filled from the match)."""

    title: str
    regex: re.Pattern[str]
    cause: str
    fix: str
    status: Status = Status.FAIL
    redact: re.Pattern[str] | None = None  # part of the line that may hold a setting value


@dataclass(frozen=True)
class LogMatch:
    """A known error found in a log: its cause and fix, and the line, masked and trimmed."""

    title: str
    cause: str
    fix: str
    status: Status
    line: str
    groups: dict[str, str]


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text)


PATTERNS: tuple[LogPattern, ...] = (  # most specific cause first: the first match leads the finding
    LogPattern("no virtual environment", _p(r"Could not find virtual environment directory"),
               "No virtual environment (antenv) at start-up: no Oryx build ran{missing}.", BUILD_FIX),
    LogPattern("invalid boolean setting", _p(r"Invalid value\s+'[^']*'\s+for\s+'?(?P<name>[A-Za-z_][A-Za-z0-9_]*)"),
               "App setting {name} is not true/false, so Oryx stops and the container does not start.",
               "Set {name} to true or false.", redact=_p(r"(?<=Invalid value ')[^']*")),
    LogPattern("ModuleNotFoundError", _p(r"ModuleNotFoundError: No module named '(?P<module>[^']+)'"),
               "Module '{module}' is not installed (no build, or missing from requirements.txt), or the startup "
               "command names a wrong module.",
               "If '{module}' is a package, add it to requirements.txt and make sure the deployment builds "
               f"({SCM_BUILD_SETTING}=true); if it is your own module, fix the module path or --chdir in the "
               "startup command."),
    LogPattern("app object not found", _p(r"Failed to find attribute '(?P<attr>[^']+)' in '(?P<module>[^']+)'"),
               "gunicorn imported '{module}' but found no object named '{attr}' in it.",
               "Name the app object '{attr}' in {module}, or set a startup command that names it "
               "(gunicorn ... {module}:<name>)."),
    LogPattern("not found", _p(r"(?:^|\s)(?P<name>[^\s:]+): not found\s*$"),
               "'{name}' is neither a file in the app nor an installed command.",
               "If it is the startup file, deploy it to the app root; if it is a program such as gunicorn, add it "
               "to requirements.txt and make sure the deployment builds."),
    LogPattern("ASGI app on a WSGI worker", _p(r"__call__\(\) missing \d+ required positional argument: 'send'"),
               "An ASGI app (FastAPI) is served by gunicorn's sync (WSGI) worker.",
               "Add -k uvicorn_worker.UvicornWorker to the startup command and uvicorn-worker to requirements.txt."),
    LogPattern("gunicorn arguments", _p(r"gunicorn: error: (?P<detail>.+)"),
               "gunicorn rejects its command line: {detail}", "Fix the startup command's options."),
    LogPattern("no app module", _p(r"No application module specified"),
               "gunicorn was started without an app module.",
               "Name the app at the end of the command, e.g. gunicorn --bind=0.0.0.0 --timeout 600 app:app."),
    LogPattern("Django ALLOWED_HOSTS", _p(r"Invalid HTTP_HOST header: '(?!169\.254\.)(?P<host>[^']+)'"),
               "Django rejects requests for {host}: the host is not in ALLOWED_HOSTS.",
               "Add the site's host name to ALLOWED_HOSTS (e.g. from the WEBSITE_HOSTNAME environment variable)."),
    LogPattern("address in use", _p(r"Address already in use|Connection in use"),
               "Two servers try to listen on the same port.",
               "Start one server only: no app.run() at import time under gunicorn, no second server in the command."),
    LogPattern("worker failed to boot", _p(r"Worker failed to boot|Exception in worker process"),
               "The app crashed while gunicorn imported it (the traceback above this line says why).",
               "Read the traceback (az webapp log tail), fix the import-time error, and try the same gunicorn "
               "command locally."),
    LogPattern("HTTP pings", _p(r"didn't respond to HTTP pings on port:?\s*(?P<port>\d+)"),
               "The container did not answer on port {port}: it crashed, or listens on another host or port.",
               f"Listen on 0.0.0.0:$PORT ({PORT}) (see network.port), and look above this line for a crash."),
    LogPattern("start time limit", _p(r"did not start within expected time limit"),
               "The container did not start within the time limit.",
               f"Make start-up faster, or raise {START_TIME_LIMIT_SETTING} (default "
               f"{START_TIME_LIMIT_DEFAULT_SECONDS} s, at most {START_TIME_LIMIT_MAX_SECONDS})."),
    LogPattern("WORKER TIMEOUT", _p(r"\[CRITICAL\] WORKER TIMEOUT"),
               "A gunicorn worker ran longer than its timeout (a slow request or a slow start-up).",
               "Raise --timeout (App Service uses 600 for detected apps), or make the slow path faster.",
               Status.WARN),
)


def _last_match(pattern: LogPattern, lines: Sequence[str]) -> tuple[str, re.Match[str]] | None:
    for line in reversed(lines):
        match = pattern.regex.search(line)
        if match:
            return line, match
    return None


def scan_log(text: str, secrets: Iterable[str] = ()) -> list[LogMatch]:
    """The known errors in a log, most specific first; each quotes its latest line, secrets masked."""
    lines, secrets = text.splitlines(), tuple(secrets)
    found = []
    for pattern in PATTERNS:
        hit = _last_match(pattern, lines)
        if hit is None:
            continue
        line, match = hit
        if pattern.redact is not None:
            line = pattern.redact.sub(MASK, line)
        groups = {key: quote(value or "", secrets, MAX_QUOTE_CHARS // 2) for key, value in match.groupdict().items()}
        found.append(LogMatch(pattern.title, pattern.cause.format(missing="", **groups),
                              pattern.fix.format(**groups), pattern.status, quote(line, secrets, MAX_QUOTE_CHARS),
                              groups))
    return _with_startup_file(_with_missing_module(found), lines)


def _with_missing_module(found: list[LogMatch]) -> list[LogMatch]:
    """Name the missing module in the no-build cause when both lines are in the log."""
    module = next((m.groups.get("module") for m in found if m.title == "ModuleNotFoundError"), None)
    if not found or found[0].title != "no virtual environment" or not module:
        return found
    first = found[0]
    cause = PATTERNS[0].cause.format(missing=f", so '{module}' is missing")
    return [LogMatch(first.title, cause, first.fix, first.status, first.line, first.groups), *found[1:]]


def _with_startup_file(found: list[LogMatch], lines: Sequence[str]) -> list[LogMatch]:
    """Say "startup file missing" when the name not found is the one-word appCommandLine the log shows."""
    commands = [match.group("command") for match in map(APP_COMMAND_LINE.search, lines) if match]
    result = []
    for match in found:
        name = match.groups.get("name")
        if match.title == "not found" and commands and name == commands[-1]:
            match = LogMatch("startup file not found", STARTUP_FILE_CAUSE.format(name=name),
                             STARTUP_FILE_FIX.format(name=name), match.status, match.line, match.groups)
        result.append(match)
    return result
