"""A startup command (siteConfig.appCommandLine): validate, parse, build and lint it (pure).

Why gunicorn's options are a generated table (gunicorn/options.py) and not an
import of gunicorn: gunicorn.config imports pwd, grp and fcntl, so it cannot be
imported on Windows, and this extension runs wherever az runs. Nor should the
lint depend on whichever gunicorn happens to be installed next to az. So
scripts/generate_gunicorn_options.py copies the flags, arities and value types
from gunicorn.config.KNOWN_SETTINGS into a dict literal, and
tests/unit/startup/gunicorn/test_options.py fails when that copy drifts from the
installed gunicorn. gunicorn/argv.py reads a command line with that table the
way gunicorn's argparse parser does; servers.py knows the other servers.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from .servers import (
    PLATFORM_PORT,
    PLATFORM_TIMEOUT_SECONDS,
    WILDCARD_HOST,
    LintIssue,
    lint_invocation,
    split_invocations,
)

__all__ = [
    "LintContext", "LintIssue", "StartupCommandError", "StartupFileInfo", "build_gunicorn_command",
    "build_oryx_command", "is_single_token", "lint_command", "parse_command", "parse_platform_bool",
    "read_startup_file", "split_words", "validate_command",
]

MAX_COMMAND_LENGTH = 4096
SHELL_SCRIPT_SUFFIX = ".sh"
APP_ROOT = "/home/site/wwwroot"
DEFAULT_APP_ROOT = "/opt/defaultsite"
ORYX_GUNICORN_CONFIG = "/opt/startup/gunicorn.conf.py"
ORYX_GUNICORN_ARGS = ("--timeout 600", "--access-logfile '-'", "--error-logfile '-'")
GUNICORN_CONFIG_SETTING = "PYTHON_USE_GUNICORN_CONFIG_FROM_PATH"  # the image sets it to ORYX_GUNICORN_CONFIG
MULTIWORKERS_SETTING = "PYTHON_ENABLE_GUNICORN_MULTIWORKERS"
CUSTOM_WORKER_NUM_SETTING = "PYTHON_GUNICORN_CUSTOM_WORKER_NUM"
CUSTOM_THREAD_NUM_SETTING = "PYTHON_GUNICORN_CUSTOM_THREAD_NUM"
UNKNOWN_CORES_WORKERS = "<2*cores+1>"  # Oryx computes (2 * NumCPU) + 1 on the instance; we cannot see it
GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})  # Go's strconv.ParseBool, which Oryx uses
GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
APP_MODULE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$")
SAFE_PATH = re.compile(r"^[\w./-]+$")
UNQUOTABLE_PATH_CHARS = frozenset("\"$`\\'")


class StartupCommandError(ValueError):
    """A startup command that can never be saved; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class StartupFileInfo:
    """A startup file named by appCommandLine, as the container reads it."""

    name: str
    exists: bool
    first_line: str | None
    ignored_lines: int

    def to_dict(self) -> dict[str, Any]:
        """Return the camelCase form used in command output."""
        return {"name": self.name, "exists": self.exists, "firstLine": self.first_line,
                "ignoredLines": self.ignored_lines}


@dataclass(frozen=True)
class LintContext:
    """What the linter knows about the app besides the command."""

    asgi_app: str | None = None  # e.g. "main.py imports FastAPI"
    startup_file: StartupFileInfo | None = None
    port: str = PLATFORM_PORT


def validate_command(text: str, allow_empty: bool = False) -> str:
    """Return the stripped command, or raise StartupCommandError if it can never be saved."""
    command = text.strip()
    if not command:
        if allow_empty:
            return ""
        raise StartupCommandError("The startup command is empty. Give a command, or clear it explicitly.")
    if "\n" in command or "\r" in command:
        raise StartupCommandError(
            "The startup command has more than one line; App Service runs a single line. Join the commands with "
            "'&&', or put them in a startup.sh in your app and use 'startup.sh' as the command.")
    control = next((char for char in command if char != "\t" and unicodedata.category(char) == "Cc"), None)
    if control is not None:
        raise StartupCommandError(
            f"The startup command contains the control character {control!r}. Remove it (retype the command).")
    if len(command) > MAX_COMMAND_LENGTH:
        raise StartupCommandError(
            f"The startup command is {len(command)} characters long; the limit is {MAX_COMMAND_LENGTH}. "
            "Move it into a startup.sh in your app and use 'startup.sh' as the command.")
    if "'" in command:
        raise StartupCommandError(
            "The startup command contains a single quote ('). The container wraps the command in single quotes "
            "and evals it, so the quote breaks it. Use double quotes, or none: --access-logfile - instead of '-'.")
    _split(command)
    return command


def _split(command: str) -> list[str]:
    try:
        return shlex.split(command, posix=True)
    except ValueError as error:
        raise StartupCommandError(
            f"The startup command cannot be split into words ({error}). Balance the double quotes, and do not "
            "end it with a backslash.") from None


def parse_command(text: str) -> list[str]:
    """Split a startup command into words like a POSIX shell, or raise StartupCommandError."""
    return _split(validate_command(text))


def split_words(text: str) -> list[str]:
    """Split any stored command into words, never raising: shell rules, else whitespace."""
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


def is_single_token(text: str) -> bool:
    """Tell whether the command is one word, which App Service checks for a startup file."""
    return len(split_words(text.strip())) == 1


