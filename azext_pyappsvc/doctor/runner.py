"""Run the checks in their declared order, each isolated from the others' crashes, and shape the result."""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

from . import checks as catalog
from .constants import MAX_QUOTE_CHARS, NOT_DJANGO
from .derived import Derived, attempt, derive
from .findings import PROBLEM_STATUSES, Finding, Status, finding
from .redact import quote, redact, redact_data
from .snapshot import Snapshot

Check = Callable[[Snapshot, Derived], Finding]
QUOTED_STARTUP_FIELDS = ("command", "appCommandLine", "startupFile", "reasons", "failure", "preRunCommand",
                         "runAfter", "env", "build")

CHECKS: tuple[tuple[str, Check], ...] = (
    ("app.linux", catalog.check_app_linux),
    ("app.state", catalog.check_app_state),
    ("runtime.python", catalog.check_runtime_python),
    ("runtime.support", catalog.check_runtime_support),
    ("runtime.local", catalog.check_runtime_local),
    ("runtime.removed-modules", catalog.check_runtime_removed_modules),
    ("startup.command", catalog.check_startup_command),
    ("startup.file", catalog.check_startup_file),
    ("startup.detection", catalog.check_startup_detection),
    ("startup.observed", catalog.check_startup_observed),
    ("startup.scripts", catalog.check_startup_scripts),
    ("build.requirements", catalog.check_build_requirements),
    ("build.scm-build", catalog.check_build_scm_build),
    ("build.venv", catalog.check_build_venv),
    ("build.ci-venv", catalog.check_build_ci_venv),
    ("build.run-from-package", catalog.check_build_run_from_package),
    ("settings.values", catalog.check_settings_values),
    ("settings.key-vault", catalog.check_settings_key_vault),
    ("settings.slot-sticky", catalog.check_settings_slot_sticky),
    ("network.port", catalog.check_network_port),
    ("network.https", catalog.check_network_https),
    ("django.allowed-hosts", catalog.check_django_allowed_hosts),
    ("django.csrf-origins", catalog.check_django_csrf_origins),
    ("django.static", catalog.check_django_static),
    ("data.sqlite", catalog.check_data_sqlite),
    ("probe.http", catalog.check_probe_http),
    ("probe.health-check", catalog.check_probe_health_check),
    ("logs.errors", catalog.check_logs_errors),
    ("logs.out-of-memory", catalog.check_logs_out_of_memory),
    ("startup.warmup", catalog.check_startup_warmup),
)
CHECK_IDS = tuple(check_id for check_id, _ in CHECKS)
OFFLINE_ID = "offline"
# what only an app can answer (its site document, settings, the platform's stacks, its log, its URL): in --src mode
# these are not listed one by one, but named on one line
NEEDS_APP = frozenset({"app.linux", "app.state", "runtime.python", "runtime.support", "build.scm-build",
                       "startup.observed", "settings.values", "probe.http", "logs.errors", "logs.out-of-memory", "startup.warmup",
                       "build.run-from-package", "settings.key-vault", "settings.slot-sticky",
                       "probe.health-check"})


def list_check_ids() -> list[str]:
    """The check ids, in the order doctor runs them."""
    return [check_id for check_id, _ in CHECKS]


def select_checks(only: Sequence[str] | None,
                  checks: Sequence[tuple[str, Check]] = CHECKS) -> list[tuple[str, Check]]:
    """The checks to run (declared order); raise ValueError naming the valid ids for an unknown one."""
    if not only:
        return list(checks)
    valid = [check_id for check_id, _ in checks]
    wanted = {check_id.strip() for check_id in only}
    unknown = sorted(wanted - set(valid))
    if unknown:
        raise ValueError(f"Unknown check id(s): {', '.join(unknown)}. Valid ids: {', '.join(valid)}.")
    return [(check_id, check) for check_id, check in checks if check_id in wanted]


