"""A generated fleet for Resource Graph: N sites over several subscriptions and resource groups.

Mixed on purpose: Python 3.7 to 3.14 in both spellings (PYTHON|3.x and python:3.x), a version the stacks do not
offer (3.8), Windows apps, custom containers, function apps, Linux apps on Node, stopped apps and slots. The
resource documents follow what ARG indexes for microsoft.web/sites (appservice-python.md §10): the runtime in
properties.siteProperties.properties as [{name, value}], properties.siteConfig.linuxFxVersion mostly null
(sometimes equal, rarely different). The mix and the names are invented; the shapes are ARG's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from .state import LOCATION, SUBSCRIPTION_ID, SiteState

LISTED_FLEET_SUBSCRIPTIONS = 4          # fleet subscriptions that GET /subscriptions lists (so az login caches them)
PYTHON_FX = ("PYTHON|3.9", "PYTHON|3.10", "PYTHON|3.11", "PYTHON|3.12", "PYTHON|3.13", "PYTHON|3.14",
             "python:3.11", "PYTHON|3.7", "PYTHON|3.8")
LOCATIONS = ("westeurope", "northeurope", "eastus")
SITE_TYPE, SLOT_TYPE = "microsoft.web/sites", "microsoft.web/sites/slots"


def fleet_subscription(index: int) -> str:
    """The id of fleet subscription `index` (a GUID, as ARM's)."""
    return f"00000000-0000-0000-0001-{index:012x}"


@dataclass
class FleetSpec:
    """What the Resource Graph emulator serves on top of the scenario's own sites."""

    apps: int = 0                                   # sites (slots come on top)
    subscriptions: int = LISTED_FLEET_SUBSCRIPTIONS
    groups: int = 3                                 # resource groups per subscription
    slots_every: int = 7                            # one Python app in 7 has a staging slot
    unreadable: tuple[int, ...] = ()                # fleet subscriptions no principal may read
    forbid_partial: bool = False                    # 403 for a request naming any unreadable subscription
    paging: bool = True                             # False: ARG cannot page, answers come truncated
    quota: int = 15                                 # queries per window per principal
    window_seconds: float = 5.0
    throttle_next: int = 0                          # the next N queries answer 429 whatever the quota
    management_groups: dict[str, list[int]] = field(default_factory=lambda: {"Platform": [0, 1, 2, 3]})
    unreadable_groups: tuple[str, ...] = ()
    group_subscription_limit: Optional[int] = None  # more subscriptions under a group: the limit-hit header

    def subscription_ids(self) -> list[str]:
        """Every fleet subscription id."""
        return [fleet_subscription(i) for i in range(self.subscriptions)]

    def readable(self, subscription_id: str) -> bool:
        """Whether principals may read a subscription (the scenario's own is always readable)."""
        if subscription_id.lower() == SUBSCRIPTION_ID:
            return True
        ids = {fleet_subscription(i): i for i in range(self.subscriptions)}
        index = ids.get(subscription_id.lower())
        return index is not None and index not in self.unreadable


def _python_app(j: int) -> tuple[str, bool, str]:
    """(kind, reserved, linuxFxVersion) of fleet site j: one in 20 Windows, container, function, Node each."""
    mix = j % 20
    if mix == 0:
        return "app", False, ""
    if mix == 1:
        return "app,linux,container", True, "DOCKER|contoso/web:1.4"
    if mix == 2:
        return "functionapp,linux", True, "PYTHON|3.11"
    if mix == 3:
        return "app,linux", True, "NODE|20-lts"
    return "app,linux", True, PYTHON_FX[(j * 7 + j // 20) % len(PYTHON_FX)]


def _document(sub: str, group: str, name: str, slot: Optional[str], kind: str, reserved: bool, fx: str,
              config_fx: Optional[str], state: str, location: str) -> dict[str, Any]:
    """A site or slot as an ARG resources row holds it (properties trimmed to what audit's queries read)."""
    full = f"{name}/{slot}" if slot else name
    rid = f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Web/sites/{name}" + (
        f"/slots/{slot}" if slot else "")
    return {"id": rid, "name": full, "type": SLOT_TYPE if slot else SITE_TYPE, "kind": kind, "location": location,
            "resourceGroup": group, "subscriptionId": sub, "tenantId": "", "tags": {},
            "properties": {"state": state, "reserved": reserved, "name": full,
                           "siteConfig": {"linuxFxVersion": config_fx, "windowsFxVersion": None},
                           "siteProperties": {"metadata": None, "properties": [
                               {"name": "LinuxFxVersion", "value": fx}, {"name": "WindowsFxVersion", "value": None}],
                               "appSettings": None}}}


def fleet_documents(spec: FleetSpec) -> Iterator[dict[str, Any]]:
    """The fleet's sites and slots, generated from the spec (deterministic)."""
    for j in range(spec.apps):
        sub = fleet_subscription(j % max(1, spec.subscriptions))
        group = f"fleet-rg-{(j // max(1, spec.subscriptions)) % max(1, spec.groups):02d}"
        kind, reserved, fx = _python_app(j)
        config_fx = fx if j % 50 == 5 else None
        if j % 97 == 4 and fx.lower().startswith("python"):   # ARG's two places disagree for this one
            config_fx = "PYTHON|3.13" if fx == "PYTHON|3.12" else "PYTHON|3.12"
        state, location = ("Stopped" if j % 13 == 0 else "Running"), LOCATIONS[j % len(LOCATIONS)]
        yield _document(sub, group, f"app-{j:05d}", None, kind, reserved, fx, config_fx, state, location)
        if kind == "app,linux" and fx.lower().startswith("python") and j % spec.slots_every == 4:
            slot_fx = PYTHON_FX[(j * 7 + j // 20 + 1) % len(PYTHON_FX)]
            yield _document(sub, group, f"app-{j:05d}", "staging", kind, reserved, slot_fx, None, "Running", location)


def scenario_documents(sites: list[SiteState]) -> Iterator[dict[str, Any]]:
    """The scenario's own sites (live state, so a set-version shows up) as ARG rows, in the main subscription."""
    for site in sites:
        fx = str(site.site_config.get("linuxFxVersion") or "")
        yield _document(SUBSCRIPTION_ID, site.resource_group, site.name, site.slot, site.kind, site.reserved, fx,
                        None, site.state, LOCATION.replace(" ", "").lower())
