"""Decide what set-startup saves: the new command from the arguments, and the verdict of the lint (pure)."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from ..errors import InvalidInput, Refused
from .servers import LintIssue
from .command import (SHELL_SCRIPT_SUFFIX, LintContext, StartupCommandError, StartupFileInfo,
                      build_gunicorn_command, is_single_token, read_startup_file, validate_command)


APP_MODULE_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*(\(.*\))?)?$")


@dataclass(frozen=True)
class StartupArgs:
    """set-startup's arguments that shape the command."""

    startup: Optional[str] = None
    module: Optional[str] = None
    chdir: Optional[str] = None
    workers: Optional[int] = None
    timeout: Optional[int] = None
    clear: bool = False


def choose_command(args: StartupArgs) -> str:
    """The command to save ("" = back to auto-detection), or InvalidInput for contradicting arguments."""
    given = [name for name, value in (("STARTUP", args.startup), ("--module", args.module),
                                      ("--clear", args.clear or None)) if value is not None]
    if len(given) != 1:
        got = f" (got {', '.join(given)})." if given else "."
        raise InvalidInput("Give exactly one of STARTUP, --module or --clear" + got,
                           'Examples: az pyappsvc set-startup startup.txt ... | --module app:app ... | --clear ...')
    shaping = [n for n, v in (("--chdir", args.chdir), ("--workers", args.workers), ("--timeout", args.timeout))
               if v is not None]
    if shaping and not args.module:
        raise InvalidInput(f"{', '.join(shaping)} only apply with --module.",
                           "Example: az pyappsvc set-startup --module hello:myapp --chdir website --workers 4 ...")
    try:
        if args.clear:
            return ""
        if args.module:
            return build_gunicorn_command(args.module, args.chdir, args.workers,
                                          600 if args.timeout is None else args.timeout)
        return validate_command(args.startup or "")
    except StartupCommandError as error:
        raise InvalidInput(str(error)) from None


def startup_file_name(command: str) -> Optional[str]:
    """The file a one-word command names (App Service looks for it in wwwroot), else None."""
    if not command or not is_single_token(command):
        return None
    word = command.strip()
    return word if "." in word or word.endswith(SHELL_SCRIPT_SUFFIX) else None


@dataclass(frozen=True)
class StartupVerdict:
    """Warnings to show, or the errors that refuse the write."""

    errors: list[LintIssue] = field(default_factory=list)
    warnings: list[LintIssue] = field(default_factory=list)

    def raise_if_refused(self) -> None:
        """Refused, listing every error and its fix, when the lint found errors."""
        if self.errors:
            details = " ".join(f"{issue.message}" for issue in self.errors)
            fixes = " ".join(issue.fix for issue in self.errors)
            raise Refused(f"The startup command was not saved: {details}", fixes)


def judge(issues: Sequence[LintIssue]) -> StartupVerdict:
    """Split lint issues into refusing errors and warnings."""
    return StartupVerdict([i for i in issues if i.severity == "error"], [i for i in issues if i.severity == "warning"])


def startup_result(site: Any, previous: str, command: str, warnings: Sequence[str],
                   startup_file: Optional[StartupFileInfo]) -> dict[str, Any]:
    """What set-startup returns."""
    return {"name": site.name, "resourceGroup": site.resource_group, "slot": site.slot,
            "appCommandLine": command, "previousAppCommandLine": previous, "changed": command != previous,
            "warnings": list(warnings), "startupFile": startup_file.to_dict() if startup_file else None}


def served_module_files(command: str) -> list[str]:
    """The files of the app modules gunicorn serves in a command: main:app -> main.py, --chdir src -> src/main.py."""
    from .gunicorn.argv import parse_gunicorn_argv
    from .servers import identify_server, split_invocations
    from .command import APP_ROOT, split_words
    files = []
    for invocation in split_invocations(split_words(command)):
        server, args = identify_server(invocation.argv)
        parsed = parse_gunicorn_argv(args) if server == "gunicorn" else None
        if parsed is None or not parsed.app or not APP_MODULE_PATH.match(parsed.app[0]):
            continue
        chdir = str((parsed.values("chdir") or [""])[-1] or "")
        chdir = chdir[len(APP_ROOT):].lstrip("/") if chdir.startswith(APP_ROOT) else chdir
        if chdir.startswith("/") or ".." in chdir.split("/"):
            continue
        path = parsed.app[0].split(":")[0].replace(".", "/") + ".py"
        files.append(posixpath.normpath(posixpath.join(chdir, path)))
    return files


def files_to_prefetch(command: str) -> list[str]:
    """What set-startup's lint will read: the startup file a one-word command names, and the served modules."""
    name = startup_file_name(command)
    return [name] if name else served_module_files(command)


def startup_file_refusals(tree: Any, command: str) -> list[LintIssue]:
    """Errors that refuse saving a file reference: the file, when it can be read, has CRLF line endings, or its
    first line a single quote (init_container.sh: head -1 keeps the carriage return; the eval breaks on quotes)."""
    from ..source.tree import read_text
    from .oryx import crlf_failure, head_line, through_eval
    name = startup_file_name(command)
    text = read_text(tree, name) if tree is not None and name else None
    if text is None:
        return []
    if "\r" in (text if name.endswith(SHELL_SCRIPT_SUFFIX) else head_line(text)):
        return [LintIssue("file.crlf", "error", f"{crlf_failure(name)}.",
                          f"Convert {name} to LF line endings (dos2unix {name}), redeploy it, then run this again.")]
    line = head_line(text)
    if not name.endswith(SHELL_SCRIPT_SUFFIX) and line == "":
        return [LintIssue("file.empty-first-line", "warning", f"The first line of {name} is empty: App Service is "
                          "given no command and auto-detects the app instead.",
                          f"Put the startup command on the first line of {name}.")]
    if not name.endswith(SHELL_SCRIPT_SUFFIX) and "'" in line:
        _, problem = through_eval(line)
        why = problem or "init_container.sh wraps the line in single quotes and evals it, so its own quotes vanish"
        return [LintIssue("file.single-quote", "error", f"The first line of {name} contains a single quote: {why}.",
                          f"Use double quotes or none in {name} (e.g. --access-logfile - instead of '-'), or rename "
                          "it to a .sh script, which runs whole and is not re-quoted.")]
    return []


def lint_context(tree: Any, command: str) -> tuple[LintContext, Optional[StartupFileInfo]]:
    """What the lint needs to know from the app's files: the startup file it names, and an ASGI app."""
    from .detection import find_asgi_app
    from ..source.tree import read_text
    if tree is None or not command:
        return LintContext(), None
    name = startup_file_name(command)
    info = read_startup_file(name, read_text(tree, name)) if name else None
    served = served_module_files(info.first_line if info and info.first_line else command)
    return LintContext(asgi_app=find_asgi_app(tree, served), startup_file=info), info
