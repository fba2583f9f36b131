"""One Resource Graph row -> what audit knows about the app, and the record it lists (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Mapping, Optional, Sequence

from ..runtime.site import APP_LINUX, SiteInfo
from ..runtime.stacks import SUPPORT_UNKNOWN, PythonRuntime, find_runtime, format_date, python_version_of

FX_PROPERTY = "linuxfxversion"
LEFT_OUT_OTHER_RUNTIME = "other-runtime"   # a Linux web app on Node, .NET, PHP ... or none set


@dataclass(slots=True)
class AppFacts:
    """A site or slot as one ARG row describes it."""

    resource_id: str
    subscription_id: str
    resource_group: str
    name: str
    slot: Optional[str]
    kind: str
    location: Optional[str]
    state: Optional[str]
    linux_fx_version: str
    app_type: str                      # runtime.site's linux, windows, function, logic or container
    disagreement: Optional[str] = None  # siteConfig.linuxFxVersion when it names another runtime

    @property
    def python_version(self) -> Optional[str]:
        """The built-in Python minor version, or None."""
        return _python_version(self.linux_fx_version) if self.app_type == APP_LINUX else None

    @property
    def left_out_as(self) -> Optional[str]:
        """Why audit does not list the app (windows, function, logic, container, other-runtime), or None."""
        if self.app_type != APP_LINUX:
            return self.app_type
        return None if self.python_version else LEFT_OUT_OTHER_RUNTIME


def _site_property(row: Mapping[str, Any], name: str) -> str:
    """A value of properties.siteProperties.properties, the [{name, value}] array ARG indexes for a site."""
    entries = row.get("siteProperties")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping) and str(entry.get("name") or "").lower() == name:
            return str(entry.get("value") or "").strip()
    return ""


@lru_cache(maxsize=4096)
def _python_version(linux_fx_version: str) -> Optional[str]:
    """python_version_of, remembered: a fleet has a handful of distinct runtimes and many thousand apps."""
    return python_version_of(linux_fx_version)


@lru_cache(maxsize=4096)
def _app_type(kind: str, reserved: bool, linux_fx_version: str) -> str:
    """runtime.site's rules for what kind of app this is, remembered per distinct (kind, reserved, runtime)."""
    return SiteInfo(name="", resource_group=None, slot=None, kind=kind, reserved=reserved, state=None,
                    https_only=False, linux_fx_version=linux_fx_version, default_host_name=None,
                    scm_host_name=None).app_type


def _same_runtime(one: str, other: str) -> bool:
    """PYTHON|3.12 and python:3.12 name the same runtime; otherwise compare the text, case-insensitively."""
    versions = python_version_of(one), python_version_of(other)
    if all(versions):
        return versions[0] == versions[1]
    return one.replace(" ", "").lower() == other.replace(" ", "").lower()


def read_row(row: Mapping[str, Any]) -> AppFacts:
    """AppFacts from a row of audit.query.sites_query; siteProperties' LinuxFxVersion wins over siteConfig's."""
    from_site_properties = _site_property(row, FX_PROPERTY)
    from_config = str(row.get("configFx") or "").strip()
    linux_fx = from_site_properties or from_config
    name, _, slot = str(row.get("name") or "").partition("/")
    kind = str(row.get("kind") or "")
    disagrees = bool(from_site_properties and from_config) and not _same_runtime(from_site_properties, from_config)
    return AppFacts(resource_id=str(row.get("id") or ""), subscription_id=str(row.get("subscriptionId") or ""),
                    resource_group=str(row.get("resourceGroup") or ""), name=name, slot=slot or None,
                    kind=kind, location=row.get("location"), state=row.get("state"), linux_fx_version=linux_fx,
                    app_type=_app_type(kind, _truthy(row.get("reserved")), linux_fx),
                    disagreement=from_config if disagrees else None)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def support_of(version: Optional[str], runtimes: Sequence[PythonRuntime], today: date) -> tuple[str, Optional[str]]:
    """(support, endOfLife) of a minor version by show-version's rules (hidden versions are unknown)."""
    runtime = find_runtime(runtimes, version)
    return (runtime.support(today), format_date(runtime.end_of_life)) if runtime else (SUPPORT_UNKNOWN, None)


def to_record(app: AppFacts, runtimes: Sequence[PythonRuntime], today: date,
              support: Optional[dict[Optional[str], tuple[str, Optional[str]]]] = None) -> dict[str, Any]:
    """The listed record; support can carry support_of's answers per version, computed once for a fleet."""
    version = app.python_version
    if support is None or version not in support:
        status = support_of(version, runtimes, today)
        if support is not None:
            support[version] = status
    else:
        status = support[version]
    return {"subscriptionId": app.subscription_id, "resourceGroup": app.resource_group, "name": app.name,
            "slot": app.slot, "kind": app.kind, "location": app.location, "state": app.state,
            "linuxFxVersion": app.linux_fx_version or None, "pythonVersion": version,
            "support": status[0], "endOfLife": status[1]}
