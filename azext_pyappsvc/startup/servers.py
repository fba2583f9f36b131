"""What Python web servers do with their command lines, and whether App Service can reach them (pure).

Recognises gunicorn (through gunicorn/argv.py, exactly), and cheaply uvicorn,
`fastapi run|dev`, `flask run` and `manage.py runserver`: where they listen,
and whether they are development servers. Used by startup.lint_command.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass
from typing import Literal, Sequence

from .gunicorn.argv import SHELL_EXPANSION, ArgvProblem, GunicornArgv, parse_gunicorn_argv

PLATFORM_PORT = "8000"  # PORT, as the Python image sets it
PLATFORM_TIMEOUT_SECONDS = 600  # what Oryx passes to gunicorn for a detected app
GUNICORN_DEFAULT_TIMEOUT_SECONDS = 30
WILDCARD_HOST = "0.0.0.0"
REACHABLE_HOSTS = frozenset({"0.0.0.0", "::", "[::]", "", "$HOST", "${HOST}"})  # HOST defaults to 0.0.0.0
PORT_VARIABLES = ("$PORT", "${PORT}")
ASGI_WORKER_MARKERS = ("uvicorn", "asgi")  # uvicorn_worker.*, uvicorn.workers.*, gunicorn's own "asgi"
ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
PYTHON_PROGRAM = re.compile(r"^python(\d+(\.\d+)*)?$")
PYTHON_SWITCHES = frozenset({"-u", "-B", "-O", "-OO", "-E", "-s", "-S", "-I", "-b", "-bb", "-q"})
SHELL_OPERATORS = frozenset({"&&", "||", ";"})
SERVER_PROGRAMS = frozenset({"gunicorn", "uvicorn", "flask", "fastapi"})
DJANGO_ADDRPORT = re.compile(  # django's runserver addrport
    r"^(?:(?P<addr>\d{1,3}(?:\.\d{1,3}){3}|\[[a-fA-F0-9:]+\]|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9_-]+)*):)?(?P<port>\d+)$")
DEV_SERVER_DEFAULTS = {  # server -> (host, port) it listens on when not told
    "uvicorn": ("127.0.0.1", "8000"),
    "fastapi dev": ("127.0.0.1", "8000"),
    "fastapi run": ("0.0.0.0", "8000"),
    "flask run": ("127.0.0.1", "5000"),
    "manage.py runserver": ("127.0.0.1", "8000"),
}
ENV_PREFIXES = {"flask run": "FLASK_RUN_", "uvicorn": "UVICORN_"}  # servers that read HOST/PORT from env
DEVELOPMENT_SERVERS = frozenset({"fastapi dev", "flask run", "manage.py runserver"})


@dataclass(frozen=True)
class LintIssue:
    """One finding about a startup command."""

    code: str
    severity: Literal["error", "warning"]
    message: str
    fix: str


@dataclass(frozen=True)
class Invocation:
    """One simple command inside the startup command: environment prefix and argv."""

    env: tuple[tuple[str, str], ...]
    argv: tuple[str, ...]

    def env_value(self, name: str) -> str | None:
        """Return the value the prefix assigns to name, if any."""
        return next((value for key, value in reversed(self.env) if key == name), None)


def split_invocations(tokens: Sequence[str]) -> list[Invocation]:
    """Cut a token list at `&&`, `||` and `;`; peel `exec` and `VAR=value` prefixes."""
    invocations, current = [], []
    for token in [*tokens, ";"]:
        if token not in SHELL_OPERATORS:
            current.append(token)
            continue
        env = []
        while current and (current[0] == "exec" or ENV_ASSIGNMENT.match(current[0])):
            if current[0] != "exec":
                env.append(tuple(current[0].split("=", 1)))
            current.pop(0)
        if current:
            invocations.append(Invocation(tuple(env), tuple(current)))
        current = []
    return invocations


def identify_server(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Name the server an argv starts ("gunicorn", "flask run"...), and its arguments."""
    program = posixpath.basename(argv[0])
    args = list(argv[1:])
    if PYTHON_PROGRAM.match(program):
        while args and args[0] in PYTHON_SWITCHES:
            args.pop(0)
        if len(args) >= 2 and args[0] == "-m" and args[1] in SERVER_PROGRAMS:
            program, args = args[1], args[2:]
        elif args and posixpath.basename(args[0]) == "manage.py":
            program, args = "manage.py", args[1:]
    if program in ("manage.py", "django-admin") and args[:1] == ["runserver"]:
        return "manage.py runserver", args[1:]
    if program == "fastapi" and args[:1] in (["dev"], ["run"]):
        return f"fastapi {args[0]}", args[1:]
    if program == "flask" and "run" in args:
        return "flask run", args[args.index("run") + 1:]
    if program in ("gunicorn", "uvicorn"):
        return program, args
    return None, []


