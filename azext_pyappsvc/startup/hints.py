"""Why detection found what it found, and what to do about a near miss (pure; reads only through a SourceTree)."""
from __future__ import annotations

from typing import Mapping, Sequence

from .command import StartupCommandError, build_gunicorn_command
from .rules import (APP_NAME_BOUND, APP_OBJECT, ASGI_FRAMEWORKS, ASGI_IMPORT, DJANGO_MARKER, DJANGO_WSGI_OBJECT,
                    FASTAPI_FILES, FASTAPI_WORKER_CLASS, FLASK_FILES, FLASK_OBJECT, NOT_SEARCHED_DIRS, VENV_MARKER)
from ..source.tree import Entry, SourceTree, list_dir

MAX_DEEP_LISTINGS = 50  # grandchild folders listed to explain a Django project one level too deep


def has_file(listing: list[Entry] | None, name: str) -> bool:
    """True when the listing holds a file (not a folder) of this name."""
    return any(entry.name == name and not entry.is_dir for entry in listing or [])


def stem(file_name: str) -> str:
    """app.py -> app."""
    return file_name[:-len(".py")] if file_name.endswith(".py") else file_name


def fastapi_hint(file_name: str, python_version: str | None, flask_file: str | None) -> str:
    """A FastAPI app that detection does not see (Python before 3.14, or detection disabled)."""
    command = build_gunicorn_command(f"{stem(file_name)}:{APP_OBJECT}", worker_class=FASTAPI_WORKER_CLASS)
    served = (" It is started as a Flask app by gunicorn's sync worker instead, and requests fail with "
              "\"TypeError: __call__() missing ... 'send'\"." if file_name == flask_file else "")
    return (f"{file_name} imports FastAPI, but FastAPI is detected only on Python 3.14 and newer with detection "
            f"enabled (this app: {python_version or 'unknown'}).{served} Set the startup command: {command} "
            "(and add uvicorn-worker to requirements.txt).")


def flask_object_reasons(file_name: str, text: str | None) -> list[str]:
    """A Flask file whose app object is not named app."""
    if not text or APP_NAME_BOUND.search(text):
        return []
    module = stem(file_name)
    names = FLASK_OBJECT.findall(text)
    if names:
        return [f"{file_name} names its Flask object '{names[0]}', not '{APP_OBJECT}': gunicorn fails with "
                f"\"Failed to find attribute '{APP_OBJECT}' in '{module}'\". Rename it to {APP_OBJECT}, or set the "
                f"startup command: {build_gunicorn_command(f'{module}:{names[0]}')}."]
    if "def create_app(" in text:
        return [f"{file_name} defines create_app() but no module-level '{APP_OBJECT}': gunicorn fails with "
                f"\"Failed to find attribute '{APP_OBJECT}'\". Add app = create_app(), or set the startup command: "
                f"gunicorn --bind=0.0.0.0 --timeout 600 \"{module}:create_app()\"."]
    return []


def deep_project_hints(tree: SourceTree, subdirs: Mapping[str, list[Entry] | None],
                       root_files: Sequence[str]) -> list[str]:
    """Explain a Django or Flask project one folder too deep, listing grandchildren once."""
    searched = [name for name, listing in subdirs.items()
                if listing is not None and name not in NOT_SEARCHED_DIRS and not has_file(listing, VENV_MARKER)]
    flask = next(((name, file) for name in searched for file in FLASK_FILES if has_file(subdirs[name], file)), None)
    deeper = [f"{name}/{entry.name}" for name in searched for entry in subdirs[name] or []
              if entry.is_dir and entry.name not in NOT_SEARCHED_DIRS][:MAX_DEEP_LISTINGS]
    listings = tree.list_dirs(deeper) if deeper else {}
    django = next((path for path in deeper if has_file(listings.get(path), DJANGO_MARKER)), None)
    hints = []
    if django:
        parent, package = django.split("/", 1)
        hints.append(f"{django}/{DJANGO_MARKER} is two levels deep; only immediate subfolders are searched. "
                     f"Set the startup command: {command_or_hint(f'{package}.wsgi:{DJANGO_WSGI_OBJECT}', parent)}.")
    elif "manage.py" in root_files:
        hints.append(f"manage.py is at the root, but no immediate subfolder has a {DJANGO_MARKER}.")
    if flask:
        hints.append(f"{flask[0]}/{flask[1]} is in a subfolder; Flask detection looks only at the root. Set the "
                     f"startup command: {command_or_hint(f'{stem(flask[1])}:{APP_OBJECT}', flask[0])}.")
    return hints


def renamed_flask_hints(texts: Mapping[str, str | None]) -> list[str]:
    """A Flask app in a root file detection does not look at."""
    for name, text in texts.items():
        if name not in FLASK_FILES and "Flask(" in (text or ""):
            names = FLASK_OBJECT.findall(text or "") or [APP_OBJECT]
            return [f"{name} creates a Flask app, but only {', '.join(FLASK_FILES)} are detected. Rename it to "
                    f"app.py, or set the startup command: {command_or_hint(f'{stem(name)}:{names[0]}')}."]
    return []


def command_or_hint(module: str, chdir: str | None = None) -> str:
    """The documented gunicorn command for a module, or a template when the names cannot be used as they are."""
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
    names = [name for name in FASTAPI_FILES if has_file(root, name)]
    texts = tree.read_texts(names) if names else {}
    for name in names:
        match = ASGI_IMPORT.search(texts.get(name) or "")
        if match:
            return f"{name} imports {ASGI_FRAMEWORKS[match.group(1)]}"
    return None
