"""Every row of a Resource Graph query over many scopes: batches, $skipToken pages, hash partitions in parallel.

- Subscriptions go in batches of SUBSCRIPTION_BATCH (ARG takes at most 1,000 per request; Microsoft's guidance is
  batches under 300); management groups one per request, so that a 403 names its group.
- The first page of each batch tells the size (totalRecords). Up to two pages: follow $skipToken. More: the query
  is split by hash(tolower(id), n) into n partitions that page concurrently (the first page is not used again);
  rows come out per page, as they arrive (on_rows), never gathered twice.
- A page that ARG truncated without a $skipToken (it could not page) is asked again in partitions small enough for
  one page each; what is still truncated is reported, never passed off as complete.
- ARG answers 403 AccessDenied without naming the subscription: a batch that gets one is split in halves until
  the unreadable subscriptions are named; the others are read. ARG leaves subscriptions the caller cannot read
  out of an answer silently, so a second query (resourcecontainers) lists the readable ones, and the rest are
  reported as unreadable.
"""
from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .graph import PAGE_SIZE, GraphClient, Page, Scope, ScopeForbidden, forbidden_everywhere

SUBSCRIPTION_BATCH = 250
MAX_PARTITIONS = 12          # queries in flight for one batch; ARG's quota is about 15 per 5 s
PARTITION_ROWS = 800         # rows aimed at per partition, so that nearly every partition fits in one page
GRAPH_PARALLEL = 12
Partition = Optional[tuple[int, int]]
RowsSink = Callable[[list[dict[str, Any]]], None]


def batch_scopes(subscriptions: list[str], management_groups: list[str]) -> list[Scope]:
    """The scopes to query: subscription batches, or one scope per management group."""
    if management_groups:
        return [Scope("managementGroups", (group,)) for group in management_groups]
    return [Scope("subscriptions", tuple(subscriptions[i:i + SUBSCRIPTION_BATCH]))
            for i in range(0, len(subscriptions), SUBSCRIPTION_BATCH)]


def plan_partitions(total: int) -> int:
    """How many hash partitions to split a query of `total` rows into (at least 2, at most MAX_PARTITIONS)."""
    return max(2, min(MAX_PARTITIONS, math.ceil(total / PARTITION_ROWS)))


def needs_partitions(page: Page) -> bool:
    """Whether the rest of a first page's query is better read in partitions than by following $skipToken."""
    if page.skip_token:
        return math.ceil(page.total / PAGE_SIZE) > 2
    return page.truncated and page.total > page.count


@dataclass
class Coverage:
    """What was read, and what was not: the completeness audit reports instead of assuming."""

    scopes: list[Scope]
    unreadable: dict[str, str] = field(default_factory=dict)          # scope id -> why
    truncated: list[dict[str, Any]] = field(default_factory=list)      # {scope, partition, count, total}
    partitions: dict[str, int] = field(default_factory=dict)           # scope -> partitions used
    readable_subscriptions: set[str] = field(default_factory=set)
    subscription_limit_hit: bool = False
    pages: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Runner:
    """A pool whose tasks may add tasks; wait() returns when all are done and raises the first failure."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pyappsvc-arg")
        self._cond = threading.Condition()
        self._pending = 0
        self._error: Optional[BaseException] = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        with self._cond:
            if self._error is not None:
                return
            self._pending += 1
        self._pool.submit(self._run, fn, args)

    def _run(self, fn: Callable[..., None], args: tuple[Any, ...]) -> None:
        try:
            fn(*args)
        except BaseException as exc:  # the first failure ends the reading; handed to wait()
            with self._cond:
                self._error = self._error or exc
        finally:
            with self._cond:
                self._pending -= 1
                self._cond.notify_all()

    def wait(self) -> None:
        with self._cond:
            while self._pending:
                self._cond.wait()
        self._pool.shutdown(wait=True)
        if self._error is not None:
            raise self._error


class GraphReader:
    """Reads every row of one query (built per partition) over some scopes."""

    def __init__(self, client: GraphClient, build_query: Callable[[Partition], str], on_rows: RowsSink,
                 readable_query: Optional[str] = None) -> None:
        self.client, self.build_query, self.on_rows = client, build_query, on_rows
        self.readable_query = readable_query
        self._runner = _Runner(GRAPH_PARALLEL)
        self.coverage = Coverage([])

    def run(self, scopes: list[Scope]) -> Coverage:
        """Query every scope; returns the coverage, raises when nothing at all could be read."""
        self.coverage.scopes = list(scopes)
        for scope in scopes:
            self._runner.submit(self._first, scope)
            if self.readable_query and scope.kind == "subscriptions":
                self._runner.submit(self._readable, scope, None)
        self._runner.wait()
        if scopes and len(self.coverage.unreadable) == sum(len(s.ids) for s in scopes):
            raise forbidden_everywhere(scopes)
        return self.coverage

    def _query(self, scope: Scope, partition: Partition, token: Optional[str]) -> Page:
        page = self.client.query(scope, self.build_query(partition), token)
        with self.coverage.lock:
            self.coverage.pages += 1
            self.coverage.subscription_limit_hit |= page.subscription_limit_hit
        return page

    def _first(self, scope: Scope) -> None:
        try:
            page = self._query(scope, None, None)
        except ScopeForbidden as denied:
            self._forbidden(scope, denied)
            return
        if needs_partitions(page):
            count = plan_partitions(page.total)
            with self.coverage.lock:
                self.coverage.partitions[str(scope)] = count
            for index in range(count):
                self._runner.submit(self._page, scope, (index, count), None)
            return
        self._take(scope, None, page)

    def _page(self, scope: Scope, partition: Partition, token: Optional[str]) -> None:
        try:
            page = self._query(scope, partition, token)
        except ScopeForbidden as denied:
            self._forbidden(scope, denied, split=False)
            return
        self._take(scope, partition, page)

    def _take(self, scope: Scope, partition: Partition, page: Page) -> None:
        """Hand a page's rows on, then ask for the next page or record a truncation."""
        if page.rows:
            self.on_rows(page.rows)
        if page.skip_token:
            self._runner.submit(self._page, scope, partition, page.skip_token)
        elif page.truncated and page.total > page.count:
            with self.coverage.lock:
                self.coverage.truncated.append({"scope": str(scope), "partition": partition,
                                                "count": page.count, "total": page.total})

    def _forbidden(self, scope: Scope, denied: ScopeForbidden, split: bool = True) -> None:
        """Split a refused batch until each refused subscription is named; record the ones refused alone."""
        if split and len(scope.ids) > 1:
            for half in scope.halves():
                self._runner.submit(self._first, half)
            return
        with self.coverage.lock:
            for scope_id in scope.ids:
                self.coverage.unreadable[scope_id] = denied.message

    def _readable(self, scope: Scope, token: Optional[str]) -> None:
        """The subscriptions of a batch the caller can read (ARG leaves the others out silently)."""
        assert self.readable_query is not None
        try:
            page = self.client.query(scope, self.readable_query, token)
        except ScopeForbidden:
            if len(scope.ids) > 1 and token is None:   # check the halves; the sites query names the refused ones
                for half in scope.halves():
                    self._runner.submit(self._readable, half, None)
            return
        with self.coverage.lock:
            self.coverage.readable_subscriptions.update(str(r.get("subscriptionId") or "").lower() for r in page.rows)
        if page.skip_token:
            self._runner.submit(self._readable, scope, page.skip_token)
