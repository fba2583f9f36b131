"""Every row of a Resource Graph query over many scopes: batches, $skipToken pages, hash partitions in parallel.

- Subscriptions go in batches of SUBSCRIPTION_BATCH (ARG takes at most 1,000 per request; Microsoft's guidance is
  batches under 300); management groups one per request, so that a 403 names its group.
- The first round asks each scope in FIRST_PARTITIONS hash partitions at once, so that up to about 2,000 rows take
  one round - or, when the caller knows how many rows the scope had last time (graphcache.py), in as many
  partitions as that needs, up to MAX_PARTITIONS, so that a large fleet takes one round too. A partition's first page tells its size (totalRecords): up to two pages, follow $skipToken; more,
  split it again into partitions that page concurrently (its first page is not used again), at most
  MAX_PARTITIONS per scope so that one round stays within ARG's quota (about 15 queries per 5 s). Rows go out per
  page, as they arrive (on_rows), never gathered twice.
- A page that ARG truncated without a $skipToken (it could not page) is asked again in smaller partitions; what
  is still truncated is reported, never passed off as complete.
- ARG answers 403 AccessDenied without naming the subscription: a batch that gets one is split in halves until
  the refused subscriptions are named; the others are read. ARG also leaves out subscriptions the caller cannot
  read, silently: the subscriptions that gave no row are looked up afterwards in resourcecontainers (one more
  query, only when there are such), and those it does not list are reported as unreadable.
"""
from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ..errors import ServiceFailure
from .graph import PAGE_SIZE, GraphClient, Page, Scope, ScopeForbidden, forbidden_everywhere

SUBSCRIPTION_BATCH = 250
FIRST_PARTITIONS = 2
MAX_PARTITIONS = 12          # partitions in flight for one scope after the first round
PARTITION_ROWS = 800         # rows aimed at per partition, so that nearly every partition fits in one page
GRAPH_PARALLEL = 12
Partition = tuple[int, int]   # (k, n): the rows whose hash(tolower(id), n) is k
RowsSink = Callable[[list[dict[str, Any]]], None]


def batch_scopes(subscriptions: list[str], management_groups: list[str]) -> list[Scope]:
    """The scopes to query: subscription batches, or one scope per management group."""
    if management_groups:
        return [Scope("managementGroups", (group,)) for group in management_groups]
    return [Scope("subscriptions", tuple(subscriptions[i:i + SUBSCRIPTION_BATCH]))
            for i in range(0, len(subscriptions), SUBSCRIPTION_BATCH)]


def plan_partitions(total: int, cap: int = MAX_PARTITIONS) -> int:
    """How many hash partitions to split a query of `total` rows into (at least 2, at most cap)."""
    return max(2, min(cap, math.ceil(total / PARTITION_ROWS)))


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
    partitions: dict[str, int] = field(default_factory=dict)           # scope -> partitions read
    seen_subscriptions: set[str] = field(default_factory=set)          # that gave at least one row
    rows: dict[Scope, int] = field(default_factory=dict)               # rows read per scope
    silent_subscriptions: set[str] = field(default_factory=set)        # named, but gave no row
    checked_subscriptions: Optional[set[str]] = None                   # readable, of the silent ones
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
        """Run fn(*args) in the pool, unless a task already failed."""
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
        """Until every task (and the tasks they added) is done; then the first failure, if any."""
        with self._cond:
            while self._pending:
                self._cond.wait()
        if self._error is not None:
            self._pool.shutdown(wait=True)
            raise self._error

    def close(self) -> None:
        """Stop the pool's threads."""
        self._pool.shutdown(wait=True)