def build_gunicorn_command(module: str, chdir: str | None = None, workers: int | None = None,
                           timeout: int | None = PLATFORM_TIMEOUT_SECONDS, worker_class: str | None = None) -> str:
    """Build the documented custom command: gunicorn --bind=0.0.0.0 --timeout 600 ... module."""
    if not APP_MODULE.match(module):
        raise StartupCommandError(
            f"'{module}' is not an app module of the form module.path:variable "
            "(e.g. app:app or mysite.wsgi:application).")
    if workers is not None and workers < 1:
        raise StartupCommandError(f"workers must be 1 or more, not {workers}.")
    if timeout is not None and timeout < 0:
        raise StartupCommandError(f"timeout must be 0 (no limit) or more seconds, not {timeout}.")
    if worker_class is not None and not re.match(r"^[\w.:-]+$", worker_class):
        raise StartupCommandError(f"'{worker_class}' is not a worker class name (e.g. uvicorn_worker.UvicornWorker).")
    parts = ["gunicorn", f"--bind={WILDCARD_HOST}"]
    parts += [f"--timeout {timeout}"] if timeout is not None else []
    parts += [f"--workers={workers}"] if workers is not None else []
    parts += [f"-k {worker_class}"] if worker_class else []
    parts += [f"--chdir {_quote_path(chdir)}"] if chdir else []
    return validate_command(" ".join([*parts, module]))


def _quote_path(path: str) -> str:
    if SAFE_PATH.match(path):
        return path
    if UNQUOTABLE_PATH_CHARS.intersection(path):
        raise StartupCommandError(f"The folder {path!r} contains quotes, '$', '`' or '\\'; rename it.")
    return f'"{path}"'


def parse_platform_bool(value: str | None) -> bool | None:
    """Read an Oryx boolean setting like Go's strconv.ParseBool: False when unset, None when invalid."""
    if value is None or value == "":
        return False
    if value in GO_TRUE:
        return True
    return False if value in GO_FALSE else None


def build_oryx_command(module: str, settings: Mapping[str, str], worker_class: str | None = None,
                       app_root: str = APP_ROOT, cores: int | None = None) -> str:
    """Build the command Oryx generates for a detected app (deterministic).

    With PYTHON_ENABLE_GUNICORN_MULTIWORKERS true, Oryx passes
    PYTHON_GUNICORN_CUSTOM_WORKER_NUM, else (2 * CPU cores) + 1 counted on the
    instance: given `cores` we compute it, otherwise we write the placeholder
    `--workers=<2*cores+1>` rather than guess. An invalid boolean (Oryx stops
    with "Invalid value") is treated as false here; detection reports it.
    `-c` is PYTHON_USE_GUNICORN_CONFIG_FROM_PATH (buildGunicornCommandForModule), which the ImageBuilder 3.x
    Dockerfile sets to /opt/startup/gunicorn.conf.py; an app setting replaces it, and an empty one drops -c.
    """
    args = list(ORYX_GUNICORN_ARGS)
    config = settings.get(GUNICORN_CONFIG_SETTING, ORYX_GUNICORN_CONFIG)  # an app setting overrides the image's ENV
    args += [f"-c {config}"] if config else []
    if parse_platform_bool(settings.get(MULTIWORKERS_SETTING)):
        default_workers = str(2 * cores + 1) if cores else UNKNOWN_CORES_WORKERS
        args.append(f"--workers={settings.get(CUSTOM_WORKER_NUM_SETTING) or default_workers}")
        if settings.get(CUSTOM_THREAD_NUM_SETTING):
            args.append(f"--threads={settings[CUSTOM_THREAD_NUM_SETTING]}")
    args.append(f"--chdir={app_root}")
    target = f"-k {worker_class} {module}" if worker_class else module
    return f'GUNICORN_CMD_ARGS="{" ".join(args)}" gunicorn {target}'


def read_startup_file(name: str, text: str | None) -> StartupFileInfo:
    """Describe a startup file from its text (None: missing); only a .sh script runs whole."""
    if text is None:
        return StartupFileInfo(name, False, None, 0)
    lines = text.split("\n")
    first_line = lines[0].rstrip("\r").strip()
    ignored = 0 if name.endswith(SHELL_SCRIPT_SUFFIX) else sum(1 for line in lines[1:] if line.strip())
    return StartupFileInfo(name, True, first_line, ignored)


def lint_command(command: str, context: LintContext = LintContext()) -> list[LintIssue]:
    """Find what would stop the command from serving, or serve it badly; raise StartupCommandError if unsaveable."""
    tokens = parse_command(command)
    issues = _startup_file_issues(context)
    for invocation in split_invocations(tokens):
        issues += lint_invocation(invocation, context.asgi_app, context.port)
    return issues


def _startup_file_issues(context: LintContext) -> list[LintIssue]:
    info = context.startup_file
    if info is None:
        return []
    if not info.exists:
        return [LintIssue(
            "file.missing", "warning",
            f"'{info.name}' is not in the app's files, so App Service runs it as a command, which fails with "
            f"'{info.name}: not found'.",
            f"Deploy {info.name} to the app root (site/wwwroot), or set the command itself instead of a file name.")]
    issues = []
    if info.ignored_lines:
        issues.append(LintIssue(
            "file.extra-lines", "warning",
            f"Only the first line of {info.name} runs; {info.ignored_lines} later non-empty line(s) are ignored.",
            "Put everything on the first line (join with '&&'), or rename it to a .sh script, which runs whole."))
    if info.first_line and not info.name.endswith(SHELL_SCRIPT_SUFFIX):
        for invocation in split_invocations(split_words(info.first_line)):
            found = lint_invocation(invocation, context.asgi_app, context.port)
            issues += [_in_file(issue, info.name) for issue in found]
    return issues


def _in_file(issue: LintIssue, name: str) -> LintIssue:
    return LintIssue(issue.code, issue.severity, f"In {name}, line 1: {issue.message}", issue.fix)
