"""The emulator answers as the real services do (issue 12), checked over real HTTPS without az: GET site carries no
configuration, docker logs per machine and source, Range ignored (KuduLite) or honoured (Windows Kudu), 307 on a
folder without its slash, refusals shaped as ARM shapes them."""
from __future__ import annotations

import functools

import pytest
import requests

from tests.emulator import Emulator
from tests.emulator.arm import APP_SERVICE_AUDIENCE

API = {"api-version": "2025-05-01"}


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator("default").start()
    yield emu
    emu.stop()


def session_for(emu, audience):
    http = requests.Session()
    http.request = functools.partial(http.request, verify=emu.ca_bundle)  # an environment CA bundle would win
    app_id, secret = emu.principal("Contributor")
    token = http.post(f"{emu.arm_url}{emu.tenant_id}/oauth2/v2.0/token",
                      data={"client_id": app_id, "client_secret": secret, "grant_type": "client_credentials",
                            "scope": f"{audience}/.default"}).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def site_url(emu, name="flask-312"):
    return f"{emu.arm_url}subscriptions/{emu.subscription_id}/resourceGroups/pyapps-rg/providers/Microsoft.Web/sites/{name}"


def test_get_site_has_every_site_config_field_null_by_default(emulator):
    emulator.reset()
    config = session_for(emulator, emulator.arm_url.rstrip("/")).get(site_url(emulator), params=API).json()[
        "properties"]["siteConfig"]
    assert config and set(config.values()) == {None}


def test_a_scenario_may_fill_some_fields_of_get_site(emulator):
    emulator.reset()
    emulator.site("pyapps-rg", "flask-312").site_config_on_get = ["linuxFxVersion"]
    config = session_for(emulator, emulator.arm_url.rstrip("/")).get(site_url(emulator), params=API).json()[
        "properties"]["siteConfig"]
    assert config["linuxFxVersion"] == "PYTHON|3.12" and config["appCommandLine"] is None


def test_docker_logs_are_listed_per_machine_and_source_and_range_is_ignored_by_default(emulator):
    emulator.reset()
    site = emulator.site("pyapps-rg", "broken-zip")
    kudu = session_for(emulator, APP_SERVICE_AUDIENCE)
    listing = kudu.get(f"https://{site.kudu_host}/api/logs/docker").json()
    names = sorted(entry["href"].rsplit("/", 1)[-1] for entry in listing)
    assert names == ["2026_11_25_lw1sdlwk0000QX_default_docker.log", "2026_11_25_lw1sdlwk0000QX_docker.log"]
    platform = next(e for e in listing if e["href"].endswith("QX_docker.log"))
    assert platform["lastUpdated"] == "2026-11-25T06:03:54.1000000+00:00"
    whole = kudu.get(platform["href"], headers={"Range": "bytes=-10"})
    assert whole.status_code == 200 and len(whole.content) == platform["size"]
    site.site["ignoreRange"] = False
    part = kudu.get(platform["href"], headers={"Range": "bytes=-10"})
    assert part.status_code == 206 and len(part.content) == 10


def test_vfs_redirects_a_folder_without_its_slash_and_404s_a_missing_path(emulator):
    emulator.reset()
    site = emulator.site("pyapps-rg", "django-311")
    kudu = session_for(emulator, APP_SERVICE_AUDIENCE)
    folder = kudu.get(f"https://{site.kudu_host}/api/vfs/site/wwwroot/mysite", allow_redirects=False)
    assert folder.status_code == 307 and folder.headers["Location"].endswith("/api/vfs/site/wwwroot/mysite/")
    assert kudu.get(f"https://{site.kudu_host}/api/vfs/site/wwwroot/nope.py").status_code == 404
    assert kudu.get(f"https://{site.kudu_host}/api/startuplogs", params={"latest": "true"}).status_code == 404


@pytest.mark.parametrize("setup, status, code", [
    (lambda s: setattr(s, "locks", [{"name": "l1", "level": "ReadOnly"}]), 409, "ScopeLocked"),
    (lambda s: setattr(s, "policy_deny", {"assignment": "a1"}), 403, "RequestDisallowedByPolicy"),
    (lambda s: setattr(s, "busy_with", "SwapSiteSlots"), 409, "Conflict"),
])
def test_refused_writes_are_arm_shaped_and_change_nothing(emulator, setup, status, code):
    emulator.reset()
    site = emulator.site("pyapps-rg", "flask-312")
    setup(site)
    before = dict(site.site_config)
    answer = session_for(emulator, emulator.arm_url.rstrip("/")).patch(
        f"{site_url(emulator)}/config/web", params=API, json={"properties": {"linuxFxVersion": "PYTHON|3.13"}})
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert site.site_config == before


def test_a_cannot_delete_lock_lets_writes_through(emulator):
    emulator.reset()
    emulator.site("pyapps-rg", "flask-312").locks = [{"name": "keep", "level": "CanNotDelete"}]
    answer = session_for(emulator, emulator.arm_url.rstrip("/")).patch(
        f"{site_url(emulator)}/config/web", params=API, json={"properties": {"appCommandLine": "x"}})
    assert answer.status_code == 200
