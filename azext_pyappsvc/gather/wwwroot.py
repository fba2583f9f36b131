"""Kudu at an app's SCM host and wwwroot through it, and the hosts remembered per app."""
from __future__ import annotations

from typing import Any, Optional

from ..azure.arm import AppRef, run_concurrently
from ..azure.hostcache import AppHosts, app_key, cache_path
from ..azure.kudu import Kudu, KuduToken
from ..runtime.site import SiteInfo
from ..source.caching import CachingTree
from ..source.tree import KuduTree, SourceTree


def kudu_and_tree(cli_ctx: Any, scm_host: str, token: Optional[KuduToken] = None) -> tuple[Kudu, CachingTree]:
    """Kudu at a host (with a token already asked for, if given), and wwwroot through it behind a cache."""
    kudu = Kudu(cli_ctx, scm_host, token)
    return kudu, CachingTree(KuduTree(kudu.listing, kudu.file_bytes, run_concurrently))


def kudu_tree_at(cli_ctx: Any, scm_host: str) -> SourceTree:
    """wwwroot at a known SCM host, cached."""
    return kudu_and_tree(cli_ctx, scm_host)[1]


def kudu_tree(cli_ctx: Any, site: SiteInfo) -> Optional[SourceTree]:
    """wwwroot through Kudu, cached, or None when the site names no SCM host."""
    return kudu_tree_at(cli_ctx, site.scm_host_name) if site.scm_host_name else None


def cache_slot(cli_ctx: Any, app: AppRef) -> tuple[str, str]:
    """(cache file, key) of an app's remembered hosts."""
    from azure.cli.core.commands.client_factory import get_subscription_id
    key = app_key(get_subscription_id(cli_ctx), app.resource_group, app.name, app.slot)
    return cache_path(cli_ctx.config.config_dir), key


def hosts_of(site: SiteInfo) -> Optional[AppHosts]:
    """The site's default and Kudu hosts, when it names both."""
    return AppHosts(site.default_host_name, site.scm_host_name) if site.default_host_name and site.scm_host_name \
        else None
