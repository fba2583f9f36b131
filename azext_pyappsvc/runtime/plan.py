"""Decisions about an app's Python version: describe it, and plan a change (pure)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from ..errors import Refused
from .stacks import (SUPPORT_DEPRECATED, SUPPORT_EOL, SUPPORT_UNKNOWN, PythonRuntime, find_runtime, format_date,
                     linux_fx_for, python_version_of, suggested_runtimes)
from .site import SiteInfo, refusal_for_python


def describe_version(site: SiteInfo, runtimes: Sequence[PythonRuntime], today: date) -> dict[str, Any]:
    """What show-version returns for a site."""
    version = site.python_version
    runtime = find_runtime(runtimes, version)
    return {
        "name": site.name, "resourceGroup": site.resource_group, "slot": site.slot, "kind": site.kind,
        "linuxFxVersion": site.linux_fx_version or None, "pythonVersion": version,
        "support": runtime.support(today) if runtime else SUPPORT_UNKNOWN,
        "endOfLife": format_date(runtime.end_of_life) if runtime else None,
    }


@dataclass(frozen=True)
class VersionPlan:
    """What set-version will write, decided before any write."""

    linux_fx_version: str
    previous_linux_fx_version: str
    runtime: PythonRuntime
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when a write is needed (PYTHON|3.12 and python:3.12 are the same version)."""
        return python_version_of(self.previous_linux_fx_version) != self.runtime.version


def supported_list(runtimes: Sequence[PythonRuntime], today: date) -> str:
    """"3.14, 3.13, 3.12" for messages: what may be suggested (no preview or early-access version)."""
    return ", ".join(r.version for r in suggested_runtimes(runtimes, today)) or "none (the stacks list was empty)"


def plan_version_change(site: SiteInfo, version: str, runtimes: Sequence[PythonRuntime], today: date,
                        allow_eol: bool = False) -> VersionPlan:
    """Check a requested minor version against the app and the stacks; raise Refused or return the plan."""
    refusal = refusal_for_python(site)
    if refusal:
        raise Refused(*refusal)
    supported = supported_list(runtimes, today)
    runtime = find_runtime(runtimes, version)
    if runtime is None:
        raise Refused(f"Python {version} is not offered by App Service for Linux.",
                      f"Supported versions: {supported}. See them all with: az pyappsvc list-versions --all")
    status = runtime.support(today)
    if status == SUPPORT_DEPRECATED:
        raise Refused(f"Python {version} is deprecated on App Service and can no longer be selected.",
                      f"Choose a supported version: {supported}.")
    warnings: list[str] = []
    if status == SUPPORT_EOL:
        eol = format_date(runtime.end_of_life)
        if not allow_eol:
            raise Refused(f"Python {version} reached its end of life on {eol} and gets no security fixes.",
                          f"Choose a supported version ({supported}), or pass --allow-eol to set it anyway.")
        warnings.append(f"Python {version} reached its end of life on {eol}; it gets no security fixes.")
    if runtime.is_prerelease:
        stage = "an early-access" if runtime.is_early_access else "a preview"
        warnings.append(f"Python {version} is {stage} version on App Service: not meant for production apps "
                        f"(supported: {supported}).")
    return VersionPlan(linux_fx_for(version), site.linux_fx_version, runtime, warnings)


def plan_result(site: SiteInfo, plan: VersionPlan, today: date) -> dict[str, Any]:
    """What set-version returns."""
    return {
        "name": site.name, "resourceGroup": site.resource_group, "slot": site.slot,
        "linuxFxVersion": plan.linux_fx_version if plan.changed else plan.previous_linux_fx_version,
        "previousLinuxFxVersion": plan.previous_linux_fx_version or None,
        "pythonVersion": plan.runtime.version, "changed": plan.changed, "support": plan.runtime.support(today),
        "endOfLife": format_date(plan.runtime.end_of_life), "warnings": list(plan.warnings),
    }


__all__ = ["describe_version", "plan_version_change", "plan_result", "VersionPlan"]
