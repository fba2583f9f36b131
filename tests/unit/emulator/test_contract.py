"""The emulator keeps the ARM contract the tests rely on: PATCH merges non-null fields, PUT replaces, errors are
ARM-shaped, a Reader may not write, and the stacks list pages (checked over real HTTPS, without az)."""
from __future__ import annotations

import pytest
import requests

from tests.emulator import Emulator

API = {"api-version": "2025-05-01"}


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator("default").start()
    yield emu
    emu.stop()


def session_for(emu, role="Contributor"):
    http = requests.Session()
    app_id, secret = emu.principal(role)
    token = http.post(f"{emu.arm_url}{emu.tenant_id}/oauth2/v2.0/token", verify=emu.ca_bundle,
                      data={"client_id": app_id, "client_secret": secret, "grant_type": "client_credentials",
                            "scope": f"{emu.arm_url}.default"}).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def config_url(emu, name="flask-312"):
    return (f"{emu.arm_url}subscriptions/{emu.subscription_id}/resourceGroups/pyapps-rg/providers/Microsoft.Web/"
            f"sites/{name}/config/web")


def test_patch_merges_only_the_non_null_fields(emulator):
    emulator.reset()
    http = session_for(emulator)
    before = http.get(config_url(emulator), params=API, verify=emulator.ca_bundle).json()["properties"]
    answer = http.patch(config_url(emulator), params=API, verify=emulator.ca_bundle,
                        json={"properties": {"appCommandLine": "startup.sh", "alwaysOn": None}}).json()["properties"]
    assert answer == {**before, "appCommandLine": "startup.sh"}


def test_put_replaces_the_whole_object(emulator):
    emulator.reset()
    http = session_for(emulator)
    answer = http.put(config_url(emulator), params=API, verify=emulator.ca_bundle,
                      json={"properties": {"linuxFxVersion": "PYTHON|3.13"}}).json()["properties"]
    assert answer["linuxFxVersion"] == "PYTHON|3.13"
    assert answer["alwaysOn"] is None and answer["ftpsState"] is None, "PUT keeps nothing it was not given"


@pytest.mark.parametrize("path, code", [
    ("resourceGroups/pyapps-rg/providers/Microsoft.Web/sites/ghost", "ResourceNotFound"),
    ("resourceGroups/ghost-rg/providers/Microsoft.Web/sites/flask-312", "ResourceGroupNotFound"),
])
def test_missing_things_are_arm_shaped_404s(emulator, path, code):
    http = session_for(emulator)
    answer = http.get(f"{emulator.arm_url}subscriptions/{emulator.subscription_id}/{path}", params=API,
                      verify=emulator.ca_bundle)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == code


def test_reader_may_read_but_not_write_or_list_settings(emulator):
    emulator.reset()
    http = session_for(emulator, "Reader")
    assert http.get(config_url(emulator), params=API, verify=emulator.ca_bundle).status_code == 200
    denied = http.patch(config_url(emulator), params=API, verify=emulator.ca_bundle,
                        json={"properties": {"appCommandLine": "x"}})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "AuthorizationFailed"
    listing = http.post(config_url(emulator).replace("/web", "/appsettings/list"), params=API,
                        verify=emulator.ca_bundle)
    assert listing.status_code == 403
    assert emulator.site("pyapps-rg", "flask-312").site_config["appCommandLine"] == ""


def test_requests_without_token_or_api_version_are_refused(emulator):
    anonymous = requests.get(config_url(emulator), params=API, verify=emulator.ca_bundle)
    assert anonymous.status_code == 401
    http = session_for(emulator)
    assert http.get(config_url(emulator), verify=emulator.ca_bundle).json()["error"]["code"] == \
        "MissingApiVersionParameter"


def test_stacks_come_in_two_pages_and_every_request_is_recorded(emulator):
    emulator.reset()
    http = session_for(emulator)
    first = http.get(f"{emulator.arm_url}providers/Microsoft.Web/webAppStacks",
                     params={**API, "stackOsType": "Linux"}, verify=emulator.ca_bundle).json()
    second = http.get(first["nextLink"], verify=emulator.ca_bundle).json()
    assert [s["name"] for s in first["value"] + second["value"]] == ["python", "node"]
    assert second["nextLink"] is None
    assert [r["path"] for r in emulator.requests("arm") if "webAppStacks" in r["path"]] == [
        "/providers/Microsoft.Web/webAppStacks"] * 2


def test_injected_429_carries_retry_after(emulator):
    emulator.reset()
    emulator.inject(r"GET .*/config/web", status=429, headers={"Retry-After": "2"}, count=1)
    http = session_for(emulator)
    throttled = http.get(config_url(emulator), params=API, verify=emulator.ca_bundle)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "2"
    assert http.get(config_url(emulator), params=API, verify=emulator.ca_bundle).status_code == 200
