"""The emulator's world: principals, resource groups and sites, loaded from a scenario file."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

SCENARIO_DIR = Path(__file__).parent / "scenarios"
PROJECTS_DIR = Path(__file__).parent.parent / "projects"  # sample projects a scenario can deploy (wwwrootProject)
SUBSCRIPTION_ID = "00000000-0000-0000-0000-0000000000a1"
TENANT_ID = "00000000-0000-0000-0000-0000000000b2"
LOCATION = "West Europe"

# A full siteConfig as GET config/web returns it (trimmed to the fields a Python app meets).
DEFAULT_SITE_CONFIG: dict[str, Any] = {
    "numberOfWorkers": 1, "defaultDocuments": ["index.html", "hostingstart.html"],
    "netFrameworkVersion": "v4.0", "phpVersion": "", "pythonVersion": "", "nodeVersion": "",
    "linuxFxVersion": "", "windowsFxVersion": None, "requestTracingEnabled": False,
    "remoteDebuggingEnabled": False, "httpLoggingEnabled": False, "logsDirectorySizeLimit": 35,
    "detailedErrorLoggingEnabled": False, "publishingUsername": "$app", "scmType": "None",
    "use32BitWorkerProcess": True, "webSocketsEnabled": False, "alwaysOn": False,
    "appCommandLine": "", "managedPipelineMode": "Integrated", "loadBalancing": "LeastRequests",
    "autoHealEnabled": False, "vnetRouteAllEnabled": False, "http20Enabled": False,
    "minTlsVersion": "1.2", "scmMinTlsVersion": "1.2", "ftpsState": "FtpsOnly",
    "preWarmedInstanceCount": 0, "healthCheckPath": None, "minimumElasticInstanceCount": 1,
}


@dataclass
class Principal:
    """A service principal that can log in; role is Contributor or Reader."""

    app_id: str
    secret: str
    role: str = "Contributor"


@dataclass
class SiteState:
    """One web app or slot."""

    name: str
    resource_group: str
    kind: str
    slot: Optional[str] = None
    reserved: bool = True
    state: str = "Running"
    https_only: bool = False
    site_config: dict[str, Any] = field(default_factory=dict)
    app_settings: dict[str, str] = field(default_factory=dict)
    wwwroot: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    docker_log: Optional[str] = None
    docker_logs: list[dict[str, Any]] = field(default_factory=list)  # per machine and source (dockerlogs.py)
    startup_log: Optional[dict[str, Any]] = None   # /api/startuplogs answers only when set (not rolled out)
    site_config_on_get: Any = None      # GET site's siteConfig: all null unless a scenario fills some fields
    locks: list[dict[str, Any]] = field(default_factory=list)     # [{name, level ReadOnly|CanNotDelete, scope}]
    policy_deny: dict[str, Any] = field(default_factory=dict)     # a deny assignment on config writes
    busy_with: Optional[str] = None     # an operation in progress: writes answer 409 Conflict
    site_host: str = ""
    kudu_host: str = ""
    sticky_settings: list[str] = field(default_factory=list)  # config/slotConfigNames appSettingNames
    key_vault_status: dict[str, str] = field(default_factory=dict)  # setting name -> ResolveStatus (default Resolved)

    @property
    def full_name(self) -> str:
        """The ARM name: app or app/slot."""
        return f"{self.name}/{self.slot}" if self.slot else self.name

    @property
    def resource_id(self) -> str:
        """The ARM id."""
        base = f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{self.resource_group}/providers/Microsoft.Web/sites/{self.name}"
        return f"{base}/slots/{self.slot}" if self.slot else base


@dataclass
class World:
    """Everything the emulator knows."""

    principals: list[Principal]
    resource_groups: list[str]
    sites: list[SiteState]
    stacks_python_page: int = 1
    stacks_variant: str = ""            # "real-world": early access, other casing, absent fields (stacks.py)
    app_service_resource_id: str = ""   # the cloud metadata's appServiceResourceId ("" = the emulator's default)
    token_scopes: list[str] = field(default_factory=list)
    subscription_gone: bool = False     # the subscription was deleted or moved: ARM answers SubscriptionNotFound

    def find_group(self, name: str) -> Optional[str]:
        """The resource group's canonical name (ARM names are case-insensitive)."""
        return next((g for g in self.resource_groups if g.lower() == name.lower()), None)

    def find_site(self, group: str, name: str, slot: Optional[str] = None) -> Optional[SiteState]:
        """A site or slot by its names, case-insensitively."""
        for site in self.sites:
            if (site.resource_group.lower() == group.lower() and site.name.lower() == name.lower()
                    and (site.slot or "").lower() == (slot or "").lower()):
                return site
        return None


def _site_from(data: dict[str, Any], group: str, slot_of: Optional[dict[str, Any]] = None) -> SiteState:
    parent = slot_of or {}
    config = copy.deepcopy(DEFAULT_SITE_CONFIG)
    config.update(data.get("siteConfig", {}))
    return SiteState(
        name=parent.get("name", data["name"]), slot=data["name"] if slot_of else None, resource_group=group,
        kind=data.get("kind", parent.get("kind", "app,linux")),
        reserved=data.get("reserved", parent.get("reserved", "linux" in data.get("kind", parent.get("kind", "app,linux")))),
        state=data.get("state", "Running"), https_only=data.get("httpsOnly", parent.get("httpsOnly", False)),
        site_config=config, app_settings=dict(data.get("appSettings", {})),
        wwwroot={**project_files(data.get("wwwrootProject")), **data.get("wwwroot", {})},
        site=dict(data.get("site", {"mode": "app"})),
        docker_log=data.get("dockerLog"), docker_logs=list(data.get("dockerLogs", [])),
        startup_log=data.get("startupLog"), site_config_on_get=data.get("siteConfigOnGetSite"),
        locks=list(data.get("locks", [])), policy_deny=dict(data.get("policyDeny", {})), busy_with=data.get("busyWith"),
        sticky_settings=list(data.get("stickySettings", [])), key_vault_status=dict(data.get("keyVaultStatus", {})),
    )


def project_files(name: Optional[str]) -> dict[str, str]:
    """The files of a sample project under tests/projects, as wwwroot holds them after a deployment (bytes kept)."""
    if not name:
        return {}
    root = PROJECTS_DIR / name
    return {path.relative_to(root).as_posix(): path.read_bytes().decode("utf-8")
            for path in sorted(root.rglob("*")) if path.is_file()}


def load_world(scenario: dict[str, Any]) -> World:
    """Build the world from a scenario document."""
    principals = [Principal(p["appId"], p["secret"], p.get("role", "Contributor")) for p in scenario["principals"]]
    sites: list[SiteState] = []
    for data in scenario.get("sites", []):
        group = data["resourceGroup"]
        sites.append(_site_from(data, group))
        sites.extend(_site_from(slot, group, slot_of=data) for slot in data.get("slots", []))
    groups = sorted(set(scenario.get("resourceGroups", [])) | {s.resource_group for s in sites})
    return World(principals, groups, sites, scenario.get("stacksPythonPage", 1),
                 stacks_variant=scenario.get("stacksVariant", ""))


def read_scenario(name_or_path: str) -> dict[str, Any]:
    """A scenario by file name in scenarios/ or by path."""
    path = Path(name_or_path)
    if not path.exists():
        path = SCENARIO_DIR / (name_or_path if name_or_path.endswith(".json") else f"{name_or_path}.json")
    return json.loads(path.read_text(encoding="utf-8"))