def run_check(check_id: str, check: Check, snapshot: Snapshot, derived: Derived) -> Finding:
    """Run one check; a crash becomes an ERROR finding; setting values are masked in whatever it says."""
    secrets = attempt(lambda: derived.secrets).value or ()
    try:
        result = check(snapshot, derived)  # may raise anything: that is the point
        if not isinstance(result, Finding):
            raise TypeError(f"returned {type(result).__name__}, not a Finding")
    except Exception as error:  # pylint: disable=broad-exception-caught
        # one broken check must never stop the others
        message = quote(str(error), secrets, MAX_QUOTE_CHARS)
        result = finding(check_id, Status.ERROR, f"check crashed: {type(error).__name__}: {message}")
    return dataclasses.replace(result, summary=redact(result.summary, secrets),
                               fix=None if result.fix is None else redact(result.fix, secrets))


def run_checks(snapshot: Snapshot, only: Sequence[str] | None = None,
               checks: Sequence[tuple[str, Check]] = CHECKS) -> list[Finding]:
    """Run the selected checks (all by default) over one snapshot, in the declared order."""
    selected = select_checks(only, checks)
    derived = derive(snapshot)
    findings = [run_check(check_id, check, snapshot, derived) for check_id, check in selected]
    if only:
        return findings
    relevant = [item for item in findings if not is_not_applicable(item)]
    return collapse_offline(relevant) if snapshot.site.skipped else relevant


def is_not_applicable(item: Finding) -> bool:
    """A framework's checks on an app of another framework: left out of the report unless asked for by --check."""
    return item.status == Status.SKIP and item.summary == NOT_DJANGO


def collapse_offline(findings: Sequence[Finding]) -> list[Finding]:
    """The --src report: the checks that ran, and one line naming those that need the app."""
    needs_app = [item.id for item in findings if item.id in NEEDS_APP and item.status == Status.SKIP]
    kept = [item for item in findings if item.id not in needs_app]
    if not needs_app:
        return kept
    return [*kept, finding(OFFLINE_ID, Status.SKIP, f"Not run without an app: {', '.join(needs_app)}.",
                           "Give -g and -n (with --src to check local files against the deployed app's settings), "
                           "or run doctor on the app after deploying.")]


def summarize(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings have each status (every status present, zeros included)."""
    counts = {status.value: 0 for status in Status}
    for item in findings:
        counts[item.status.value] += 1
    return counts


def has_problems(findings: Sequence[Finding]) -> bool:
    """True when any finding failed or errored (doctor then exits non-zero)."""
    return any(item.status in PROBLEM_STATUSES for item in findings)


def _app_block(snapshot: Snapshot, derived: Derived) -> dict[str, Any] | None:
    if not snapshot.site.ok:
        return None
    site = snapshot.site.value
    return {"name": site.name, "resourceGroup": site.resource_group, "slot": site.slot, "kind": site.kind,
            "linuxFxVersion": derived.linux_fx_version or None, "state": site.state, "httpsOnly": site.https_only,
            "defaultHostName": site.default_host_name}


def _startup_block(derived: Derived) -> dict[str, Any] | None:
    """The prediction as show-startup returns it; the texts quoted from the app's config have secrets masked."""
    prediction = derived.prediction
    if not prediction.ok:
        return None
    block = prediction.value.to_dict()
    version, source = derived.python_version_and_source
    if block.get("pythonVersion") == version and source:
        block["pythonVersionSource"] = source
    for key in QUOTED_STARTUP_FIELDS:
        block[key] = redact_data(block.get(key), derived.secrets)
    observed = attempt(lambda: derived.observed).value
    block["observed"] = redact_data(observed.to_dict(), derived.secrets) if observed else None
    return block


def doctor_result(snapshot: Snapshot, findings: Sequence[Finding]) -> dict[str, Any]:
    """What doctor returns: the app, the predicted startup, the findings and their counts."""
    derived = derive(snapshot)
    return {"app": _app_block(snapshot, derived), "startup": _startup_block(derived),
            "checks": [item.to_dict() for item in findings], "summary": summarize(findings)}
