"""What App Service will run: init_container.sh and Oryx's generator, predicted over a SourceTree (pure).

Where Microsoft's docs and the Oryx code disagree, this follows the code (reference/appservice-python.md
sections 1, 8 and 9). The order of GenerateEntrypointScript (microsoft/Oryx d91d836,
src/startupscriptgenerator/src/python/scriptgenerator.go) is kept: the manifest, build.env, the compressed
output, the packages, then the custom command or the framework detection, then appsvc.yaml's run command.
Reads are batched: the root listing, one batch of the files the script reads, then detection's batches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .command import (APP_ROOT, DEFAULT_APP_ROOT, MULTIWORKERS_SETTING, UNKNOWN_CORES_WORKERS, StartupFileInfo,
                      build_oryx_command, parse_platform_bool, split_words)
from .hints import (deep_project_hints, fastapi_hint, find_asgi_app, flask_object_reasons, has_file,
                    renamed_flask_hints, stem)
from .observed import ObservedStart, settles
from .oryx import (UserCommand, custom_line, debug_line, debug_mode, debug_module, go_bool_failure,
                   package_reasons, read_user_command, script_environment, through_eval)
from .platform import PlatformFiles, ScriptPlan, plan_script, read_platform_files
from .rules import (APP_NAME_BOUND, APP_OBJECT, ASGI_IMPORT, DEFAULT_MODULE, DISABLE_FASTAPI_SETTING, DJANGO_MARKER,
                    FASTAPI_FILES, FASTAPI_MIN_VERSION, FASTAPI_WORKER_CLASS, FLASK_FILES, FLASK_OBJECT,
                    NOT_SEARCHED_DIRS, VENV_MARKER, VIRTUAL_ENV_NAME, WHOLE_FILE_LIMIT, go_version_at_least,
                    is_fastapi_source, parse_python_version)
from ..source.tree import Entry, SourceTree, list_dir, normalize_path

__all__ = ["APP_NAME_BOUND", "APP_OBJECT", "ASGI_IMPORT", "BuildInputs", "DJANGO_MARKER", "FASTAPI_WORKER_CLASS",
           "FLASK_OBJECT", "NOT_SEARCHED_DIRS", "StartupPrediction", "VENV_MARKER", "VIRTUAL_ENV_NAME",
           "find_asgi_app", "is_fastapi_source", "parse_python_version", "predict_startup"]

MAX_SCANNED_FILES = 30  # root .py files read to explain why nothing was detected
NO_SETTINGS: Mapping[str, str] = MappingProxyType({})
DOCS_FALLBACK_NOTE = (
    "Auto-detection is skipped while a startup command is set. (Microsoft's docs say App Service ignores errors in "
    "the startup file and falls back to detecting Django and Flask; the current Oryx code does not.)")


@dataclass(frozen=True)
class BuildInputs:
    """What the gateway learnt beyond wwwroot: the compressed output's files (or why not), and the latest start."""

    extracted: SourceTree | None = None
    extracted_note: str | None = None
    observed: ObservedStart | None = None


NO_BUILD = BuildInputs()


