"""azure/armclient.py keeps azure-mgmt-web's contract: its api-version, its paths, its nextLink rule, its documents."""
from __future__ import annotations

from azure.mgmt.web import models
from azure.mgmt.web._configuration import WebSiteManagementClientConfiguration
from azure.mgmt.web._utils.model_base import _deserialize
from azure.mgmt.web.operations._operations import (build_provider_get_web_app_stacks_request,
                                                   build_web_apps_get_request, build_web_apps_get_slot_request)

from azext_pyappsvc.azure.armclient import API_VERSION, STACKS_PATH, next_page_params, site_path

SUB = "00000000-0000-0000-0000-0000000000a1"


def path_of(request):
    """The request's URL without its query (HttpRequest puts the params into the URL)."""
    return request.url.split("?", 1)[0]


def test_api_version_is_the_installed_sdks_default():
    assert API_VERSION == WebSiteManagementClientConfiguration(object(), SUB).api_version


def test_site_path_is_the_sdks_path_with_the_same_quoting():
    sdk = path_of(build_web_apps_get_request("my rg", "app(1)", SUB))
    assert site_path(SUB, "my rg", "app(1)") == sdk
    assert sdk.endswith("/resourceGroups/my%20rg/providers/Microsoft.Web/sites/app%281%29")


def test_slot_path_is_the_sdks_slot_path():
    assert site_path(SUB, "rg", "app", "staging") == path_of(
        build_web_apps_get_slot_request("rg", "app", "staging", SUB))


def test_stacks_path_is_the_sdks():
    assert STACKS_PATH == path_of(build_provider_get_web_app_stacks_request(stack_os_type="Linux"))


def test_next_link_keeps_its_query_and_takes_the_clients_api_version():
    url, params = next_page_params("https://management.azure.com/providers/Microsoft.Web/webAppStacks"
                                   "?stackOsType=Linux&page=2&api-version=2019-01-01")
    assert url == "https://management.azure.com/providers/Microsoft.Web/webAppStacks"
    assert params == {"stackOsType": ["Linux"], "page": ["2"], "api-version": [API_VERSION]}


SITE = {
    "id": f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app",
    "name": "app", "type": "Microsoft.Web/sites", "kind": "app,linux", "location": "West Europe",
    "tags": {"env": "prod"},
    "properties": {
        "state": "Running", "reserved": True, "defaultHostName": "app.azurewebsites.net",
        "hostNameSslStates": [{"name": "app.scm.azurewebsites.net", "hostType": "Repository", "sslState": "Disabled"}],
        "siteConfig": {"linuxFxVersion": None, "appCommandLine": None, "numberOfWorkers": 1},
        "someFieldNewerThanTheSdk": {"nested": [1, "two"]},
    },
}
CONFIG = {"id": SITE["id"] + "/config/web", "name": "app", "type": "Microsoft.Web/sites/config",
          "properties": {"linuxFxVersion": "PYTHON|3.12", "appCommandLine": "", "alwaysOn": False,
                         "ipSecurityRestrictions": [{"ipAddress": "Any", "action": "Allow", "priority": 2147483647}]}}
SETTINGS = {"id": SITE["id"] + "/config/appsettings", "name": "appsettings", "properties": {"A": "1", "B": ""}}


def test_the_rest_documents_are_what_the_sdks_models_gave():
    for model, document in ((models.Site, SITE), (models.SiteConfigResource, CONFIG),
                            (models.StringDictionary, SETTINGS)):
        assert _deserialize(model, document).as_dict() == document
