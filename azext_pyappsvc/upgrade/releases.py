"""A package index's JSON answers as plain releases, and whether a release installs on the target (pure).

Shapes of the JSON API (docs.pypi.org "JSON API"; pypi/warehouse legacy/api/json.py): `GET /pypi/<name>/json`
carries `info` (the latest release; `requires_python`), `urls` (its files) and `releases` (version -> files);
`GET /pypi/<name>/<version>/json` carries `info` and `urls` of that version only (no `releases` since
warehouse#11775). Each file has `filename`, `packagetype` (bdist_wheel | sdist | ...), `requires_python` and
`yanked`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .tags import ARCH, interpreters, is_pure, wheel_fits

WHEEL, SDIST = "bdist_wheel", "sdist"
FITS, FROM_SOURCE, NO_FIT = "fits", "from-source", "no-fit"


@dataclass(frozen=True)
class DistFile:
    """One file of a release."""

    filename: str
    packagetype: str
    requires_python: Optional[str] = None
    yanked: bool = False


@dataclass(frozen=True)
class Release:
    """One version of a package and its files."""

    version: str
    files: tuple[DistFile, ...]
    requires_python: Optional[str] = None

    @property
    def yanked(self) -> bool:
        """PEP 592: a release is yanked when all its files are."""
        return bool(self.files) and all(f.yanked for f in self.files)

    @property
    def parsed(self) -> Optional[Version]:
        """The version, or None when it is not a PEP 440 version."""
        try:
            return Version(self.version)
        except InvalidVersion:
            return None


@dataclass(frozen=True)
class Fit:
    """Whether a release installs on the target, and why (one clause, for messages)."""

    status: str
    reason: str


def _file(data: Mapping[str, Any]) -> DistFile:
    return DistFile(str(data.get("filename") or ""), str(data.get("packagetype") or ""),
                    data.get("requires_python") or None, bool(data.get("yanked")))


def release_from_json(document: Mapping[str, Any]) -> Release:
    """The release a `/pypi/<name>/<version>/json` (or project) answer describes in `info` and `urls`."""
    info = document.get("info") or {}
    return Release(str(info.get("version") or ""), tuple(_file(f) for f in document.get("urls") or ()),
                   info.get("requires_python") or None)


def releases_from_json(document: Mapping[str, Any]) -> list[Release]:
    """Every release of a `/pypi/<name>/json` answer, oldest first (versions that do not parse are left out)."""
    releases = [Release(version, tuple(_file(f) for f in files or ())) for version, files in
                (document.get("releases") or {}).items()]
    return sorted((r for r in releases if r.parsed is not None), key=lambda r: r.parsed)  # type: ignore[arg-type,return-value]


def python_allowed(requires_python: Optional[str], python: str) -> bool:
    """Whether a Requires-Python specifier admits the target minor version (an unreadable one admits it)."""
    if not requires_python:
        return True
    try:
        return SpecifierSet(requires_python).contains(Version(python), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return True


def judge_release(release: Release, python: str) -> Fit:
    """Would pip install this release on CPython `python` on App Service, and from what?"""
    files = [f for f in release.files if f.filename]
    allowed = [f for f in files if python_allowed(f.requires_python or release.requires_python, python)]
    wheels = [f for f in allowed if f.packagetype == WHEEL or f.filename.endswith(".whl")]
    fitting = [f for f in wheels if wheel_fits(f.filename, python)]
    if fitting:
        kind = "a pure-Python wheel" if all(is_pure(f.filename) for f in fitting) else "a wheel"
        return Fit(FITS, f"{kind} for Python {python} ({fitting[0].filename})")
    if not files:
        return Fit(NO_FIT, "the index lists no files for it")
    if not allowed:
        needs = release.requires_python or files[0].requires_python
        return Fit(NO_FIT, f"it requires Python {needs}")
    sdists = [f for f in allowed if f.packagetype == SDIST or f.filename.endswith((".tar.gz", ".zip"))]
    compiled = interpreters([f.filename for f in files if f.filename.endswith(".whl")])
    if sdists and not compiled:
        return Fit(FITS, f"a source distribution ({sdists[0].filename}), no compiled code")
    built_for = f"compiled wheels for {', '.join(compiled)} only" if compiled else "no wheel for this platform"
    if sdists:
        return Fit(FROM_SOURCE, f"{built_for}: pip would have to compile {sdists[0].filename} during the build, "
                                "which needs build tools and may fail")
    return Fit(NO_FIT, f"{built_for}, none for cp{python.replace('.', '')} manylinux {ARCH} and no "
                       "source distribution")


def newest_first(releases: Sequence[Release]) -> list[Release]:
    """Releases newest first."""
    return sorted((r for r in releases if r.parsed is not None), key=lambda r: r.parsed, reverse=True)  # type: ignore[arg-type,return-value]
