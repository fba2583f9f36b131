"""The constants of Oryx's framework detection and the small tests it makes (pure).

From microsoft/Oryx (d91d836) src/startupscriptgenerator/src/python/frameworks.go (`DetectFramework`, the three
detectors, `isPythonVersionAtLeast`) and scriptgenerator.go.
"""
from __future__ import annotations

import re

from .command import DEFAULT_APP_ROOT, MULTIWORKERS_SETTING

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
WHOLE_FILE_LIMIT = 16 * 1024 * 1024  # fastAPIDetector reads whole files (ioutil.ReadFile); we stop at 16 MiB
NOT_SEARCHED_DIRS = frozenset({VIRTUAL_ENV_NAME, "node_modules", ".git", "__pycache__", "site-packages"})
VENV_MARKER = "pyvenv.cfg"
ASGI_FRAMEWORKS = {"fastapi": "FastAPI", "starlette": "Starlette", "quart": "Quart", "litestar": "Litestar"}
ASGI_IMPORT = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(ASGI_FRAMEWORKS) + r")\b", re.MULTILINE)
FLASK_OBJECT = re.compile(r"^(\w+)\s*(?::[^=\n]+)?=\s*(?:flask\.)?Flask\(", re.MULTILINE)
APP_NAME_BOUND = re.compile(r"^(?:app\s*(?::[^=\n]+)?=[^=]|(?:from\s+\S+\s+)?import\s.*\bapp\b)", re.MULTILINE)
VERSION = re.compile(r"^\s*(?:python\s*[-|:]?\s*)?([0-9]+)\.([0-9]+)", re.IGNORECASE)
GO_INT = re.compile(r"^\s*([+-]?[0-9]+)")

__all__ = ["DEFAULT_APP_ROOT", "MULTIWORKERS_SETTING"]


def parse_python_version(text: str | None) -> tuple[int, int] | None:
    """Read "3.12", "3.12.4" or "PYTHON|3.12" as (3, 12); None when it is not a version."""
    match = VERSION.match(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def go_version_at_least(text: str, major: int, minor: int) -> bool:
    """frameworks.go isPythonVersionAtLeast: split on ".", read the first two parts' leading integers (fmt.Sscan)."""
    parts = text.split(".", 2)
    if len(parts) < 2:
        return False
    found = [GO_INT.match(part) for part in parts[:2]]
    if not all(found):
        return False
    have = (int(found[0].group(1)), int(found[1].group(1)))
    return have[0] > major or (have[0] == major and have[1] >= minor)


def is_fastapi_source(text: str | None) -> bool:
    """Oryx's FastAPI test: imports fastapi and does not contain 'from flask'."""
    return bool(text) and any(marker in text for marker in FASTAPI_MARKERS) and FLASK_MARKER not in text
