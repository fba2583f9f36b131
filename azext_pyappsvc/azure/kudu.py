"""The HTTP half of the gateway: Kudu (the SCM site) with an Entra ID bearer token, and a probe of the site.

One keep-alive session per command; every call has a time limit; failures become domain errors.
Tokens and response bodies are never logged.
"""
from __future__ import annotations

import threading
from typing import Any, Optional
from urllib.parse import quote

from ..errors import Forbidden, PyAppSvcError, ServiceFailure, Unauthorized

KUDU_CONNECT_TIMEOUT = 5
KUDU_READ_TIMEOUT = 20
VFS_ROOT = "/api/vfs/site/wwwroot/"
DOCKER_LOGS = "/api/logs/docker"
MAX_LOG_BYTES = 256 * 1024      # the end of the latest docker log that is read (a Range request)
MAX_LOG_STREAM = 16 * 1024 * 1024  # read through at most this much when the server ignores the Range
POOL_SIZE = 8
TOKEN_TIMEOUT = 20
KUDU_RETRIES = 2             # 429/502/503/504 and refused connections: 2 retries (backoff 0 + 1 s), never a timeout
KUDU_RETRY_BACKOFF = 0.5
KUDU_RETRY_AFTER_MAX = 10    # a longer Retry-After is not waited for
KUDU_RETRY_STATUSES = (429, 502, 503, 504)


def _kudu_retries() -> Any:
    """urllib3 retries for Kudu GETs: throttling and restarts are waited out briefly; the last answer is kept."""
    from urllib3.exceptions import MaxRetryError
    from urllib3.util.retry import Retry

    class KuduRetry(Retry):
        """A Retry-After above KUDU_RETRY_AFTER_MAX ends the retries at once; an unreadable one is ignored."""

        def get_retry_after(self, response: Any) -> Optional[float]:
            try:
                return super().get_retry_after(response)
            except Exception:  # pylint: disable=broad-exception-caught
                # urllib3's InvalidHeader for a Retry-After that is neither seconds nor a date
                return None

        def increment(self, *args: Any, **kwargs: Any) -> Any:
            response = kwargs.get("response")
            if response is not None and (self.get_retry_after(response) or 0) > KUDU_RETRY_AFTER_MAX:
                raise MaxRetryError(kwargs.get("_pool"), kwargs.get("url") or "", None)
            return super().increment(*args, **kwargs)

    return KuduRetry(total=KUDU_RETRIES, connect=KUDU_RETRIES, read=0, status=KUDU_RETRIES, other=0,
                     allowed_methods=frozenset({"GET"}), status_forcelist=KUDU_RETRY_STATUSES,
                     backoff_factor=KUDU_RETRY_BACKOFF, respect_retry_after_header=True, raise_on_status=False)


def new_session(retries: Any = 0) -> Any:
    import requests
    from requests.adapters import HTTPAdapter
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=retries)
    session.mount("https://", adapter)
    return session


class Kudu:
    """Kudu of one app (host taken from hostNameSslStates, used as an opaque authority)."""

    def __init__(self, cli_ctx: Any, scm_host: str) -> None:
        self.cli_ctx = cli_ctx
        self.base = f"https://{scm_host}"
        self.session = new_session(_kudu_retries())
        self._token: Optional[str] = None
        self._token_error: Optional[PyAppSvcError] = None
        self._lock = threading.Lock()

    def _authorization(self) -> dict[str, str]:
        """The bearer header; the token is asked for once, and a failure to get it is not retried per request."""
        with self._lock:
            if self._token_error is not None:
                raise self._token_error
            if self._token is None:
                try:
                    self._token = _app_service_token(self.cli_ctx)
                except PyAppSvcError as error:
                    self._token_error = error
                    raise
            return {"Authorization": f"Bearer {self._token}"}

    def _get(self, path: str, limit: Optional[int] = None, tail: bool = False) -> Optional[bytes]:
        """GET a Kudu path: the body (its first limit bytes, or with tail its last), None on 404; other failures
        raise domain errors."""
        url = path if path.startswith("https://") else self.base + path
        if not url.lower().startswith(self.base.lower() + "/"):
            raise ServiceFailure("Kudu named a file on another host; it was not fetched (the token is only ever "
                                 "sent to the app's own SCM host).", "Read the docker log in the portal instead.")
        try:
            headers = self._authorization()
            if tail and limit:
                headers["Range"] = f"bytes=-{limit}"
            with self.session.get(url, headers=headers, stream=True,
                                  timeout=(KUDU_CONNECT_TIMEOUT, KUDU_READ_TIMEOUT)) as response:
                if response.status_code == 404:
                    return None
                _raise_for_kudu_status(response.status_code)
                return _read_tail(response, limit) if tail and limit else read_limited(response, limit)
        except PyAppSvcError:
            raise
        except Exception as exc:  # connection refused/reset, TLS, timeout; or no token could be had
            raise _kudu_failure(exc, self.base) from exc

    def listing(self, folder: str) -> Optional[list[dict[str, Any]]]:
        """VFS listing of a wwwroot folder ("" or "a/b/"), None when missing."""
        data = self._get(VFS_ROOT + quote(folder))
        return None if data is None else _json(data)

    def file_bytes(self, path: str, limit: int) -> Optional[bytes]:
        """The first limit bytes of a wwwroot file, None when missing."""
        return self._get(VFS_ROOT + quote(path), limit)

    def latest_docker_log(self, expected_href: str = "") -> tuple[Optional[str], str]:
        """(the tail of the most recently updated docker log or None, its href).

        expected_href (the latest log of an earlier run) is read alongside the listing and kept if still latest.
        """
        from .arm import run_concurrently
        reads = [lambda: self._get(DOCKER_LOGS)]
        if expected_href.startswith(self.base + "/"):
            reads.append(lambda: self._get(expected_href, MAX_LOG_BYTES, tail=True))
        data, *early = run_concurrently(reads)
        logs = _json(data) if data else []
        if not logs:
            return None, ""
        href = str(max(logs, key=lambda entry: str(entry.get("lastUpdated") or "")).get("href") or "")
        text = early[0] if early and href == expected_href else self._get(href, MAX_LOG_BYTES, tail=True)
        return (None if text is None else text.decode("utf-8", errors="replace")), href


