"""Compose ARM and Kudu calls into what show-startup and set-startup need, concurrently and once."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from ..azure.arm import AppRef, AppServiceGateway, run_concurrently
from ..azure.hostcache import AppMemory, recall, remember
from ..errors import Forbidden, Locked, PyAppSvcError
from ..runtime.site import SiteInfo, read_site
from ..runtime.stacks import python_version_of
from ..source.caching import open_local_tree
from ..source.declared import resolve_local
from ..source.tree import SourceTree
from ..azure.kudulogs import read_docker_log
from ..startup.detection import NO_BUILD, BuildInputs
from .build import ArchiveSource, gather_build
from .wwwroot import cache_slot, hosts_of, kudu_and_tree


@dataclass
class StartupInputs:
    """The app (when given), its current startup command and settings, and the files to reason about."""

    site: Optional[SiteInfo] = None
    app_command_line: str = ""
    settings: Mapping[str, str] = field(default_factory=dict)
    tree: Optional[SourceTree] = None
    notes: list[str] = field(default_factory=list)
    gateway: Optional[AppServiceGateway] = None
    kudu: Any = None  # azure.kudu.Kudu of wwwroot, when the files are read through it
    declared_python: Optional[str] = None  # --src alone: the linuxFxVersion the project's bicep sets
    declared_python_source: Optional[str] = None


def _local_inputs(local: SourceTree, startup_command: Optional[str]) -> StartupInputs:
    """--src alone: the deployed folder and the startup command the project declares (or --startup-command)."""
    deployment = resolve_local(local, startup_command)
    fx = deployment.linux_fx_version
    settings = {name: value.value for name, value in deployment.declared.settings.items() if value.value}
    return StartupInputs(app_command_line=deployment.command, settings=settings, tree=deployment.tree,
                         notes=deployment.reasons(), declared_python=python_version_of(fx.value) if fx else None,
                         declared_python_source=fx.source if fx else None)


def _settings_or_note(gateway: AppServiceGateway, app: AppRef) -> tuple[Mapping[str, str], Optional[str]]:
    try:
        return gateway.list_app_settings(app), None
    except Forbidden:
        return {}, ("App settings could not be read (no permission); the prediction assumes none of "
                    "PYTHON_ENABLE_GUNICORN_MULTIWORKERS or DISABLE_FASTAPI_DETECTION is set.")
    except Locked as error:  # a read-only lock refuses the POST that lists the settings
        return {}, (f"App settings could not be read: {error.message} The prediction assumes none of "
                    "PYTHON_ENABLE_GUNICORN_MULTIWORKERS or DISABLE_FASTAPI_DETECTION is set.")


def _prefetch_quietly(tree: SourceTree, paths: Sequence[str]) -> None:
    """Read ahead; a failure here is met again, and reported, by the read that needs the files."""
    try:
        tree.read_texts(list(paths))
    except PyAppSvcError:
        pass


def gather_startup_inputs(cli_ctx: Any, app: Optional[AppRef], src: Optional[str], with_settings: bool = True,
                          prefetch: Sequence[str] = (), startup_command: Optional[str] = None) -> StartupInputs:
    """Site, config/web and app settings in one concurrent round; then --src or wwwroot (Kudu).

    When the app's Kudu host is remembered, the prefetch paths are read in that same round.
    """
    local = open_local_tree(src) if src else None
    if app is None:
        return _local_inputs(local, startup_command) if local is not None else StartupInputs()
    gateway = AppServiceGateway(cli_ctx)
    cache, key = cache_slot(cli_ctx, app)
    memory = recall(cache, key)
    guess = memory.hosts if memory and prefetch and not local else None
    early_kudu, early = kudu_and_tree(cli_ctx, guess.scm) if guess else (None, None)
    calls = [lambda: gateway.get_site(app), lambda: gateway.get_site_config(app),
             lambda: _settings_or_note(gateway, app) if with_settings else ({}, None)]
    if early:
        calls.append(lambda: _prefetch_quietly(early, prefetch))
    site_doc, config_doc, (settings, note), *_ = run_concurrently(calls)
    site = read_site(site_doc, config_doc.get("properties") or {})
    hosts = hosts_of(site)
    if hosts and not (memory and memory.hosts == hosts):
        remember(cache, key, AppMemory(hosts))
    kudu, tree = (early_kudu, early) if early and guess == hosts else (
        kudu_and_tree(cli_ctx, site.scm_host_name) if site.scm_host_name else (None, None))
    command_line = str((config_doc.get("properties") or {}).get("appCommandLine") or "")
    return StartupInputs(site, command_line, settings, local or tree, [note] if note else [], gateway,
                         None if local else kudu)


def gather_startup_build(inputs: StartupInputs, src: Optional[str], read_archive_asked: bool) -> BuildInputs:
    """The latest start's log (for an app, read beside the root listing) and, when needed, the compressed output."""
    log = None
    if inputs.kudu is not None and inputs.tree is not None:
        tree = inputs.tree
        found, _ = run_concurrently([lambda: _latest_log_or_note(inputs), lambda: read_or_note(
            inputs, lambda: tree.list_dirs([""]))])
        log = found
    source = ArchiveSource(local_dir=src) if src else ArchiveSource(kudu=inputs.kudu)
    if inputs.tree is None:
        return BuildInputs(observed=gather_build(None, log, "", source).observed)
    tree = inputs.tree
    return read_or_note(inputs, lambda: gather_build(tree, log, inputs.app_command_line, source,
                                                     read_archive_asked or bool(src))) or NO_BUILD


def _latest_log_or_note(inputs: StartupInputs) -> Optional[str]:
    try:
        return read_docker_log(inputs.kudu).text or None
    except PyAppSvcError as error:
        inputs.notes.append(f"The latest docker log could not be read ({error.message}); what ran is not shown.")
        return None


def read_or_note(inputs: StartupInputs, read: Any) -> Any:
    """Run a read of the tree; when Kudu fails, note why and carry on without the files."""
    try:
        return read()
    except PyAppSvcError as error:
        next_step = f" {error.recommendation}" if error.recommendation else ""
        inputs.notes.append(f"The app's files could not be read: {error.message}{next_step}")
        inputs.tree = None
        return None
