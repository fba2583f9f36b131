"""ARM calls for the commands: bounded retries and timeouts, concurrency, and error translation.

Concurrency, retries and time limits live here and nowhere else. Results come back as plain REST-shaped
dicts; failures come back as the domain errors of errors.py.
"""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional, Sequence, TypeVar

from ..errors import Forbidden, NotFound, PyAppSvcError, ServiceFailure, Unauthorized
from .httpsession import header
from .refusals import translate_refusal

T = TypeVar("T")

MAX_PARALLEL = 8
# Time limits, so that a fault ends in a clear error well within a minute (worst case: a GET that hangs is tried
# ARM_RETRY_READ + 1 times, READ_TIMEOUT each; a write is never re-sent after it got no answer).
ARM_RETRY_TOTAL = 3          # 429/5xx/connection failures: 3 retries, backoff 0 + 1 + 2 s
ARM_RETRY_READ = 1           # a request sent but not answered within READ_TIMEOUT: once more
ARM_RETRY_BACKOFF = 0.5
ARM_RETRY_BACKOFF_MAX = 8
ARM_RETRY_AFTER_MAX = 10     # wait at most this for a Retry-After; a longer ask fails at once and says how long
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 15
WRITE_READ_TIMEOUT = 30      # a PATCH of config/web may take a while on a busy app
STACK_OS_LINUX = "Linux"
MAX_QUOTED_MESSAGE = 500     # of an Azure error message quoted in ours
AUTHENTICATION_ERRORS = ("ClientAuthenticationError", "AuthenticationError")
DECODE_ERRORS = ("DecodeError", "JSONDecodeError", "DeserializationError")
# Per-call options (the SDK's keyword names, which armclient.py keeps): a call whose response holds secrets logs
# nothing of its request or answer under --debug; a write may take longer to answer.
SECRET_CALL_OPTIONS: dict[str, Any] = {"logging_enable": False}
WRITE_CALL_OPTIONS: dict[str, Any] = {"read_timeout": WRITE_READ_TIMEOUT}


def run_concurrently(thunks: Sequence[Callable[[], T]]) -> list[T]:
    """Run thunks in a bounded thread pool; results keep the given order, the first failure is raised."""
    if len(thunks) <= 1:
        return [thunk() for thunk in thunks]
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(thunks))) as pool:
        futures = [pool.submit(thunk) for thunk in thunks]
        return [future.result() for future in futures]


class AppRef:  # pylint: disable=too-few-public-methods  # a value: names one app
    """Which app (and slot) a command is about."""

    def __init__(self, resource_group: str, name: str, slot: Optional[str] = None) -> None:
        self.resource_group = resource_group
        self.name = name
        self.slot = slot or None

    def __str__(self) -> str:
        slot = f" (slot '{self.slot}')" if self.slot else ""
        return f"app '{self.name}'{slot} in resource group '{self.resource_group}'"


