"""versions.py and webapp.py: what an app is, and what set-version decides."""
from __future__ import annotations

from datetime import date

import pytest

from azext_pyappsvc.errors import Refused
from azext_pyappsvc.runtime.stacks import PythonRuntime
from azext_pyappsvc.runtime.plan import describe_version, plan_result, plan_version_change
from azext_pyappsvc.runtime.site import read_site

TODAY = date(2026, 11, 25)
RUNTIMES = [PythonRuntime("3.13", "PYTHON|3.13", date(2029, 10, 31), False, False),
            PythonRuntime("3.12", "PYTHON|3.12", date(2028, 10, 31), False, False),
            PythonRuntime("3.10", "PYTHON|3.10", date(2026, 10, 31), False, False),
            PythonRuntime("3.7", "PYTHON|3.7", date(2023, 6, 27), True, False),
            PythonRuntime("2.7", "PYTHON|2.7", date(2020, 1, 1), True, True)]


def site(kind="app,linux", fx="PYTHON|3.12", reserved=True, name="web"):
    return read_site({"name": name, "kind": kind, "properties": {
        "reserved": reserved, "resourceGroup": "rg", "state": "Running", "defaultHostName": "web.example",
        "hostNameSslStates": [{"name": "web.example", "hostType": "Standard"},
                              {"name": "web.scm.example:443", "hostType": "Repository"}],
        "siteConfig": {"linuxFxVersion": fx}}})


@pytest.mark.parametrize("kind, reserved, fx, app_type", [
    ("app,linux", True, "PYTHON|3.12", "linux"), ("app", False, "", "windows"), ("app", True, "PYTHON|3.12", "linux"),
    ("app,linux,container", True, "DOCKER|nginx", "container"), ("app,linux", True, "DOCKER|img:1", "container"),
    ("functionapp,linux", True, "PYTHON|3.12", "function"), ("functionapp", False, "", "function"),
    ("app,linux,kubernetes", True, "PYTHON|3.12", "linux"), ("workflowapp,functionapp", True, "", "function"),
    ("app,container,windows", False, "", "windows")])
def test_app_type(kind, reserved, fx, app_type):
    assert site(kind, fx, reserved).app_type == app_type


def test_read_site_takes_the_repository_host_as_given_and_slot_from_the_name():
    info = read_site({"name": "web/staging", "kind": "app,linux", "properties": {
        "hostNameSslStates": [{"name": "127.0.2.1:4443", "hostType": "Repository"}]}})
    assert (info.name, info.slot, info.scm_host_name) == ("web", "staging", "127.0.2.1:4443")


def test_describe_version():
    assert describe_version(site(), RUNTIMES, TODAY) == {
        "name": "web", "resourceGroup": "rg", "slot": None, "kind": "app,linux", "linuxFxVersion": "PYTHON|3.12",
        "pythonVersion": "3.12", "support": "active", "endOfLife": "2028-10-31"}
    assert describe_version(site(fx="PYTHON|3.99"), RUNTIMES, TODAY)["support"] == "unknown"
    windows = describe_version(site("app", "", False), RUNTIMES, TODAY)
    assert (windows["pythonVersion"], windows["linuxFxVersion"], windows["support"]) == (None, None, "unknown")


def test_plan_change_and_no_change():
    plan = plan_version_change(site(), "3.13", RUNTIMES, TODAY)
    assert (plan.linux_fx_version, plan.changed, plan.warnings) == ("PYTHON|3.13", True, [])
    same = plan_version_change(site(fx="python:3.12"), "3.12", RUNTIMES, TODAY)
    assert same.changed is False
    assert plan_result(site(fx="python:3.12"), same, TODAY)["linuxFxVersion"] == "python:3.12"


@pytest.mark.parametrize("info, version, fragment", [
    (site(), "3.99", "Supported versions: 3.13, 3.12"), (site(), "3.7", "deprecated"), (site(), "2.7", "not offered"),
    (site(), "3.10", "--allow-eol"), (site("app", "", False), "3.12", "Windows"),
    (site("functionapp,linux"), "3.12", "function app"), (site("app,linux,container", "DOCKER|x"), "3.12", "container")])
def test_plan_refusals(info, version, fragment):
    with pytest.raises(Refused) as raised:
        plan_version_change(info, version, RUNTIMES, TODAY)
    assert fragment in raised.value.message + (raised.value.recommendation or "")


def test_allow_eol_warns():
    plan = plan_version_change(site(), "3.10", RUNTIMES, TODAY, allow_eol=True)
    assert plan.changed and "2026-10-31" in plan.warnings[0]
    with pytest.raises(Refused):
        plan_version_change(site(), "3.7", RUNTIMES, TODAY, allow_eol=True)


def test_an_early_access_version_is_set_with_a_warning_and_never_listed_as_supported():
    runtimes = [PythonRuntime("3.15", "PYTHON|3.15", date(2031, 10, 31), False, False, is_early_access=True), *RUNTIMES]
    plan = plan_version_change(site(), "3.15", runtimes, TODAY)
    assert plan.changed and plan.linux_fx_version == "PYTHON|3.15"
    [warning] = plan.warnings
    assert "early-access" in warning and "supported: 3.13, 3.12)" in warning
    with pytest.raises(Refused) as refused:
        plan_version_change(site(), "3.10", runtimes, TODAY)
    assert "3.15" not in refused.value.recommendation


def test_a_container_runtime_in_config_web_refuses_whatever_kind_says():
    document = {"name": "web", "kind": "app,linux", "properties": {"reserved": True, "siteConfig": None}}
    with pytest.raises(Refused, match="custom container"):
        plan_version_change(read_site(document, {"linuxFxVersion": "DOCKER|nginx:1"}), "3.12", RUNTIMES, TODAY)
