"""The Resource Graph queries audit sends (KQL text), and the columns they return (pure)."""
from __future__ import annotations

from typing import Optional

SITE_TYPE = "microsoft.web/sites"
SLOT_TYPE = "microsoft.web/sites/slots"
SUBSCRIPTION_TYPE = "microsoft.resources/subscriptions"

# The columns of a site row. Where the runtime is in ARG (appservice-python.md §10):
# - siteProperties: properties.siteProperties.properties, an array of {name, value}; its LinuxFxVersion entry is
#   what audit trusts (it is present for every site ARG indexes, Linux or not);
# - configFx: properties.siteConfig.linuxFxVersion, often null in ARG; read only to report a disagreement.
# The appserviceresources table (microsoft.web/sites/config rows) is not used: one more query per page, and it
# holds the same value.
SITE_COLUMNS = ("id", "subscriptionId", "resourceGroup", "name", "type", "kind", "location", "state", "reserved",
                "siteProperties", "configFx")


def sites_query(include_slots: bool, partition: Optional[tuple[int, int]] = None) -> str:
    """All sites (and slots) as rows of SITE_COLUMNS, ordered by id so that $skipToken pages are stable.

    partition (k, n) keeps the rows whose hash(tolower(id), n) is k: Kusto's two-argument hash is the hash modulo
    n (documented) and never negative, so the n partitions cover every row exactly once, and partition k of n is
    exactly the partitions k + n*j of n*m, j < m (how a large partition is split again). No summarize, take or
    limit: ARG cannot page those.
    """
    types = [SITE_TYPE, SLOT_TYPE] if include_slots else [SITE_TYPE]
    lines = ["resources", "| where type in~ (" + ", ".join(f"'{t}'" for t in types) + ")"]
    if partition is not None:
        index, count = partition
        if not 0 <= index < count:
            raise ValueError(f"partition {index} of {count} does not exist")
        lines.append(f"| where hash(tolower(id), {count}) == {index}")
    lines.append("| project id, subscriptionId, resourceGroup, name, type, kind, location, "
                 "state = tostring(properties.state), reserved = tobool(properties.reserved), "
                 "siteProperties = properties.siteProperties.properties, "
                 "configFx = tostring(properties.siteConfig.linuxFxVersion)")
    lines.append("| order by id asc")
    return "\n".join(lines)


def subscriptions_query() -> str:
    """The subscriptions of the scope that the caller can read (ARG leaves unreadable ones out silently)."""
    return "\n".join(["resourcecontainers", f"| where type =~ '{SUBSCRIPTION_TYPE}'",
                      "| project id, subscriptionId, name", "| order by id asc"])
