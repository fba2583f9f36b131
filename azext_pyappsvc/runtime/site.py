"""What kind of app a site is (Linux web app, Windows, function, container), from GET site and config/web.

GET site does not carry the configuration ("SiteConfig is not part of Site API, by design", azure-powershell#14877:
real answers hold siteConfig null, all-null or partly filled), so the runtime is read from config/web, overlaid on
the site as azure-cli's appservice module does; kind and runtime are judged together.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .stacks import python_version_of

HOST_TYPE_REPOSITORY = "Repository"

APP_LINUX = "linux"
APP_WINDOWS = "windows"
APP_FUNCTION = "function"
APP_LOGIC = "logic"
APP_CONTAINER = "container"
# linuxFxVersion prefixes of a custom container, whatever kind says (azure-cli's appservice code treats DOCKER|,
# COMPOSE| and sitecontainers apps as container apps; kind "app,linux" apps can carry them).
CONTAINER_FX_PREFIXES = ("DOCKER|", "COMPOSE|", "SITECONTAINERS")


@dataclass(frozen=True)
class SiteInfo:  # pylint: disable=too-many-instance-attributes  # a record: one field per fact
    """The facts about a site that the commands and checks need, read from GET site."""

    name: str
    resource_group: Optional[str]
    slot: Optional[str]
    kind: str
    reserved: bool
    state: Optional[str]
    https_only: bool
    linux_fx_version: str
    default_host_name: Optional[str]
    scm_host_name: Optional[str]
    sku: Optional[str] = None  # properties.sku of the site (its plan's tier, e.g. "Basic"); None when absent

    @property
    def kind_parts(self) -> set[str]:
        """The comma-separated parts of kind, lower case."""
        return {part.strip() for part in self.kind.lower().split(",") if part.strip()}

    @property
    def app_type(self) -> str:
        """linux, windows, function, logic or container."""
        parts = self.kind_parts
        if any(p.startswith("functionapp") for p in parts):
            return APP_FUNCTION
        if "workflowapp" in parts:
            return APP_LOGIC
        if is_container_runtime(self.linux_fx_version):
            return APP_CONTAINER
        if not ("linux" in parts or self.reserved):
            return APP_WINDOWS
        return APP_CONTAINER if "container" in parts else APP_LINUX

    @property
    def python_version(self) -> Optional[str]:
        """The built-in Python version, or None."""
        return python_version_of(self.linux_fx_version) if self.app_type == APP_LINUX else None


def is_container_runtime(linux_fx_version: str) -> bool:
    """True for a custom-container runtime: DOCKER|image, COMPOSE|..., sitecontainers (any case, | or :)."""
    text = linux_fx_version.strip().upper().replace(":", "|", 1)
    return text.startswith(CONTAINER_FX_PREFIXES)


def _slot_of(name: str) -> Optional[str]:
    return name.split("/", 1)[1] if "/" in name else None


def read_site(document: Mapping[str, Any], config_web: Optional[Mapping[str, Any]] = None) -> SiteInfo:
    """SiteInfo from GET site (or slot) with config/web's properties overlaid, as azure-cli does.

    Without config_web, the site's own siteConfig is used, which real answers leave null or partly filled.
    """
    properties = document.get("properties") or {}
    config = config_web if config_web is not None else (properties.get("siteConfig") or {})
    full_name = str(document.get("name") or "")
    repository = next((s.get("name") for s in properties.get("hostNameSslStates") or []
                       if s.get("hostType") == HOST_TYPE_REPOSITORY), None)
    return SiteInfo(
        name=full_name.split("/", 1)[0], resource_group=properties.get("resourceGroup"), slot=_slot_of(full_name),
        kind=str(document.get("kind") or ""), reserved=bool(properties.get("reserved")),
        state=properties.get("state"), https_only=bool(properties.get("httpsOnly")),
        linux_fx_version=str(config.get("linuxFxVersion") or ""),
        default_host_name=properties.get("defaultHostName"), scm_host_name=repository,
        sku=str(properties["sku"]) if properties.get("sku") else None,
    )


def refusal_for_python(site: SiteInfo) -> Optional[tuple[str, str]]:
    """Why built-in Python settings cannot apply to this app, and what to do; None when they can."""
    app_type = site.app_type
    if app_type == APP_WINDOWS:
        return (f"'{site.name}' is a Windows app (kind '{site.kind}'). Python runs only on App Service for Linux; "
                "Windows apps have no built-in Python.",
                "Create the app on a Linux plan: az webapp create --runtime PYTHON:3.12 ... "
                "(the plan needs --is-linux), then deploy there.")
    if app_type == APP_FUNCTION:
        return (f"'{site.name}' is a function app (kind '{site.kind}'); pyappsvc manages web apps.",
                "Use az functionapp config set --linux-fx-version \"PYTHON|3.12\" for function apps.")
    if app_type == APP_LOGIC:
        return (f"'{site.name}' is a logic app (kind '{site.kind}'); pyappsvc manages web apps.",
                "Manage it with az logicapp.")
    if app_type == APP_CONTAINER:
        return (f"'{site.name}' runs a custom container ({site.linux_fx_version or site.kind}); the Python version "
                "comes from its image, not from App Service.",
                "Change the image's Python version and redeploy, or use az webapp config container set.")
    return None