def _read_tail(response: Any, limit: int) -> bytes:
    """The last limit bytes: all of a 206 answer to our Range request; a server that ignored the Range is read
    through (up to MAX_LOG_STREAM bytes), keeping the end."""
    if response.status_code == 206:
        return read_limited(response, limit)
    kept, streamed = b"", 0
    for chunk in response.iter_content(chunk_size=65536):
        kept = (kept + chunk)[-limit:]
        streamed += len(chunk)
        if streamed >= MAX_LOG_STREAM:
            break
    return kept


def read_limited(response: Any, limit: Optional[int]) -> bytes:
    if limit is None:
        return response.content
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=16384):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _json(data: bytes) -> Any:
    """A Kudu answer as JSON; anything else (a proxy's or a stopped site's page) is a ServiceFailure."""
    import json
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:  # also UnicodeDecodeError
        raise ServiceFailure("Kudu (the app's SCM site) answered with something that is not JSON (a proxy's or a "
                             "stopped site's page?); check that the app is running.",
                             "Start or restart the app (az webapp start / restart), then try again.") from None


def _kudu_failure(exc: Exception, base: str) -> PyAppSvcError:
    """A transport or token failure on the way to Kudu as a domain error that names it and a next step."""
    from .arm import AUTHENTICATION_ERRORS, describe_transport_failure
    if type(exc).__name__ in AUTHENTICATION_ERRORS:
        return Unauthorized("No Entra ID token for Kudu (the app's SCM site) could be had: the credentials were "
                            "refused or have expired; sign in again with az login.", "Sign in again: az login")
    reason, recommendation = describe_transport_failure(exc, KUDU_READ_TIMEOUT)
    return ServiceFailure(f"Could not reach Kudu (the app's SCM site, {base}): {reason}.",
                          f"{recommendation} If only Kudu fails, restart the app: az webapp restart.")


def _raise_for_kudu_status(status: int) -> None:
    if status < 400:
        return
    if status == 401:
        raise Unauthorized("Kudu (the app's SCM site) refused the token (401); sign in again with az login.",
                           "Sign in again: az login")
    if status == 403:
        raise Forbidden("Kudu (the app's SCM site) refused access (403): the identity needs write access to the "
                        "app (e.g. the Website Contributor role) to read its files and logs.",
                        "Ask for the Website Contributor role on the app, or sign in with another identity.")
    if status == 429:
        raise ServiceFailure("Kudu (the app's SCM site) kept throttling the requests (429).",
                             "Wait a minute and run the command again.")
    again = ", also when tried again" if status in KUDU_RETRY_STATUSES else ""
    raise ServiceFailure(f"Kudu (the app's SCM site) answered {status}{again}.",
                         "Kudu may be restarting; try again in a minute.")


def _app_service_token(cli_ctx: Any) -> str:
    """An Entra ID token for the App Service audience (never publishing credentials)."""
    from azure.cli.core._profile import Profile
    resource = cli_ctx.cloud.endpoints.app_service_resource_id
    if not resource:
        raise ServiceFailure("The current cloud does not name an App Service resource id, so no Kudu token can be had.",
                             "Register the cloud with appServiceResourceId in its metadata.")
    credential, _, _ = Profile(cli_ctx=cli_ctx).get_login_credentials()
    return _within(TOKEN_TIMEOUT, lambda: credential.get_token(resource.rstrip("/") + "/.default").token)


def _within(seconds: float, call: Any) -> Any:
    """call() in a daemon thread, bounded: azure-cli's MSAL client has no time limit of its own."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # pylint: disable=broad-exception-caught  # handed to the caller
            outcome["error"] = error
    worker = threading.Thread(target=run, name="pyappsvc-token", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise ServiceFailure(f"No token for Kudu within {seconds:g} s: Entra ID did not answer.",
                             "Check your network connection and proxy settings, then try again.")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
