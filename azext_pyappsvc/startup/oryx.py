"""The start-up script's quirks around the command: init_container.sh, then Oryx's generated script (pure).

Sources (facts, restated): Azure-App-Service/ImageBuilder v2/src/python/templates/3.x/init_container.sh and its
Dockerfile; microsoft/Oryx (d91d836) src/startupscriptgenerator/src/python/scriptgenerator.go and
src/startupscriptgenerator/src/common. Each function names the code that decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from .command import APP_ROOT, SHELL_SCRIPT_SUFFIX, StartupFileInfo, parse_platform_bool, read_startup_file
from .rules import DISABLE_FASTAPI_SETTING, MULTIWORKERS_SETTING

REMOTE_DEBUGGING_SETTING = "APPSVC_REMOTE_DEBUGGING"
REMOTE_DEBUGGING_BREAK_SETTING = "APPSVC_REMOTE_DEBUGGING_BREAK"
TUNNEL_PORT_SETTING = "APPSVC_TUNNEL_PORT"
# init_container.sh passes -debugPort $APPSVC_TUNNEL_PORT, which the platform sets; its usual value (49494, as
# issue 11 reports it from real starts) is not in any public source we found, so it is an assumption here.
ASSUMED_TUNNEL_PORT = "49494"
PRE_RUN_SETTING = "PRE_RUN_COMMAND"             # common/consts/file_paths.go PreRunCommandEnvVarName
DYNAMIC_INSTALL_SETTING = "ENABLE_DYNAMIC_INSTALL"  # common/consts EnableDynamicInstallKey
APPSVC_YAML = "appsvc.yaml"                     # common/consts AppSvcFileName, read from the app path
PACKAGES_DIR = "__oryx_packages__"              # getPackageSetupCommand's fallback when the venv is missing
DEFAULT_HOST = "0.0.0.0"                        # scriptgenerator.go DefaultHost
SCRIPT_DEFAULT_PORT = "80"                      # scriptgenerator.go DefaultBindPort (no -bindPort is passed)
IMAGE_PORT = "8000"                             # ImageBuilder 3.x Dockerfile: ENV PORT 8000
GO_BOOLEAN_SETTINGS = (MULTIWORKERS_SETTING, DISABLE_FASTAPI_SETTING)  # GetBooleanEnvironmentVariable: panics
SAFE_UNQUOTED = re.compile(r"^[\w./:=,+@%-]*$")
RUN_HEADING = "run:"


@dataclass(frozen=True)
class UserCommand:
    """What Oryx is given as -userStartupCommand ("" means auto-detection), and why."""

    command: str
    startup_file: StartupFileInfo | None
    reasons: tuple[str, ...]
    failure: str | None = None


def head_line(text: str) -> str:
    """The file's first line as `$(head -1 file)` yields it: blanks and a trailing carriage return are kept."""
    return text.split("\n", 1)[0]


def through_eval(line: str) -> tuple[str | None, str | None]:
    """(what Oryx receives, None) or (None, why it breaks) for init_container.sh's `-userStartupCommand '<line>'`.

    The script wraps the line in single quotes and runs `eval "oryx $oryxArgs"`: a quote inside closes the
    wrapping, so what follows it is read by the shell unquoted.
    """
    pieces = line.split("'")
    if len(pieces) % 2 == 0:
        return None, ("it contains an odd number of single quotes, so the eval in init_container.sh fails "
                      "(unexpected EOF while looking for matching quote): Oryx never runs and no startup script "
                      "is written")
    outside = pieces[1::2]
    if any(not SAFE_UNQUOTED.match(piece) for piece in outside):
        return None, ("its single quotes end init_container.sh's own quoting, so the shell splits and expands "
                      "what stood between them before Oryx sees it: the command Oryx writes is not yours")
    return "".join(pieces), None


def read_user_command(command_line: str, file_text: str | None, where: str) -> UserCommand:
    """init_container.sh's handling of appCommandLine (already known to be one word naming a file, or not)."""
    if file_text is None:
        return _as_command(command_line, (f"'{command_line}' is not a file in {where}; it runs as a command.",))
    info = read_startup_file(command_line, file_text)
    if command_line.endswith(SHELL_SCRIPT_SUFFIX):
        return _shell_script(command_line, file_text, info, where)
    line = head_line(file_text)
    if line == "":
        return UserCommand("", info, (f"{command_line} is a file in {where}, but its first line is empty: "
                                      "init_container.sh passes -userStartupCommand '' and Oryx treats that as no "
                                      "command, so auto-detection runs.",))
    ignored = f"; {info.ignored_lines} later non-empty line(s) are ignored" if info.ignored_lines else ""
    reason = f"{command_line} is a file in {where}: only its first line runs{ignored} (init_container.sh: head -1)."
    outcome = _as_command(line, (reason,), info)
    if "\r" in line:
        return UserCommand(outcome.command, info, outcome.reasons, outcome.failure or crlf_failure(command_line))
    if not line.strip():
        return UserCommand(outcome.command, info, outcome.reasons, outcome.failure or (
            f"the first line of {command_line} holds only blanks: the script runs no command, the container exits "
            "and nothing answers on the port"))
    return outcome


def crlf_failure(name: str) -> str:
    """Why a startup file with Windows line endings fails, and the fix."""
    return (f"{name} has Windows (CRLF) line endings: head -1 keeps the carriage return, so the command runs with "
            "'\\r' glued to its last word and fails. Save it with LF line endings (dos2unix, or '* text eol=lf' in "
            ".gitattributes)")


