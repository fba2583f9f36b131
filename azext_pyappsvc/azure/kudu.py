"""The HTTP half of the gateway: Kudu (the SCM site) with an Entra ID bearer token, and a probe of the site.

One keep-alive session per command; every call has a time limit; failures become domain errors.
Tokens and response bodies are never logged.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Optional, TypeVar
from urllib.parse import quote

from ..errors import Forbidden, PyAppSvcError, ServiceFailure, Unauthorized
from .httpsession import new_session

T = TypeVar("T")
KUDU_CONNECT_TIMEOUT = 5
KUDU_READ_TIMEOUT = 20
VFS_ROOT = "/api/vfs/site/wwwroot/"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 2
TOKEN_TIMEOUT = 20
KUDU_RETRIES = 2             # 429/502/503/504 and refused connections: 2 retries (backoff 0 + 1 s), never a timeout
KUDU_RETRY_BACKOFF = 0.5
KUDU_RETRY_AFTER_MAX = 10    # a longer Retry-After is not waited for
KUDU_RETRY_STATUSES = (429, 502, 503, 504)
KUDU_STREAM_READ_TIMEOUT = 60  # between two chunks of a streamed file; the reader bounds the whole read


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


class KuduToken:
    """The Entra ID token for Kudu, asked for once per command; it may be asked for before the host is known (it is
    only ever sent to the SCM host a site document names), and a failure to get it is kept, not retried per request."""

    def __init__(self, cli_ctx: Any) -> None:
        self.cli_ctx = cli_ctx
        self._token: Optional[str] = None
        self._error: Optional[PyAppSvcError] = None
        self._lock = threading.Lock()

    def header(self) -> dict[str, str]:
        """The bearer header."""
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._token is None:
                try:
                    self._token = _app_service_token(self.cli_ctx)
                except PyAppSvcError as error:
                    self._error = error
                    raise
            return {"Authorization": f"Bearer {self._token}"}

    def prefetch(self) -> None:
        """Get the token now, while other requests are under way; a failure is met again by the first Kudu call."""
        try:
            self.header()
        except Exception:  # pylint: disable=broad-exception-caught  # reported by the Kudu call that needs the token
            pass


class Kudu:
    """Kudu of one app (host taken from hostNameSslStates, used as an opaque authority)."""

    def __init__(self, cli_ctx: Any, scm_host: str, token: Optional[KuduToken] = None) -> None:
        self.cli_ctx = cli_ctx
        self.base = f"https://{scm_host}"
        self.session = new_session(_kudu_retries())
        self.token = token or KuduToken(cli_ctx)

    def _authorization(self) -> dict[str, str]:
        """The bearer header (see KuduToken)."""
        return self.token.header()

    def _url(self, path: str) -> str:
        """An absolute URL on the app's SCM host; any other host is refused (the token is never sent there)."""
        url = path if path.startswith("https://") else self.base + path
        if not url.lower().startswith(self.base.lower() + "/"):
            raise ServiceFailure("Kudu named a file on another host; it was not fetched (the token is only ever "
                                 "sent to the app's own SCM host).", "Read the docker log in the portal instead.")
        return url

    def get(self, path: str, read: Callable[[Any], T], headers: Optional[dict[str, str]] = None,
            file_only: bool = False) -> Optional[T]:
        """GET a Kudu path and read(response); None on 404, or with file_only when it names a folder.

        A redirect (VFS answers 307 to the slash form of a folder) is followed only to the same SCM host.
        """
        url = self._url(path)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                sent = {**self._authorization(), **(headers or {})}
                with self.session.get(url, headers=sent, stream=True, allow_redirects=False,
                                      timeout=(KUDU_CONNECT_TIMEOUT, KUDU_READ_TIMEOUT)) as response:
                    if response.status_code in REDIRECT_STATUSES:
                        target = self._redirect_target(url, response.headers.get("Location") or "")
                        if file_only and target.endswith("/") and target.rstrip("/") == url.rstrip("/"):
                            return None  # a folder, not a file
                        url = target
                        continue
                    if response.status_code == 404:
                        return None
                    _raise_for_kudu_status(response.status_code)
                    return read(response)
        except PyAppSvcError:
            raise
        except Exception as exc:  # connection refused/reset, TLS, timeout; or no token could be had
            raise _kudu_failure(exc, self.base) from exc
        raise ServiceFailure(f"Kudu (the app's SCM site) redirected more than {MAX_REDIRECTS} times.",
                             "Kudu may be restarting; try again in a minute.")

    def _redirect_target(self, url: str, location: str) -> str:
        """Where a redirect points, if it is the same SCM host; otherwise a ServiceFailure (never followed)."""
        from urllib.parse import urljoin
        target = urljoin(url, location)
        if not target.lower().startswith(self.base.lower() + "/"):
            raise ServiceFailure("Kudu (the app's SCM site) redirected to another host; the redirect was not "
                                 "followed (the token is only ever sent to the app's own SCM host).",
                                 "A proxy may stand in the way: check HTTPS_PROXY, then try again.")
        return target

    def _get(self, path: str, limit: Optional[int] = None, file_only: bool = False) -> Optional[bytes]:
        """The body of a Kudu path (its first limit bytes), None on 404."""
        return self.get(path, lambda response: read_limited(response, limit), file_only=file_only)

    def listing(self, folder: str) -> Optional[list[dict[str, Any]]]:
        """VFS listing of a wwwroot folder ("" or "a/b/"), None when missing."""
        data = self._get(VFS_ROOT + quote(folder))
        return None if data is None else _json(data)

    def file_bytes(self, path: str, limit: int) -> Optional[bytes]:
        """The first limit bytes of a wwwroot file, None when missing or a folder."""
        return self._get(VFS_ROOT + quote(path), limit, file_only=True)

    def stream_file(self, path: str, consume: Callable[[Any], T]) -> Optional[T]:
        """Hand a wwwroot file's body, as a stream, to consume(raw); None when missing.

        No Range is sent: KuduLite's VFS answers a file GET with the whole file (reference section 4), so the
        reader given here reads it from the start and stops at its own limits.
        """
        import requests
        from urllib3.exceptions import HTTPError
        url = self.base + VFS_ROOT + quote(path)
        try:
            headers = self._authorization()
        except PyAppSvcError:
            raise
        except Exception as exc:  # no token could be had
            raise _kudu_failure(exc, self.base) from exc
        try:
            with self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                  timeout=(KUDU_CONNECT_TIMEOUT, KUDU_STREAM_READ_TIMEOUT)) as response:
                if response.status_code == 404 or 300 <= response.status_code < 400:
                    return None  # missing, or a folder (KuduLite answers 307 to the slash form)
                _raise_for_kudu_status(response.status_code)
                response.raw.decode_content = True
                return consume(response.raw)
        except (requests.RequestException, HTTPError, OSError) as exc:
            raise _kudu_failure(exc, self.base) from exc

    def json(self, path: str) -> Any:
        """A Kudu JSON document, None on 404."""
        data = self._get(path)
        return None if data is None else _json(data)


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
    from azure.cli.core.auth.util import resource_to_scopes
    # the scope as azure-cli builds it: the resource id + "/.default", a trailing "/" kept (China and US Government
    # ids end in "/", so their scope holds "//.default")
    scopes = resource_to_scopes(resource)
    credential, _, _ = Profile(cli_ctx=cli_ctx).get_login_credentials()
    return _within(TOKEN_TIMEOUT, lambda: credential.get_token(*scopes).token)


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
