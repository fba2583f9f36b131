"""Gather doctor's snapshot: every part at most once, concurrently, each bounded in time and failing alone."""
from __future__ import annotations

import importlib
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from ..azure.arm import AppRef, AppServiceGateway, run_concurrently
from ..azure.hostcache import AppHosts, AppMemory, recall, remember
from ..azure.site import probe_site
from ..doctor.snapshot import NO_LOG_ORIGIN, LogOrigin, Part, Probe, Snapshot
from ..errors import NotFound, PyAppSvcError, Unauthorized
from ..runtime.site import read_site
from ..runtime.stacks import parse_python_runtimes, python_version_of
from ..source.caching import CachingTree, open_local_tree
from ..source.tree import SourceTree
from ..azure.kudu import KuduToken
from ..azure.kudulogs import read_docker_log
from .extras import health_part, key_vault_part, slots_part
from .wwwroot import cache_slot, hosts_of, kudu_and_tree

if TYPE_CHECKING:
    from .build import ArchiveSource

T = TypeVar("T")
NO_APP = "no app given (--src only)"
NO_PROBE = "--no-probe"
SITE_DOCUMENT_WAIT = 180.0   # beyond ARM's own bounds (arm.py): a safety net, never the limit that acts
CHECKS_MODULE = "azext_pyappsvc.doctor.runner"
# What is needed only once ARM has answered: imported while the first round is under way, not before it starts
LATE_MODULES = (CHECKS_MODULE, "azext_pyappsvc.gather.build", "azext_pyappsvc.doctor.facts",
                "azext_pyappsvc.doctor.pins", "azext_pyappsvc.startup.plan")


@dataclass(frozen=True)
class DoctorRequest:
    """What to diagnose and how."""

    app: Optional[AppRef]
    src: Optional[str]
    probe: bool
    probe_timeout: float
    python_version: Optional[str] = None
    read_archive: bool = False
    startup_command: Optional[str] = None


ARM_FATAL = (NotFound, Unauthorized)  # a missing app, or no valid login, stops doctor with exit 3 / 1


def _part(read: Callable[[], T], fatal: tuple[type[Exception], ...] = ()) -> Part[T]:
    """Run one gathering step; its failure becomes Part(error=...) unless it is one of the fatal errors."""
    try:
        return Part(value=read())
    except fatal:
        raise
    except PyAppSvcError as error:
        return Part(error=error.message)
    except Exception as error:  # pylint: disable=broad-exception-caught
        # an answer we could not read: this part fails, doctor goes on
        return Part(error=f"unexpected answer ({type(error).__name__})")


def _skipped(reason: str) -> Part[Any]:
    return Part(skipped=reason)


def gather_snapshot(cli_ctx: Any, request: DoctorRequest, today: date) -> Snapshot:
    """Round 1: ARM (site, config, settings, stacks, slots) and the Kudu token; Kudu's files, docker log and the
    probe start the moment the site document names the hosts, or at once with what an earlier run learnt.

    What an earlier run learnt about the app (hosts, paths, log) is kept only when the site document names the same
    hosts, and every content is read afresh.
    """
    local = open_local_tree(request.src) if request.src else None
    if request.app is None:
        return _local_snapshot(request, local, today)
    gateway, token = AppServiceGateway(cli_ctx), KuduToken(cli_ctx)
    cache, key = cache_slot(cli_ctx, request.app)
    memory = recall(cache, key)
    arm, early, extras = _first_round(cli_ctx, request, gateway, token, memory)
    site, config, settings, runtimes, slots = arm
    if not site.ok:
        failed = Part(error=f"the app could not be read: {site.error}")
        return _snapshot(request, today, site=site, config=config, settings=settings, runtimes=runtimes, tree=failed,
                         log=failed, probe=failed, local=local)
    hosts = hosts_of(site.value)
    key_vault, health = extras
    if early is not None and early.hosts == hosts:
        kudu = early.round
    else:  # the remembered hosts are not the site's any more: Kudu again, at the hosts the site names
        kudu = _kudu_round(cli_ctx, request, AppMemory(hosts) if hosts else None, token)
    from .build import ArchiveSource
    build = _build(kudu.tree, kudu.log, config, ArchiveSource(kudu=kudu.kudu), request.read_archive)
    tree = _with_detection(kudu.tree, config, request.python_version or python_version_of(site.value.linux_fx_version),
                           settings, build)
    if hosts:
        remember(cache, key, AppMemory(hosts, *kudu.found_paths(), kudu.log_href))
    return replace(_snapshot(request, today, site=site, config=config, settings=settings, runtimes=runtimes,
                             tree=tree, log=kudu.log, probe=kudu.probe, local=local),
                   docker_log_origin=kudu.log_origin, build=build, key_vault=key_vault, slots=slots,
                   health=health)


