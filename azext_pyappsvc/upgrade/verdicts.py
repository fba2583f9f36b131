"""Per package: does it install and import on the target Python, and if not, what would (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .releases import FITS, FROM_SOURCE, Fit, Release, judge_release, newest_first
from .requirements import Requirement
from .stdlib import PACKAGE_NEEDS, minor_key, removed_by

OK, UPGRADE, BLOCKED, UNKNOWN = "ok", "upgrade", "blocked", "unknown"


@dataclass(frozen=True)
class Package:
    """A dependency to check: what the files ask for and what antenv has installed."""

    name: str
    specifier: str = ""
    source: str = ""
    installed: Optional[str] = None
    url: Optional[str] = None

    @property
    def pinned(self) -> Optional[str]:
        """The exact version the files pin, if they do."""
        return Requirement(self.name, self.specifier).pinned


@dataclass(frozen=True)
class Verdict:
    """The outcome for one package."""

    name: str
    status: str
    reason: str
    version: Optional[str] = None   # the version that was judged (ok), or the one to move to (upgrade)
    package: Optional[Package] = None

    def to_dict(self) -> dict[str, Any]:
        """The shape upgrade-check returns per package."""
        package = self.package or Package(self.name)
        text = f"upgrade to {self.version}" if self.status == UPGRADE else self.status
        return {"name": self.name, "requested": package.specifier or None, "installed": package.installed,
                "source": package.source or None, "status": self.status, "verdict": text,
                "version": self.version, "reason": self.reason}


def merge_packages(requirements: Sequence[Requirement], installed: dict[str, str]) -> list[Package]:
    """One Package per name: the declared specifiers joined, the installed version added; installed-only ones
    (dependencies of dependencies) after them."""
    merged: dict[str, Package] = {}
    for req in requirements:
        old = merged.get(req.name)
        specifier = ",".join(s for s in ((old.specifier if old else ""), req.specifier) if s)
        source = ", ".join(s for s in ((old.source if old else ""), req.source) if s)
        merged[req.name] = Package(req.name, specifier, source, installed.get(req.name),
                                   req.url or (old.url if old else None))
    for name, version in sorted(installed.items()):
        merged.setdefault(name, Package(name, "", "antenv (installed)", version))
    return list(merged.values())


def release_wanted(package: Package) -> Optional[str]:
    """The version whose own JSON answers the first question: the pin, else None (ask the project)."""
    return package.pinned


def need_reason(name: str, version: str, python: str) -> Optional[str]:
    """Why this version of a package fails on the target because it imports a removed module, or None."""
    for need in PACKAGE_NEEDS:
        removed = removed_by(need.module, python)
        if need.package == name and removed and _version(version) is not None and \
                _version(version) < _version(need.fixed_in):  # type: ignore[operator]
            return (f"{name} {version} imports {need.module}, removed in Python {removed.removed_in} "
                    f"({removed.source}); fixed in {need.fixed_in} ({need.source})")
    return None


def _version(text: str) -> Optional[Version]:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def fit_of(name: str, release: Release, python: str) -> Fit:
    """judge_release, and a known import of a removed module."""
    fit = judge_release(release, python)
    need = need_reason(name, release.version, python)
    return Fit("no-fit", need) if need and fit.status == FITS else fit


def first_fitting_after(name: str, releases: Sequence[Release], floor: Optional[str], python: str) -> Optional[Release]:
    """The oldest final, unyanked release newer than floor that installs and imports on the target."""
    lowest = _version(floor) if floor else None
    for release in reversed(newest_first(releases)):
        parsed = release.parsed
        if parsed is None or parsed.is_prerelease or release.yanked or (lowest is not None and parsed <= lowest):
            continue
        if fit_of(name, release, python).status == FITS:
            return release
    return None


def judge_pinned(package: Package, release: Optional[Release], releases: Optional[Sequence[Release]],
                 python: str) -> Verdict:
    """A pinned package: its version's own answer, then (when it does not fit) the first newer that does."""
    version = package.pinned or ""
    if release is None:
        return Verdict(package.name, UNKNOWN, f"{version} is not on the package index", version, package)
    fit = fit_of(package.name, release, python)
    if fit.status == FITS:
        return Verdict(package.name, OK, f"{version}: {fit.reason}", version, package)
    return _moved(package, version, fit, releases or [], python)