def lint_invocation(invocation: Invocation, asgi_app: str | None, port: str) -> list[LintIssue]:
    """Lint one simple command if it starts a server we know."""
    server, args = identify_server(invocation.argv)
    if server == "gunicorn":
        return lint_gunicorn(args, invocation, asgi_app, port)
    if server is None or _option_value(args, ("--uds", "--fd")):
        return []
    host, bound_port = _listen_address(server, args, invocation)
    issues = [issue for issue in (check_host(host, server, port), check_port(bound_port, server, port)) if issue]
    if server in DEVELOPMENT_SERVERS:
        issues.append(LintIssue(
            "server.development", "warning",
            f"'{server}' is a development server: single process, not hardened, not meant for production.",
            "Serve the app with gunicorn, e.g. gunicorn --bind=0.0.0.0 --timeout 600 app:app."))
    return issues


def lint_gunicorn(args: Sequence[str], invocation: Invocation, asgi_app: str | None, port: str) -> list[LintIssue]:
    """Lint gunicorn's arguments, and GUNICORN_CMD_ARGS given in the prefix."""
    parsed = parse_gunicorn_argv(args)
    issues = [argv_issue(problem) for problem in parsed.problems]
    env_args = invocation.env_value("GUNICORN_CMD_ARGS")
    from_env = GunicornArgv((), (), ())
    if env_args is not None:
        try:
            from_env = parse_gunicorn_argv(shlex.split(env_args))
        except ValueError as error:
            issues.append(LintIssue("gunicorn.env-args", "error",
                                    f"GUNICORN_CMD_ARGS cannot be split into arguments ({error}); gunicorn crashes.",
                                    "Balance the quotes inside GUNICORN_CMD_ARGS."))
        issues += [argv_issue(problem, "In GUNICORN_CMD_ARGS: ") for problem in from_env.problems]
    given = parsed if any(name == "bind" for name, _ in parsed.given) else from_env
    issues += check_gunicorn_binds([value or "" for value in given.values("bind")], port)
    return issues + _gunicorn_setting_issues(parsed, from_env, asgi_app)


def _gunicorn_setting_issues(parsed: GunicornArgv, from_env: GunicornArgv, asgi_app: str | None) -> list[LintIssue]:
    def has(name: str) -> bool:
        """Given on the command line or in GUNICORN_CMD_ARGS."""
        return parsed.has(name) or from_env.has(name)

    issues = []
    if not has("timeout") and not has("config"):
        issues.append(LintIssue(
            "gunicorn.timeout", "warning",
            f"No --timeout: gunicorn kills a worker after {GUNICORN_DEFAULT_TIMEOUT_SECONDS} s (its default), not the "
            f"{PLATFORM_TIMEOUT_SECONDS} s App Service uses for detected apps (unless a gunicorn.conf.py sets it).",
            f"Add --timeout {PLATFORM_TIMEOUT_SECONDS}."))
    worker_class = (parsed.values("worker_class") or from_env.values("worker_class") or [None])[-1]
    if asgi_app and not has("config") and not _is_asgi_worker(worker_class):
        issues.append(LintIssue(
            "asgi.sync-worker", "warning",
            f"{asgi_app}, but gunicorn runs it with the '{worker_class or 'sync'}' worker, which speaks WSGI only: "
            "requests fail with \"TypeError: __call__() missing ... 'send'\".",
            "Add -k uvicorn_worker.UvicornWorker and put uvicorn-worker in requirements.txt."))
    if not parsed.app and not has("paste") and not has("config") and not parsed.problems:
        issues.append(LintIssue(
            "gunicorn.missing-app", "warning",
            "No app module: gunicorn stops with 'No application module specified' unless a gunicorn.conf.py "
            "sets wsgi_app.", "Name the app at the end, e.g. gunicorn --bind=0.0.0.0 --timeout 600 app:app."))
    if has("daemon"):
        issues.append(LintIssue(
            "gunicorn.daemon", "warning",
            "--daemon detaches gunicorn, so the startup command returns at once and the container stops.",
            "Remove -D/--daemon."))
    return issues


def _is_asgi_worker(worker_class: str | None) -> bool:
    if worker_class is None:
        return False
    return bool(SHELL_EXPANSION.search(worker_class)) or any(m in worker_class.lower() for m in ASGI_WORKER_MARKERS)


