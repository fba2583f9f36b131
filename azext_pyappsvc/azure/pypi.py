"""A package index's JSON API (PyPI's, or a private feed's): bounded in time and in parallel requests, each URL
asked once per command, credentials sent only as a Basic header and never logged or printed."""
from __future__ import annotations

import json
import threading
from concurrent.futures import Future
from typing import Any, Optional
from urllib.parse import quote

from ..errors import Forbidden, PyAppSvcError, ServiceFailure, Unauthorized

INDEX_CONNECT_TIMEOUT = 5
INDEX_READ_TIMEOUT = 15
INDEX_PARALLEL = 8           # requests in flight at once
INDEX_RETRIES = 2            # 429/502/503/504 and refused connections, as for Kudu
MAX_JSON_BYTES = 32 * 1024 * 1024  # a project with thousands of files answers a few MB


class PackageIndex:
    """GET <base>/pypi/<name>[/<version>]/json, memoized per URL (concurrent askers share one request)."""

    def __init__(self, base: str, username: Optional[str] = None, password: Optional[str] = None) -> None:
        from .httpsession import new_session
        from .kudu import _kudu_retries
        self.base = base.rstrip("/")
        self.session = new_session(_kudu_retries())
        # Sent as a Basic header (requests then leaves .netrc alone); the URL asked never holds them.
        self.auth = (username or "", password or "") if username or password else None
        self._answers: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(INDEX_PARALLEL)
        self.requested: list[str] = []  # paths asked, for the result's count

    def project(self, name: str) -> Optional[dict[str, Any]]:
        """The project's JSON (the latest release and every release's files), None when the index lacks it."""
        return self._get(f"/pypi/{quote(name)}/json")

    def release(self, name: str, version: str) -> Optional[dict[str, Any]]:
        """One version's JSON, None when the index lacks it."""
        return self._get(f"/pypi/{quote(name)}/{quote(version)}/json")

    def _get(self, path: str) -> Optional[dict[str, Any]]:
        with self._lock:
            future = self._answers.get(path)
            owner = future is None
            if owner:
                future = self._answers[path] = Future()
                self.requested.append(path)
        if owner:
            try:
                future.set_result(self._fetch(path))
            except BaseException as error:  # pylint: disable=broad-exception-caught
                future.set_exception(error)  # handed to every asker of this path
        return future.result()

    def _fetch(self, path: str) -> Optional[dict[str, Any]]:
        from .kudu import read_limited
        url = self.base + path
        try:
            with self._slots, self.session.get(url, auth=self.auth, stream=True, headers={"Accept": "application/json"},
                                               timeout=(INDEX_CONNECT_TIMEOUT, INDEX_READ_TIMEOUT)) as response:
                if response.status_code == 404:
                    return None
                _raise_for_status(response.status_code, self.base)
                data = read_limited(response, MAX_JSON_BYTES)
        except PyAppSvcError:
            raise
        except Exception as exc:  # refused, reset, TLS, timeout: never quote the exception (it may hold a URL)
            from .arm import describe_transport_failure
            reason, recommendation = describe_transport_failure(exc, INDEX_READ_TIMEOUT)
            raise ServiceFailure(f"Could not reach the package index at {self.base}: {reason}.",
                                 f"{recommendation} Or give another index with --index-url or PIP_INDEX_URL.") from None
        try:
            document = json.loads(data.decode("utf-8"))
        except ValueError:
            raise ServiceFailure(f"The package index at {self.base} answered {path} with something that is not JSON; "
                                 "it may not serve the JSON API (GET <index>/pypi/<name>/json).",
                                 "Give the index's JSON API base with --index-url, e.g. https://pypi.org") from None
        return document if isinstance(document, dict) else None


def _raise_for_status(status: int, base: str) -> None:
    if status < 400:
        return
    if status == 401:
        raise Unauthorized(f"The package index at {base} asks for credentials (401), or refused the ones given.",
                           "Put the feed's user name and token in PIP_INDEX_URL or pip.conf's index-url "
                           "(https://USER:TOKEN@host/...).")
    if status == 403:
        raise Forbidden(f"The package index at {base} refused access (403).",
                        "Check that the feed's token may read packages.")
    raise ServiceFailure(f"The package index at {base} answered {status}" +
                         (", also when tried again." if status in (429, 502, 503, 504) else "."),
                         "Try again in a minute, or give another index with --index-url or PIP_INDEX_URL.")