def _moved(package: Package, version: str, fit: Fit, releases: Sequence[Release], python: str) -> Verdict:
    better = first_fitting_after(package.name, releases, version, python)
    if better is not None:
        return Verdict(package.name, UPGRADE, f"{version}: {fit.reason}; {better.version} is the first release "
                       f"that installs on Python {python}", better.version, package)
    status = UNKNOWN if fit.status == FROM_SOURCE else BLOCKED
    return Verdict(package.name, status, f"{version}: {fit.reason}; no release installs on Python {python}",
                   version, package)


def judge_unpinned(package: Package, releases: Optional[Sequence[Release]], python: str) -> Verdict:
    """A package pip resolves: the newest release its specifier allows that has a file for the target."""
    if not releases:
        return Verdict(package.name, UNKNOWN, "not on the package index", None, package)
    allowed = [r for r in newest_first(releases) if _allows(package.specifier, r) and not r.yanked]
    choice = next((r for r in allowed if judge_release(r, python).status != "no-fit"), None)
    if choice is None:
        floor = allowed[0].version if allowed else None
        fit = judge_release(allowed[0], python) if allowed else Fit("no-fit", f"no release matches "
                                                                             f"'{package.specifier}'")
        return _moved(package, floor or "", fit, releases, python) if floor else \
            Verdict(package.name, UNKNOWN, fit.reason, None, package)
    fit = fit_of(package.name, choice, python)
    if fit.status == FITS:
        installed = f" (installed: {package.installed})" if package.installed and \
            package.installed != choice.version else ""
        return Verdict(package.name, OK, f"pip would install {choice.version}{installed}: {fit.reason}",
                       choice.version, package)
    return _moved(package, choice.version, fit, releases, python)


def _allows(specifier: str, release: Release) -> bool:
    parsed = release.parsed
    if parsed is None or (parsed.is_prerelease and not specifier):
        return False
    try:
        return SpecifierSet(specifier).contains(parsed, prereleases=parsed.is_prerelease)
    except InvalidSpecifier:
        return True


def judge_url(package: Package) -> Verdict:
    """A direct URL requirement is not on the index: not checked."""
    return Verdict(package.name, UNKNOWN, "installed from a direct URL; not checked against the index", None,
                   package)


def code_verdicts(imports: dict[str, set[str]], python: str) -> list[dict[str, Any]]:
    """The app's own files that import a module the target no longer has."""
    found = []
    for path in sorted(imports):
        for module in sorted(imports[path]):
            removed = removed_by(module, python)
            if removed:
                found.append({"file": path, "module": module, "status": BLOCKED, "removedIn": removed.removed_in,
                              "source": removed.source,
                              "reason": f"{path} imports {module}, removed in Python {removed.removed_in} "
                                        f"({removed.source}); use {removed.replacement} instead"})
    return found


def summarize(python: str, verdicts: Sequence[Verdict], code: Sequence[dict[str, Any]]) -> tuple[bool, str]:
    """(ready, one summary line)."""
    def names(status: str) -> list[str]:
        return [f"{v.name} -> {v.version}" if status == UPGRADE else v.name for v in verdicts if v.status == status]
    blocked = names(BLOCKED) + [f"{c['module']} in {c['file']}" for c in code]
    upgrades, unknown, ok = names(UPGRADE), names(UNKNOWN), names(OK)
    parts = [f"{len(blocked)} blocked ({', '.join(blocked)})" if blocked else "",
             f"{len(upgrades)} to upgrade ({', '.join(upgrades)})" if upgrades else "",
             f"{len(unknown)} unknown ({', '.join(unknown)})" if unknown else "", f"{len(ok)} ok"]
    ready = not blocked and not upgrades
    head = f"Ready for Python {python}" if ready and not unknown else \
        f"Not ready for Python {python}" if not ready else f"Probably ready for Python {python}"
    return ready, f"{head}: " + ", ".join(p for p in parts if p) + "."


def is_newer_python(target: str, current: Optional[str]) -> bool:
    """True when target is newer than the current version (or the current one is not known)."""
    return current is None or minor_key(target) > minor_key(current)
