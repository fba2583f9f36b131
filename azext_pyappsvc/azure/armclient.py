"""ARM for Microsoft.Web, sent with requests as `az rest` sends its requests, read as azure-mgmt-web 11 reads them.

Importing azure-mgmt-web's client loads every operation group and model (about 5 MB of code, some 130 ms), and
azure-core's pipeline (azure.core.pipeline.policies, azure.mgmt.core, which imports asyncio) costs some 45-65 ms
more before the first request of every command; `az rest` (azure-cli's send_raw_request, plain requests) pays neither.
So this module sends the few requests the commands need through one requests session, as send_raw_request does:
the signed-in identity's ARM token (asked for once per command), azure-cli's User-Agent and telemetry headers,
REQUESTS_CA_BUNDLE, the proxies of the environment and azure-cli's switch that turns TLS verification off.
azure-mgmt-web 11.0.0 remains the contract: its paths and methods (operations/_operations.py:
build_web_apps_get_request and its siblings), api-version 2025-05-01 (its default), its status checks (200 only),
its error map (an answer other than 200 raises ArmHttpError, which carries what azure-core's HttpResponseError with
ARMErrorFormat carried), the webAppStacks pager's nextLink rule; writes send the SiteConfigResource shape. The
answers are the REST documents its models' as_dict() gave (tests/unit/azure/test_armclient.py checks that and the
api-version against the installed SDK). Retries keep azure-core RetryPolicy's rules (armretry.py).
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Any, Iterator, Mapping, NamedTuple, Optional
from urllib.parse import parse_qs, quote, urljoin, urlparse

from knack.log import get_logger

from ..errors import ServiceFailure
from .armerrors import error_for, read_document
from .armpolicy import policy_token_headers, wants_policy_token
from .armretry import Failure, RetryLimits, RetryState
from .httpsession import new_session

API_VERSION = "2025-05-01"        # azure-mgmt-web 11.0.0's WebSiteManagementClientConfiguration default
SITE_PATH = "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/sites/{name}"
SLOT_PATH = SITE_PATH + "/slots/{slot}"
STACKS_PATH = "/providers/Microsoft.Web/webAppStacks"
OK_STATUSES = (200,)              # every operation used here answers 200 (azure-mgmt-web checks `not in [200]`)
CALL_OPTIONS = ("logging_enable", "read_timeout")  # the per-call options arm.py passes (SDK keyword names)
EXTRA_USER_AGENT = "AZURE_HTTP_USER_AGENT"

logger = get_logger(__name__)


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


def request_url(base_url: str, path: str, params: Mapping[str, Any]) -> str:
    """base_url + path (an absolute URL as it is) and the query, values taken as quoted, as azure-core joined them."""
    url = path if urlparse(path).scheme and urlparse(path).netloc else base_url.rstrip("/") + "/" + path.lstrip("/")
    url, _, own_query = url.partition("?")
    merged = dict(params)
    merged.update(dict(part.partition("=")[::2] for part in own_query.split("&") if part))
    query = [f"{key}={value}" for key, values in merged.items()
             for value in (values if isinstance(values, list) else [values])]
    return url + ("?" + "&".join(query) if query else "")


def same_origin(url: str, base_url: str) -> bool:
    """Whether url is on base_url's scheme, host and port (the only place the token is sent)."""
    def origin(parsed: Any) -> tuple[str, str, Optional[int]]:
        scheme = parsed.scheme.lower()
        return scheme, (parsed.hostname or "").lower(), parsed.port or {"https": 443, "http": 80}.get(scheme)
    return origin(urlparse(url)) == origin(urlparse(base_url))


def loggable_url(url: str) -> str:
    """A URL as logged: without its query."""
    return url.split("?", 1)[0]


def failure_kind(exc: BaseException) -> Optional[Failure]:
    """How a request that raised got no answer, as azure-core's requests transport told them apart; None: no
    transport failure (raised as it is)."""
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return Failure.CONNECT
    if isinstance(exc, requests.exceptions.ConnectionError):
        cause = exc.args[0] if exc.args else None
        return Failure.READ if isinstance(cause, (ProtocolError, ReadTimeoutError)) else Failure.CONNECT
    if isinstance(exc, ValueError) or not isinstance(exc, requests.RequestException):
        return None  # a URL or header requests refuses, or no transport error at all
    return Failure.READ  # ReadTimeout, a broken chunked body


def cli_headers(cli_ctx: Any) -> dict[str, str]:
    """azure-cli's headers for every request: its own, User-Agent as `az rest` sends it, CommandName and
    ParameterSetName."""
    import os
    from azure.cli.core.util import get_az_rest_user_agent
    data = getattr(cli_ctx, "data", None) or {}
    agents = [get_az_rest_user_agent()]
    if data.get("command_extension_name"):
        agents.append(f"CliExtension/{data['command_extension_name']}")
    if os.environ.get(EXTRA_USER_AGENT):
        agents.append(os.environ[EXTRA_USER_AGENT])
    headers = {str(key): str(value) for key, value in (data.get("headers") or {}).items()}
    headers["User-Agent"] = " ".join(agents)
    if data.get("command"):
        headers["CommandName"] = str(data["command"]) + (";completer-request" if data.get("completer_active") else "")
    if data.get("safe_params"):
        headers["ParameterSetName"] = " ".join(data["safe_params"])
    return headers


