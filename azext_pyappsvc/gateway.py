"""Every call that leaves the process: ARM through azure-mgmt-web, Kudu, and the site's own URL.

Concurrency, retries and time limits live here and nowhere else. Results come back as plain REST-shaped
dicts; failures come back as the domain errors of errors.py.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional, Sequence, TypeVar

from .errors import Forbidden, NotFound, PyAppSvcError, ServiceFailure, Unauthorized

T = TypeVar("T")

MAX_PARALLEL = 8
ARM_RETRY_TOTAL = 3
ARM_RETRY_BACKOFF = 0.5
ARM_RETRY_BACKOFF_MAX = 8
CONNECT_TIMEOUT = 10
READ_TIMEOUT = 30
STACK_OS_LINUX = "Linux"


def run_concurrently(thunks: Sequence[Callable[[], T]]) -> list[T]:
    """Run thunks in a bounded thread pool; results keep the given order, the first failure is raised."""
    if len(thunks) <= 1:
        return [thunk() for thunk in thunks]
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(thunks))) as pool:
        futures = [pool.submit(thunk) for thunk in thunks]
        return [future.result() for future in futures]


class AppRef:
    """Which app (and slot) a command is about."""

    def __init__(self, resource_group: str, name: str, slot: Optional[str] = None) -> None:
        self.resource_group = resource_group
        self.name = name
        self.slot = slot or None

    def __str__(self) -> str:
        slot = f" (slot '{self.slot}')" if self.slot else ""
        return f"app '{self.name}'{slot} in resource group '{self.resource_group}'"


class AppServiceGateway:
    """ARM calls for one subscription, through the SDK client azure-cli provides."""

    def __init__(self, cli_ctx: Any) -> None:
        self.cli_ctx = cli_ctx
        self._client: Any = None

    @property
    def client(self) -> Any:
        """The WebSiteManagementClient, created on first use with bounded retries and timeouts."""
        if self._client is None:
            from azure.cli.core.commands.client_factory import get_mgmt_service_client
            from azure.cli.core.profiles import ResourceType
            self._client = get_mgmt_service_client(
                self.cli_ctx, ResourceType.MGMT_APPSERVICE, retry_total=ARM_RETRY_TOTAL,
                retry_backoff_factor=ARM_RETRY_BACKOFF, retry_backoff_max=ARM_RETRY_BACKOFF_MAX,
                connection_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT)
        return self._client

    def _call(self, what: str, app: Optional[AppRef], call: Callable[[], Any]) -> Any:
        try:
            return call()
        except PyAppSvcError:
            raise
        except Exception as exc:  # translated into domain errors, never a traceback
            raise translate_error(exc, what, app) from exc

    def get_site(self, app: AppRef) -> dict[str, Any]:
        """GET the site or slot document."""
        ops = self.client.web_apps
        call = (lambda: ops.get_slot(app.resource_group, app.name, app.slot)) if app.slot else (
            lambda: ops.get(app.resource_group, app.name))
        return self._call("read the app", app, call).as_dict()

    def get_site_config(self, app: AppRef) -> dict[str, Any]:
        """GET config/web."""
        ops = self.client.web_apps
        call = (lambda: ops.get_configuration_slot(app.resource_group, app.name, app.slot)) if app.slot else (
            lambda: ops.get_configuration(app.resource_group, app.name))
        return self._call("read the app's configuration", app, call).as_dict()

    def patch_site_config(self, app: AppRef, fields: dict[str, Any]) -> dict[str, Any]:
        """PATCH config/web with exactly the given properties."""
        ops = self.client.web_apps
        body = {"properties": dict(fields)}
        call = (lambda: ops.update_configuration_slot(app.resource_group, app.name, app.slot, body)) if app.slot else (
            lambda: ops.update_configuration(app.resource_group, app.name, body))
        return self._call("change the app's configuration", app, call).as_dict()

    def list_app_settings(self, app: AppRef) -> dict[str, str]:
        """POST config/appsettings/list: name -> value. Values are secrets: never log or print them."""
        ops = self.client.web_apps
        call = (lambda: ops.list_application_settings_slot(app.resource_group, app.name, app.slot)) if app.slot else (
            lambda: ops.list_application_settings(app.resource_group, app.name))
        document = self._call("read the app settings", app, call).as_dict()
        return dict(document.get("properties") or {})

    def list_python_stacks(self) -> list[dict[str, Any]]:
        """The Python entries of webAppStacks for Linux; stops paging once Python was seen."""
        def read() -> list[dict[str, Any]]:
            found = []
            for stack in self.client.provider.get_web_app_stacks(stack_os_type=STACK_OS_LINUX):
                document = stack.as_dict()
                if str((document.get("properties") or {}).get("value", "")).lower() == "python":
                    found.append(document)
                    break
            return found
        return self._call("read the supported runtimes", None, read)


def _error_code(exc: Any) -> str:
    error = getattr(exc, "error", None)
    return str(getattr(error, "code", "") or "")


def _error_message(exc: Any) -> str:
    error = getattr(exc, "error", None)
    return str(getattr(error, "message", "") or getattr(exc, "message", "") or exc).splitlines()[0]


def translate_error(exc: Exception, what: str, app: Optional[AppRef]) -> PyAppSvcError:
    """An SDK or transport exception as a domain error with a next step."""
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    code, message = _error_code(exc), _error_message(exc)
    if status == 404 or code in ("ResourceNotFound", "ResourceGroupNotFound"):
        return _not_found(code, app, message)
    if status == 403 or code == "AuthorizationFailed":
        return Forbidden(f"Could not {what}: the signed-in identity lacks a permission. {message}",
                         "Ask for a role that allows it on the app (e.g. Website Contributor), or sign in with "
                         "another identity: az login")
    if status == 401 or type(exc).__name__ == "ClientAuthenticationError":
        return Unauthorized(f"Could not {what}: the credentials were refused or have expired.",
                            "Sign in again: az login")
    if status == 429:
        return ServiceFailure(f"Could not {what}: Azure kept throttling the requests (429).",
                              "Wait a minute and run the command again.")
    if status and status >= 500:
        return ServiceFailure(f"Could not {what}: Azure answered {status} ({code or 'server error'}) "
                              f"after {ARM_RETRY_TOTAL} retries. Nothing was changed by this step.",
                              "Try again in a few minutes; check https://status.azure.com if it persists.")
    if status:
        return ServiceFailure(f"Could not {what}: Azure answered {status} {code}: {message}",
                              "Check the arguments and run the command again with --debug for details.")
    return ServiceFailure(f"Could not {what}: {type(exc).__name__}: {message}",
                          "Check your network connection (and proxy or TLS settings), then try again.")


def _not_found(code: str, app: Optional[AppRef], message: str) -> NotFound:
    if app is None:
        return NotFound(message, "Check the arguments.")
    if code == "ResourceGroupNotFound":
        return NotFound(f"Resource group '{app.resource_group}' was not found.",
                        "Check the name with: az group list -o table")
    if app.slot:
        return NotFound(f"Slot '{app.slot}' of app '{app.name}' was not found in resource group "
                        f"'{app.resource_group}' (or the app does not exist).",
                        f"List the slots with: az webapp deployment slot list -g {app.resource_group} -n {app.name}")
    return NotFound(f"App '{app.name}' was not found in resource group '{app.resource_group}'.",
                    f"List the apps with: az webapp list -g {app.resource_group} -o table")