def _first_round(cli_ctx: Any, request: DoctorRequest, gateway: AppServiceGateway, token: KuduToken,
                 memory: Optional[AppMemory]) -> tuple[list[Part[Any]], Optional[EarlyKudu], list[Part[Any]]]:
    """ARM's round, with Kudu (once the site names its host, or at once at remembered hosts) and the Key Vault and
    health reads (once ARM has answered) started as soon as they can be: (ARM parts, Kudu round, extras)."""
    site_document: Future[dict[str, Any]] = Future()
    arm_parts: Future[list[Part[Any]]] = Future()
    arm, early, extras, *_ = run_concurrently([
        lambda: _published(arm_parts, lambda: _arm_round(gateway, request.app, site_document)),
        lambda: _early_kudu_round(cli_ctx, request, memory, token, site_document),
        lambda: _extras_after_arm(gateway, request, arm_parts), lambda: _load_checks(gateway, token),
        token.prefetch])
    return arm, early, extras


@dataclass(frozen=True)
class EarlyKudu:
    """A Kudu round started before ARM's round ended, and the hosts it went to."""

    hosts: Optional[AppHosts]
    round: KuduRound


def _early_kudu_round(cli_ctx: Any, request: DoctorRequest, memory: Optional[AppMemory], token: KuduToken,
                      site_document: Future[dict[str, Any]]) -> Optional[EarlyKudu]:
    """Kudu at once at the remembered hosts, else as soon as the site document names them (None: it was not read).

    The token only ever goes to a host a site document named: the remembered hosts came from one, and they are
    used only when this run's site document names the same hosts.
    """
    if memory is not None:
        return EarlyKudu(memory.hosts, _kudu_round(cli_ctx, request, memory, token))
    try:
        document = site_document.result(timeout=SITE_DOCUMENT_WAIT)
    except Exception:  # pylint: disable=broad-exception-caught  # the ARM round reports why the site was not read
        return None
    hosts = hosts_of(read_site(document))
    return EarlyKudu(hosts, _kudu_round(cli_ctx, request, AppMemory(hosts) if hosts else None, token))


def _published(future: Future[T], produce: Callable[[], T]) -> T:
    """produce(), its result (or exception) also handed to future, for the steps that wait for it."""
    try:
        value = produce()
    except BaseException as error:
        future.set_exception(error)
        raise
    future.set_result(value)
    return value


def _extras_after_arm(gateway: AppServiceGateway, request: DoctorRequest,
                      arm_parts: Future[list[Part[Any]]]) -> list[Part[Any]]:
    """Key Vault references and the health check, once ARM's round has answered (alongside Kudu's reads)."""
    try:
        site, config, settings, *_ = arm_parts.result(timeout=SITE_DOCUMENT_WAIT)
    except Exception:  # pylint: disable=broad-exception-caught  # the ARM round reports it
        return [_skipped("the app could not be read")] * 2
    hosts = hosts_of(site.value) if site.ok else None
    return run_concurrently([lambda: key_vault_part(gateway, request.app, settings),
                             lambda: health_part(hosts.site if hosts else None, config, request.probe_timeout,
                                                 request.probe)])


def _command_line(config: Part[Any]) -> str:
    return str((config.value or {}).get("appCommandLine") or "") if config.ok else ""


def _build(tree: Part[SourceTree], log: Part[str], config: Part[Any], source: ArchiveSource,
           asked: bool) -> Part[Any]:
    """The compressed build's files and the latest start (gather/build.py); a failure fails this part alone."""
    from .build import gather_build
    if not tree.ok:
        return Part(value=gather_build(None, log.value if log.ok else None, "", source))
    return _part(lambda: gather_build(tree.value, log.value if log.ok else None, _command_line(config), source,
                                      asked))


