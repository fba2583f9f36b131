"""Azure Resource Graph: one query POST at a time, as azure-cli itself calls it (no ARG SDK ships with azure-cli).

azure-cli's vm module (azure/cli/command_modules/vm/_arg_client.py) posts to
/providers/Microsoft.ResourceGraph/resources through azure.cli.core.util.send_raw_request, which brings the
signed-in identity's ARM token, the proxy and CA settings and --debug logging of az itself; so does this module.
Shapes follow the REST spec (azure-rest-api-specs, specification/resourcegraph, stable/2024-04-01): the body has
subscriptions or managementGroups, query and options ($top <= 1000, $skipToken, resultFormat, allowPartialScopes);
the answer totalRecords, count, resultTruncated ("true"/"false"), $skipToken while more pages exist, and data.
Paging, batching and partitions are in graph_paging.py; the quota in graph_quota.py.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

from ..errors import Forbidden, PyAppSvcError, ServiceFailure, Unauthorized
from .arm import describe_transport_failure
from .graph_quota import SUBSCRIPTION_LIMIT_HIT, QuotaExhausted, QuotaGate
from .httpsession import header

ARG_PATH = "providers/Microsoft.ResourceGraph/resources"
API_VERSION = "2024-04-01"
PAGE_SIZE = 1000                 # $top's maximum
REQUEST_TIMEOUT = 30.0           # send_raw_request sets no timeout of its own: each query is bounded here
MAX_THROTTLED_TRIES = 6          # 429s for one query before giving up (the quota budget usually ends it first)
MAX_FAILED_TRIES = 2             # 5xx or a dropped connection: a query is a read, so it is sent once more
RETRY_BACKOFF = 1.0
MAX_QUOTED = 300
AUTH_ERRORS = ("AuthenticationError", "CLIError", "ClientAuthenticationError")


@dataclass(frozen=True)
class Scope:
    """Where a query runs: some subscriptions, or some management groups (ARG takes one kind per request)."""

    kind: str                    # "subscriptions" or "managementGroups"
    ids: tuple[str, ...]

    def body(self) -> dict[str, Any]:
        """The scope part of a QueryRequest."""
        return {self.kind: list(self.ids)}

    def halves(self) -> tuple["Scope", "Scope"]:
        """The scope split in two (to find which part a 403 is about)."""
        middle = len(self.ids) // 2
        return Scope(self.kind, self.ids[:middle]), Scope(self.kind, self.ids[middle:])

    def __str__(self) -> str:
        noun = "subscription" if self.kind == "subscriptions" else "management group"
        shown = ", ".join(self.ids[:3]) + (f" and {len(self.ids) - 3} more" if len(self.ids) > 3 else "")
        return f"{noun}{'s' if len(self.ids) > 1 else ''} {shown}"


@dataclass
class Page:
    """One answer of ARG."""

    rows: list[dict[str, Any]]
    total: int
    count: int
    skip_token: Optional[str]
    truncated: bool
    subscription_limit_hit: bool = False


class ScopeForbidden(PyAppSvcError):
    """ARG answered 403 for this scope (its message does not say which subscription: the caller bisects)."""

    def __init__(self, scope: Scope, message: str) -> None:
        super().__init__(message)
        self.scope = scope


@dataclass
class GraphStats:
    """What the queries cost: requests sent (429s included) and when each started and ended."""

    requests: int = 0
    intervals: list[tuple[float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, ended: float) -> None:
        """Count one request."""
        with self.lock:
            self.requests += 1
            self.intervals.append((started, ended))

    @property
    def rounds(self) -> int:
        """Rounds of requests: requests whose [start, end] overlap form one round."""
        rounds, end = 0, float("-inf")
        for started, ended in sorted(self.intervals):
            if started >= end:
                rounds += 1
            end = max(end, ended) if started < end else ended
        return rounds


Sender = Callable[[str, str], Any]   # (url, body) -> a requests.Response; raises azure-cli's HTTPError when not ok


class GraphClient:
    """Posts ARG queries for one command, sharing one quota gate between its concurrent requests."""

    def __init__(self, cli_ctx: Any, sender: Optional[Sender] = None, gate: Optional[QuotaGate] = None) -> None:
        self.cli_ctx = cli_ctx
        self._send = sender or self._send_raw
        self.gate = gate or QuotaGate()
        self.stats = GraphStats()

    def _send_raw(self, url: str, body: str) -> Any:
        from azure.cli.core.util import send_raw_request
        return send_raw_request(self.cli_ctx, "POST", url, body=body)

    @property
    def url(self) -> str:
        """The query endpoint on the cloud's ARM host."""
        base = self.cli_ctx.cloud.endpoints.resource_manager.rstrip("/")
        return f"{base}/{ARG_PATH}?api-version={API_VERSION}"

    def query(self, scope: Scope, query: str, skip_token: Optional[str] = None) -> Page:
        """One page of a query: waits out 429s within the quota budget, retries a failed read once."""
        options: dict[str, Any] = {"resultFormat": "objectArray", "$top": PAGE_SIZE}
        if skip_token:
            options["$skipToken"] = skip_token
        if scope.kind == "managementGroups":
            options["allowPartialScopes"] = True   # over a too-large group: partial data + the limit-hit header
        body = json.dumps({**scope.body(), "query": query, "options": options})
        throttled = failed = 0
        while True:
            epoch = self._wait_for_quota()
            status, headers, payload, error = self._post(body)
            if status == 429:
                self.gate.on_throttled(headers, epoch)
                if throttled < MAX_THROTTLED_TRIES:
                    throttled += 1
                    continue
            else:
                self.gate.after_answer(headers, epoch)
            retryable = status is None and type(error).__name__ not in AUTH_ERRORS or (status or 0) >= 500
            if retryable and failed + 1 < MAX_FAILED_TRIES:
                failed += 1
                time.sleep(RETRY_BACKOFF * failed)
                continue
            return _page_or_raise(scope, status, headers, payload, error)

    def _wait_for_quota(self) -> int:
        try:
            return self.gate.before_send()
        except QuotaExhausted as exc:
            raise _throttled_error(str(exc)) from None

    def _post(self, body: str) -> tuple[Optional[int], Mapping[str, str], Any, Optional[BaseException]]:
        """(status, headers, parsed JSON, transport error) of one POST, bounded by REQUEST_TIMEOUT."""
        started = time.time()
        outcome = run_with_deadline(lambda: self._send(self.url, body), REQUEST_TIMEOUT)
        self.stats.record(started, time.time())
        response, error = outcome
        if response is None and error is not None:
            response = getattr(error, "response", None)
            if response is None:
                return None, {}, None, error
        headers = dict(getattr(response, "headers", None) or {})
        try:
            payload = response.json() if getattr(response, "text", "") else None
        except ValueError:
            payload = None
        return int(response.status_code), headers, payload, None


