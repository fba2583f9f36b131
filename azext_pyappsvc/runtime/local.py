"""Which Python a command reasons about: --python-version, the app's linuxFxVersion, or the project's own pin."""
from __future__ import annotations

import re
from typing import Optional

from ..errors import InvalidInput
from ..source.tree import SourceTree
from .stacks import VersionInputError, parse_version_input

RUNTIME_TXT = "runtime.txt"
PYTHON_VERSION_FILE = ".python-version"
SOURCE_OVERRIDE = "--python-version"
SOURCE_LINUX_FX = "linuxFxVersion"


def read_local_python_version(tree: SourceTree) -> tuple[str, str] | None:
    """Read the pinned version from runtime.txt ("python-3.12") or .python-version ("3.12.1")."""
    texts = tree.read_texts([RUNTIME_TXT, PYTHON_VERSION_FILE])
    patterns = {RUNTIME_TXT: r"python-([0-9]+)\.([0-9]+)(?:\.[0-9]+)?$",
                PYTHON_VERSION_FILE: r"([0-9]+)\.([0-9]+)(?:\.[0-9]+)?\b"}
    for name, pattern in patterns.items():
        lines = [line.strip() for line in (texts.get(name) or "").splitlines()]
        first = next((line for line in lines if line and not line.startswith("#")), "")
        match = re.match(pattern, first, re.IGNORECASE)
        if match:
            return f"{match.group(1)}.{match.group(2)}", name
    return None


def choose_python_version(override: Optional[str], configured: Optional[str],
                          tree: Optional[SourceTree]) -> tuple[Optional[str], Optional[str]]:
    """(version, source): --python-version, else the app's linuxFxVersion, else runtime.txt/.python-version."""
    if override is not None:
        try:
            return parse_version_input(override), SOURCE_OVERRIDE
        except VersionInputError as error:
            raise InvalidInput(f"--python-version: {error}") from None
    if configured:
        return configured, SOURCE_LINUX_FX
    local = read_local_python_version(tree) if tree is not None else None
    return (local[0], local[1]) if local else (None, None)


def require_python3(text: str) -> str:
    """The version as "3.12"; a Python 2 version (or an unreadable one) is refused with what to give instead."""
    try:
        version = parse_version_input(text)
    except VersionInputError as error:
        raise InvalidInput(f"--python-version: {error}") from None
    if int(version.split(".", 1)[0]) < 3:
        raise InvalidInput(f"--python-version {version}: App Service for Linux runs Python 3 only (Python 2 reached "
                           "its end of life on 2020-01-01).", "Give a Python 3 version, e.g. --python-version 3.12, "
                           "and port the app to Python 3.")
    return version