def argv_issue(problem: ArgvProblem, prefix: str = "") -> LintIssue:
    """Turn a gunicorn parsing problem into an error-level lint issue."""
    return LintIssue(f"gunicorn.{problem.code}", "error", prefix + problem.message, problem.fix)


def check_gunicorn_binds(binds: Sequence[str], port: str) -> list[LintIssue]:
    """Check gunicorn --bind values; none given means 0.0.0.0:$PORT, which is right."""
    issues: list[LintIssue] = []
    addresses = [split_gunicorn_address(bind) for bind in binds]
    for host, bound_port in addresses:
        if host is None:
            continue
        issues += [issue for issue in (check_host(host, "gunicorn", port), check_port(bound_port, "gunicorn", port))
                   if issue]
    if addresses and all(host is None for host, _ in addresses):
        issues.append(LintIssue(
            "bind.host", "error",
            "gunicorn binds only a unix socket or file descriptor, which App Service cannot reach.",
            f"Bind to TCP: --bind={WILDCARD_HOST}:{port}."))
    return issues


def split_gunicorn_address(bind: str) -> tuple[str | None, str]:
    """Split a --bind value like gunicorn.util.parse_address; host None for unix:/fd:// sockets."""
    if re.match(r"unix:(//)?", bind) or bind.startswith("fd://"):
        return None, ""
    netloc = bind.split("tcp://")[1] if bind.startswith("tcp://") else bind
    if "[" in netloc and "]" in netloc:
        return netloc.split("]")[0][1:], (netloc.split("]:") + [PLATFORM_PORT])[1]
    if ":" in netloc:
        host, bound_port = (netloc.split(":") + [PLATFORM_PORT])[:2]
        return host, bound_port
    return (WILDCARD_HOST if netloc == "" else netloc), PLATFORM_PORT


def check_host(host: str, server: str, port: str) -> LintIssue | None:
    """An error when the server listens on an address the platform cannot reach."""
    if host.lower() in REACHABLE_HOSTS or (SHELL_EXPANSION.search(host) and not host.startswith("127.")):
        return None
    return LintIssue(
        "bind.host", "error",
        f"{server} listens on {host}, which App Service cannot reach: its requests come from outside the "
        "container, and the site fails with \"didn't respond to HTTP pings\".",
        f"Listen on all interfaces: {_listen_fix(server, port)}.")


def check_port(bound_port: str, server: str, port: str) -> LintIssue | None:
    """A warning when the server listens on another port than the one App Service forwards to."""
    if bound_port in (port, *PORT_VARIABLES):
        return None
    if not SHELL_EXPANSION.search(bound_port) and not bound_port.isdigit():
        return LintIssue("bind.invalid", "error", f"'{bound_port}' is not a port number; {server} cannot start.",
                         f"Use {_listen_fix(server, port)}.")
    return LintIssue(
        "bind.port", "warning",
        f"{server} listens on port {bound_port}, but App Service forwards requests to port {port} (PORT).",
        f"Use {_listen_fix(server, port)}.")


def _listen_fix(server: str, port: str) -> str:
    if server == "gunicorn":
        return f"--bind={WILDCARD_HOST}:{port} (or no --bind at all: gunicorn then binds {WILDCARD_HOST}:$PORT)"
    if server == "manage.py runserver":
        return f"runserver {WILDCARD_HOST}:{port}"
    return f"--host {WILDCARD_HOST} --port {port}"


def _listen_address(server: str, args: Sequence[str], invocation: Invocation) -> tuple[str, str]:
    host, port = DEV_SERVER_DEFAULTS[server]
    if server == "manage.py runserver":
        positional = next((arg for arg in args if not arg.startswith("-")), None)
        match = DJANGO_ADDRPORT.match(positional or "")
        if match:
            addr = match.group("addr") or host
            return ("0.0.0.0" if addr == "0" else addr), match.group("port")
        return host, port
    env_prefix = ENV_PREFIXES.get(server, "-")
    host = _option_value(args, ("--host", "-h") if server == "flask run" else ("--host",)) \
        or invocation.env_value(env_prefix + "HOST") or host
    port = _option_value(args, ("--port", "-p") if server == "flask run" else ("--port",)) \
        or invocation.env_value(env_prefix + "PORT") or port
    return host, port


def _option_value(args: Sequence[str], names: tuple[str, ...]) -> str | None:
    """The last value given as `--name value` or `--name=value`."""
    value = None
    for index, arg in enumerate(args):
        name, equals, inline = arg.partition("=")
        if name in names and equals:
            value = inline
        elif arg in names and index + 1 < len(args):
            value = args[index + 1]
    return value
