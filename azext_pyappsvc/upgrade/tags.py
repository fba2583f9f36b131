"""Which wheels install on App Service's Python: the target's tags, by PEP 425, PEP 600 and the abi3 rule (pure).

The tag lists come from `packaging.tags` (packaging ships with azure-cli-core, which requires it), computed for
the target version rather than for the Python that runs az.
"""
from __future__ import annotations

from functools import lru_cache
from typing import FrozenSet

from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

ARCH = "x86_64"  # App Service for Linux runs x86-64 workers
# Oryx's Python build and run images are Debian bullseye (glibc 2.31) or bookworm (2.36), by DEBIAN_FLAVOR
# (microsoft/Oryx doc/base_images.md and the runtime flavor list). We take the older, so that a wheel we call
# fitting installs on either; a wheel that needs glibc 2.32-2.36 is then reported as not fitting.
GLIBC = (2, 31)
LEGACY_MANYLINUX = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}  # PEP 600 aliases


def linux_platforms(glibc: tuple[int, int] = GLIBC, arch: str = ARCH) -> list[str]:
    """Platform tags a glibc Linux accepts, most specific first: manylinux_2_N (and the legacy aliases), linux."""
    platforms = []
    for minor in range(glibc[1], 4, -1):
        platforms.append(f"manylinux_{glibc[0]}_{minor}_{arch}")
        legacy = LEGACY_MANYLINUX.get((glibc[0], minor))
        if legacy:
            platforms.append(f"{legacy}_{arch}")
    return platforms + [f"linux_{arch}"]


@lru_cache(maxsize=16)
def target_tags(python: str) -> FrozenSet[Tag]:
    """Every tag CPython `python` ("3.13") on App Service installs: cp313-cp313, cp3x-abi3 (x <= 13), py3-none..."""
    major, minor = (int(part) for part in python.split(".")[:2])
    version, platforms = (major, minor), linux_platforms()
    interpreter = f"cp{major}{minor}"
    tags = set(cpython_tags(version, abis=[interpreter], platforms=platforms))
    tags.update(compatible_tags(version, interpreter=interpreter, platforms=platforms))
    return frozenset(tags)


def wheel_tags(filename: str) -> FrozenSet[Tag]:
    """The tags a wheel's file name declares (empty for a name that is not a valid wheel name)."""
    try:
        return frozenset(parse_wheel_filename(filename)[3])
    except InvalidWheelFilename:
        return frozenset()


def wheel_fits(filename: str, python: str) -> bool:
    """True when the wheel installs on App Service's CPython `python`."""
    return not wheel_tags(filename).isdisjoint(target_tags(python))


def is_pure(filename: str) -> bool:
    """True for a pure-Python wheel (every tag is *-none-any)."""
    tags = wheel_tags(filename)
    return bool(tags) and all(tag.abi == "none" and tag.platform == "any" for tag in tags)


def interpreters(filenames: list[str]) -> list[str]:
    """The CPython tags compiled wheels are built for ("cp311", "cp312"...), oldest first, for messages."""
    found = {tag.interpreter for name in filenames for tag in wheel_tags(name)
             if tag.interpreter.startswith("cp") and tag.abi != "none"}
    return sorted(found, key=lambda text: int(text[2:]) if text[2:].isdigit() else 0)
