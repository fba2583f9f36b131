"""runtime.removed-modules: the app, and the versions it pins, import no standard-library module the target Python lacks.

Offline by design: a small table of known pins, not a package index (that check is a separate issue).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..startup.detection import NOT_SEARCHED_DIRS, parse_python_version
from .constants import REQUIREMENTS_TXT
from .derived import Derived
from .facts import normalize_name, requirement_includes
from .findings import Finding, Status, finding
from .gates import python_gate, tree_gate
from .snapshot import Snapshot

# Removed in 3.12: distutils (PEP 632), asynchat, asyncore, smtpd (PEP 594's schedule), imp ("What's New In Python
# 3.12", Removed). Removed in 3.13: the rest of PEP 594's "dead batteries", and lib2to3 ("What's New In Python 3.13").
REMOVED_MODULES: dict[tuple[int, int], tuple[str, ...]] = {
    (3, 12): ("distutils", "asynchat", "asyncore", "imp", "smtpd"),
    (3, 13): ("aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib",
              "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3"),
}
MAX_SCANNED = 40
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([0-9]+(?:\.[0-9]+)*)", re.MULTILINE)


@dataclass(frozen=True)
class KnownPin:
    """A package below a version that imports a removed module, and where that is documented."""

    package: str
    below: tuple[int, ...]
    module: str
    fixed_in: str
    source: str


# django/utils/version.py imported distutils.version.LooseVersion until django/django#14240 ("Removed usage of
# Python's deprecated distutils.version package", merged 2021-04-09, after 3.2 was released); the 3.2.x branch's
# version.py no longer has it, but which 3.2 patch release dropped it is not settled here, so only < 3.2 is listed.
KNOWN_PINS = (
    KnownPin("django", (3, 2), "distutils", "3.2 or later (4.2 LTS supports Python 3.12)", "django/django#14240"),
)


def removed_by(version: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Every module the version lacks, with the version that removed it."""
    return {module: since for since, modules in REMOVED_MODULES.items() if version >= since for module in modules}


def imported_removed(text: str, removed: dict[str, tuple[int, int]]) -> list[str]:
    """The removed modules a Python file imports (import x, import x.y, from x import y)."""
    found = re.findall(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_]*)", text, re.MULTILINE)
    found += [name for line in re.findall(r"^\s*import\s+(.+)$", text, re.MULTILINE)
              for name in re.findall(r",\s*([A-Za-z_][A-Za-z0-9_]*)", line)]
    return list(dict.fromkeys(name for name in found if name in removed))


def pinned_versions(text: str | None) -> dict[str, tuple[int, ...]]:
    """name -> version of the requirements pinned with ==."""
    return {normalize_name(m.group(1)): tuple(int(p) for p in m.group(2).split(".")) for m in PIN.finditer(text or "")}


def _python_files(derived: Derived) -> dict[str, str]:
    """The root .py files and those of the root's folders (antenv, .git and the like left out), bounded."""
    facts = derived.facts.value
    texts = {name: facts.text(name) or "" for name in facts.root_py_files}
    nested = [f"{folder}/{entry.name}" for folder, listing in facts.subdirs.items()
              if folder not in NOT_SEARCHED_DIRS and not folder.startswith(".")
              for entry in listing or [] if not entry.is_dir and entry.name.endswith(".py")]
    texts.update({k: v or "" for k, v in derived.read_texts(nested[:MAX_SCANNED - len(texts)]).items()})
    return texts


def check_runtime_removed_modules(snapshot: Snapshot, derived: Derived) -> Finding:
    """runtime.removed-modules: no import of a module removed from the standard library by the target Python."""
    gate = python_gate("runtime.removed-modules", derived) or tree_gate("runtime.removed-modules", snapshot, derived)
    if gate:
        return gate
    version_text, source = derived.python_version_and_source
    version = parse_python_version(version_text)
    if version is None:
        return finding("runtime.removed-modules", Status.SKIP, "Not checked: the Python version is unknown.",
                       "Give one with --python-version, or pin it in runtime.txt (python-3.12).")
    removed = removed_by(version)
    found = [(path, module) for path, text in _python_files(derived).items() for module in imported_removed(text,
                                                                                                              removed)]
    pins = _pinned_problems(derived, version)
    where = f"Python {version_text} ({source})"
    if not found and not pins:
        return finding("runtime.removed-modules", Status.PASS, f"The app imports no standard-library module that "
                       f"{where} lacks, and pins no version known to.")
    if found:
        path, module = found[0]
        since = ".".join(map(str, removed[module]))
        more = f" (also: {', '.join(f'{m} in {p}' for p, m in found[1:4])})" if len(found) > 1 else ""
        return finding("runtime.removed-modules", Status.FAIL, f"{path} imports {module}, removed from the standard "
                       f"library in Python {since}: on {where} it fails with ModuleNotFoundError{more}.",
                       _module_fix(module))
    pin, pinned = pins[0]
    return finding("runtime.removed-modules", Status.FAIL, f"{REQUIREMENTS_TXT} pins {pin.package}=="
                   f"{'.'.join(map(str, pinned))}, which imports {pin.module} (removed in Python "
                   f"{'.'.join(map(str, removed[pin.module]))}): it fails with ModuleNotFoundError on {where} "
                   f"(source: {pin.source}).",
                   f"Upgrade {pin.package} to {pin.fixed_in} in {REQUIREMENTS_TXT}, or stay on a Python before "
                   f"{'.'.join(map(str, removed[pin.module]))}.")


def _pinned_problems(derived: Derived, version: tuple[int, int]) -> list[tuple[KnownPin, tuple[int, ...]]]:
    facts = derived.facts.value
    texts = [facts.text(REQUIREMENTS_TXT)] + [facts.text(p) for p in requirement_includes(facts.text(REQUIREMENTS_TXT))]
    pinned = {name: v for text in texts for name, v in pinned_versions(text).items()}
    removed = removed_by(version)
    return [(pin, pinned[pin.package]) for pin in KNOWN_PINS
            if pin.package in pinned and pinned[pin.package] < pin.below and pin.module in removed]


def _module_fix(module: str) -> str:
    if module == "distutils":
        return ("Use setuptools or packaging instead (packaging.version.Version for LooseVersion), or stay on "
                "Python 3.11 until the code is ported.")
    if module == "imp":
        return "Use importlib instead (importlib.import_module, importlib.util), or stay on Python 3.11."
    return f"Replace {module} (PEP 594 names a replacement for each module), or pin a Python that still has it."
