"""azure/armclient.py keeps azure-mgmt-web's contract (its api-version, paths, nextLink rule, documents) and sends
with requests as az rest does: one token, azure-cli's headers, azure-core's transport failures, no pipeline import."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
from types import SimpleNamespace

import pytest
import requests
from azure.mgmt.web import models
from azure.mgmt.web._configuration import WebSiteManagementClientConfiguration
from azure.mgmt.web._utils.model_base import _deserialize
from azure.mgmt.web.operations._operations import (build_provider_get_web_app_stacks_request,
                                                   build_web_apps_get_request, build_web_apps_get_slot_request)
from urllib3.exceptions import NewConnectionError, ProtocolError, ReadTimeoutError

from azext_pyappsvc.azure.armclient import (API_VERSION, STACKS_PATH, ArmClient, ArmToken, cli_headers, failure_kind,
                                            loggable_url, next_page_params, request_url, same_origin, site_path)
from azext_pyappsvc.azure.armretry import Failure, RetryLimits
from azext_pyappsvc.errors import ServiceFailure

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


# --- the transport: requests, as az rest sends them -------------------------------------------------------------

ARM = "https://management.azure.com/"
NO_WAITS = RetryLimits(total=3, read=1, backoff=0, backoff_max=0, retry_after_max=10)


def cli_ctx(base=ARM, **data):
    endpoints = SimpleNamespace(resource_manager=base,
                                active_directory_resource_id="https://management.core.windows.net/")
    return SimpleNamespace(cloud=SimpleNamespace(endpoints=endpoints),
                           data={"subscription_id": SUB, "command": "pyappsvc show-version", "headers": {}, **data})


class NoToken:
    """A token whose use fails the test."""

    def bearer(self):
        raise AssertionError("the token was asked for")


def test_request_url_joins_the_base_and_keeps_quoted_values_as_they_are():
    path = site_path(SUB, "my rg", "app")
    assert request_url(ARM, path, {"api-version": API_VERSION}) == \
        f"https://management.azure.com{path}?api-version={API_VERSION}"
    url, params = next_page_params(f"{ARM}providers/Microsoft.Web/webAppStacks?stackOsType=Linux&$skipToken=a%20b")
    assert request_url(ARM, url, params) == (f"{ARM}providers/Microsoft.Web/webAppStacks?stackOsType=Linux"
                                             f"&$skipToken=a%20b&api-version={API_VERSION}")
    assert request_url("https://arm.example/base/", "/x", {}) == "https://arm.example/base/x"


def test_same_origin_and_loggable_url():
    assert same_origin("https://management.azure.com:443/x?a=1", ARM)
    assert not same_origin("https://management.azure.com.evil.example/x", ARM)
    assert not same_origin("http://management.azure.com/x", ARM)
    assert loggable_url("https://h/p?api-version=1&sig=secret") == "https://h/p"


def test_a_next_link_elsewhere_is_not_fetched_and_gets_no_token():
    client = ArmClient(cli_ctx(), NO_WAITS, (1, 1), token=NoToken())
    for url in ("https://evil.example/providers/x", "http://management.azure.com/providers/x"):
        with pytest.raises(ServiceFailure, match="not fetched"):
            client.send("GET", url)
    with pytest.raises(TypeError, match="unexpected options: retry_total"):
        client.send("GET", "/x", retry_total=9)
    client.close()


@pytest.mark.parametrize("exc, kind", [
    (requests.exceptions.ConnectTimeout("connect timed out"), Failure.CONNECT),
    (requests.exceptions.ConnectionError(NewConnectionError(None, "refused")), Failure.CONNECT),
    (requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"), Failure.CONNECT),
    (requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError())), Failure.READ),
    (requests.exceptions.ConnectionError(ReadTimeoutError(None, "/", "read timed out")), Failure.READ),
    (requests.exceptions.ReadTimeout("read timed out"), Failure.READ),
    (requests.exceptions.ChunkedEncodingError("broken"), Failure.READ),
    (requests.exceptions.InvalidURL("bad"), None),
    (KeyError("not a transport failure"), None),
])
def test_failures_are_told_apart_as_azure_cores_transport_did(exc, kind):
    assert failure_kind(exc) is kind


def test_cli_headers_are_azure_clis(monkeypatch):
    from azure.cli.core.util import get_az_rest_user_agent
    monkeypatch.setenv("AZURE_HTTP_USER_AGENT", "pipeline/7")
    headers = cli_headers(cli_ctx(safe_params=["--resource-group", "--name"], command_extension_name="pyappsvc",
                                  headers={"x-ms-client-request-id": "fixed"}))
    assert headers == {"User-Agent": f"{get_az_rest_user_agent()} CliExtension/pyappsvc pipeline/7",
                       "CommandName": "pyappsvc show-version", "ParameterSetName": "--resource-group --name",
                       "x-ms-client-request-id": "fixed"}


class CountingToken(ArmToken):
    """ArmToken whose token source is counted (and fails when told to)."""

    def __init__(self, fail=False):
        super().__init__(cli_ctx(), SUB)
        self.asked, self.fail = 0, fail

    def _get(self):
        self.asked += 1
        if self.fail:
            raise type("AuthenticationError", (Exception,), {})("run az login")
        return "token-value"


def test_the_token_is_asked_for_once_by_concurrent_callers():
    token = CountingToken()
    threads = [threading.Thread(target=token.bearer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (token.bearer(), token.asked) == ("token-value", 1)


def test_a_token_failure_is_kept_and_raised_again():
    token = CountingToken(fail=True)
    errors = []
    for _ in range(3):
        with pytest.raises(Exception) as raised:
            token.bearer()
        errors.append(raised.value)
    assert token.asked == 1 and len({id(e) for e in errors}) == 1
    assert type(errors[0]).__name__ == "AuthenticationError"


# In a fresh interpreter: import armclient, build the client and its session, send (to a closed port), then report
# which of azure-core's pipeline modules got imported. EXTRA is run first, so that the check is shown to fail.
IMPORT_CHECK = """
import sys
from types import SimpleNamespace
EXTRA
from azext_pyappsvc.azure.armclient import ArmClient
from azext_pyappsvc.azure.armretry import RetryLimits
class Token:
    def bearer(self):
        return "t"