def run_with_deadline(call: Callable[[], Any], timeout: float) -> tuple[Any, Optional[BaseException]]:
    """(result, None) or (None, exception); a call still running after timeout is left to a daemon thread."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # pylint: disable=broad-exception-caught  # handed to the caller, never lost
            box["error"] = exc
    worker = threading.Thread(target=target, name="pyappsvc-graph", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return None, TimeoutError(f"no answer within {timeout:g} s (read timed out)")
    return box.get("result"), box.get("error")


def _error_of(payload: Any) -> tuple[str, str]:
    error = payload.get("error") if isinstance(payload, dict) else None
    error = error if isinstance(error, dict) else {}
    details = error.get("details") if isinstance(error.get("details"), list) else []
    message = str(error.get("message") or "")
    detail = next((str(d.get("message")) for d in details if isinstance(d, dict) and d.get("message")), "")
    text = " ".join(part for part in (message, detail) if part)
    return str(error.get("code") or ""), re.sub(r"\s+", " ", text)[:MAX_QUOTED]


def _page_or_raise(scope: Scope, status: Optional[int], headers: Mapping[str, str], payload: Any,
                   error: Optional[BaseException]) -> Page:
    """The page of a 200, or the domain error of anything else."""
    if status is None and type(error).__name__ in AUTH_ERRORS:
        raise Unauthorized(f"Could not get a token for Azure Resource Graph: {str(error)[:MAX_QUOTED]}",
                           "Sign in again: az login")
    if status is None:
        reason, recommendation = describe_transport_failure(error or Exception("no answer"), REQUEST_TIMEOUT)
        raise ServiceFailure(f"Could not query Azure Resource Graph: {reason}.", recommendation)
    if status == 200 and isinstance(payload, dict) and isinstance(payload.get("data"), list):
        return Page(rows=payload["data"], total=int(payload.get("totalRecords") or 0),
                    count=int(payload.get("count") or len(payload["data"])),
                    skip_token=payload.get("$skipToken") or None,
                    truncated=str(payload.get("resultTruncated", "false")).lower() == "true",
                    subscription_limit_hit=str(header(headers, SUBSCRIPTION_LIMIT_HIT) or "").lower() == "true")
    code, message = _error_of(payload)
    if status == 403:
        raise ScopeForbidden(scope, f"Azure Resource Graph refused to read {scope} (403 {code}): {message}")
    if status == 401:
        raise Unauthorized(f"Azure Resource Graph refused the credentials (401 {code}): {message}",
                           "Sign in again: az login")
    if status == 429:
        raise _throttled_error(f"still throttled after {MAX_THROTTLED_TRIES} waits")
    if status == 200:
        raise ServiceFailure("Azure Resource Graph answered, but not with the document expected.",
                             "A proxy may stand in the way; run the command again with --debug to see the answer.")
    raise ServiceFailure(f"Azure Resource Graph answered {status} {code}: {message}".rstrip(": "),
                         "Try again in a few minutes; check https://status.azure.com if it persists.")


def _throttled_error(why: str) -> ServiceFailure:
    return ServiceFailure(f"Azure Resource Graph kept throttling the queries (429 RateLimiting): {why}.",
                          "Wait a minute and run the command again; other tools querying Resource Graph as the same "
                          "identity share its quota (about 15 queries per 5 seconds).")


def forbidden_everywhere(scopes: list[Scope]) -> Forbidden:
    """The error when no scope at all could be read."""
    names = ", ".join(str(s) for s in scopes[:3]) + (" ..." if len(scopes) > 3 else "")
    return Forbidden(f"Azure Resource Graph could read none of the scopes: {names}.",
                     "Check the ids (az account list -o table) and ask for Reader on them.")


def visible_subscriptions(cli_ctx: Any) -> list[str]:
    """The subscriptions the signed-in identity can see in this cloud, as `az graph query` takes them."""
    from azure.cli.core._profile import Profile
    ids = (str(s["id"]).lower() for s in Profile(cli_ctx=cli_ctx).load_cached_subscriptions() if s.get("id"))
    return list(dict.fromkeys(ids))   # once each (a subscription seen through two tenants is listed twice)
