"""The dependencies an app declares: requirements.txt (with -r includes), pyproject.toml, antenv's installed
set (pure; files come in through a SourceTree)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement as Pep508
from packaging.utils import canonicalize_name

from ..source.tree import SourceTree

REQUIREMENTS_TXT = "requirements.txt"
PYPROJECT_TOML = "pyproject.toml"
MAX_INCLUDES = 20
INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s+|=)(?P<path>\S+)$")
SKIPPED_OPTION = re.compile(r"^(?:-c|--constraint|-e|--editable|-i|--index-url|--extra-index-url|-f|--find-links|"
                            r"--trusted-host|--pre|--no-binary|--only-binary|--prefer-binary|--require-hashes|"
                            r"--no-index|--use-feature)\b")
COMMENT = re.compile(r"(^|\s)#.*$")
HASH_OPTION = re.compile(r"\s--hash[=\s]\S+")
TOOLING = frozenset({"pip", "setuptools", "wheel"})  # the build's own tools, not the app's dependencies


@dataclass(frozen=True)
class Requirement:
    """One dependency: its canonical name, the version specifier and where it was declared."""

    name: str
    specifier: str = ""
    source: str = ""
    url: Optional[str] = None

    @property
    def pinned(self) -> Optional[str]:
        """The exact version of an `==X` (or `===X`) pin, else None."""
        clauses = [c.strip() for c in self.specifier.split(",") if c.strip()]
        if len(clauses) == 1 and clauses[0].startswith("==") and "*" not in clauses[0]:
            return clauses[0].lstrip("=").strip()
        return None


@dataclass
class Declared:
    """What the files declare, and what could not be used (notes for the user)."""

    requirements: list[Requirement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def target_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values of App Service's CPython `python` on Linux x86-64."""
    return {"python_version": python, "python_full_version": f"{python}.0", "sys_platform": "linux",
            "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
            "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def parse_requirement(text: str, source: str, python: str) -> tuple[Optional[Requirement], Optional[str]]:
    """(requirement, None), (None, note) when it cannot be used, or (None, None) when its marker excludes it."""
    try:
        parsed = Pep508(text)
    except InvalidRequirement as error:
        return None, f"{source}: not a requirement pip would read ({str(error).splitlines()[0][:120]})."
    if parsed.marker is not None and not _marker_holds(parsed.marker, python):
        return None, None
    return Requirement(canonicalize_name(parsed.name), str(parsed.specifier), source, parsed.url), None


def _marker_holds(marker: Marker, python: str) -> bool:
    try:
        return bool(marker.evaluate(target_environment(python)))
    except Exception:  # an unknown marker variable: keep the requirement
        return True


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) with comments removed and backslash continuations joined, as pip reads them."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = COMMENT.sub("", raw).rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            lines.append((start, full))
    if pending.strip():
        lines.append((start, pending.strip()))
    return lines


def _join(folder: str, path: str) -> str:
    parts: list[str] = []
    for part in (f"{folder}/{path}" if folder else path).split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def read_requirements(tree: SourceTree, python: str, path: str = REQUIREMENTS_TXT) -> Declared:
    """requirements.txt and the files it includes with -r (each read once), as Oryx's pip reads them."""
    declared, queue, seen = Declared(), [path], set()
    while queue and len(seen) < MAX_INCLUDES:
        batch = [p for p in dict.fromkeys(queue) if p not in seen]
        queue = []
        seen.update(batch)
        for name, text in tree.read_texts(batch).items():
            if text is None:
                if name != path:
                    declared.notes.append(f"{name} (included with -r) was not found.")
                continue
            declared.files.append(name)
            queue.extend(_read_lines(declared, name, text, python))
    return declared


def _read_lines(declared: Declared, name: str, text: str, python: str) -> list[str]:
    """Add a file's requirements; return the files it includes."""
    includes: list[str] = []
    folder = name.rpartition("/")[0]
    for number, line in logical_lines(text):
        where = f"{name}:{number}"
        include = INCLUDE.match(line)
        if include:
            includes.append(_join(folder, include["path"]))
        elif SKIPPED_OPTION.match(line):
            declared.notes.append(f"{where}: the option {line.split()[0]} is not taken into account.")
        elif line.startswith("-"):
            declared.notes.append(f"{where}: unknown option {line.split()[0]}; line skipped.")
        else:
            requirement, note = parse_requirement(HASH_OPTION.sub("", line), where, python)
            declared.requirements.extend([requirement] if requirement else [])
            declared.notes.extend([note] if note else [])
    return includes


def pyproject_requirements(text: str, python: str) -> Declared:
    """[project] dependencies (PEP 621), else [tool.poetry.dependencies] with plain or ^/~ versions."""
    declared = Declared(files=[PYPROJECT_TOML])
    document = _toml(text)
    if document is None:
        declared.notes.append(f"{PYPROJECT_TOML} is not valid TOML; its dependencies were not read.")
        return declared
    for index, item in enumerate((document.get("project") or {}).get("dependencies") or []):
        requirement, note = parse_requirement(str(item), f"{PYPROJECT_TOML} [project] dependencies[{index}]", python)
        declared.requirements.extend([requirement] if requirement else [])
        declared.notes.extend([note] if note else [])
    poetry = ((document.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    for name, value in poetry.items():
        if name.lower() != "python":
            declared.requirements.append(Requirement(canonicalize_name(name), _poetry_specifier(value),
                                                     f"{PYPROJECT_TOML} [tool.poetry.dependencies]"))
    return declared


def _toml(text: str) -> Optional[dict[str, Any]]:
    try:
        import tomllib
    except ImportError:  # Python 3.10: azure-cli ships no TOML reader then
        return None
    try:
        return tomllib.loads(text)
    except ValueError:
        return None


def _poetry_specifier(value: Any) -> str:
    """A Poetry constraint as a PEP 440 specifier: "1.2.3" -> ==1.2.3, "^1.2"/"~1.2" -> >=1.2, "*" -> any."""
    text = str(value.get("version", "*") if isinstance(value, dict) else value).strip()
    if text in ("", "*"):
        return ""
    if text[0] in "^~" and text[1:2] != "=":
        return f">={text[1:]}"
    return f"=={text}" if text[0].isdigit() else text


def installed_from_dist_info(names: Sequence[str]) -> dict[str, str]:
    """canonical name -> version from `<name>-<version>.dist-info` folder names (pip, setuptools, wheel left out)."""
    installed: dict[str, str] = {}
    for entry in names:
        if not entry.endswith(".dist-info") or "-" not in entry:
            continue
        name, _, version = entry[:-len(".dist-info")].rpartition("-")
        if name and version and canonicalize_name(name) not in TOOLING:
            installed[canonicalize_name(name)] = version
    return installed


def site_packages_of(lib_entries: Sequence[str], venv: str = "antenv") -> Optional[str]:
    """antenv/lib/pythonX.Y/site-packages/ of a virtual environment's lib listing (the newest Python)."""
    pythons = sorted((n for n in lib_entries if re.fullmatch(r"python\d+\.\d+", n)),
                     key=lambda n: tuple(int(p) for p in n[6:].split(".")))
    return f"{venv}/lib/{pythons[-1]}/site-packages/" if pythons else None
