"""audit's I/O: every site row from Resource Graph, page by page, and the live stacks alongside the first page."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Optional

from ..audit.filters import AuditArgs
from ..audit.query import sites_query, subscriptions_query
from ..audit.records import AppFacts, read_row
from ..audit.summary import Tally
from ..azure.arm import run_concurrently
from ..azure.graph import GraphClient, Scope, visible_subscriptions
from ..azure.graph_paging import Coverage, GraphReader, batch_scopes
from ..azure.graphcache import cache_path, recall_counts, remember_counts, scope_key
from ..azure.rest import read_python_stacks
from ..errors import InvalidInput


@dataclass
class AuditInputs:
    """What audit decides on: the Python apps' facts, the tally of the rest, the stacks, and the coverage."""

    apps: list[AppFacts]
    tally: Tally
    stacks: list[dict[str, Any]]
    coverage: dict[str, Any]


class _Collector:
    """Takes pages from the reader's threads: each row read once, kept only when audit lists it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.apps: list[AppFacts] = []
        self.tally = Tally()

    def add(self, rows: list[dict[str, Any]]) -> None:
        facts = [read_row(row) for row in rows]
        with self.lock:
            self.apps.extend(app for app in facts if self.tally.note(app))


def gather_audit(cli_ctx: Any, args: AuditArgs) -> AuditInputs:
    """Query every scope (az's --subscription, else every subscription the user sees) while the stacks are read."""
    subscriptions = list(args.subscriptions) if args.subscriptions or args.management_groups else (
        _global_subscription(cli_ctx) or visible_subscriptions(cli_ctx))
    if not subscriptions and not args.management_groups:
        raise InvalidInput("No subscription to audit: the signed-in identity sees none.",
                           "Sign in with az login, or name them: az pyappsvc audit --subscriptions ID ...")
    scopes = batch_scopes(subscriptions, list(args.management_groups))
    collector = _Collector()
    client = GraphClient(cli_ctx)
    counts_file, variant = cache_path(cli_ctx.config.config_dir), "sites+slots" if args.include_slots else "sites"
    remembered = recall_counts(counts_file)

    def expected_rows(scope: Scope) -> Optional[int]:
        return remembered.get(scope_key(scope.kind, scope.ids, variant))
    reader = GraphReader(client, lambda partition: sites_query(args.include_slots, partition), collector.add,
                         subscriptions_query(), expected_rows)
    stacks, coverage = run_concurrently([lambda: read_python_stacks(cli_ctx), lambda: reader.run(scopes)])
    remember_counts(counts_file, {scope_key(scope.kind, scope.ids, variant): rows
                                  for scope, rows in coverage.rows.items() if rows})
    return AuditInputs(collector.apps, collector.tally, stacks,
                       describe_coverage(coverage, subscriptions, list(args.management_groups), client))


def _global_subscription(cli_ctx: Any) -> list[str]:
    """az's own --subscription (azure-cli resolves a name to its id), taken as a scope of one when given."""
    chosen = (getattr(cli_ctx, "data", None) or {}).get("subscription_id")
    return [str(chosen).lower()] if chosen else []


def describe_coverage(coverage: Coverage, subscriptions: list[str], groups: list[str],
                      client: GraphClient) -> dict[str, Any]:
    """Which scopes were queried and what could not be read, as plain data."""
    unreadable = dict(coverage.unreadable)
    checked = coverage.checked_subscriptions
    for sub in sorted(coverage.silent_subscriptions - (checked or set())) if checked is not None else []:
        unreadable.setdefault(sub, "the signed-in identity cannot read it (Resource Graph left it out of the answer)")
    batches = len(coverage.scopes)
    if groups:
        description = f"management group{'s' if len(groups) > 1 else ''} {', '.join(groups)}"
    else:
        description = f"{len(subscriptions):,} subscription{'s' if len(subscriptions) != 1 else ''}" + (
            f" ({batches} batches)" if batches > 1 else "")
    return {"scope": {"kind": "managementGroups" if groups else "subscriptions", "description": description,
                      "requested": len(groups or subscriptions), "batches": batches,
                      "subscriptionsWithApps": len(coverage.seen_subscriptions)},
            "unreadable": [{"scope": f"subscription {k}" if not groups else f"management group {k}", "reason": v}
                           for k, v in sorted(unreadable.items())],
            "truncated": list(coverage.truncated), "partitions": dict(coverage.partitions),
            "subscriptionLimitHit": coverage.subscription_limit_hit, "requests": client.stats.requests,
            "rounds": client.stats.rounds,
            "pages": coverage.pages, "throttled": client.gate.throttled,
            "throttledWaitSeconds": round(client.gate.waited, 2)}