class AppServiceGateway:
    """ARM calls for one subscription, sent with requests as `az rest` sends them (armclient.py)."""

    def __init__(self, cli_ctx: Any) -> None:
        self.cli_ctx = cli_ctx
        self._client: Any = None
        self._client_lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The ArmClient, created once (calls made concurrently share it and its token) with bounded retries."""
        with self._client_lock:
            if self._client is None:
                from .armclient import ArmClient
                from .armretry import RetryLimits
                limits = RetryLimits(total=ARM_RETRY_TOTAL, read=ARM_RETRY_READ, backoff=ARM_RETRY_BACKOFF,
                                     backoff_max=ARM_RETRY_BACKOFF_MAX, retry_after_max=ARM_RETRY_AFTER_MAX)
                self._client = ArmClient(self.cli_ctx, limits, (CONNECT_TIMEOUT, READ_TIMEOUT))
            return self._client

    def _call(self, what: str, app: Optional[AppRef], call: Callable[[], Any]) -> Any:
        try:
            return call()
        except PyAppSvcError:
            raise
        except Exception as exc:  # translated into domain errors, never a traceback
            raise translate_error(exc, what, app) from exc

    def _site(self, app: AppRef, suffix: str = "") -> str:
        from .armclient import site_path
        return site_path(self.client.subscription_id, app.resource_group, app.name, app.slot) + suffix

    def get_site(self, app: AppRef) -> dict[str, Any]:
        """GET the site or slot document."""
        return self._call("read the app", app, lambda: self.client.send("GET", self._site(app)))

    def get_site_config(self, app: AppRef) -> dict[str, Any]:
        """GET config/web."""
        return self._call("read the app's configuration", app,
                          lambda: self.client.send("GET", self._site(app, "/config/web")))

    def patch_site_config(self, app: AppRef, fields: dict[str, Any]) -> dict[str, Any]:
        """PATCH config/web with exactly the given properties (azure-mgmt-web's SiteConfigResource shape)."""
        body = {"properties": dict(fields)}
        return self._call("change the app's configuration", app, lambda: self.client.send(
            "PATCH", self._site(app, "/config/web"), body, **WRITE_CALL_OPTIONS))

    def list_app_settings(self, app: AppRef) -> dict[str, str]:
        """POST config/appsettings/list: name -> value. Values are secrets: never log or print them."""
        quiet = SECRET_CALL_OPTIONS  # az --debug logs response bodies; this one holds the values
        document = self._call("read the app settings", app, lambda: self.client.send(
            "POST", self._site(app, "/config/appsettings/list"), **quiet))
        return dict(document.get("properties") or {})

    def list_python_stacks(self) -> list[dict[str, Any]]:
        """The Python entries of webAppStacks for Linux; stops paging once Python was seen."""
        def read() -> list[dict[str, Any]]:
            from .armclient import STACKS_PATH
            found = []
            for stack in self.client.pages(STACKS_PATH, {"stackOsType": STACK_OS_LINUX}):
                if isinstance(stack, dict) and str((stack.get("properties") or {}).get("value", "")).lower() == \
                        "python":
                    found.append(stack)
                    break
            return found
        return self._call("read the supported runtimes", None, read)

    def list_key_vault_references(self, app: AppRef) -> list[tuple[str, str]]:
        """GET config/configreferences/appsettings: (setting name, resolve status) of each reference, nothing else.

        The answer (ApiKVReference: name, properties.reference/status/vaultName/secretName/details...) is read
        with logging off, and only the names and statuses are kept.
        """
        quiet = SECRET_CALL_OPTIONS
        path = self._site(app, "/config/configreferences/appsettings")
        items = self._call("read the app's Key Vault references", app,
                           lambda: [item for item in self.client.pages(path, {}, **quiet) if isinstance(item, dict)])
        return [(str(item.get("name") or "").rsplit("/", 1)[-1],
                 str((item.get("properties") or {}).get("status") or "")) for item in items]

    def list_slot_names(self, app: AppRef) -> list[str]:
        """GET sites/{name}/slots: the names of the app's deployment slots."""
        path = self._site(AppRef(app.resource_group, app.name), "/slots")
        docs = self._call("list the app's slots", app,
                          lambda: [d for d in self.client.pages(path, {}) if isinstance(d, dict)])
        return [str(doc.get("name") or "").rsplit("/", 1)[-1] for doc in docs]

    def get_sticky_setting_names(self, app: AppRef) -> list[str]:
        """GET config/slotConfigNames: the app settings that stay with their slot on a swap."""
        path = self._site(AppRef(app.resource_group, app.name), "/config/slotConfigNames")
        document = self._call("read the slot-sticky settings", app, lambda: self.client.send("GET", path))
        return list((document.get("properties") or {}).get("appSettingNames") or [])


def _error_code(exc: Any) -> str:
    error = getattr(exc, "error", None)
    return str(getattr(error, "code", "") or "")


def _error_message(exc: Any) -> str:
    error = getattr(exc, "error", None)
    text = str(getattr(error, "message", "") or getattr(exc, "message", "") or exc or "")
    return (text.splitlines() or [""])[0][:MAX_QUOTED_MESSAGE]


def _retry_after(exc: Any) -> Optional[str]:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        value = header(headers, "retry-after")
    except Exception:  # pylint: disable=broad-exception-caught  # odd headers: no Retry-After
        return None
    return value.strip()[:40] if value and value.strip() else None


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: Optional[BaseException] = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def describe_transport_failure(exc: BaseException, timeout_seconds: float) -> tuple[str, str]:
    """(what went wrong, what to try) for an exception raised before any HTTP answer came back."""
    # pylint: disable=too-many-return-statements  # a ladder: one return per outcome
    text = " ".join(f"{type(e).__name__} {e}" for e in _exception_chain(exc)).lower()
    text = re.sub(r"url: \S+", "url", text)  # a path like /timeout.py must not decide
    if "certificate_verify_failed" in text or "sslcertverification" in text or "certificate verify failed" in text:
        return ("the server's TLS certificate could not be verified",
                "If a proxy or firewall inspects TLS, point REQUESTS_CA_BUNDLE at its CA bundle; check the "
                "system clock; then try again.")
    if "badstatusline" in text or "not http" in text or "invalid http" in text:
        return ("the server answered with something that is not HTTP",
                "A proxy or firewall may stand in the way: check HTTPS_PROXY, then try again.")
    if "refused" in text:
        return ("the connection was refused",
                "Check your network connection and proxy settings (HTTPS_PROXY), then try again.")
    if "timeout" in text or "timed out" in text:
        return (f"no answer within {timeout_seconds:g} s",
                "The service may be overloaded: try again in a few minutes; check https://status.azure.com.")
    if "reset" in text or "aborted" in text or "remotedisconnected" in text or "broken pipe" in text:
        return ("the connection was closed before an answer came",
                "Try again; if it persists, check proxies and firewalls between you and Azure.")
    if "ssl" in text or "tls" in text:
        return ("the TLS connection failed",
                "Check proxy and firewall settings (HTTPS_PROXY, REQUESTS_CA_BUNDLE), then try again.")
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return ("the host name could not be resolved", "Check your DNS and network connection, then try again.")
    return (type(exc).__name__, "Check your network connection (and proxy or TLS settings), then try again.")


def translate_error(exc: Exception, what: str, app: Optional[AppRef]) -> PyAppSvcError:
    """An ARM answer (ArmHttpError), token or transport exception as a domain error with a next step."""
    # pylint: disable=too-many-return-statements  # a ladder: one return per outcome
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    status = status if isinstance(status, int) else None
    code, message = _error_code(exc), _error_message(exc)
    refusal = translate_refusal(code, status, message, getattr(exc, "error", None), what) if status else None
    if refusal is not None:
        return refusal
    if status == 404 or code in ("ResourceNotFound", "ResourceGroupNotFound"):
        return _not_found(code, app, message)
    if status == 403 or code == "AuthorizationFailed":
        return Forbidden(f"Could not {what}: the signed-in identity lacks a permission. {message}",
                         "Ask for a role that allows it on the app (e.g. Website Contributor), or sign in with "
                         "another identity: az login")
    if status == 401 or type(exc).__name__ in AUTHENTICATION_ERRORS:
        detail = f": {message}" if message else "."
        return Unauthorized(f"Could not {what}: the credentials were refused or have expired{detail}",
                            "Sign in again: az login")
    if status == 429:
        return _throttled(what, _retry_after(exc))
    if status and status >= 500:
        detail = f": {message}" if message and message != str(status) else "."
        return ServiceFailure(f"Could not {what}: Azure answered {status} ({code or 'server error'}){detail}",
                              "Try again in a few minutes; check https://status.azure.com if it persists.")
    if type(exc).__name__ in DECODE_ERRORS or (status and status < 400):
        return ServiceFailure(f"Could not {what}: Azure answered, but not with the document expected "
                              f"({type(exc).__name__}).", "A proxy may stand in the way; try again, or run the "
                                                          "command with --debug to see the answer.")
    if status:
        return ServiceFailure(f"Could not {what}: Azure answered {status} {code}: {message}",
                              "Check the arguments and run the command again with --debug for details.")
    reason, recommendation = describe_transport_failure(exc, READ_TIMEOUT)
    return ServiceFailure(f"Could not {what}: {reason} (Azure Resource Manager).", recommendation)


def _throttled(what: str, retry_after: Optional[str]) -> ServiceFailure:
    if retry_after:
        return ServiceFailure(f"Could not {what}: Azure is throttling the requests (429) and asks to wait "
                              f"{retry_after}" + (" s." if retry_after.isdigit() else "."),
                              "Run the command again after that; fewer calls in parallel (scripts) help.")
    return ServiceFailure(f"Could not {what}: Azure kept throttling the requests (429).",
                          "Wait a minute and run the command again.")


def _not_found(code: str, app: Optional[AppRef], message: str) -> NotFound:
    if app is None:
        return NotFound(message or "Azure answered 404 Not Found.", "Check the arguments.")
    if code == "ResourceGroupNotFound":
        return NotFound(f"Resource group '{app.resource_group}' was not found.",
                        "Check the name with: az group list -o table")
    if app.slot:
        return NotFound(f"Slot '{app.slot}' of app '{app.name}' was not found in resource group "
                        f"'{app.resource_group}' (or the app does not exist).",
                        f"List the slots with: az webapp deployment slot list -g {app.resource_group} -n {app.name}")
    return NotFound(f"App '{app.name}' was not found in resource group '{app.resource_group}'.",
                    f"List the apps with: az webapp list -g {app.resource_group} -o table")
