"""Python versions an app pins locally: runtime.txt, .python-version, pyproject.toml requires-python."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..runtime.local import read_local_python_version
from ..source.tree import SourceTree
from .constants import PYPROJECT_TOML

REQUIRES_PYTHON = re.compile(r"^\s*requires-python\s*=\s*[\"']([^\"']*)[\"']", re.MULTILINE)
CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?\s*$")


@dataclass(frozen=True)
class LocalPin:
    """A version the app's files ask for: an exact minor (runtime.txt) or a specifier (requires-python)."""

    source: str  # the file name
    version: str | None = None  # "3.12" from runtime.txt / .python-version
    specifier: str | None = None  # ">=3.10,<3.13" from pyproject.toml

    def allows(self, version: str) -> bool | None:
        """Whether the pin accepts a minor version; None when the pin cannot be read."""
        if self.version is not None:
            return self.version == version
        return specifier_allows(self.specifier or "", version)

    @property
    def wanted(self) -> str:
        """What the pin asks for, for messages."""
        return self.version or self.specifier or ""


def read_pins(tree: SourceTree) -> list[LocalPin]:
    """The pins of a tree: runtime.txt or .python-version (the first found), and requires-python."""
    pins = []
    local = read_local_python_version(tree)
    if local:
        pins.append(LocalPin(local[1], version=local[0]))
    pyproject = tree.read_texts([PYPROJECT_TOML]).get(PYPROJECT_TOML)
    match = REQUIRES_PYTHON.search(pyproject or "")
    if match and match.group(1).strip():
        pins.append(LocalPin(PYPROJECT_TOML, specifier=match.group(1).strip()))
    return pins


def _parts(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _clause_allows(op: str, target: tuple[int, ...], wildcard: bool, minor: tuple[int, int]) -> bool:
    """A PEP 440 clause against some patch release of a minor version (3.12 stands for any 3.12.x)."""
    pinned = (target + (0, 0))[:2]
    if op in ("==", "==="):
        return minor[:len(target)] == target if wildcard and len(target) <= 2 else minor == pinned
    if op == "!=":
        return not (wildcard and len(target) <= 2 and minor[:len(target)] == target)
    if op == "~=":
        prefix = target[:-1][:2]
        return minor >= pinned and minor[:len(prefix)] == prefix
    if op == "<":
        return minor < pinned or (minor == pinned and len(target) > 2 and target[2] > 0)
    return minor >= pinned if op in (">=", ">") else minor <= pinned


def specifier_allows(specifier: str, version: str) -> bool | None:
    """Whether a requires-python specifier accepts some patch release of the minor version; None if unreadable."""
    try:
        minor = _parts(version)[:2]
    except ValueError:
        return None
    if len(minor) != 2:
        return None
    for clause in filter(None, (part.strip() for part in specifier.split(","))):
        match = CLAUSE.match(clause)
        if not match:
            return None
        if not _clause_allows(match.group(1), _parts(match.group(2)), bool(match.group(3)), minor):
            return False
    return True
