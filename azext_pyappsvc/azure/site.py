"""The app's own URL: one bounded GET, as a visitor would make it."""
from __future__ import annotations

import time
from typing import Any

from .httpsession import new_session
from .kudu import KUDU_CONNECT_TIMEOUT, read_limited

PROBE_BODY_LIMIT = 64 * 1024


def probe_site(host: str, timeout: float, path: str = "/", follow_redirects: bool = True) -> dict[str, Any]:
    """One GET of a path of the site within timeout seconds, as the fields of doctor's Probe; never raises."""
    import requests
    url = f"https://{host}/{path.lstrip('/')}"
    started = time.monotonic()
    try:
        with new_session() as session:
            response = session.get(url, timeout=(min(timeout, KUDU_CONNECT_TIMEOUT), timeout), stream=True,
                                   allow_redirects=follow_redirects)
            body = read_limited(response, PROBE_BODY_LIMIT).decode("utf-8", errors="replace")
            headers = {k: v for k, v in response.headers.items()
                       if k.lower() in ("content-type", "content-disposition")}
            return _answer(url, started, status=response.status_code, body=body, headers=headers)
    except requests.Timeout:
        return _answer(url, started, timed_out=True, error=f"no answer within {timeout:g} s")
    except Exception as exc:  # pylint: disable=broad-exception-caught  # refused, reset, TLS
        return _answer(url, started, error=f"{type(exc).__name__}")


def _answer(url: str, started: float, status: int | None = None, body: str = "", **extra: Any) -> dict[str, Any]:
    return {"url": url, "status": status, "body": body, "elapsed_seconds": time.monotonic() - started, **extra}
