"""The files the checks look at, read once in batches: the facts gathered from a tree's root."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..startup.detection import NOT_SEARCHED_DIRS
from ..source.tree import Entry, SourceTree
from .constants import (
    ANTENV, BUILD_EVIDENCE, DEPENDENCY_FILES, MAX_LISTED_SUBDIRS, MAX_ROOT_PY_FILES, PYPROJECT_TOML, PYVENV_CFG,
    REQUIREMENTS_TXT,
    ROOT_FILES_TO_READ, VENV_DIR_MARKERS, VENV_DIR_NAMES,
)

REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
REQUIREMENT_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)(?:\s+|=)(\S+)")
QUOTED_NAME = re.compile(r"[\"']\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
TOML_KEY = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=", re.MULTILINE)
TOML_TABLE = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.\"-]+)\s*\]+", re.MULTILINE)
# the tables that make a pyproject.toml something Oryx installs from (PEP 621 [project], Poetry, PEP 735 groups);
# [tool.ruff] or [tool.pytest.ini_options] alone only configure tools
DEPENDENCY_TABLES = ("project", "tool.poetry", "dependency-groups", "build-system")


@dataclass(frozen=True)
class TreeFacts:
    """A tree's root listing, the listings of its root folders, and the root files the checks read."""

    root: tuple[Entry, ...]
    subdirs: Mapping[str, list[Entry] | None] = field(default_factory=dict)
    texts: Mapping[str, str | None] = field(default_factory=dict)

    def has_file(self, name: str) -> bool:
        """True when a file of exactly this name is at the root."""
        return any(entry.name == name and not entry.is_dir for entry in self.root)

    def has_entry(self, name: str) -> bool:
        """True when a file or folder of exactly this name is at the root."""
        return any(entry.name == name for entry in self.root)

    def text(self, path: str) -> str | None:
        """The text of a file read with the facts, or None."""
        return self.texts.get(path)

    @property
    def root_py_files(self) -> list[str]:
        """The .py files at the root, in listing order."""
        return [e.name for e in self.root if not e.is_dir and e.name.endswith(".py")][:MAX_ROOT_PY_FILES]


def paths_to_read(root: Sequence[Entry]) -> tuple[list[str], list[str]]:
    """(root folders to list, root files to read) for the facts; antenv, node_modules and .git are never listed."""
    dirs = [e.name for e in root if e.is_dir and e.name not in NOT_SEARCHED_DIRS][:MAX_LISTED_SUBDIRS]
    names = {entry.name for entry in root if not entry.is_dir}
    files = [n for n in ROOT_FILES_TO_READ if n in names]
    files += [e.name for e in root if not e.is_dir and e.name.endswith(".py")][:MAX_ROOT_PY_FILES]
    return dirs, files


def gather_facts(tree: SourceTree) -> TreeFacts | None:
    """List the root and its folders and read the root files the checks need; None when the root is missing."""
    root = tree.list_dirs([""]).get("")
    if root is None:
        return None
    dirs, wanted = paths_to_read(root)
    subdirs = tree.list_dirs(dirs) if dirs else {}
    texts = dict(tree.read_texts(wanted)) if wanted else {}
    includes = [p for p in requirement_includes(texts.get(REQUIREMENTS_TXT)) if p not in texts]
    if includes:
        texts.update(tree.read_texts(includes))
    return TreeFacts(tuple(root), dict(subdirs), texts)


def normalize_name(name: str) -> str:
    """A package name as PEP 503 compares them: lower case, runs of -_. as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_includes(text: str | None) -> list[str]:
    """The files a requirements.txt includes with -r (relative to the root)."""
    found = (REQUIREMENT_INCLUDE.match(line) for line in (text or "").splitlines())
    return [match.group(1).removeprefix("./") for match in found if match]


def requirement_names(text: str | None) -> set[str]:
    """The normalised package names a requirements.txt lists (options and comments skipped)."""
    names = set()
    for line in (text or "").splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        match = REQUIREMENT_NAME.match(line)
        if match:
            names.add(normalize_name(match.group(1)))
    return names


def mentioned_names(text: str | None) -> set[str]:
    """Names a pyproject.toml or setup.py mentions as quoted strings or TOML keys (a generous reading)."""
    text = text or ""
    return {normalize_name(n) for n in QUOTED_NAME.findall(text) + TOML_KEY.findall(text)}


def declared_packages(facts: TreeFacts) -> set[str]:
    """Every package name the root's dependency files (and requirements includes) declare."""
    names = requirement_names(facts.text(REQUIREMENTS_TXT))
    for include in requirement_includes(facts.text(REQUIREMENTS_TXT)):
        names |= requirement_names(facts.text(include))
    for other in ("pyproject.toml", "setup.py"):
        names |= mentioned_names(facts.text(other))
    return names


def is_dependency_pyproject(text: str | None) -> bool:
    """True when a pyproject.toml declares a project or its dependencies, not only tool settings."""
    tables = {name.replace('"', "") for name in TOML_TABLE.findall(text or "")}
    return any(name == table or name.startswith(f"{table}.") for name in tables for table in DEPENDENCY_TABLES)


def dependency_files(facts: TreeFacts) -> list[str]:
    """The root's dependency files Oryx installs from, in its order; a tool-only pyproject.toml does not count."""
    return [name for name in DEPENDENCY_FILES if facts.has_file(name)
            and (name != PYPROJECT_TOML or is_dependency_pyproject(facts.text(name)))]


def imports_package(facts: TreeFacts, package: str) -> bool:
    """True when a root .py file (or a Django project's wsgi/settings read with the facts) imports the package."""
    pattern = re.compile(rf"^\s*(?:from|import)\s+{re.escape(package)}\b", re.MULTILINE)
    return any(pattern.search(text or "") for path, text in facts.texts.items() if path.endswith(".py"))


def venv_dirs(facts: TreeFacts) -> list[tuple[str, str]]:
    """Root folders that are virtual environments (antenv excepted), with the marker that shows it."""
    found = []
    for name, listing in facts.subdirs.items():
        names = {entry.name for entry in listing or []}
        if name == ANTENV:
            continue
        if PYVENV_CFG in names:
            found.append((name, PYVENV_CFG))
        elif name in VENV_DIR_NAMES and names & VENV_DIR_MARKERS:
            found.append((name, f"{sorted(names & VENV_DIR_MARKERS)[0]}/"))
    return found


def build_evidence(facts: TreeFacts) -> str | None:
    """The first root entry that shows an Oryx build ran (antenv, oryx-manifest.toml...), or None."""
    return next((name for name in BUILD_EVIDENCE if facts.has_entry(name)), None)