class GraphReader:
    """Reads every row of one query (built per partition) over some scopes."""

    def __init__(self, client: GraphClient, build_query: Callable[[Partition], str], on_rows: RowsSink,
                 readable_query: Optional[str] = None, expected_rows: Callable[[Scope], Optional[int]] = lambda s: None
                 ) -> None:
        self.client, self.build_query, self.on_rows = client, build_query, on_rows
        self.readable_query, self.expected_rows = readable_query, expected_rows
        self._first: dict[Scope, int] = {}   # the first round's partitions, per scope
        self._runner = _Runner(GRAPH_PARALLEL)
        self.coverage = Coverage([])
        self._refused_first: dict[Scope, set[int]] = {}   # first-round partitions refused (403), per scope
        self._refused_later: list[str] = []                # 403s after a scope had answered

    def run(self, scopes: list[Scope]) -> Coverage:
        """Query every scope; returns the coverage, raises when no scope at all could be read."""
        self.coverage.scopes = list(scopes)
        try:
            for scope in scopes:
                self._start(scope)
            self._runner.wait()
            self._refuse_partial_answers()
            self._look_up_silent(scopes)
            self._runner.wait()
        finally:
            self._runner.close()
        if scopes and len(self.coverage.unreadable) == sum(len(s.ids) for s in scopes):
            raise forbidden_everywhere(scopes)
        return self.coverage

    def _start(self, scope: Scope) -> None:
        """The first round for a scope: as many partitions as its remembered size needs, else FIRST_PARTITIONS."""
        expected = self.expected_rows(scope)
        count = plan_partitions(expected) if expected else FIRST_PARTITIONS
        with self.coverage.lock:
            self._first[scope] = count
            self.coverage.partitions[str(scope)] = count
            self.coverage.rows.setdefault(scope, 0)
        for index in range(count):
            self._runner.submit(self._page, scope, (index, count), None, MAX_PARTITIONS // count)

    def _page(self, scope: Scope, partition: Partition, token: Optional[str], split_cap: int) -> None:
        """One page of a partition: split it when it is large, else take its rows and follow its token."""
        try:
            page = self.client.query(scope, self.build_query(partition), token)
        except ScopeForbidden as denied:
            first = token is None and partition[1] == self._first.get(scope)
            with self.coverage.lock:
                if first:
                    self._refused_first.setdefault(scope, set()).add(partition[0])
                else:
                    self._refused_later.append(denied.message)
            if (first and partition[0] == 0) or len(scope.ids) == 1:   # one partition speaks for the scope
                self._forbidden(scope, denied)
            return
        with self.coverage.lock:
            self.coverage.pages += 1
            self.coverage.subscription_limit_hit |= page.subscription_limit_hit
        if token is None and split_cap >= 2 and needs_partitions(page):
            count = plan_partitions(page.total, split_cap)
            with self.coverage.lock:
                self.coverage.partitions[str(scope)] += count - 1
            index, modulus = partition
            for part in range(count):   # partition k of n is the partitions k + n*j of n*count
                self._runner.submit(self._page, scope, (index + modulus * part, modulus * count), None, 0)
            return
        self._take(scope, partition, page)

    def _take(self, scope: Scope, partition: Partition, page: Page) -> None:
        """Hand a page's rows on, then ask for the next page or record a truncation."""
        if page.rows:
            self.on_rows(page.rows)
            with self.coverage.lock:
                self.coverage.rows[scope] = self.coverage.rows.get(scope, 0) + len(page.rows)
                self.coverage.seen_subscriptions.update(str(r.get("subscriptionId") or "").lower() for r in page.rows)
        if page.skip_token:
            self._runner.submit(self._page, scope, partition, page.skip_token, 0)
        elif page.truncated and page.total > page.count:
            with self.coverage.lock:
                self.coverage.truncated.append({"scope": str(scope), "partition": partition,
                                                "count": page.count, "total": page.total})

    def _refuse_partial_answers(self) -> None:
        """A scope refused after it answered in part cannot be told apart from a partial answer: fail, clearly."""
        halves = [s for s, parts in self._refused_first.items() if len(s.ids) > 1 and 0 not in parts]
        if self._refused_later or halves:
            why = self._refused_later[0] if self._refused_later else f"a part of the query for {halves[0]}"
            raise ServiceFailure(f"Azure Resource Graph refused part of the query after answering the rest ({why}); "
                                 "the inventory would be incomplete.",
                                 "Run the command again; if it persists, check the identity's access to each scope.")

    def _forbidden(self, scope: Scope, denied: ScopeForbidden) -> None:
        """Split a refused batch until each refused subscription is named; record the ones refused alone."""
        if len(scope.ids) > 1:
            for half in scope.halves():
                self._start(half)
            return
        with self.coverage.lock:
            for scope_id in scope.ids:
                self.coverage.unreadable[scope_id] = denied.message

    def _look_up_silent(self, scopes: list[Scope]) -> None:
        """Subscriptions that gave no row: readable but empty, or left out because unreadable? Ask resourcecontainers."""
        if not self.readable_query:
            return
        silent = [s for scope in scopes if scope.kind == "subscriptions" for s in scope.ids
                  if s.lower() not in self.coverage.seen_subscriptions and s not in self.coverage.unreadable]
        self.coverage.checked_subscriptions = set()
        self.coverage.silent_subscriptions = set(s.lower() for s in silent)
        for scope in batch_scopes(silent, []):
            self._runner.submit(self._readable, scope, None)

    def _readable(self, scope: Scope, token: Optional[str]) -> None:
        """Which of these subscriptions the caller can read (resourcecontainers lists only those)."""
        assert self.readable_query is not None
        try:
            page = self.client.query(scope, self.readable_query, token)
        except ScopeForbidden:
            if len(scope.ids) > 1 and token is None:
                for half in scope.halves():
                    self._runner.submit(self._readable, half, None)
            return
        with self.coverage.lock:
            assert self.coverage.checked_subscriptions is not None
            self.coverage.checked_subscriptions.update(str(r.get("subscriptionId") or "").lower() for r in page.rows)
        if page.skip_token:
            self._runner.submit(self._readable, scope, page.skip_token)
