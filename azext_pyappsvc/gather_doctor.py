"""Gather doctor's snapshot: every part at most once, concurrently, each bounded in time and failing alone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Optional, TypeVar

from .doctor.facts import gather_facts, paths_to_read
from .doctor.pins import read_pins
from .doctor.snapshot import Part, Probe, Snapshot
from .detection import find_asgi_app, predict_startup
from .errors import NotFound, PyAppSvcError, Unauthorized
from .gateway import AppRef, AppServiceGateway, run_concurrently
from .kudu import Kudu, probe_site
from .runtime import parse_python_runtimes, python_version_of
from .sources import CachingTree, open_local_tree
from .startup_plan import startup_file_name
from .tree import KuduTree, SourceTree
from .webapp import SiteInfo, read_site

T = TypeVar("T")
NO_APP = "no app given (--src only)"
NO_PROBE = "--no-probe"
DEFAULT_PROBE_TIMEOUT = 20.0


@dataclass(frozen=True)
class DoctorRequest:
    """What to diagnose and how."""

    app: Optional[AppRef]
    src: Optional[str]
    probe: bool = True
    probe_timeout: float = DEFAULT_PROBE_TIMEOUT
    python_version: Optional[str] = None


def _part(read: Callable[[], T]) -> Part[T]:
    """Run one gathering step; its failure becomes Part(error=...) (a missing app or login still stops doctor)."""
    try:
        return Part(value=read())
    except (NotFound, Unauthorized):
        raise
    except PyAppSvcError as error:
        return Part(error=error.message)


def _skipped(reason: str) -> Part[Any]:
    return Part(skipped=reason)


def gather_snapshot(cli_ctx: Any, request: DoctorRequest, today: date) -> Snapshot:
    """Round 1: ARM (site, config, settings, stacks); round 2: Kudu files, docker log and probe, side by side."""
    local = open_local_tree(request.src) if request.src else None
    if request.app is None:
        return _local_snapshot(request, local, today)
    gateway = AppServiceGateway(cli_ctx)
    app = request.app
    site, config, settings, runtimes = run_concurrently([
        lambda: _part(lambda: read_site(gateway.get_site(app))),
        lambda: _part(lambda: gateway.get_site_config(app).get("properties") or {}),
        lambda: _part(lambda: gateway.list_app_settings(app)),
        lambda: _part(lambda: parse_python_runtimes(gateway.list_python_stacks())),
    ])
    if not site.ok:
        return _snapshot(request, today, site, config, settings, runtimes, *[Part(error=f"the app could not be read: "
                                                                                   f"{site.error}")] * 3)
    tree, log, probe = _gather_round_two(cli_ctx, request, site.value, config, settings)
    return _snapshot(request, today, site, config, settings, runtimes, tree, log, probe, local)


def _gather_round_two(cli_ctx: Any, request: DoctorRequest, site: SiteInfo, config: Part[Any],
                      settings: Part[Any]) -> tuple[Part[SourceTree], Part[str], Part[Probe]]:
    kudu = Kudu(cli_ctx, site.scm_host_name) if site.scm_host_name else None
    tree = CachingTree(KuduTree(kudu.listing, kudu.file_bytes, run_concurrently)) if kudu else None
    command_line = str((config.value or {}).get("appCommandLine") or "") if config.ok else ""
    version = request.python_version or python_version_of(site.linux_fx_version)
    no_kudu = Part(error="the app names no SCM (Kudu) host")
    return tuple(run_concurrently([  # type: ignore[return-value]
        lambda: _part(lambda: _warm(tree, command_line, version, settings.value or {})) if tree else no_kudu,
        lambda: _part(lambda: kudu.latest_docker_log() or "") if kudu else no_kudu,
        lambda: _probe(site, request),
    ]))


def _warm(tree: CachingTree, command_line: str, version: Optional[str], settings: Any) -> SourceTree:
    """Read, once and in few rounds, every file the checks will look at; they then read from memory."""
    root = tree.list_dirs([""]).get("")
    if root is None:
        raise PyAppSvcError("site/wwwroot could not be listed (it is missing)")
    dirs, files = paths_to_read(root)
    files += [name for name in (startup_file_name(command_line),) if name and "/" not in name]
    run_concurrently([lambda: tree.list_dirs(dirs), lambda: tree.read_texts(files)])
    gather_facts(tree)
    predict_startup(tree, command_line, version, settings)
    find_asgi_app(tree)
    read_pins(tree)
    return tree


def _probe(site: SiteInfo, request: DoctorRequest) -> Part[Probe]:
    if not request.probe:
        return _skipped(NO_PROBE)
    if not site.default_host_name:
        return Part(error="the app has no default host name")
    return Part(value=probe_site(site.default_host_name, request.probe_timeout))


def _snapshot(request: DoctorRequest, today: date, site: Part[Any], config: Part[Any], settings: Part[Any],
              runtimes: Part[Any], tree: Part[Any], log: Part[Any], probe: Part[Any],
              local: Optional[SourceTree] = None) -> Snapshot:
    return Snapshot(today=today, site=site, config=config, settings=settings, runtimes=runtimes, tree=tree,
                    tree_label="site/wwwroot", source=Part(value=local) if local else tree, docker_log=log,
                    probe=probe, python_version_override=request.python_version)


def _local_snapshot(request: DoctorRequest, local: Optional[SourceTree], today: date) -> Snapshot:
    tree = Part(value=local)
    return Snapshot(today=today, site=_skipped(NO_APP), config=_skipped(NO_APP), settings=_skipped(NO_APP),
                    runtimes=_skipped(NO_APP), tree=tree, tree_label=f"local folder {request.src}", source=tree,
                    docker_log=_skipped(NO_APP), probe=_skipped(NO_APP),
                    python_version_override=request.python_version)
