"""site.py: config/web overlaid on GET site, and kind judged together with the runtime."""
from __future__ import annotations

import pytest

from azext_pyappsvc.runtime.site import is_container_runtime, read_site

NULL_SITE_CONFIG = {"linuxFxVersion": None, "appCommandLine": None, "numberOfWorkers": None}


def doc(kind="app,linux", reserved=True, site_config=None):
    return {"name": "web", "kind": kind, "properties": {"reserved": reserved, "siteConfig": site_config}}


@pytest.mark.parametrize("site_config", [None, NULL_SITE_CONFIG, {"linuxFxVersion": "", "numberOfWorkers": 1}])
def test_config_web_decides_whatever_get_site_carries(site_config):
    info = read_site(doc(site_config=site_config), {"linuxFxVersion": "PYTHON|3.12"})
    assert (info.linux_fx_version, info.python_version, info.app_type) == ("PYTHON|3.12", "3.12", "linux")


def test_an_empty_config_web_wins_over_a_stale_site_config():
    info = read_site(doc(site_config={"linuxFxVersion": "PYTHON|3.11"}), {"linuxFxVersion": ""})
    assert info.linux_fx_version == "" and info.python_version is None


def test_without_config_web_the_site_config_is_the_fallback():
    assert read_site(doc(site_config={"linuxFxVersion": "PYTHON|3.11"})).python_version == "3.11"


@pytest.mark.parametrize("kind, reserved, fx", [
    ("app,linux", True, "DOCKER|myorg/api:1"), ("app,linux", True, "docker:nginx:1.27"),
    ("app,linux", True, "COMPOSE|dmVyc2lvbjo="), ("app,linux", True, "sitecontainers"),
    ("app", False, "DOCKER|nginx"), ("app,linux,container", True, ""),
])
def test_a_container_runtime_or_kind_is_a_container_app(kind, reserved, fx):
    info = read_site(doc(kind, reserved), {"linuxFxVersion": fx})
    assert info.app_type == "container" and info.python_version is None


@pytest.mark.parametrize("kind, fx, app_type", [
    ("functionapp,linux", "DOCKER|func:1", "function"), ("app", "", "windows"), ("app,linux", "PYTHON|3.13", "linux"),
    ("workflowapp,functionapp", "", "function"),
])
def test_function_logic_and_windows_apps(kind, fx, app_type):
    assert read_site(doc(kind, "linux" in kind), {"linuxFxVersion": fx}).app_type == app_type


@pytest.mark.parametrize("fx, expected", [("DOCKER|x", True), ("Docker|x", True), ("SITECONTAINERS", True),
                                          ("PYTHON|3.12", False), ("python:3.12", False), ("", False)])
def test_is_container_runtime(fx, expected):
    assert is_container_runtime(fx) is expected
