"""Python runtimes on App Service for Linux: linuxFxVersion spellings, the stacks tree, support status."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping, Optional, Sequence

PYTHON_FX_PREFIX = "PYTHON"
NEAR_EOL_DAYS = 365
MAX_VERSION_INPUT = 64

SUPPORT_ACTIVE = "active"
SUPPORT_NEAR_EOL = "near-eol"
SUPPORT_EOL = "eol"
SUPPORT_DEPRECATED = "deprecated"
SUPPORT_UNKNOWN = "unknown"

_MINOR = re.compile(r"(?P<major>[0-9]{1,2})\.(?P<minor>[0-9]{1,3})")
_PATCH = re.compile(r"(?P<minor>[0-9]{1,2}\.[0-9]{1,3})\.[0-9]{1,4}")
_PREFIXED = re.compile(r"python\s*[|:]\s*(?P<rest>.*)", re.IGNORECASE)


class VersionInputError(ValueError):
    """A version the user typed that can never name an App Service Python runtime."""


@dataclass(frozen=True)
class PythonRuntime:
    """One Python version App Service for Linux offers, as the stacks API describes it."""

    version: str
    linux_fx_version: str
    end_of_life: Optional[date]
    is_deprecated: bool
    is_hidden: bool
    is_preview: bool = False
    is_early_access: bool = False

    @property
    def is_prerelease(self) -> bool:
        """Preview or early access: selectable, but never the newest supported nor a suggestion."""
        return self.is_preview or self.is_early_access

    def support(self, today: date) -> str:
        """active, near-eol, eol or deprecated, on the given day."""
        if self.is_deprecated:
            return SUPPORT_DEPRECATED
        return support_by_date(self.end_of_life, today)

    def to_dict(self, today: date) -> dict[str, Any]:
        """The shape list-versions returns."""
        return {"version": self.version, "linuxFxVersion": self.linux_fx_version,
                "support": self.support(today), "endOfLife": format_date(self.end_of_life)}


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for "3.12" style versions (numeric, not textual)."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def support_by_date(end_of_life: Optional[date], today: date) -> str:
    """eol when past, near-eol within NEAR_EOL_DAYS, else active; unknown without a date."""
    if end_of_life is None:
        return SUPPORT_UNKNOWN
    if end_of_life < today:
        return SUPPORT_EOL
    if (end_of_life - today).days <= NEAR_EOL_DAYS:
        return SUPPORT_NEAR_EOL
    return SUPPORT_ACTIVE


def format_date(value: Optional[date]) -> Optional[str]:
    """YYYY-MM-DD or None."""
    return value.isoformat() if value else None


def parse_version_input(text: str) -> str:
    """Normalise what a user typed (3.12, PYTHON|3.12, python:3.12, any case) to "3.12"."""
    if not isinstance(text, str) or not text.strip():
        raise VersionInputError("No Python version given. Give a minor version such as 3.12.")
    if len(text) > MAX_VERSION_INPUT:
        raise VersionInputError(f"The version is {len(text)} characters long; give a minor version such as 3.12.")
    if not text.isascii() or not text.isprintable():
        raise VersionInputError("The version contains characters that cannot be part of a version; "
                                "give a minor version such as 3.12.")
    candidate = text.strip()
    prefixed = _PREFIXED.fullmatch(candidate)
    if prefixed:
        candidate = prefixed["rest"].strip()
    if _MINOR.fullmatch(candidate):
        return _canonical(candidate)
    patch = _PATCH.fullmatch(candidate)
    if patch:
        raise VersionInputError(f"App Service takes minor versions, not patch versions: use "
                                f"{_canonical(patch['minor'])} instead of {candidate} (the platform applies patch "
                                "updates itself).")
    if re.fullmatch(r"[0-9]{1,2}", candidate):
        raise VersionInputError(f"'{candidate}' is a major version; App Service needs a minor version such as "
                                f"{candidate}.12.")
    raise VersionInputError(f"'{text.strip()}' is not a Python version. Use a minor version such as 3.12 "
                            "(PYTHON|3.12 and python:3.12 are accepted too).")


def _canonical(version: str) -> str:
    major, minor = version.split(".")
    return f"{int(major)}.{int(minor)}"


def python_version_of(linux_fx_version: Optional[str]) -> Optional[str]:
    """"3.12" from PYTHON|3.12 or python:3.12; None when the app is not on built-in Python."""
    if not linux_fx_version:
        return None
    match = _PREFIXED.fullmatch(linux_fx_version.strip())
    if not match or not _MINOR.fullmatch(match["rest"].strip()):
        return None
    return _canonical(match["rest"].strip())


def linux_fx_for(version: str) -> str:
    """The canonical linuxFxVersion for a minor version: PYTHON|3.12."""
    return f"{PYTHON_FX_PREFIX}|{version}"


def _parse_date(value: Any) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _python_minors(stacks: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for stack in stacks:
        properties = stack.get("properties") or stack
        if str(properties.get("value") or stack.get("name") or "").lower() != "python":
            continue
        for major in properties.get("majorVersions") or []:
            yield from _mapping(major).get("minorVersions") or []


def parse_python_runtimes(stacks: Iterable[Mapping[str, Any]]) -> list[PythonRuntime]:
    """The Python runtimes of a webAppStacks listing (REST shape), newest first."""
    runtimes: dict[str, PythonRuntime] = {}
    for minor in _python_minors(stacks):
        settings = _mapping(_mapping(minor).get("stackSettings")).get("linuxRuntimeSettings")
        # runtimeVersion is PYTHON|3.12 for web apps, Python|3.11 in function stacks: any case is read
        version = python_version_of(str(_mapping(settings).get("runtimeVersion") or ""))
        if not isinstance(settings, Mapping) or not version:
            continue
        runtimes[version] = PythonRuntime(  # any field may be absent: no endOfLifeDate means unknown support
            version=version, linux_fx_version=linux_fx_for(version),
            end_of_life=_parse_date(settings.get("endOfLifeDate")),
            is_deprecated=settings.get("isDeprecated") is True, is_hidden=settings.get("isHidden") is True,
            is_preview=settings.get("isPreview") is True, is_early_access=settings.get("isEarlyAccess") is True)
    return sorted(runtimes.values(), key=lambda r: version_key(r.version), reverse=True)


def offered_runtimes(runtimes: Sequence[PythonRuntime], today: date, include_all: bool = False) -> list[PythonRuntime]:
    """What list-versions shows: never hidden; deprecated and past-EOL only with include_all."""
    shown = [r for r in runtimes if not r.is_hidden]
    if include_all:
        return shown
    return [r for r in shown if r.support(today) not in (SUPPORT_DEPRECATED, SUPPORT_EOL)]


def suggested_runtimes(runtimes: Sequence[PythonRuntime], today: date) -> list[PythonRuntime]:
    """The versions worth suggesting, newest first: offered by default, neither preview nor early access."""
    return [r for r in offered_runtimes(runtimes, today) if not r.is_prerelease]


def find_runtime(runtimes: Sequence[PythonRuntime], version: Optional[str]) -> Optional[PythonRuntime]:
    """The runtime entry for a minor version, hidden ones excluded."""
    return next((r for r in runtimes if r.version == version and not r.is_hidden), None)
