"""What App Service will run: Oryx's startup rules, predicted over a SourceTree (pure).

Where Microsoft's docs and the Oryx code disagree, this follows the code (see
reference/appservice-python.md section 1). Reads are batched: one listing of
the root, one batch of its subfolders, one batch of root files, and only when
nothing is detected one more listing batch to explain why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .command import (
    APP_ROOT, DEFAULT_APP_ROOT, MULTIWORKERS_SETTING, SHELL_SCRIPT_SUFFIX, UNKNOWN_CORES_WORKERS,
    StartupCommandError, StartupFileInfo, build_gunicorn_command, build_oryx_command, parse_platform_bool,
    read_startup_file, split_words,
)
from ..source.tree import Entry, SourceTree, list_dir, normalize_path, read_text

VIRTUAL_ENV_NAME = "antenv"  # Oryx's -virtualEnvName; the only folder Django detection skips
DJANGO_MARKER = "wsgi.py"
FASTAPI_FILES = ("main.py", "app.py", "application.py", "server.py", "asgi.py", "api.py", "index.py", "run.py")
FLASK_FILES = ("application.py", "app.py", "run.py", "index.py", "server.py", "wsgi.py")
FASTAPI_MARKERS = ("from fastapi", "import fastapi")
FLASK_MARKER = "from flask"
FASTAPI_MIN_VERSION = (3, 14)
FASTAPI_WORKER_CLASS = "uvicorn_worker.UvicornWorker"
DISABLE_FASTAPI_SETTING = "DISABLE_FASTAPI_DETECTION"
DEFAULT_MODULE = "application:app"
APP_OBJECT = "app"
DJANGO_WSGI_OBJECT = "application"
MAX_DEEP_LISTINGS = 50  # grandchild folders listed to explain a Django project one level too deep
MAX_SCANNED_FILES = 30  # root .py files read to explain why nothing was detected
NOT_SEARCHED_DIRS = frozenset({VIRTUAL_ENV_NAME, "node_modules", ".git", "__pycache__", "site-packages"})
VENV_MARKER = "pyvenv.cfg"
ASGI_FRAMEWORKS = {"fastapi": "FastAPI", "starlette": "Starlette", "quart": "Quart", "litestar": "Litestar"}
ASGI_IMPORT = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(ASGI_FRAMEWORKS) + r")\b", re.MULTILINE)
FLASK_OBJECT = re.compile(r"^(\w+)\s*(?::[^=\n]+)?=\s*(?:flask\.)?Flask\(", re.MULTILINE)
APP_NAME_BOUND = re.compile(r"^(?:app\s*(?::[^=\n]+)?=[^=]|(?:from\s+\S+\s+)?import\s.*\bapp\b)", re.MULTILINE)
VERSION = re.compile(r"^\s*(?:python\s*[-|:]?\s*)?([0-9]+)\.([0-9]+)", re.IGNORECASE)
NO_SETTINGS: Mapping[str, str] = MappingProxyType({})
DOCS_FALLBACK_NOTE = (
    "Auto-detection is skipped while a startup command is set. (Microsoft's docs say App Service ignores errors in "
    "the startup file and falls back to detecting Django and Flask; the current Oryx code does not.)")


@dataclass(frozen=True)
class StartupPrediction:
    """What the container will run, and why."""

    source: str  # "custom" | "django" | "fastapi" | "flask" | "default" | "unknown"
    module: str | None
    command: str
    app_command_line: str
    startup_file: StartupFileInfo | None
    python_version: str | None
    python_version_source: str | None
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the camelCase form used in command output."""
        return {"source": self.source, "module": self.module, "command": self.command,
                "appCommandLine": self.app_command_line,
                "startupFile": self.startup_file.to_dict() if self.startup_file else None,
                "pythonVersion": self.python_version, "pythonVersionSource": self.python_version_source,
                "reasons": list(self.reasons)}


@dataclass
class _Scan:
    """What detection has read so far."""

    tree: SourceTree
    root: list[Entry]
    python_version: str | None
    settings: Mapping[str, str]
    subdirs: dict[str, list[Entry] | None] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)

    @property
    def root_files(self) -> list[str]:
        """Names of the files (not folders) at the root."""
        return [entry.name for entry in self.root if not entry.is_dir]