endpoints = SimpleNamespace(resource_manager="https://127.0.0.1:PORT/", active_directory_resource_id="x")
ctx = SimpleNamespace(cloud=SimpleNamespace(endpoints=endpoints), data={"subscription_id": "s", "command": "c"})
client = ArmClient(ctx, RetryLimits(total=1, read=0, backoff=0, backoff_max=0, retry_after_max=0), (2, 2), Token())
try:
    client.send("GET", "/subscriptions/s")
except Exception as exc:
    print("sent:", type(exc).__name__)
print("loaded:", sorted(m for m in sys.modules if m in ("azure.mgmt.core", "azure.core.pipeline.policies")))
"""


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pipeline_modules_loaded(extra=""):
    script = IMPORT_CHECK.replace("EXTRA", extra).replace("PORT", str(closed_port()))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert "sent: ConnectionError" in done.stdout, done.stdout + done.stderr
    return done.stdout.split("loaded:", 1)[1].strip()


def test_a_send_imports_neither_azure_mgmt_core_nor_azure_cores_policies():
    assert pipeline_modules_loaded() == "[]"


def test_the_import_check_sees_the_pipeline_when_it_is_imported():
    assert pipeline_modules_loaded("import azure.mgmt.core.policies") == \
        "['azure.core.pipeline.policies', 'azure.mgmt.core']"


def test_debug_logs_method_url_without_query_status_and_time_never_a_header(caplog):
    from azext_pyappsvc.azure import armclient
    request = armclient._Request("GET", f"{ARM}subscriptions/s?api-version=1&sig=q", {"Authorization": "Bearer tok"},
                                 b'{"secret": 1}', (1, 1), False)
    with caplog.at_level("DEBUG", logger=armclient.logger.name):
        armclient._log(request, 0.0, 429, 1.0)
        armclient._log(request._replace(quiet=True), 0.0, 200, None)
    assert len(caplog.records) == 1, [r.getMessage() for r in caplog.records]
    line = caplog.records[0].getMessage()
    assert line.startswith(f"ARM GET {ARM}subscriptions/s: 429 in ") and line.endswith("; trying again in 1 s")
    assert "tok" not in line and "sig" not in line and "secret" not in line
