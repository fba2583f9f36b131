"""Checks of how the platform starts and keeps the app: startup.scripts, startup.warmup, logs.out-of-memory,
build.run-from-package, build.ci-venv."""
from __future__ import annotations

import re

from ..source.declared import STARTUP_SCRIPTS
from ..startup.command import SHELL_SCRIPT_SUFFIX, split_words
from .constants import (PYVENV_CFG, RUN_FROM_PACKAGE_SETTING, SCM_BUILD_ON, SCM_BUILD_SETTING,
                        START_TIME_LIMIT_DEFAULT_SECONDS, START_TIME_LIMIT_MAX_SECONDS, START_TIME_LIMIT_SETTING)
from .derived import Derived
from .facts import venv_dirs
from .findings import Finding, Status, finding
from .gates import app_args, part_gate, python_gate, set_setting_command, tree_gate
from .snapshot import Snapshot

# KuduLite / the platform's docker log (reference section 6; "Also common" in user-pain-points)
WARMUP = re.compile(r"Waiting for response to warmup request for container.*?Elapsed time = (?P<seconds>[\d.]+) sec")
START_FAILED = re.compile(r"did not start within expected time limit(?:.*?Elapsed time = (?P<seconds>[\d.]+) sec)?")
OOM_KILL = re.compile(r"Worker \(pid:(?P<pid>\d+)\) was sent SIGKILL! Perhaps out of memory\?")
WORKERS_FLAG = re.compile(r"(?:--workers[=\s]+|-w\s*)(?P<count>\d+)")
CI_TOOLCACHE = "/opt/hostedtoolcache"  # GitHub-hosted runners' Python (actions/setup-python)
NO_ALWAYS_ON_SKUS = frozenset({"free", "shared", "dynamic"})  # plans without Always On
SLOW_SHARE = 0.75


