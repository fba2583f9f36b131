"""ARM for Microsoft.Web through azure-core's pipeline, built as azure-mgmt-web's client builds it, without its
operation groups and models on the hot path.

Importing azure-mgmt-web's client loads every operation group and model (about 5 MB of code, some 130 ms before
the first request can start), and reading an answer builds a model only for us to call as_dict() on it. The
commands need five requests, so this module sends them itself, the way azure-mgmt-web 11.0.0 does
(operations/_operations.py: build_web_apps_get_request and its siblings for the paths and methods, the
status 200 checks, map_error with the same error_map, then HttpResponseError with ARMErrorFormat; _client.py for the
policy order; the webAppStacks pager for nextLink). The answers are the REST documents, which is what the models'
as_dict() gave (tests/unit/azure/test_armclient.py checks both that and the api-version against the installed SDK).
azure-mgmt-web stays the contract: API_VERSION is its default, and writes send the SiteConfigResource shape.
azure-cli still builds the credential, the policies it swaps in (user agent, headers, logging, retries, timeouts) and
the TLS settings: ArmClient is handed to get_mgmt_service_client as a track-2 client type.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Optional
from urllib.parse import parse_qs, quote, urljoin, urlparse

API_VERSION = "2025-05-01"        # azure-mgmt-web 11.0.0's WebSiteManagementClientConfiguration default
SITE_PATH = "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/sites/{name}"
SLOT_PATH = SITE_PATH + "/slots/{slot}"
STACKS_PATH = "/providers/Microsoft.Web/webAppStacks"
OK_STATUSES = (200,)              # every operation used here answers 200 (azure-mgmt-web checks `not in [200]`)


def site_path(subscription: str, group: str, name: str, slot: Optional[str] = None) -> str:
    """The ARM path of a site or slot, each segment quoted as azure-mgmt-web's serializer does."""
    parts = {"subscription": subscription, "group": group, "name": name, "slot": slot or ""}
    quoted = {key: quote(str(value), safe="") for key, value in parts.items()}
    return (SLOT_PATH if slot else SITE_PATH).format(**quoted)


def next_page_params(next_link: str) -> tuple[str, dict[str, list[str]]]:
    """(URL without query, query) of a nextLink, with the client's api-version, as azure-mgmt-web's pagers do."""
    parsed = urlparse(next_link)
    params = {key: [quote(v) for v in values] for key, values in parse_qs(parsed.query).items()
              if key.lower() != "api-version"}
    params["api-version"] = [API_VERSION]
    return urljoin(next_link, parsed.path), params


class ArmClient:
    """A track-2 client type for get_mgmt_service_client: azure-mgmt-web's pipeline, REST dicts in and out."""

    def __init__(self, credential: Any, subscription_id: str, base_url: Optional[str] = None, **kwargs: Any) -> None:
        from azure.core.pipeline import policies
        from azure.mgmt.core import ARMPipelineClient
        from azure.mgmt.core.policies import (ARMAutoResourceProviderRegistrationPolicy,
                                              ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy)
        self.subscription_id = subscription_id
        scopes = kwargs.pop("credential_scopes", ["https://management.azure.com/.default"])
        auth = kwargs.get("authentication_policy") or ARMChallengeAuthenticationPolicy(credential, *scopes, **kwargs)
        redirect = kwargs.get("redirect_policy") or policies.RedirectPolicy(**kwargs)
        pipeline_policies = [
            policies.RequestIdPolicy(**kwargs),
            kwargs.get("headers_policy") or policies.HeadersPolicy(**kwargs),
            kwargs.get("user_agent_policy") or policies.UserAgentPolicy(**kwargs),
            kwargs.get("proxy_policy") or policies.ProxyPolicy(**kwargs),
            policies.ContentDecodePolicy(**kwargs),
            ARMAutoResourceProviderRegistrationPolicy(),
            redirect,
            kwargs.get("retry_policy") or policies.RetryPolicy(**kwargs),
            auth,
            kwargs.get("custom_hook_policy") or policies.CustomHookPolicy(**kwargs),
            kwargs.get("logging_policy") or policies.NetworkTraceLoggingPolicy(**kwargs),
            policies.DistributedTracingPolicy(**kwargs),
            policies.SensitiveHeaderCleanupPolicy(**kwargs),
            kwargs.get("http_logging_policy") or ARMHttpLoggingPolicy(**kwargs),
        ]
        self._client = ARMPipelineClient(base_url=base_url or "https://management.azure.com",
                                         policies=pipeline_policies, **kwargs)

    def send(self, method: str, path: str, body: Optional[dict[str, Any]] = None,
             params: Optional[dict[str, Any]] = None, **options: Any) -> dict[str, Any]:
        """One request; the answer's JSON document, or the SDK's exception for an answer other than 200."""
        from azure.core.rest import HttpRequest
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        query = {"api-version": API_VERSION, **(params or {})}
        request = HttpRequest(method, self._client.format_url(path), params=query, headers=headers,
                              content=None if body is None else json.dumps(body))
        # the pipeline azure-mgmt-web's client builds and runs its requests through (azure-core has no public handle)
        response = self._client._pipeline.run(  # pylint: disable=protected-access
            request, stream=False, **options).http_response
        if response.status_code not in OK_STATUSES:
            raise _error_for(response)
        document = response.json()
        return document if isinstance(document, dict) else {}

    def pages(self, path: str, params: dict[str, Any], **options: Any) -> Iterator[dict[str, Any]]:
        """The items of a list, page by page, following nextLink."""
        document = self.send("GET", path, params=params, **options)
        while True:
            yield from document.get("value") or []
            next_link = document.get("nextLink")
            if not next_link:
                return
            url, query = next_page_params(next_link)
            document = self.send("GET", url, params=query, **options)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()


def _error_for(response: Any) -> Exception:
    """The exception azure-mgmt-web raises for this answer: its error_map's class, else HttpResponseError (ARM)."""
    from azure.core.exceptions import (ClientAuthenticationError, HttpResponseError, ResourceExistsError,
                                       ResourceNotFoundError, ResourceNotModifiedError)
    from azure.mgmt.core.exceptions import ARMErrorFormat
    error_map = {401: ClientAuthenticationError, 404: ResourceNotFoundError, 409: ResourceExistsError,
                 304: ResourceNotModifiedError}
    mapped = error_map.get(response.status_code)
    if mapped is not None:
        return mapped(response=response)
    return HttpResponseError(response=response, error_format=ARMErrorFormat)
