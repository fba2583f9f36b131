"""ARM reads through azure-cli's send_raw_request, for commands where the SDK would cost more than the call.

audit reads the stacks this way: importing azure-mgmt-web takes about 125 ms of a run that is otherwise a
Resource Graph round or two (bench/README.md). The document is the same REST JSON the SDK parses, and
runtime/stacks.py reads it with the same rules.
"""
from __future__ import annotations

from typing import Any, Optional

from ..errors import Forbidden, ServiceFailure, Unauthorized
from .arm import STACK_OS_LINUX, describe_transport_failure
from .graph import AUTH_ERRORS, REQUEST_TIMEOUT, run_with_deadline

STACKS_API_VERSION = "2025-05-01"   # azure-mgmt-web 11's, as the SDK would call it
MAX_STACK_PAGES = 5


def _get(cli_ctx: Any, url: str) -> Any:
    """One GET, bounded in time, sent once more after a 5xx or a dropped connection; the JSON answer."""
    from azure.cli.core.util import send_raw_request
    for attempt in range(2):
        response, error = run_with_deadline(lambda: send_raw_request(cli_ctx, "GET", url), REQUEST_TIMEOUT)
        response = response if response is not None else getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        if status == 200:
            return response.json()
        if attempt == 0 and (status is None or status >= 500 or status == 429) and type(error).__name__ not in (
                AUTH_ERRORS):
            continue
        raise _failure(status, error)
    raise ServiceFailure("Could not read the supported runtimes.")  # not reached: the loop returns or raises


def _failure(status: Optional[int], error: Optional[BaseException]) -> Exception:
    what = "Could not read the supported runtimes (webAppStacks)"
    if status == 401 or (status is None and type(error).__name__ in AUTH_ERRORS):
        return Unauthorized(f"{what}: the credentials were refused or have expired.", "Sign in again: az login")
    if status == 403:
        return Forbidden(f"{what}: the signed-in identity lacks a permission.", "Sign in with another identity: az login")
    if status is None:
        reason, recommendation = describe_transport_failure(error or Exception("no answer"), REQUEST_TIMEOUT)
        return ServiceFailure(f"{what}: {reason}.", recommendation)
    return ServiceFailure(f"{what}: Azure answered {status}.", "Try again in a few minutes.")


def read_python_stacks(cli_ctx: Any) -> list[dict[str, Any]]:
    """The Python entries of GET /providers/Microsoft.Web/webAppStacks (Linux); stops paging once Python was seen."""
    base = cli_ctx.cloud.endpoints.resource_manager.rstrip("/")
    url: Optional[str] = (f"{base}/providers/Microsoft.Web/webAppStacks?stackOsType={STACK_OS_LINUX}"
                          f"&api-version={STACKS_API_VERSION}")
    for _ in range(MAX_STACK_PAGES):
        if not url:
            break
        document = _get(cli_ctx, url)
        found = [s for s in document.get("value") or []
                 if str((s.get("properties") or {}).get("value", "")).lower() == "python"]
        if found:
            return found
        url = document.get("nextLink")
    return []