class ArmToken:  # pylint: disable=too-few-public-methods  # a value with one question: the token
    """The signed-in identity's ARM token, asked for once per command when first needed; concurrent callers share
    it, and a failure is kept and raised again (the exception the SDK's authentication policy let through)."""

    def __init__(self, cli_ctx: Any, subscription_id: str) -> None:
        self.cli_ctx = cli_ctx
        self.subscription_id = subscription_id
        self._token: Optional[str] = None
        self._error: Optional[Exception] = None
        self._lock = threading.Lock()

    def bearer(self) -> str:
        """The access token."""
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._token is None:
                try:
                    self._token = self._get()
                except Exception as error:
                    self._error = error
                    raise
            return self._token

    def _get(self) -> str:
        from azure.cli.core._profile import Profile
        from azure.cli.core.auth.util import resource_to_scopes
        credential, _, _ = Profile(cli_ctx=self.cli_ctx).get_login_credentials(subscription_id=self.subscription_id)
        scopes = resource_to_scopes(self.cli_ctx.cloud.endpoints.active_directory_resource_id)
        return str(credential.get_token(*scopes).token)


class _Request(NamedTuple):
    """One request as it is sent (again)."""

    method: str
    url: str
    headers: dict[str, str]
    data: Optional[bytes]
    timeout: tuple[float, float]
    quiet: bool


class ArmClient:
    """ARM for one command: REST dicts in and out through one keep-alive session, with bounded retries."""

    def __init__(self, cli_ctx: Any, limits: RetryLimits, timeouts: tuple[float, float],
                 token: Optional[ArmToken] = None) -> None:
        from azure.cli.core.commands.client_factory import get_subscription_id
        self.cli_ctx = cli_ctx
        self.subscription_id = get_subscription_id(cli_ctx)
        self.limits, self.timeouts = limits, timeouts
        self.token = token or ArmToken(cli_ctx, self.subscription_id)
        self._headers = cli_headers(cli_ctx)
        self._session = new_session()
        _record_user_agent(self._headers["User-Agent"])

    @property
    def base_url(self) -> str:
        """The cloud's ARM endpoint."""
        return str(self.cli_ctx.cloud.endpoints.resource_manager)

    def send(self, method: str, path: str, body: Optional[dict[str, Any]] = None,
             params: Optional[dict[str, Any]] = None, **options: Any) -> dict[str, Any]:
        """One request (tried again by armretry's rules); the answer's JSON document, or ArmHttpError for one
        other than 200."""
        unknown = sorted(set(options) - set(CALL_OPTIONS))
        if unknown:
            raise TypeError(f"unexpected options: {', '.join(unknown)}")
        url = request_url(self.base_url, path, {"api-version": API_VERSION, **(params or {})})
        if not same_origin(url, self.base_url) or not url.lower().startswith("https://"):
            raise ServiceFailure(f"Azure Resource Manager named a page elsewhere ({loggable_url(url)[:200]}); it was "
                                 "not fetched (the token is only sent to Azure Resource Manager over HTTPS).",
                                 "Run the command again; if it persists, check for a proxy that rewrites answers.")
        headers = {**self._headers, "Accept": "application/json"}
        headers.setdefault("x-ms-client-request-id", str(uuid.uuid4()))
        if body is not None:
            headers["Content-Type"] = "application/json"
        if wants_policy_token(self.cli_ctx, method):
            headers.update(policy_token_headers(self.cli_ctx, method.upper(), url, body, headers))
        headers["Authorization"] = f"Bearer {self.token.bearer()}"
        request = _Request(method.upper(), url, headers, None if body is None else json.dumps(body).encode("utf-8"),
                           (self.timeouts[0], float(options.get("read_timeout") or self.timeouts[1])),
                           options.get("logging_enable") is False)
        response = self._exchange(request)
        if response.status_code not in OK_STATUSES:
            raise error_for(response.status_code, response.reason, response.headers, response.content)
        return read_document(response.content)

    def _exchange(self, request: _Request) -> Any:
        """Send until the answer is final; that answer, or the last transport error raised."""
        from azure.cli.core.util import should_disable_connection_verify
        state = RetryState(self.limits)
        while True:
            started = time.monotonic()
            try:
                response = self._session.request(request.method, request.url, headers=request.headers,
                                                 data=request.data, timeout=request.timeout, allow_redirects=False,
                                                 verify=not should_disable_connection_verify())
            except Exception as exc:  # pylint: disable=broad-exception-caught  # failure_kind decides, or re-raised
                failure = failure_kind(exc)
                wait = None if failure is None else state.after_failure(request.method, failure)
                _log(request, started, type(exc).__name__, wait)
                if wait is None:
                    raise
            else:
                status = response.status_code
                wait = None if status in OK_STATUSES else state.after_answer(request.method, status, response.headers)
                _log(request, started, status, wait)
                if wait is None:
                    return response
                response.close()
            time.sleep(wait)

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
        self._session.close()


def _log(request: _Request, started: float, outcome: Any, wait: Optional[float]) -> None:
    """Method, URL without query, outcome and time at debug level; never a header or a body; nothing when quiet."""
    if request.quiet or not logger.isEnabledFor(logging.DEBUG):
        return
    again = "" if wait is None else f"; trying again in {wait:g} s"
    logger.debug("ARM %s %s: %s in %d ms%s", request.method, loggable_url(request.url), outcome,
                 (time.monotonic() - started) * 1000, again)


def _record_user_agent(user_agent: str) -> None:
    """Tell azure-cli's telemetry the User-Agent, as its SDK user agent policy and send_raw_request do."""
    try:
        from azure.cli.core.telemetry import set_user_agent
        set_user_agent(user_agent)
    except Exception:  # pylint: disable=broad-exception-caught  # telemetry never fails a command
        pass
