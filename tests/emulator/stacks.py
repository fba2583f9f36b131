"""The webAppStacks tree (stackOsType=Linux) as ARM returns it, Python 3.9-3.14 with CPython's end-of-life dates."""
from __future__ import annotations

from typing import Any

# (minor version, end of life, deprecated, hidden). Dates follow CPython's schedule, as the real API carries them.
PYTHON_MINORS = [
    ("3.14", "2030-10-31", False, False),
    ("3.13", "2029-10-31", False, False),
    ("3.12", "2028-10-31", False, False),
    ("3.11", "2027-10-31", False, False),
    ("3.10", "2026-10-31", False, False),
    ("3.9", "2025-10-31", False, False),
    ("3.7", "2023-06-27", True, False),
    ("2.7", "2020-01-01", True, True),
]


def _linux_settings(runtime_version: str, end_of_life: str, deprecated: bool, hidden: bool) -> dict[str, Any]:
    return {
        "runtimeVersion": runtime_version,
        "remoteDebuggingSupported": False,
        "appInsightsSettings": {"isSupported": True, "isDefaultOff": True},
        "gitHubActionSettings": {"isSupported": True, "supportedVersion": runtime_version.split("|")[-1]},
        "supportedFeatures": {"disableSsh": True},
        "endOfLifeDate": f"{end_of_life}T00:00:00Z",
        "isDeprecated": deprecated,
        "isHidden": hidden,
        "isPreview": False,
        "isEarlyAccess": False,
        "isAutoUpdate": False,
    }


def _minor(value: str, linux_fx: str, end_of_life: str, deprecated: bool, hidden: bool) -> dict[str, Any]:
    name = "Python" if linux_fx.startswith("PYTHON") else "Node"
    return {
        "displayText": f"{name} {value}",
        "value": value,
        "stackSettings": {"linuxRuntimeSettings": _linux_settings(linux_fx, end_of_life, deprecated, hidden)},
    }


def python_stack() -> dict[str, Any]:
    """The Python entry of webAppStacks."""
    majors: dict[str, list[dict[str, Any]]] = {}
    for value, eol, deprecated, hidden in PYTHON_MINORS:
        majors.setdefault(value.split(".")[0], []).append(_minor(value, f"PYTHON|{value}", eol, deprecated, hidden))
    return {
        "id": None, "name": "python", "type": "Microsoft.Web/webAppStacks", "location": None,
        "properties": {
            "displayText": "Python", "value": "python", "preferredOs": "linux",
            "majorVersions": [
                {"displayText": f"Python {major}", "value": major, "minorVersions": minors}
                for major, minors in majors.items()
            ],
        },
    }


def node_stack() -> dict[str, Any]:
    """A non-Python stack, so that readers must pick Python out of the list."""
    minors = [_minor("22-lts", "NODE|22-lts", "2027-04-30", False, False),
              _minor("20-lts", "NODE|20-lts", "2026-04-30", False, False)]
    return {
        "id": None, "name": "node", "type": "Microsoft.Web/webAppStacks", "location": None,
        "properties": {
            "displayText": "Node", "value": "node", "preferredOs": "linux",
            "majorVersions": [{"displayText": "Node LTS", "value": "lts", "minorVersions": minors}],
        },
    }


def stack_pages() -> list[list[dict[str, Any]]]:
    """The list split into two pages (invented split: it makes readers follow nextLink correctly)."""
    return [[python_stack()], [node_stack()]]


# Variants seen in the stacks API, opted into with world.stacks_variant = "real-world" (scenario "stacksVariant"):
# an isEarlyAccess version (the flag the API carries beside isPreview), a runtimeVersion in another casing
# ("Python|3.11" is how function stacks spell it), and an entry whose optional fields are absent (the REST spec
# marks every field of linuxRuntimeSettings optional). Which Python version is early access at a given time is not
# published ahead: 3.15 here is invented.
EARLY_ACCESS = ("3.15", "2031-10-31")
OTHER_CASING = "3.13"
FIELDS_ABSENT = "3.12"
OPTIONAL_FIELDS = ("endOfLifeDate", "isPreview", "isEarlyAccess", "isAutoUpdate", "isHidden", "isDeprecated")


def real_world_python_stack() -> dict[str, Any]:
    """The Python entry with an early-access 3.15, "Python|3.13" and a 3.12 without its optional fields."""
    stack = python_stack()
    majors = stack["properties"]["majorVersions"]
    three = next(m for m in majors if m["value"] == "3")
    early = _minor(EARLY_ACCESS[0], f"PYTHON|{EARLY_ACCESS[0]}", EARLY_ACCESS[1], False, False)
    early["stackSettings"]["linuxRuntimeSettings"]["isEarlyAccess"] = True
    three["minorVersions"].insert(0, early)
    for minor in three["minorVersions"]:
        settings = minor["stackSettings"]["linuxRuntimeSettings"]
        if minor["value"] == OTHER_CASING:
            settings["runtimeVersion"] = f"Python|{OTHER_CASING}"
        if minor["value"] == FIELDS_ABSENT:
            for name in OPTIONAL_FIELDS:
                settings.pop(name)
    return stack
