"""The HTTP half of the gateway: Kudu (the SCM site) with an Entra ID bearer token, and a probe of the site.

One keep-alive session per command; every call has a time limit; failures become domain errors.
Tokens and response bodies are never logged.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional
from urllib.parse import quote

from .errors import Forbidden, PyAppSvcError, ServiceFailure, Unauthorized

KUDU_CONNECT_TIMEOUT = 5
KUDU_READ_TIMEOUT = 20
VFS_ROOT = "/api/vfs/site/wwwroot/"
DOCKER_LOGS = "/api/logs/docker"
MAX_LOG_BYTES = 256 * 1024
PROBE_BODY_LIMIT = 64 * 1024
POOL_SIZE = 8


def _session() -> Any:
    import requests
    from requests.adapters import HTTPAdapter
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("https://", adapter)
    return session


class Kudu:
    """Kudu of one app (host taken from hostNameSslStates, used as an opaque authority)."""

    def __init__(self, cli_ctx: Any, scm_host: str) -> None:
        self.cli_ctx = cli_ctx
        self.base = f"https://{scm_host}"
        self.session = _session()
        self._token: Optional[str] = None
        self._lock = threading.Lock()

    def _authorization(self) -> dict[str, str]:
        with self._lock:
            if self._token is None:
                self._token = _app_service_token(self.cli_ctx)
            return {"Authorization": f"Bearer {self._token}"}

    def _get(self, path: str, limit: Optional[int] = None) -> Optional[bytes]:
        """GET a Kudu path: the body (up to limit bytes), None on 404; other failures raise domain errors."""
        url = path if path.startswith("https://") else self.base + path
        try:
            with self.session.get(url, headers=self._authorization(), stream=True,
                                  timeout=(KUDU_CONNECT_TIMEOUT, KUDU_READ_TIMEOUT)) as response:
                if response.status_code == 404:
                    return None
                _raise_for_kudu_status(response.status_code)
                return _read_limited(response, limit)
        except PyAppSvcError:
            raise
        except Exception as exc:  # connection refused/reset, TLS, timeout
            raise ServiceFailure(f"Could not reach Kudu (the app's SCM site): {type(exc).__name__}.",
                                 "Check that the SCM site is up (az webapp restart), then try again.") from exc

    def listing(self, folder: str) -> Optional[list[dict[str, Any]]]:
        """VFS listing of a wwwroot folder ("" or "a/b/"), None when missing."""
        import json
        data = self._get(VFS_ROOT + quote(folder))
        return None if data is None else json.loads(data.decode("utf-8"))

    def file_bytes(self, path: str, limit: int) -> Optional[bytes]:
        """The first limit bytes of a wwwroot file, None when missing."""
        return self._get(VFS_ROOT + quote(path), limit)

    def latest_docker_log(self) -> Optional[str]:
        """The tail of the most recently updated docker log, or None when there is none."""
        import json
        data = self._get(DOCKER_LOGS)
        logs = json.loads(data.decode("utf-8")) if data else []
        if not logs:
            return None
        latest = max(logs, key=lambda entry: str(entry.get("lastUpdated") or ""))
        text = self._get(str(latest.get("href") or ""), MAX_LOG_BYTES * 4)
        return None if text is None else text[-MAX_LOG_BYTES:].decode("utf-8", errors="replace")


def _read_limited(response: Any, limit: Optional[int]) -> bytes:
    if limit is None:
        return response.content
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=16384):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _raise_for_kudu_status(status: int) -> None:
    if status < 400:
        return
    if status == 401:
        raise Unauthorized("Kudu (the app's SCM site) refused the token (401).", "Sign in again: az login")
    if status == 403:
        raise Forbidden("Kudu (the app's SCM site) refused access (403): the identity needs write access to the "
                        "app to read its files and logs.",
                        "Ask for the Website Contributor role on the app, or sign in with another identity.")
    raise ServiceFailure(f"Kudu (the app's SCM site) answered {status}.",
                         "Kudu may be restarting; try again in a minute.")


def _app_service_token(cli_ctx: Any) -> str:
    """An Entra ID token for the App Service audience (never publishing credentials)."""
    from azure.cli.core._profile import Profile
    resource = cli_ctx.cloud.endpoints.app_service_resource_id
    if not resource:
        raise ServiceFailure("The current cloud does not name an App Service resource id, so no Kudu token can be had.",
                             "Register the cloud with appServiceResourceId in its metadata.")
    credential, _, _ = Profile(cli_ctx=cli_ctx).get_login_credentials()
    return credential.get_token(resource.rstrip("/") + "/.default").token


@dataclass(frozen=True)
class ProbeAnswer:
    """What GET https://<defaultHostName>/ gave."""

    url: str
    status: Optional[int]
    body: str
    elapsed_seconds: float
    timed_out: bool = False
    error: Optional[str] = None
    headers: Mapping[str, str] = field(default_factory=dict)


def probe_site(host: str, timeout: float) -> ProbeAnswer:
    """One GET of the site's root within timeout seconds; never raises."""
    import requests
    url = f"https://{host}/"
    started = time.monotonic()
    try:
        with _session() as session:
            response = session.get(url, timeout=(min(timeout, KUDU_CONNECT_TIMEOUT), timeout), stream=True)
            body = _read_limited(response, PROBE_BODY_LIMIT).decode("utf-8", errors="replace")
            headers = {k: v for k, v in response.headers.items() if k.lower() in ("content-type", "content-disposition")}
            return ProbeAnswer(url, response.status_code, body, time.monotonic() - started, headers=headers)
    except requests.Timeout:
        return ProbeAnswer(url, None, "", time.monotonic() - started, timed_out=True,
                           error=f"no answer within {timeout:g} s")
    except Exception as exc:  # connection refused, reset, TLS
        return ProbeAnswer(url, None, "", time.monotonic() - started, error=f"{type(exc).__name__}")