@dataclass(frozen=True)
class StartupPrediction:  # pylint: disable=too-many-instance-attributes  # a record: one field per fact
    """What the container will run, and why."""

    source: str  # "custom" | "django" | "fastapi" | "flask" | "default" | "unknown"
    module: str | None
    command: str
    app_command_line: str
    startup_file: StartupFileInfo | None
    python_version: str | None
    python_version_source: str | None
    reasons: tuple[str, ...]
    app_path: str = APP_ROOT
    failure: str | None = None
    pre_run_command: str | None = None
    run_after: str | None = None
    build: Mapping[str, Any] | None = None
    env: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the camelCase form used in command output."""
        return {"source": self.source, "module": self.module, "command": self.command,
                "appCommandLine": self.app_command_line,
                "startupFile": self.startup_file.to_dict() if self.startup_file else None,
                "pythonVersion": self.python_version, "pythonVersionSource": self.python_version_source,
                "appPath": self.app_path, "failure": self.failure, "preRunCommand": self.pre_run_command,
                "runAfter": self.run_after, "build": dict(self.build) if self.build else None, "env": dict(self.env),
                "reasons": list(self.reasons)}


@dataclass
class _Scan:
    """What detection has read of the folder the app runs from."""

    tree: SourceTree
    root: list[Entry]
    plan: ScriptPlan
    settings: Mapping[str, str]
    subdirs: dict[str, list[Entry] | None] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)

    @property
    def root_files(self) -> list[str]:
        """Names of the files (not folders) at the root."""
        return [entry.name for entry in self.root if not entry.is_dir]


def predict_startup(tree: SourceTree | None, app_command_line: str, python_version: str | None,
                    settings: Mapping[str, str] = NO_SETTINGS, build: BuildInputs = NO_BUILD) -> StartupPrediction:
    """Predict the startup command App Service runs for this app (tree: wwwroot or --src)."""
    command_line = app_command_line.strip()
    root = list_dir(tree, "") if tree is not None else None
    if tree is None or root is None:
        where = "no source folder was given" if tree is None else f"{tree.description} could not be listed"
        if command_line:
            return _custom_unchecked(command_line, python_version, where)
        return StartupPrediction("unknown", None, "", "", None, python_version, None, (
            f"Auto-detection looks at the app's files, but {where}.",))
    files = read_platform_files(tree, root, _startup_file_path(command_line))
    plan = plan_script(files, settings, python_version, tree.description)
    base = StartupPrediction("unknown", None, "", command_line, None, plan.python_version,
                             plan.python_version_source, tuple(plan.reasons), plan.app_path, plan.failure,
                             plan.pre_run_command, plan.run_after, plan.build, script_environment(settings))
    if plan.failure:
        return replace(base, reasons=(*plan.reasons, f"The container does not start: {plan.failure}."))
    user = _user_command(files, command_line, tree.description) if command_line else None
    if user is not None and (user.command or user.failure):
        return _custom(base, user)
    startup_file = user.startup_file if user else None
    extra = tuple(user.reasons) if user else ()
    app_tree = build.extracted if plan.compressed else tree
    if app_tree is None:
        return _compressed_unread(replace(base, startup_file=startup_file, reasons=(*base.reasons, *extra)), build,
                                  settings)
    app_root = root if app_tree is tree else list_dir(app_tree, "")
    if app_root is None:
        return replace(base, reasons=(*base.reasons, f"{app_tree.description} could not be listed."))
    prediction = _detect(_Scan(app_tree, app_root, plan, settings))
    return replace(prediction, startup_file=startup_file, reasons=(*extra, *prediction.reasons))


def _startup_file_path(command_line: str) -> str | None:
    """The wwwroot path a one-word appCommandLine names (init_container.sh tests `[ -f $1 ]` there)."""
    tokens = split_words(command_line)
    if len(tokens) != 1:
        return None
    name = tokens[0]
    path = name[len(APP_ROOT) + 1:] if name.startswith(APP_ROOT + "/") else name
    return normalize_path(path) or None


def _user_command(files: PlatformFiles, command_line: str, where: str) -> UserCommand:
    path = _startup_file_path(command_line)
    if path is None and len(split_words(command_line)) == 1:
        return _as_user_command(command_line, (
            f"Whether '{command_line}' is a file in the app could not be checked (it is outside {APP_ROOT}). If it is "
            "a .sh script it runs whole; any other file runs only its first line; otherwise it runs as a command.",))
    if path is None:
        return _as_user_command(command_line, (f"The startup command runs as given, in the app's folder.",))
    user = read_user_command(command_line, files.texts.get(path), where)
    if files.texts.get(path) is None and _looks_like_file(command_line):
        info = StartupFileInfo(command_line, False, None, 0)
        return UserCommand(user.command, info, (f"'{command_line}' is not a file in {where}, so it is run as a "
                                                f"command and fails with '{command_line}: not found'.",), user.failure)
    return user


def _as_user_command(command_line: str, reasons: Sequence[str]) -> UserCommand:
    received, problem = through_eval(command_line)
    if problem:
        return UserCommand("", None, (*reasons,), f"the startup command breaks: {problem}. Remove the single "
                           "quotes: use double quotes, or none (--access-logfile - instead of '-')")
    note = () if received == command_line else (f"Its single quotes are dropped by init_container.sh's eval; Oryx "
                                                f"receives: {received}",)
    return UserCommand(received or "", None, (*reasons, *note))


def _custom(base: StartupPrediction, user: UserCommand) -> StartupPrediction:
    reasons = (*base.reasons, *user.reasons, f"Custom commands run in {base.app_path} with it added to PATH.",
               DOCS_FALLBACK_NOTE)
    failure = user.failure
    if failure:
        reasons = (*reasons, f"The container does not start: {failure}.")
    command = custom_line(user.command, base.app_path) if user.command else ""
    return replace(base, source="custom", command=command, startup_file=user.startup_file, failure=failure,
                   reasons=reasons)


def _custom_unchecked(command_line: str, python_version: str | None, where: str) -> StartupPrediction:
    user = _as_user_command(command_line, ())
    why = (f"Whether '{command_line}' is a file in the app could not be checked ({where}). If it is a .sh script it "
           "runs whole; any other file runs only its first line; otherwise it runs as a command."
           if len(split_words(command_line)) == 1 else f"The startup command runs as given, in {APP_ROOT}.")
    command = custom_line(user.command, APP_ROOT) if user.command else ""
    return StartupPrediction("custom", None, command, command_line, None, python_version, None,
                             (why, *user.reasons, DOCS_FALLBACK_NOTE), failure=user.failure)


def _compressed_unread(base: StartupPrediction, build: BuildInputs,
                       settings: Mapping[str, str]) -> StartupPrediction:
    """A compressed build whose archive was not read: what the latest start says, if it ran this build."""
    observed, operation_id = build.observed, (base.build or {}).get("operationId") or ""
    if observed is not None and settles(observed, operation_id):
        source = observed.source or "unknown"
        module = (observed.module or "").split()[-1] or None
        worker = FASTAPI_WORKER_CLASS if source == "fastapi" else None
        app_dir = DEFAULT_APP_ROOT if source == "default" else base.app_path
        command = build_oryx_command(module, settings, worker, app_dir) if module else ""
        return replace(base, source=source, module=module, command=command, reasons=(
            *base.reasons, f"Taken from the latest start's log: it ran this build (Build Operation ID "
            f"{operation_id}) and Oryx said \"Detected an app based on {observed.framework}\"."))
    note = build.extracted_note or "its files were not read"
    return replace(base, reasons=(*base.reasons, f"The app runs from the compressed output, extracted to "
                                  f"{base.app_path} at start, and {note}; what is detected there is unknown."))


def _detect(scan: _Scan) -> StartupPrediction:
    candidates = [entry.name for entry in scan.root if entry.is_dir and entry.name != VIRTUAL_ENV_NAME]
    scan.subdirs = scan.tree.list_dirs(candidates) if candidates else {}
    django_dirs = [name for name in candidates if has_file(scan.subdirs.get(name), DJANGO_MARKER)]
    if django_dirs:
        return _detected(scan, "django", f"{django_dirs[0]}.wsgi", _django_reasons(django_dirs))
    whole = [name for name in FASTAPI_FILES if name in scan.root_files]
    scan.texts = dict(scan.tree.read_texts(whole, WHOLE_FILE_LIMIT)) if whole else {}
    rest = [name for name in _files_to_read(scan.root_files) if name not in scan.texts]
    scan.texts.update(scan.tree.read_texts(rest) if rest else {})
    return _predict_python_files(scan)


def _fastapi_on(scan: _Scan) -> tuple[bool, list[str]]:
    """DetectFramework: the version test first, and only then DISABLE_FASTAPI_DETECTION (GetBooleanEnvironmentVariable)."""
    version = scan.plan.python_version
    if version is None:
        return False, ["The Python version is unknown, so FastAPI detection (Python 3.14 and newer) is taken to be off."]
    if parse_python_version(version) is None:
        return False, [f"'{version}' is not a Python version, so FastAPI detection (Python 3.14 and newer) is taken "
                       "to be off."]
    if not _fastapi_read(scan.plan):
        return False, []
    if parse_platform_bool(scan.settings.get(DISABLE_FASTAPI_SETTING)):
        return False, [f"{DISABLE_FASTAPI_SETTING} is true, so FastAPI apps are not detected."]
    return True, []


def _predict_python_files(scan: _Scan) -> StartupPrediction:
    python_version = scan.plan.python_version
    fastapi_on, reasons = _fastapi_on(scan)
    fastapi_file = next((name for name in FASTAPI_FILES if is_fastapi_source(scan.texts.get(name))), None)
    # whether FastAPI detection is on changes the outcome only when a FastAPI file is there to detect
    reasons = reasons if fastapi_file else []
    if fastapi_on and fastapi_file:
        return _detected(scan, "fastapi", f"{stem(fastapi_file)}:{APP_OBJECT}", [
            f"FastAPI: {fastapi_file} imports fastapi, and on Python {python_version} (3.14 and newer) FastAPI apps "
            f"are detected; it runs with gunicorn's {FASTAPI_WORKER_CLASS} worker.", *reasons], FASTAPI_WORKER_CLASS)
    flask_file = next((name for name in FLASK_FILES if name in scan.root_files), None)
    asgi_hint = [] if fastapi_on or not fastapi_file else [fastapi_hint(fastapi_file, python_version, flask_file)]
    if flask_file:
        return _detected(scan, "flask", f"{stem(flask_file)}:{APP_OBJECT}", [
            f"Flask: {flask_file} is the first of {', '.join(FLASK_FILES)} at the root; the app object is assumed "
            f"to be named '{APP_OBJECT}'.", *flask_object_reasons(flask_file, scan.texts.get(flask_file)),
            *asgi_hint, *reasons])
    return _detected(scan, "default", DEFAULT_MODULE, [
        f"Nothing detected: no immediate subfolder of {scan.tree.description} has a {DJANGO_MARKER} (Django) and "
        f"none of {', '.join(FLASK_FILES)} is at its root (Flask), so the built-in default app runs the "
        "'Your web app is running and waiting for your content' page.",
        *deep_project_hints(scan.tree, scan.subdirs, scan.root_files), *renamed_flask_hints(scan.texts),
        *asgi_hint, *reasons])


def _detected(scan: _Scan, source: str, module: str, reasons: Sequence[str],
              worker_class: str | None = None) -> StartupPrediction:
    plan, settings = scan.plan, scan.settings
    app_dir = DEFAULT_APP_ROOT if source == "default" else plan.app_path
    dirs = [entry.name for entry in scan.root if entry.is_dir]
    packages = package_reasons(plan.venv_name, plan.compressed_venv, dirs, plan.app_path)
    # DetectFramework returns a Django app before it reads DISABLE_FASTAPI_DETECTION
    failure = go_bool_failure(settings, DISABLE_FASTAPI_SETTING) if source != "django" and _fastapi_read(plan) \
        else None
    if debug_mode(settings):
        command = debug_line(debug_module(source, module), app_dir, settings)
        notes = [f"APPSVC_REMOTE_DEBUGGING is TRUE: the app starts under the debugger (debugpy), not gunicorn."]
        if source == "default":
            notes.append("The default app is then started as module 'application.py', which Python cannot run as a "
                         "module.")
    else:
        failure = failure or go_bool_failure(settings, MULTIWORKERS_SETTING)
        command, notes = build_oryx_command(module, settings, worker_class, app_dir), []
        if UNKNOWN_CORES_WORKERS in command:
            notes.append(f"--workers={UNKNOWN_CORES_WORKERS}: Oryx counts the instance's CPU cores at start-up.")
    ending = [f"The container does not start: {failure}."] if failure else []
    return StartupPrediction(source, module, command, "", None, plan.python_version, plan.python_version_source,
                             (*plan.reasons, *reasons, *packages, *notes, *ending), plan.app_path, failure,
                             plan.pre_run_command, plan.run_after, plan.build, script_environment(settings))


def _fastapi_read(plan: ScriptPlan) -> bool:
    """isPythonVersionAtLeast(3, 14): only then is DISABLE_FASTAPI_DETECTION read (Go's && short-circuits)."""
    version = plan.python_version or ""
    if plan.python_version_source == "oryx-manifest.toml":
        return go_version_at_least(version, *FASTAPI_MIN_VERSION)
    return (parse_python_version(version) or (0, 0)) >= FASTAPI_MIN_VERSION


def _looks_like_file(name: str) -> bool:
    return "/" in name or "." in name


def _files_to_read(root_files: Sequence[str]) -> list[str]:
    known = [name for name in dict.fromkeys(FASTAPI_FILES + FLASK_FILES) if name in root_files]
    others = [name for name in root_files if name.endswith(".py") and name not in known]
    return (known + others)[:MAX_SCANNED_FILES]


def _django_reasons(django_dirs: Sequence[str]) -> list[str]:
    first = django_dirs[0]
    reasons = [f"Django: {first}/{DJANGO_MARKER} is in the first immediate subfolder (byte-wise name order, "
               f"'{VIRTUAL_ENV_NAME}' skipped) that has one."]
    if len(django_dirs) > 1:
        reasons.append(f"Also found in {', '.join(django_dirs[1:])}: only the first counts; rename or remove the "
                       "others if that is not your project.")
    if not first.isidentifier():
        reasons.append(f"'{first}' is not a valid Python package name, so gunicorn cannot import '{first}.wsgi' "
                       "(ModuleNotFoundError). Rename the folder or set a startup command.")
    return reasons