def predict_startup(tree: SourceTree | None, app_command_line: str, python_version: str | None,
                    settings: Mapping[str, str] = NO_SETTINGS) -> StartupPrediction:
    """Predict the startup command App Service runs for this app."""
    command_line = app_command_line.strip()
    if command_line:
        return _predict_custom(tree, command_line, python_version)
    root = list_dir(tree, "") if tree is not None else None
    if tree is None or root is None:
        where = "no source folder was given" if tree is None else f"{tree.description} could not be listed"
        return StartupPrediction("unknown", None, "", "", None, python_version, None, (
            f"Auto-detection looks at the app's files, but {where}.",))
    scan = _Scan(tree, root, python_version, settings)
    candidates = [entry.name for entry in root if entry.is_dir and entry.name != VIRTUAL_ENV_NAME]
    scan.subdirs = tree.list_dirs(candidates) if candidates else {}
    django_dirs = [name for name in candidates if _has_file(scan.subdirs.get(name), DJANGO_MARKER)]
    if django_dirs:
        return _detected(scan, "django", f"{django_dirs[0]}.wsgi", _django_reasons(django_dirs))
    scan.texts = tree.read_texts(_files_to_read(scan.root_files))
    return _predict_python_files(scan)


def _predict_python_files(scan: _Scan) -> StartupPrediction:
    python_version, settings = scan.python_version, scan.settings
    version = parse_python_version(python_version)
    fastapi_on = _fastapi_enabled(version, settings)
    fastapi_file = next((name for name in FASTAPI_FILES if is_fastapi_source(scan.texts.get(name))), None)
    # whether FastAPI detection is on changes the outcome only when a FastAPI file is there to detect
    reasons = _version_reasons(python_version, version, settings) if fastapi_file else []
    if fastapi_on and fastapi_file:
        return _detected(scan, "fastapi", f"{_stem(fastapi_file)}:{APP_OBJECT}", [
            f"FastAPI: {fastapi_file} imports fastapi, and on Python {python_version} (3.14 and newer) FastAPI apps "
            f"are detected; it runs with gunicorn's {FASTAPI_WORKER_CLASS} worker.", *reasons], FASTAPI_WORKER_CLASS)
    flask_file = next((name for name in FLASK_FILES if name in scan.root_files), None)
    asgi_hint = [] if fastapi_on or not fastapi_file else [_fastapi_hint(fastapi_file, python_version, flask_file)]
    if flask_file:
        return _detected(scan, "flask", f"{_stem(flask_file)}:{APP_OBJECT}", [
            f"Flask: {flask_file} is the first of {', '.join(FLASK_FILES)} at the root; the app object is assumed "
            f"to be named '{APP_OBJECT}'.", *_flask_object_reasons(flask_file, scan.texts.get(flask_file)),
            *asgi_hint, *reasons])
    return _detected(scan, "default", DEFAULT_MODULE, [
        f"Nothing detected: no immediate subfolder of {scan.tree.description} has a {DJANGO_MARKER} (Django) and "
        f"none of {', '.join(FLASK_FILES)} is at its root (Flask), so the built-in default app runs the "
        "'Your web app is running and waiting for your content' page.",
        *_deep_project_hints(scan), *_renamed_flask_hints(scan), *asgi_hint, *reasons])


def _detected(scan: _Scan, source: str, module: str, reasons: Sequence[str],
              worker_class: str | None = None) -> StartupPrediction:
    app_root = DEFAULT_APP_ROOT if source == "default" else APP_ROOT
    command = build_oryx_command(module, scan.settings, worker_class, app_root)
    return StartupPrediction(source, module, command, "", None, scan.python_version, None,
                             (*reasons, *_settings_reasons(scan.settings, command)))


def _predict_custom(tree: SourceTree | None, command_line: str, python_version: str | None) -> StartupPrediction:
    tokens = split_words(command_line)
    if len(tokens) != 1:
        return StartupPrediction("custom", None, command_line, command_line, None, python_version, None, (
            f"The startup command runs as given, in {APP_ROOT}.", DOCS_FALLBACK_NOTE))
    name = tokens[0]
    path = name[len(APP_ROOT) + 1:] if name.startswith(APP_ROOT + "/") else name
    if tree is None or normalize_path(path) is None:
        why = "no source folder was given" if tree is None else f"it is outside {APP_ROOT}"
        return StartupPrediction("custom", None, command_line, command_line, None, python_version, None, (
            f"Whether '{name}' is a file in the app could not be checked ({why}). If it is a .sh script it runs "
            "whole; any other file runs only its first line; otherwise it runs as a command.", DOCS_FALLBACK_NOTE))
    info = read_startup_file(name, read_text(tree, path))
    command, reason = _startup_file_outcome(info, tree.description)
    return StartupPrediction("custom", None, command, command_line,
                             info if info.exists or _looks_like_file(name) else None, python_version, None,
                             (reason, DOCS_FALLBACK_NOTE))


