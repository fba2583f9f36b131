"""Standard-library modules that newer Pythons removed, and the imports of an app's code (pure).

Sources: PEP 632 (distutils, removed in 3.12); PEP 594 (the "dead batteries": asynchat, asyncore and smtpd
removed in 3.12, the others in 3.13); "What's New In Python 3.12" (imp removed) and "What's New In Python 3.13"
(lib2to3 removed, and the PEP 594 list).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Optional

PEP_594 = "PEP 594"


@dataclass(frozen=True)
class RemovedModule:
    """A standard-library module and the Python version that no longer has it."""

    name: str
    removed_in: str
    source: str
    replacement: str


def _module(name: str, removed_in: str, source: str, replacement: str) -> tuple[str, RemovedModule]:
    return name, RemovedModule(name, removed_in, source, replacement)


REMOVED_MODULES: dict[str, RemovedModule] = dict([
    _module("distutils", "3.12", "PEP 632", "setuptools (which ships its own distutils) or packaging.version"),
    _module("imp", "3.12", "What's New In Python 3.12", "importlib"),
    _module("asynchat", "3.12", PEP_594, "asyncio"),
    _module("asyncore", "3.12", PEP_594, "asyncio"),
    _module("smtpd", "3.12", PEP_594, "aiosmtpd (PyPI)"),
    _module("lib2to3", "3.13", "What's New In Python 3.13", "a maintained parser (e.g. parso or libcst)"),
    *(_module(name, "3.13", PEP_594, replacement) for name, replacement in (
        ("aifc", "a maintained audio library"), ("audioop", "audioop-lts (PyPI)"),
        ("cgi", "email.message or multipart (PyPI)"), ("cgitb", "the traceback module"),
        ("chunk", "a maintained audio library"), ("crypt", "hashlib, or passlib/bcrypt (PyPI)"),
        ("imghdr", "filetype or Pillow (PyPI)"), ("mailcap", "mimetypes"), ("msilib", "none (Windows only)"),
        ("nis", "none"), ("nntplib", "pynntp (PyPI)"), ("ossaudiodev", "none"), ("pipes", "subprocess and shlex"),
        ("sndhdr", "filetype (PyPI)"), ("spwd", "python-pam (PyPI)"), ("sunau", "a maintained audio library"),
        ("telnetlib", "telnetlib3 (PyPI)"), ("uu", "base64"), ("xdrlib", "a maintained XDR library"))),
])

IMPORT_LINE = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import|import\s+([A-Za-z_][\w., ]*))", re.MULTILINE)


def minor_key(version: str) -> tuple[int, ...]:
    """(3, 12) for "3.12"."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def removed_by(module: str, target: str) -> Optional[RemovedModule]:
    """The removal that makes `import module` fail on the target Python, or None."""
    removed = REMOVED_MODULES.get(module.split(".", 1)[0])
    if removed is None or minor_key(target) < minor_key(removed.removed_in):
        return None
    return removed


def imported_modules(source: str) -> set[str]:
    """The top-level names a Python file imports (absolute imports only); a file that does not parse is read
    line by line."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _imports_by_line(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".", 1)[0])
    return names


def _imports_by_line(source: str) -> set[str]:
    names: set[str] = set()
    for match in IMPORT_LINE.finditer(source):
        if match.group(1):
            names.add(match.group(1).split(".", 1)[0])
        else:
            names.update(part.strip().split(".", 1)[0].split(" ")[0] for part in match.group(2).split(","))
    return {name for name in names if name}


@dataclass(frozen=True)
class PackageNeed:
    """A package whose releases before `fixed_in` import a removed module."""

    package: str
    module: str
    fixed_in: str
    source: str


# Pinned versions that import a removed module. Only entries a public record settles are listed.
PACKAGE_NEEDS: tuple[PackageNeed, ...] = (
    # django/utils/version.py used distutils.version.LooseVersion until django/django#14240 (merged 2021-04-09,
    # after 3.2's release on 2021-04-06, so first in 4.0); Django 3.2 never supported Python 3.12 either.
    PackageNeed("django", "distutils", "4.0", "django/django#14240"),
)
