"""Which framework an app uses, and what auto-detection makes of it: the startup.detection finding."""
from __future__ import annotations

import re

from ..startup.detection import (APP_NAME_BOUND, APP_OBJECT, ASGI_IMPORT, DJANGO_MARKER, FASTAPI_WORKER_CLASS,
                                 FLASK_OBJECT, StartupPrediction, is_fastapi_source)
from ..startup.command import StartupCommandError, build_gunicorn_command
from .constants import ANTENV, FRAMEWORK_NAMES
from .derived import Derived
from .facts import TreeFacts
from .findings import Finding, Status, finding
from .gates import app_args
from .snapshot import Snapshot

FLASK_IMPORT = re.compile(r"^\s*(?:from|import)\s+flask\b", re.MULTILINE)
CREATE_APP = "def create_app("


def framework_of(derived: Derived) -> str | None:
    """django, flask or fastapi: what detection found, else what the root files import."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    if prediction and prediction.source in FRAMEWORK_NAMES:
        return prediction.source
    facts = derived.facts.value if derived.facts.ok else None
    if facts is None:
        return None
    texts = [facts.text(name) or "" for name in facts.root_py_files]
    if any(is_fastapi_source(text) for text in texts):
        return "fastapi"
    if any(FLASK_IMPORT.search(text) for text in texts):
        return "flask"
    return "django" if facts.has_file("manage.py") or django_dirs(facts) else None


def django_dirs(facts: TreeFacts) -> list[str]:
    """Root folders (antenv excepted) that hold a wsgi.py, in the order detection tries them."""
    return [name for name, listing in facts.subdirs.items() if name != ANTENV
            and any(entry.name == DJANGO_MARKER and not entry.is_dir for entry in listing or [])]


def _command(module: str, worker_class: str | None = None) -> str:
    try:
        return build_gunicorn_command(module, worker_class=worker_class)
    except StartupCommandError:
        return f"gunicorn --bind=0.0.0.0 --timeout 600 {module}"


def detection_finding(snapshot: Snapshot, derived: Derived, prediction: StartupPrediction) -> Finding:
    """The startup.detection finding for a prediction made without a startup command."""
    if prediction.source == "default":
        hints = " ".join(prediction.reasons[1:])
        generic = ("Put a Flask app in app.py (object named app) at the root, or the Django project folder (with "
                   "wsgi.py) directly under the root, or set a startup command: az webapp config set "
                   f"{app_args(snapshot)} --startup-file \"gunicorn --bind=0.0.0.0 --timeout 600 <module>:app\"")
        return finding("startup.detection", Status.FAIL, "Nothing is detected: App Service would serve its default "
                       "'waiting for your content' page.", hints or generic)
    facts = derived.app_facts.value if derived.app_facts.ok else derived.facts.value
    if prediction.source == "django":
        return _django_finding(prediction, facts)
    if prediction.source == "flask":
        return _flask_finding(prediction, facts)
    if prediction.source == "fastapi":
        return finding("startup.detection", Status.PASS, f"FastAPI detected: gunicorn runs {prediction.module} with "
                       f"the {FASTAPI_WORKER_CLASS} worker.")
    return finding("startup.detection", Status.ERROR, " ".join(prediction.reasons) or "Detection gave no answer.")


def _django_finding(prediction: StartupPrediction, facts: TreeFacts) -> Finding:
    module = prediction.module or ""
    package = module.split(".", 1)[0]
    if not package.isidentifier():
        return finding("startup.detection", Status.FAIL, f"Django: '{package}' holds wsgi.py but is not a valid "
                       f"package name, so gunicorn cannot import {module}.",
                       f"Rename the folder (e.g. {re.sub(r'[^0-9A-Za-z_]', '_', package)}), or set a startup command.")
    others = [name for name in django_dirs(facts) if name != package]
    if others:
        return finding("startup.detection", Status.WARN, f"Django detected in '{package}', but {', '.join(others)} "
                       "also has a wsgi.py; only the first folder by name is used.",
                       f"Remove or rename the other folder(s), or set a startup command: "
                       f"{_command(f'{package}.wsgi:application')}")
    return finding("startup.detection", Status.PASS, f"Django detected: gunicorn runs {module} "
                   f"(from {package}/wsgi.py).")


def _flask_finding(prediction: StartupPrediction, facts: TreeFacts) -> Finding:
    stem = (prediction.module or "").split(":", 1)[0]
    file_name, text = f"{stem}.py", facts.text(f"{stem}.py") or ""
    asgi = ASGI_IMPORT.search(text)
    if asgi:
        return finding("startup.detection", Status.FAIL, f"{file_name} imports {asgi.group(1)} but is started as a "
                       "Flask (WSGI) app: requests fail with TypeError ... 'send'.",
                       f"Set the startup command: {_command(f'{stem}:{APP_OBJECT}', FASTAPI_WORKER_CLASS)} and add "
                       "uvicorn-worker to requirements.txt.")
    if text and not APP_NAME_BOUND.search(text):
        return _flask_object_finding(file_name, stem, text)
    return finding("startup.detection", Status.PASS, f"Flask detected: gunicorn runs {prediction.module} "
                   f"({file_name} at the root).")


def _flask_object_finding(file_name: str, stem: str, text: str) -> Finding:
    names = FLASK_OBJECT.findall(text)
    failure = f"gunicorn fails with \"Failed to find attribute '{APP_OBJECT}' in '{stem}'\""
    if names:
        return finding("startup.detection", Status.FAIL, f"{file_name} names its Flask object '{names[0]}', not "
                       f"'{APP_OBJECT}': {failure}.",
                       f"Rename it to {APP_OBJECT}, or set the startup command: {_command(f'{stem}:{names[0]}')}")
    if CREATE_APP in text:
        return finding("startup.detection", Status.FAIL, f"{file_name} defines create_app() but no module-level "
                       f"'{APP_OBJECT}': {failure}.",
                       f"Add app = create_app() to {file_name}, or set the startup command: gunicorn "
                       f"--bind=0.0.0.0 --timeout 600 \"{stem}:create_app()\"")
    return finding("startup.detection", Status.WARN, f"{file_name} is started as {stem}:{APP_OBJECT}, but no "
                   f"module-level '{APP_OBJECT}' was found in it.",
                   f"Define app = Flask(__name__) in {file_name}, or set a startup command that names your app.")
