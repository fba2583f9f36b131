"""Compose gateway calls into what a startup command needs, concurrently and once."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from .errors import Forbidden, PyAppSvcError
from .gateway import AppRef, AppServiceGateway, run_concurrently
from .hostcache import AppHosts, AppMemory, app_key, cache_path, recall, remember
from .kudu import Kudu
from .sources import CachingTree, open_local_tree
from .tree import KuduTree, SourceTree
from .webapp import SiteInfo, read_site


@dataclass
class StartupInputs:
    """The app (when given), its current startup command and settings, and the files to reason about."""

    site: Optional[SiteInfo] = None
    app_command_line: str = ""
    settings: Mapping[str, str] = field(default_factory=dict)
    tree: Optional[SourceTree] = None
    notes: list[str] = field(default_factory=list)
    gateway: Optional[AppServiceGateway] = None


def kudu_and_tree(cli_ctx: Any, scm_host: str) -> tuple[Kudu, CachingTree]:
    """Kudu at a host, and wwwroot through it behind a cache (batches fetched concurrently)."""
    kudu = Kudu(cli_ctx, scm_host)
    return kudu, CachingTree(KuduTree(kudu.listing, kudu.file_bytes, run_concurrently))


def _kudu_tree_at(cli_ctx: Any, scm_host: str) -> SourceTree:
    return kudu_and_tree(cli_ctx, scm_host)[1]


def kudu_tree(cli_ctx: Any, site: SiteInfo) -> Optional[SourceTree]:
    """wwwroot through Kudu, cached, or None when the site names no SCM host."""
    return _kudu_tree_at(cli_ctx, site.scm_host_name) if site.scm_host_name else None


def _settings_or_note(gateway: AppServiceGateway, app: AppRef) -> tuple[Mapping[str, str], Optional[str]]:
    try:
        return gateway.list_app_settings(app), None
    except Forbidden:
        return {}, ("App settings could not be read (no permission); the prediction assumes none of "
                    "PYTHON_ENABLE_GUNICORN_MULTIWORKERS or DISABLE_FASTAPI_DETECTION is set.")


def cache_slot(cli_ctx: Any, app: AppRef) -> tuple[str, str]:
    """(cache file, key) of an app's remembered hosts."""
    from azure.cli.core.commands.client_factory import get_subscription_id
    return cache_path(cli_ctx.config.config_dir), app_key(get_subscription_id(cli_ctx), app.resource_group,
                                                         app.name, app.slot)


def hosts_of(site: SiteInfo) -> Optional[AppHosts]:
    """The site's default and Kudu hosts, when it names both."""
    return AppHosts(site.default_host_name, site.scm_host_name) if site.default_host_name and site.scm_host_name \
        else None


def _prefetch_quietly(tree: SourceTree, paths: Sequence[str]) -> None:
    """Read ahead; a failure here is met again, and reported, by the read that needs the files."""
    try:
        tree.read_texts(list(paths))
    except PyAppSvcError:
        return


def gather_startup_inputs(cli_ctx: Any, app: Optional[AppRef], src: Optional[str], with_settings: bool = True,
                          prefetch: Sequence[str] = ()) -> StartupInputs:
    """Site, config/web and app settings in one concurrent round; then --src or wwwroot (Kudu).

    When the app's Kudu host is remembered, the prefetch paths are read in that same round.
    """
    local = open_local_tree(src) if src else None
    if app is None:
        return StartupInputs(tree=local)
    gateway = AppServiceGateway(cli_ctx)
    cache, key = cache_slot(cli_ctx, app)
    memory = recall(cache, key)
    guess = memory.hosts if memory and prefetch and not local else None
    early = _kudu_tree_at(cli_ctx, guess.scm) if guess else None
    calls = [lambda: gateway.get_site(app), lambda: gateway.get_site_config(app),
             lambda: _settings_or_note(gateway, app) if with_settings else ({}, None)]
    if early:
        calls.append(lambda: _prefetch_quietly(early, prefetch))
    site_doc, config_doc, (settings, note), *_ = run_concurrently(calls)
    site = read_site(site_doc)
    hosts = hosts_of(site)
    if hosts and not (memory and memory.hosts == hosts):
        remember(cache, key, AppMemory(hosts))
    tree = local or (early if early and guess == hosts else kudu_tree(cli_ctx, site))
    command_line = str((config_doc.get("properties") or {}).get("appCommandLine") or "")
    return StartupInputs(site, command_line, settings, tree, [note] if note else [], gateway)


def read_or_note(inputs: StartupInputs, read: Any) -> Any:
    """Run a read of the tree; when Kudu fails, note why and carry on without the files."""
    try:
        return read()
    except PyAppSvcError as error:
        next_step = f" {error.recommendation}" if error.recommendation else ""
        inputs.notes.append(f"The app's files could not be read: {error.message}{next_step}")
        inputs.tree = None
        return None