def _shell_script(name: str, text: str, info: StartupFileInfo, where: str) -> UserCommand:
    reasons = (f"{name} is a shell script in {where}: init_container.sh makes it executable and passes its name "
               "unquoted; it runs whole.",)
    failure = None
    if "\r\n" in text:
        failure = (f"{name} has Windows (CRLF) line endings: the shell fails on the carriage returns "
                   "('\\r': command not found, or a bad interpreter). Save it with LF line endings")
    return UserCommand(name, info, reasons, failure)


def _as_command(line: str, reasons: Sequence[str], info: StartupFileInfo | None = None) -> UserCommand:
    received, problem = through_eval(line)
    if problem:
        return UserCommand("", info, (*reasons, f"The line is broken by its single quotes: {problem}."),
                           f"the startup command breaks: {problem}. Remove the single quotes: use double quotes, "
                           "or none (--access-logfile - instead of '-')")
    if received != line:
        return UserCommand(received, info, (*reasons, "Its single quotes are dropped by init_container.sh's eval; "
                                            f"Oryx receives: {received}"))
    return UserCommand(received, info, tuple(reasons))


def custom_line(command: str, app_path: str) -> str:
    """The line Oryx writes for a custom command (common/fsvalidation.go ExtendPathForCommand)."""
    return f'PATH="$PATH:{app_path}" {command}'


def debug_mode(settings: Mapping[str, str]) -> bool:
    """init_container.sh: `[ "$APPSVC_REMOTE_DEBUGGING" == "TRUE" ]`, an exact, case-sensitive comparison."""
    return settings.get(REMOTE_DEBUGGING_SETTING) == "TRUE"


def debug_line(debug_module: str, app_dir: str, settings: Mapping[str, str]) -> str:
    """scriptgenerator.go buildDebugPyCommandForModule (the ptvsd adapter the script asks for becomes debugpy)."""
    wait = "--wait-for-client" if settings.get(REMOTE_DEBUGGING_BREAK_SETTING) == "TRUE" else ""
    port = settings.get(TUNNEL_PORT_SETTING) or ASSUMED_TUNNEL_PORT
    return f"cd {app_dir} && python -m debugpy --listen {DEFAULT_HOST}:{port} {wait} -m {debug_module}"


def debug_module(source: str, module: str | None) -> str:
    """Each detector's GetDebuggableModule (frameworks.go); the default app's -defaultAppDebugModule."""
    if source == "django":
        return "manage runserver --noreload --nothreading $HOST:$PORT"
    if source == "flask":
        return "flask run --host $HOST --port $PORT"
    if source == "fastapi":
        return f"uvicorn {(module or 'main:app').split()[-1]} --host $HOST --port $PORT"
    return "application.py"


def go_bool_failure(settings: Mapping[str, str], name: str) -> str | None:
    """The panic of GetBooleanEnvironmentVariable (strconv.ParseBool) for a setting it reads, or None."""
    if parse_platform_bool(settings.get(name)) is not None:
        return None
    return (f"{name} is neither of Go's true (1, t, T, TRUE, true, True) nor false (0, f, F, FALSE, false, False) "
            f"values: Oryx panics with \"Invalid value ... for '{name}'\" and the container does not start")


def script_environment(settings: Mapping[str, str]) -> dict[str, str]:
    """HOST and PORT as the script leaves them: exported only when unset (HOST 0.0.0.0, PORT 80; the image sets
    PORT=8000)."""
    return {"HOST": settings.get("HOST") or DEFAULT_HOST, "PORT": settings.get("PORT") or IMAGE_PORT}


def run_after(appsvc_text: str | None) -> str | None:
    """appsvc.yaml's `run:` command (common/parseUserCommands.go ParseUserRunCommand), appended after the main
    command; None when there is none."""
    if not appsvc_text:
        return None
    command, found = "", False
    lines = appsvc_text.split("\n")
    for line in lines[:-1] if appsvc_text.endswith("\n") else lines:  # bufio.ScanLines: no empty last token
        line = line.rstrip("\r")
        if found and ":" in line:
            break
        if found:
            command += "\n" + line.strip()
        elif line.startswith(RUN_HEADING) and len(line) > len(RUN_HEADING):
            found, command = True, line[len(RUN_HEADING):].strip()
    return command or None


def package_reasons(venv_name: str, compressed_venv: str, app_dirs: Sequence[str] | None, app_path: str) -> list[str]:
    """What getPackageSetupCommand does with the virtual environment, given the app folder's subfolders."""
    if compressed_venv:
        return [f"The virtual environment is extracted from {compressed_venv} to /{venv_name} at start."]
    if app_dirs is None:
        return []
    if venv_name in app_dirs:
        return [f"Packages come from the virtual environment {app_path}/{venv_name}."]
    if PACKAGES_DIR in app_dirs:
        return [f"No {venv_name} in {app_path}: Oryx warns \"Could not find virtual environment directory\" and "
                f"uses the package folder {PACKAGES_DIR} instead."]
    return [f"No {venv_name} (nor {PACKAGES_DIR}) in {app_path}: Oryx warns \"Could not find virtual environment "
            "directory\", so only the image's packages (gunicorn, flask) are importable."]


__all__ = ["APP_ROOT", "UserCommand", "custom_line", "debug_line", "debug_mode", "go_bool_failure", "head_line",
           "read_user_command", "run_after", "script_environment", "through_eval"]