def _startup_file_outcome(info: StartupFileInfo, where: str) -> tuple[str, str]:
    if not info.exists:
        if _looks_like_file(info.name):
            return info.name, (f"'{info.name}' is not a file in {where}, so it is run as a command and fails with "
                               f"'{info.name}: not found'.")
        return info.name, f"'{info.name}' is not a file in {where}; it runs as a command."
    if info.name.endswith(SHELL_SCRIPT_SUFFIX):
        return info.name, f"{info.name} is a shell script in {where}: it is made executable and runs whole."
    if not info.first_line:
        return "", f"{info.name} is a file in {where}, but its first line is empty, so nothing starts."
    ignored = f"; {info.ignored_lines} later non-empty line(s) are ignored" if info.ignored_lines else ""
    return info.first_line, f"{info.name} is a file in {where}: only its first line runs{ignored}."


def _looks_like_file(name: str) -> bool:
    return "/" in name or "." in name


def _has_file(listing: list[Entry] | None, name: str) -> bool:
    return any(entry.name == name and not entry.is_dir for entry in listing or [])


def _stem(file_name: str) -> str:
    return file_name[:-len(".py")] if file_name.endswith(".py") else file_name


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


def parse_python_version(text: str | None) -> tuple[int, int] | None:
    """Read "3.12", "3.12.4" or "PYTHON|3.12" as (3, 12); None when it is not a version."""
    match = VERSION.match(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def _fastapi_enabled(version: tuple[int, int] | None, settings: Mapping[str, str]) -> bool:
    disabled = settings.get(DISABLE_FASTAPI_SETTING, "").strip().lower() == "true"
    return version is not None and version >= FASTAPI_MIN_VERSION and not disabled


def _version_reasons(text: str | None, version: tuple[int, int] | None, settings: Mapping[str, str]) -> list[str]:
    if text is None:
        return ["The Python version is unknown, so FastAPI detection (Python 3.14 and newer) is taken to be off."]
    if version is None:
        return [f"'{text}' is not a Python version, so FastAPI detection (Python 3.14 and newer) is taken to be off."]
    if version >= FASTAPI_MIN_VERSION and not _fastapi_enabled(version, settings):
        return [f"{DISABLE_FASTAPI_SETTING} is true, so FastAPI apps are not detected."]
    return []


def is_fastapi_source(text: str | None) -> bool:
    """Oryx's FastAPI test: imports fastapi and does not contain 'from flask'."""
    return bool(text) and any(marker in text for marker in FASTAPI_MARKERS) and FLASK_MARKER not in text


def _fastapi_hint(file_name: str, python_version: str | None, flask_file: str | None) -> str:
    command = build_gunicorn_command(f"{_stem(file_name)}:{APP_OBJECT}", worker_class=FASTAPI_WORKER_CLASS)
    served = (" It is started as a Flask app by gunicorn's sync worker instead, and requests fail with "
              "\"TypeError: __call__() missing ... 'send'\"." if file_name == flask_file else "")
    return (f"{file_name} imports FastAPI, but FastAPI is detected only on Python 3.14 and newer with detection "
            f"enabled (this app: {python_version or 'unknown'}).{served} Set the startup command: {command} "
            "(and add uvicorn-worker to requirements.txt).")


def _flask_object_reasons(file_name: str, text: str | None) -> list[str]:
    if not text or APP_NAME_BOUND.search(text):
        return []
    stem = _stem(file_name)
    names = FLASK_OBJECT.findall(text)
    if names:
        return [f"{file_name} names its Flask object '{names[0]}', not '{APP_OBJECT}': gunicorn fails with "
                f"\"Failed to find attribute '{APP_OBJECT}' in '{stem}'\". Rename it to {APP_OBJECT}, or set the "
                f"startup command: {build_gunicorn_command(f'{stem}:{names[0]}')}."]
    if "def create_app(" in text:
        return [f"{file_name} defines create_app() but no module-level '{APP_OBJECT}': gunicorn fails with "
                f"\"Failed to find attribute '{APP_OBJECT}'\". Add app = create_app(), or set the startup command: "
                f"gunicorn --bind=0.0.0.0 --timeout 600 \"{stem}:create_app()\"."]
    return []


def _settings_reasons(settings: Mapping[str, str], command: str) -> list[str]:
    if parse_platform_bool(settings.get(MULTIWORKERS_SETTING)) is None:
        return [f"{MULTIWORKERS_SETTING} is neither true nor false: Oryx stops with \"Invalid value ... Value can "
                "either be 'true' or 'false'\" and the container does not start. Set it to true or false."]
    if UNKNOWN_CORES_WORKERS in command:
        return [f"--workers={UNKNOWN_CORES_WORKERS}: Oryx counts the instance's CPU cores at start-up."]
    return []


def _deep_project_hints(scan: _Scan) -> list[str]:
    """Explain a Django or Flask project one folder too deep, listing grandchildren once."""
    searched = [name for name, listing in scan.subdirs.items()
                if listing is not None and name not in NOT_SEARCHED_DIRS and not _has_file(listing, VENV_MARKER)]
    flask = next(((name, file) for name in searched for file in FLASK_FILES if _has_file(scan.subdirs[name], file)),
                 None)
    deeper = [f"{name}/{entry.name}" for name in searched for entry in scan.subdirs[name] or []
              if entry.is_dir and entry.name not in NOT_SEARCHED_DIRS][:MAX_DEEP_LISTINGS]
    listings = scan.tree.list_dirs(deeper) if deeper else {}
    django = next((path for path in deeper if _has_file(listings.get(path), DJANGO_MARKER)), None)
    hints = []
    if django:
        parent, package = django.split("/", 1)
        hints.append(f"{django}/{DJANGO_MARKER} is two levels deep; only immediate subfolders are searched. "
                     f"Set the startup command: {_command_or_hint(f'{package}.wsgi:{DJANGO_WSGI_OBJECT}', parent)}.")
    elif "manage.py" in scan.root_files:
        hints.append(f"manage.py is at the root, but no immediate subfolder has a {DJANGO_MARKER}.")
    if flask:
        hints.append(f"{flask[0]}/{flask[1]} is in a subfolder; Flask detection looks only at the root. Set the "
                     f"startup command: {_command_or_hint(f'{_stem(flask[1])}:{APP_OBJECT}', flask[0])}.")
    return hints


def _renamed_flask_hints(scan: _Scan) -> list[str]:
    for name in scan.texts:
        text = scan.texts[name] or ""
        if name not in FLASK_FILES and "Flask(" in text:
            names = FLASK_OBJECT.findall(text) or [APP_OBJECT]
            return [f"{name} creates a Flask app, but only {', '.join(FLASK_FILES)} are detected. Rename it to "
                    f"app.py, or set the startup command: {_command_or_hint(f'{_stem(name)}:{names[0]}')}."]
    return []


def _command_or_hint(module: str, chdir: str | None = None) -> str:
    try:
        return build_gunicorn_command(module, chdir=chdir)
    except StartupCommandError:
        return f"gunicorn --bind=0.0.0.0 --timeout 600 --chdir <folder> <module>:<app> (for {module})"


def find_asgi_app(tree: SourceTree, candidates: Sequence[str] = ()) -> str | None:
    """Name the first file that imports an ASGI framework, e.g. "main.py imports FastAPI".

    candidates: the files the startup command serves, when known (read directly); else the root's usual names.
    """
    if candidates:
        texts = tree.read_texts(list(candidates))
        found = ((name, ASGI_IMPORT.search(texts.get(name) or "")) for name in candidates)
        return next((f"{name} imports {ASGI_FRAMEWORKS[m.group(1)]}" for name, m in found if m), None)
    root = list_dir(tree, "") or []
    names = [name for name in FASTAPI_FILES if _has_file(root, name)]
    texts = tree.read_texts(names) if names else {}
    for name in names:
        match = ASGI_IMPORT.search(texts.get(name) or "")
        if match:
            return f"{name} imports {ASGI_FRAMEWORKS[match.group(1)]}"
    return None
