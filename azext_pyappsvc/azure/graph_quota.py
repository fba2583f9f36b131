"""Resource Graph's per-user quota: read its headers, hold requests back when it is spent, wait out a 429.

ARG answers every query with x-ms-user-quota-remaining (queries left in the window) and
x-ms-user-quota-resets-after (hh:mm:ss until the window resets); about 15 queries per 5 s per user
(learn.microsoft.com, "Guidance for throttled requests in Azure Resource Graph"). A 429 carries
{"error": {"code": "RateLimiting"}} and no Retry-After, and azure-core would not retry a POST anyway, so the
waiting is done here: until the window resets, plus jitter, a bounded number of times.
"""
from __future__ import annotations

import random
import re
import threading
import time
from typing import Callable, Mapping, Optional

from .httpsession import header

QUOTA_REMAINING = "x-ms-user-quota-remaining"
QUOTA_RESETS_AFTER = "x-ms-user-quota-resets-after"
SUBSCRIPTION_LIMIT_HIT = "x-ms-tenant-subscription-limit-hit"
DEFAULT_WINDOW_SECONDS = 5.0     # when a 429 does not say when the quota resets
MAX_WAIT_SECONDS = 10.0          # one wait never exceeds this (a window is 5 s)
MAX_TOTAL_WAIT_SECONDS = 60.0    # all waits of one command together; then throttling is an error
JITTER_SECONDS = 0.5             # spread the retries of concurrent partitions over half a second

_HMS = re.compile(r"(?:(?P<d>\d+)\.)?(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)")


def parse_resets_after(value: Optional[str]) -> Optional[float]:
    """Seconds from "hh:mm:ss" (or "d.hh:mm:ss", fractions allowed); None when absent or unreadable."""
    match = _HMS.fullmatch((value or "").strip())
    if not match:
        return None
    days = int(match["d"] or 0)
    return days * 86400 + int(match["h"]) * 3600 + int(match["m"]) * 60 + float(match["s"])


def parse_remaining(value: Optional[str]) -> Optional[int]:
    """The queries left in the window; None when absent or not a number."""
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


class QuotaExhausted(Exception):
    """Throttled for longer than MAX_TOTAL_WAIT_SECONDS in all."""


class QuotaGate:  # pylint: disable=too-many-instance-attributes  # the shared quota window's state
    """Shared by the concurrent requests of one command: spends the quota ARG reported, waits when it is gone.

    Within a window the queries left are at least the lowest count ARG reported minus the queries still in flight
    (an answer's count includes every query ARG took before it), so that bound is what the gate spends; it
    becomes exact as the answers come in. Windows are numbered (epochs): an answer is counted in the window its
    query was sent in, and a late answer from an earlier window changes nothing.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[], float] = random.random) -> None:
        self._clock, self._sleep, self._jitter = clock, sleep, jitter
        self._lock = threading.Lock()
        self._epoch = 0
        self._lowest: Optional[int] = None       # the lowest count reported in this window; None: not known yet
        self._in_flight = 0                      # queries of this window not answered yet
        self._limit: Optional[int] = None        # the most a window was seen to allow: what a reset brings back
        self._resets_at = 0.0
        self._budget_ends: Optional[float] = None
        self._waiting_until = 0.0
        self.waited = 0.0               # wall seconds spent waiting for the quota
        self.throttled = 0              # 429 answers

    def before_send(self) -> int:
        """Take one query from the quota (waiting until the window resets when none is left); its window's number."""
        while True:
            with self._lock:
                now = self._clock()
                if self._lowest is not None and now >= self._resets_at:   # a new window: as much as the last allowed
                    self._epoch, self._lowest, self._in_flight = self._epoch + 1, self._limit, 0
                    self._resets_at = now + DEFAULT_WINDOW_SECONDS
                if self._lowest is None or self._lowest - self._in_flight > 0:
                    self._in_flight += 1
                    return self._epoch
                wait = self._resets_at - now + self._jitter() * JITTER_SECONDS
            self._wait(wait)

    def after_answer(self, headers: Mapping[str, str], epoch: Optional[int] = None) -> None:
        """An answer (or a failure) of a query sent in window `epoch` (default: this one): learn the quota."""
        remaining = parse_remaining(header(headers, QUOTA_REMAINING))
        resets = parse_resets_after(header(headers, QUOTA_RESETS_AFTER))
        with self._lock:
            if epoch is not None and epoch != self._epoch:
                return
            self._in_flight = max(0, self._in_flight - 1)
            if remaining is None or resets is None:
                return
            now = self._clock()
            self._limit = max(self._limit or 0, remaining + 1)
            if self._lowest is None:
                self._lowest, self._resets_at = remaining, now + resets
                return
            # hh:mm:ss is whole seconds, and a window starts when ARG sees its first query, a latency after the gate
            # opened it: the end moves to the latest ARG names.
            self._lowest = min(self._lowest, remaining)
            self._resets_at = max(self._resets_at, now + resets)

    def on_throttled(self, headers: Mapping[str, str], epoch: Optional[int] = None) -> None:
        """A 429: nothing is left until the reset it names (or a whole window); the retry waits in before_send."""
        resets = parse_resets_after(header(headers, QUOTA_RESETS_AFTER))
        wait = min(resets if resets is not None else DEFAULT_WINDOW_SECONDS, MAX_WAIT_SECONDS)
        with self._lock:
            self.throttled += 1
            if epoch is None or epoch == self._epoch:
                self._in_flight = max(0, self._in_flight - 1)
            self._lowest, self._resets_at = 0, max(self._resets_at, self._clock() + wait)

    def _wait(self, seconds: float) -> None:
        """Sleep, within the command's budget of throttled wall time; waited counts wall time, not per thread."""
        seconds = max(0.0, min(seconds, MAX_WAIT_SECONDS + JITTER_SECONDS))
        with self._lock:
            now = self._clock()
            if self._budget_ends is None:
                self._budget_ends = now + MAX_TOTAL_WAIT_SECONDS
            if now + seconds > self._budget_ends:
                raise QuotaExhausted(f"throttled for more than {MAX_TOTAL_WAIT_SECONDS:g} s in all")
            self.waited += max(0.0, now + seconds - max(now, self._waiting_until))
            self._waiting_until = max(self._waiting_until, now + seconds)
        self._sleep(seconds)
