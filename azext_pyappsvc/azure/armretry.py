"""When an ARM request is sent again, and after how long: azure-core RetryPolicy's rules, with our limits (pure).

azure-core's RetryPolicy (as azure-mgmt-web's client ran it, with the limits arm.py names) decided this until
armclient.py sent the requests itself; the rules are kept: an error status (>= 400) with a Retry-After is tried again
whatever the method; without one, 408/429/500/502/503/504 are tried again for GET, HEAD, PUT, DELETE, OPTIONS and
TRACE, and for POST and PATCH only 500/503/504. A request that got no answer is sent again only when that is safe:
a connection that could not be made (GET, HEAD, PUT, DELETE, OPTIONS, TRACE), or a read whose answer did not come
(never a write). The waits: the Retry-After when one is given, else 0, then backoff * 2 ** (tries - 1), capped.
A Retry-After above retry_after_max ends the retries at once, so that the error can say how long Azure asked.
"""
from __future__ import annotations

import email.utils
import enum
import time
from typing import Mapping, NamedTuple, Optional

from .httpsession import header

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})              # azure-core RetryPolicy's _RETRY_CODES
RETRY_METHODS = frozenset({"HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"})  # its method allowlist
POST_PATCH_RETRY_STATUSES = frozenset({500, 503, 504})                  # its exception for POST and PATCH
READ_METHODS = frozenset({"HEAD", "GET", "OPTIONS", "TRACE"})           # sent again when the answer did not come
RETRY_AFTER_MS_HEADERS = ("retry-after-ms", "x-ms-retry-after-ms")


class Failure(enum.Enum):
    """How a request got no answer."""

    CONNECT = "connect"   # the connection could not be made: the request never reached Azure
    READ = "read"         # sent, but the answer did not come (timed out, dropped): Azure may have acted on it


class RetryLimits(NamedTuple):
    """How often and how long to try again."""

    total: int              # retries in all
    read: int               # of which re-sends of a request whose answer did not come
    backoff: float          # seconds; the first retry does not wait
    backoff_max: float
    retry_after_max: float  # a longer Retry-After is not waited for


def parse_retry_after(value: str, now: Optional[float] = None) -> Optional[float]:
    """Seconds from a Retry-After (seconds or an HTTP date), at least 0; None when unreadable."""
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def retry_after_seconds(headers: Mapping[str, str], now: Optional[float] = None) -> Optional[float]:
    """How long Azure asks to wait: Retry-After, else retry-after-ms or x-ms-retry-after-ms; None when not said."""
    value = header(headers, "retry-after")
    if value:
        return parse_retry_after(value, now)
    for name in RETRY_AFTER_MS_HEADERS:
        value = header(headers, name)
        if value:
            seconds = parse_retry_after(value, now)
            return None if seconds is None else seconds / 1000.0
    return None


def method_retryable(method: str, status: Optional[int] = None) -> bool:
    """Whether azure-core's method rule allows sending this request again after this status (None: no answer)."""
    method = method.upper()
    if status is not None and method in ("POST", "PATCH") and status in POST_PATCH_RETRY_STATUSES:
        return True
    return method in RETRY_METHODS


class RetryState:
    """The tries of one request: after each failed one, how long to wait before the next, or None to give up."""

    def __init__(self, limits: RetryLimits) -> None:
        self.limits = limits
        self.failures = 0
        self.reads = 0

    def backoff(self) -> float:
        """The wait after the failures so far when Azure did not ask for one."""
        if self.failures <= 1:
            return 0.0
        return min(self.limits.backoff_max, self.limits.backoff * (2 ** (self.failures - 1)))

    def after_answer(self, method: str, status: int, headers: Mapping[str, str]) -> Optional[float]:
        """Seconds to wait before sending the request again after this answer; None when the answer is final."""
        if status < 400:
            return None
        asked = header(headers, "retry-after")
        wait = retry_after_seconds(headers)
        if wait is not None and wait > self.limits.retry_after_max:
            return None
        if not asked and not (method_retryable(method, status) and status in RETRY_STATUSES):
            return None
        self.failures += 1
        if self.failures > self.limits.total:
            return None
        return wait if wait else self.backoff()

    def after_failure(self, method: str, failure: Failure) -> Optional[float]:
        """Seconds to wait before sending the request again after it got no answer; None to give up."""
        method = method.upper()
        if not method_retryable(method) or (failure is Failure.READ and method not in READ_METHODS):
            return None
        self.failures += 1
        if failure is Failure.READ:
            self.reads += 1
        if self.failures > self.limits.total or self.reads > self.limits.read:
            return None
        return self.backoff()