def check_startup_scripts(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.scripts: a root startup script has LF line endings, and the startup command names it."""
    gate = python_gate("startup.scripts", derived) or tree_gate("startup.scripts", snapshot, derived)
    if gate:
        return gate
    facts = derived.facts.value
    scripts = [name for name in STARTUP_SCRIPTS if facts.has_file(name)]
    if not scripts:
        return finding("startup.scripts", Status.PASS, f"No startup script ({', '.join(STARTUP_SCRIPTS)}) at the root.")
    command = derived.app_command_line or ""
    named = {word.rsplit("/", 1)[-1] for word in split_words(command)} & set(scripts) if command else set()
    if named:  # the script that runs is startup.file's to judge (CRLF included)
        return finding("startup.scripts", Status.PASS, f"The startup command runs {', '.join(sorted(named))} (see "
                       "startup.file).")
    texts = derived.read_texts(scripts)
    crlf = [name for name in scripts if name.endswith(SHELL_SCRIPT_SUFFIX) and "\r\n" in (texts.get(name) or "")]
    crlf_note = (f" It also has Windows (CRLF) line endings: once it runs, the shell stops with \"$'\\r': command "
                 f"not found\" (save it with LF: dos2unix {crlf[0]}).") if crlf else ""
    if command:
        return finding("startup.scripts", Status.WARN if crlf else Status.PASS, f"{', '.join(scripts)} is at the root "
                       f"but not run: the startup command is another command.{crlf_note}".strip(),
                       f"dos2unix {crlf[0]}, and add '*.sh text eol=lf' to .gitattributes." if crlf else None)
    offline = snapshot.local is not None and snapshot.config.skipped
    nobody = ("the project declares no startup command that names it (--startup-command, bicep appCommandLine, a "
              "workflow's startup-command), so unless the app's own setting does, App Service never runs it"
              if offline else "no startup command names it, so App Service never runs it")
    check_it = f" If the app's setting names it, check with --startup-command {scripts[0]}." if offline else ""
    return finding("startup.scripts", Status.WARN, f"{scripts[0]} is at the root, but {nobody} (it auto-detects the "
                   f"app instead).{crlf_note}",
                   f"If it is how the app starts: az webapp config set {app_args(snapshot)} --startup-file "
                   f"{scripts[0]} (with azd: appCommandLine: '{scripts[0]}' in the bicep).{check_it}")


def _log_gate(check_id: str, snapshot: Snapshot) -> Finding | None:
    return part_gate(check_id, snapshot.docker_log, "the docker log")


def _start_limit(derived: Derived) -> int:
    value = derived.settings.get(START_TIME_LIMIT_SETTING, "").strip()
    return int(value) if value.isdigit() and 0 < int(value) <= START_TIME_LIMIT_MAX_SECONDS else \
        START_TIME_LIMIT_DEFAULT_SECONDS


def _always_on_hint(snapshot: Snapshot) -> str:
    """Advice to turn Always On on, when the plan offers it and it is off; "" otherwise."""
    config = snapshot.config.value if snapshot.config.ok else {}
    sku = (snapshot.site.value.sku or "") if snapshot.site.ok else ""
    if config.get("alwaysOn") is not False or not sku or sku.lower() in NO_ALWAYS_ON_SKUS:
        return ""
    return (f" Always On is off on this {sku} plan, so an idle app is unloaded and the next request waits for a "
            f"cold start: az webapp config set {app_args(snapshot)} --always-on true.")


def check_startup_warmup(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.warmup: the container answers the platform's warm-up well within WEBSITES_CONTAINER_START_TIME_LIMIT."""
    gate = _log_gate("startup.warmup", snapshot)
    if gate:
        return gate
    text, limit = snapshot.docker_log.value, _start_limit(derived)
    raise_limit = set_setting_command(snapshot, f"{START_TIME_LIMIT_SETTING}={min(limit * 2, START_TIME_LIMIT_MAX_SECONDS)}")
    failed = [m.group("seconds") for m in START_FAILED.finditer(text)]
    if failed:
        elapsed = f"; elapsed {float(failed[-1]):.0f} s" if failed[-1] else ""
        return finding("startup.warmup", Status.FAIL, f"The container did not answer the warm-up request within the "
                       f"start time limit ({limit} s{elapsed}), so the platform stopped it.",
                       f"Start faster (no migrations or downloads at import), or raise the limit (at most "
                       f"{START_TIME_LIMIT_MAX_SECONDS} s): {raise_limit}.{_always_on_hint(snapshot)}")
    waits = [float(m.group("seconds")) for m in WARMUP.finditer(text)]
    if waits and max(waits) >= SLOW_SHARE * limit:
        return finding("startup.warmup", Status.WARN, f"The last start took at least {max(waits):.0f} s of the "
                       f"{limit} s start time limit ({START_TIME_LIMIT_SETTING}).",
                       f"Start faster, or raise the limit: {raise_limit}.{_always_on_hint(snapshot)}")
    if waits:
        return finding("startup.warmup", Status.PASS, f"The container answered the warm-up within {max(waits):.0f} s "
                       f"(limit {limit} s).{_always_on_hint(snapshot)}".rstrip())
    return finding("startup.warmup", Status.PASS, f"No slow start in the latest docker log (limit {limit} s).")


def check_logs_out_of_memory(snapshot: Snapshot, derived: Derived) -> Finding:
    """logs.out-of-memory: no gunicorn worker was killed for using too much memory."""
    gate = _log_gate("logs.out-of-memory", snapshot)
    if gate:
        return gate
    kills = OOM_KILL.findall(snapshot.docker_log.value)
    if not kills:
        return finding("logs.out-of-memory", Status.PASS, "No worker was killed for lack of memory.")
    command = derived.prediction.value.command if derived.prediction.ok else derived.app_command_line or ""
    workers = WORKERS_FLAG.search(command)
    count = f" with {workers.group('count')} workers" if workers else ""
    return finding("logs.out-of-memory", Status.FAIL, f"{len(kills)} gunicorn worker(s) were killed: \"Worker "
                   f"(pid:{kills[-1]}) was sent SIGKILL! Perhaps out of memory?\"; the app runs{count or ' as is'} "
                   "out of the plan's memory.",
                   "Run fewer workers (--workers, or PYTHON_GUNICORN_CUSTOM_WORKER_NUM), load large data once per "
                   f"process (gunicorn --preload), or scale up: az appservice plan update --sku P1V3 ... .")


def check_build_run_from_package(snapshot: Snapshot, derived: Derived) -> Finding:
    """build.run-from-package: a mounted package is not also built on deployment ([Errno 30] Read-only file system)."""
    gate = python_gate("build.run-from-package", derived) or part_gate("build.run-from-package", snapshot.settings,
                                                                        "the app settings")
    if gate:
        return gate
    mounted = derived.settings.get(RUN_FROM_PACKAGE_SETTING, "").strip() not in ("", "0")
    builds = derived.settings.get(SCM_BUILD_SETTING, "").strip().lower() in SCM_BUILD_ON
    if not mounted:
        return finding("build.run-from-package", Status.PASS, f"{RUN_FROM_PACKAGE_SETTING} is not set: wwwroot is "
                       "writable and deployments can build.")
    if builds:
        return finding("build.run-from-package", Status.FAIL, f"{RUN_FROM_PACKAGE_SETTING} and {SCM_BUILD_SETTING} "
                       "are both set: the package is mounted read-only, so the build fails with \"[Errno 30] "
                       "Read-only file system\".",
                       f"Build before packaging (include the dependencies) and drop the build: az webapp config "
                       f"appsettings delete {app_args(snapshot)} --setting-names {SCM_BUILD_SETTING}; or remove "
                       f"{RUN_FROM_PACKAGE_SETTING} to let Oryx build.")
    return finding("build.run-from-package", Status.PASS, f"{RUN_FROM_PACKAGE_SETTING} is set and no build is asked "
                   "for (see build.scm-build for whether the package holds its dependencies).")


def check_build_ci_venv(snapshot: Snapshot, derived: Derived) -> Finding:
    """build.ci-venv: no virtual environment built on a CI runner (its Python is not on App Service) is deployed."""
    gate = python_gate("build.ci-venv", derived) or tree_gate("build.ci-venv", snapshot, derived)
    if gate:
        return gate
    facts = derived.facts.value
    # the folders build.venv found with a pyvenv.cfg (venv/, .venv/...: what a CI job uploads when the artifact does
    # not exclude it); antenv is Oryx's own and is not read, so a healthy app costs no extra request
    paths = [f"{name}/{PYVENV_CFG}" for name, marker in venv_dirs(facts) if marker == PYVENV_CFG]
    texts = derived.read_texts(paths)
    runner = next((path for path in paths if CI_TOOLCACHE in (texts.get(path) or "")), None)
    if runner is None:
        return finding("build.ci-venv", Status.PASS, "No deployed virtual environment points at a CI runner's Python.")
    home = next((line.split("=", 1)[1].strip() for line in (texts.get(runner) or "").splitlines()
                 if line.strip().startswith("home")), CI_TOOLCACHE)
    return finding("build.ci-venv", Status.FAIL, f"{runner} says home = {home}: the environment was built on a CI "
                   "runner, whose Python is not in the container, so its packages fail to load (No module named ...).",
                   f"Do not upload the virtual environment: deploy the sources with {SCM_BUILD_SETTING}=true so Oryx "
                   "builds antenv on App Service (or build it in the App Service image).")