@dataclass(frozen=True)
class KuduRound:
    """What Kudu and the site gave: the files (behind a cache), the latest docker log and its href, the probe."""

    tree: Part[SourceTree]
    log: Part[str]
    probe: Part[Probe]
    log_href: str = ""      # the hrefs of the log files read, space-separated (the host cache keeps one string)
    cache: Optional[CachingTree] = None
    log_origin: Part[LogOrigin] = NO_LOG_ORIGIN
    kudu: Any = None

    def found_paths(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(folders, files) that were read and exist."""
        return self.cache.found_paths() if self.cache else ((), ())


def _load_checks(gateway: AppServiceGateway, token: KuduToken) -> None:
    """Import the checks (and what reads the files) while the network answers, not before or after it: once both
    tokens are in hand, so that these imports do not hold the interpreter while the first requests are prepared
    (getting a token is the CPU-heavy part of that)."""
    try:
        gateway.client.token.bearer()
    except Exception:  # pylint: disable=broad-exception-caught  # the ARM calls meet (and report) it too
        pass
    token.prefetch()
    for name in LATE_MODULES:
        importlib.import_module(name)


def _arm_round(gateway: AppServiceGateway, app: AppRef,
               site_document: Optional[Future[dict[str, Any]]] = None) -> list[Part[Any]]:
    """Site, config/web, settings, stacks and slots concurrently; the site's runtime is config/web's (GET site's
    siteConfig is null or partial on real answers), or GET site's own when config/web could not be read. The site
    document is handed to site_document as soon as it arrives."""
    published: Future[dict[str, Any]] = site_document or Future()
    site_doc, config, settings, runtimes, slots = run_concurrently([
        lambda: _part(lambda: _published(published, lambda: gateway.get_site(app)), ARM_FATAL),
        lambda: _part(lambda: gateway.get_site_config(app).get("properties") or {}, ARM_FATAL),
        lambda: _part(lambda: gateway.list_app_settings(app), ARM_FATAL),
        lambda: _part(lambda: parse_python_runtimes(gateway.list_python_stacks()), ARM_FATAL),
        lambda: slots_part(gateway, app),
    ])
    site = _part(lambda: read_site(site_doc.value, config.value if config.ok else None)) if site_doc.ok else site_doc
    return [site, config, settings, runtimes, slots]


def _kudu_round(cli_ctx: Any, request: DoctorRequest, memory: Optional[AppMemory], token: KuduToken) -> KuduRound:
    """The deployed files (prefetched), the latest docker log and the probe, concurrently."""
    if memory is None:
        missing = Part(error="the app names no SCM (Kudu) host")
        return KuduRound(missing, missing, Part(error="the app has no default host name"))
    kudu, tree = kudu_and_tree(cli_ctx, memory.hosts.scm, token)
    files, log, probe = run_concurrently([
        lambda: _part(lambda: _prefetch(tree, memory)),
        lambda: _part(lambda: read_docker_log(kudu, memory.log_href.split())),
        lambda: _probe(memory.hosts.site, request),
    ])
    if not log.ok:
        return KuduRound(files, Part(error=log.error), probe, "", tree, Part(error=log.error), kudu)
    found = log.value
    origin = LogOrigin(found.machine, found.source, found.files, found.unread_ends)
    return KuduRound(files, Part(value=found.text), probe, " ".join(found.hrefs), tree, Part(value=origin), kudu)


def _prefetch(tree: CachingTree, memory: AppMemory) -> SourceTree:
    """The root listing (with what the last run read, at once), then the root's folders and files in one batch."""
    root, *_ = run_concurrently([lambda: tree.list_dirs([""]).get(""), lambda: tree.list_dirs(list(memory.folders)),
                                 lambda: tree.read_texts(list(memory.files))])
    if root is None:
        raise PyAppSvcError("site/wwwroot could not be listed (it is missing)")
    from ..doctor.facts import paths_to_read
    dirs, files = paths_to_read(root)
    run_concurrently([lambda: tree.list_dirs(dirs), lambda: tree.read_texts(files)])
    return tree


def _with_detection(tree: Part[SourceTree], config: Part[Any], version: Optional[str],
                    settings: Part[Any], build: Part[Any]) -> Part[SourceTree]:
    """Read what detection, the lint and the pins need beyond the prefetch; a failure here fails the tree part."""
    if not tree.ok:
        return tree
    command_line = str((config.value or {}).get("appCommandLine") or "") if config.ok else ""

    def detect() -> SourceTree:
        from ..doctor.facts import gather_facts
        from ..doctor.pins import read_pins
        from ..startup.detection import NO_BUILD, find_asgi_app, predict_startup
        from ..startup.plan import startup_file_name
        name = startup_file_name(command_line)
        tree.value.read_texts([name] if name else [])
        gather_facts(tree.value)
        predict_startup(tree.value, command_line, version, settings.value or {}, build.value or NO_BUILD)
        find_asgi_app(tree.value)
        read_pins(tree.value)
        return tree.value
    return _part(detect)


def _probe(host: str, request: DoctorRequest) -> Part[Probe]:
    if not request.probe:
        return _skipped(NO_PROBE)
    return Part(value=Probe(**probe_site(host, request.probe_timeout)))


def _snapshot(request: DoctorRequest, today: date, *, site: Part[Any], config: Part[Any], settings: Part[Any],
              runtimes: Part[Any], tree: Part[Any], log: Part[Any], probe: Part[Any],
              local: Optional[SourceTree] = None) -> Snapshot:
    return Snapshot(today=today, site=site, config=config, settings=settings, runtimes=runtimes, tree=tree,
                    tree_label="site/wwwroot", source=Part(value=local) if local else tree, docker_log=log,
                    probe=probe, python_version_override=request.python_version)


def _local_snapshot(request: DoctorRequest, local: Optional[SourceTree], today: date) -> Snapshot:
    from ..source.declared import resolve_local
    from .build import ArchiveSource
    deployment = resolve_local(local, request.startup_command)
    tree = Part(value=deployment.tree)
    label = deployment.tree.description if deployment.folder_source else f"local folder {request.src}"
    build = _build(tree, _skipped(NO_APP), Part(value={}), ArchiveSource(local_dir=request.src), True)
    return Snapshot(today=today, site=_skipped(NO_APP), config=_skipped(NO_APP), settings=_skipped(NO_APP),
                    runtimes=_skipped(NO_APP), tree=tree, tree_label=label, source=tree,
                    docker_log=_skipped(NO_APP), probe=_skipped(NO_APP),
                    python_version_override=request.python_version, build=build, local=deployment)
