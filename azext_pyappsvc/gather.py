"""Compose gateway calls into what a startup command needs, concurrently and once."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .errors import Forbidden, PyAppSvcError
from .gateway import AppRef, AppServiceGateway, run_concurrently
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


def kudu_tree(cli_ctx: Any, site: SiteInfo) -> Optional[SourceTree]:
    """wwwroot through Kudu, cached, or None when the site names no SCM host."""
    if not site.scm_host_name:
        return None
    kudu = Kudu(cli_ctx, site.scm_host_name)
    return CachingTree(KuduTree(kudu.listing, kudu.file_bytes, run_concurrently))


def _settings_or_note(gateway: AppServiceGateway, app: AppRef) -> tuple[Mapping[str, str], Optional[str]]:
    try:
        return gateway.list_app_settings(app), None
    except Forbidden:
        return {}, ("App settings could not be read (no permission); the prediction assumes none of "
                    "PYTHON_ENABLE_GUNICORN_MULTIWORKERS or DISABLE_FASTAPI_DETECTION is set.")


def gather_startup_inputs(cli_ctx: Any, app: Optional[AppRef], src: Optional[str],
                          with_settings: bool = True) -> StartupInputs:
    """Site, config/web and app settings in one concurrent round; then --src or wwwroot (Kudu)."""
    local = open_local_tree(src) if src else None
    if app is None:
        return StartupInputs(tree=local)
    gateway = AppServiceGateway(cli_ctx)
    calls = [lambda: gateway.get_site(app), lambda: gateway.get_site_config(app)]
    if with_settings:
        calls.append(lambda: _settings_or_note(gateway, app))
    site_doc, config_doc, *rest = run_concurrently(calls)
    site = read_site(site_doc)
    settings, note = rest[0] if rest else ({}, None)
    command_line = str((config_doc.get("properties") or {}).get("appCommandLine") or "")
    return StartupInputs(site, command_line, settings, local if local else kudu_tree(cli_ctx, site),
                         [note] if note else [], gateway)


def read_or_note(inputs: StartupInputs, read: Any) -> Any:
    """Run a read of the tree; when Kudu fails, note why and carry on without the files."""
    try:
        return read()
    except PyAppSvcError as error:
        inputs.notes.append(f"The app's files could not be read: {error.message}")
        inputs.tree = None
        return None
