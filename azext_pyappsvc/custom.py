"""One thin handler per command: gather through the gateway, decide in the pure core, return plain data."""
from __future__ import annotations

import functools
from datetime import date, datetime, timezone
from typing import Any, Callable, Optional, TypeVar

from knack.log import get_logger

from .errors import (ConflictingArguments, Forbidden, InvalidInput, NotFound, PolicyDenied, PyAppSvcError, Refused,
                     ServiceFailure, Unauthorized)
from .azure.arm import AppRef, AppServiceGateway, run_concurrently
from .runtime.stacks import VersionInputError, offered_runtimes, parse_python_runtimes, parse_version_input
from .runtime.plan import describe_version, plan_result, plan_version_change
from .runtime.site import SiteInfo, read_site, refusal_for_python
from ._validators import (check_local_options, check_verify_arguments, either, one_of, optional_app,
                          selected_checks)

logger = get_logger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_VERIFY_TIMEOUT = 300.0


def _to_cli_error(error: Exception) -> Exception:
    """The azure-cli error class for a domain error (exit 3 for not found, 1 otherwise)."""
    from azure.cli.core import azclierror as az
    if isinstance(error, VersionInputError):
        return az.InvalidArgumentValueError(str(error), "Example: az pyappsvc set-version 3.12 -g MyGroup -n MyApp")
    # as azure-cli classes ARM answers (core/util.py get_error_type_by_status_code): a policy's 403 is ForbiddenError,
    # a lock's or a busy app's 409 (errors.Blocked) an UnclassifiedUserFault; every one exits 1, not found exits 3
    mapping = {ConflictingArguments: az.MutuallyExclusiveArgumentError, NotFound: az.ResourceNotFoundError,
               Forbidden: az.ForbiddenError, PolicyDenied: az.ForbiddenError, Unauthorized: az.UnauthorizedError,
               InvalidInput: az.InvalidArgumentValueError, Refused: az.ValidationError,
               ServiceFailure: az.AzureResponseError}
    cls = next((v for k, v in mapping.items() if isinstance(error, k)), az.UnclassifiedUserFault)
    return cls(error.message, error.recommendation) if isinstance(error, PyAppSvcError) else cls(str(error))


def translate_errors(handler: F) -> F:
    """Turn domain errors raised inside a handler into azure-cli errors, once, at the boundary."""
    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except (PyAppSvcError, VersionInputError) as error:
            raise _to_cli_error(error) from None
    return wrapper  # type: ignore[return-value]


def _gather_site_and_runtimes(cmd: Any, app: AppRef) -> tuple[Any, Any, AppServiceGateway]:
    """GET site, config/web and the stacks in one concurrent round; the runtime is config/web's (GET site's
    siteConfig is null or partial on real answers), overlaid on the site as azure-cli does."""
    gateway = AppServiceGateway(cmd.cli_ctx)
    site_doc, config_doc, stacks = run_concurrently([lambda: gateway.get_site(app),
                                                     lambda: gateway.get_site_config(app),
                                                     gateway.list_python_stacks])
    return read_site(site_doc, config_doc.get("properties") or {}), parse_python_runtimes(stacks), gateway


@translate_errors
def show_version(cmd: Any, *, resource_group_name: str, name: str, slot: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc show-version."""
    site, runtimes, _ = _gather_site_and_runtimes(cmd, AppRef(resource_group_name, name, slot))
    return describe_version(site, runtimes, date.today())


@translate_errors
def list_versions(cmd: Any, *, include_all: bool = False) -> list[dict[str, Any]]:
    """az pyappsvc list-versions."""
    today = date.today()
    runtimes = parse_python_runtimes(AppServiceGateway(cmd.cli_ctx).list_python_stacks())
    return [runtime.to_dict(today) for runtime in offered_runtimes(runtimes, today, include_all)]


@translate_errors
def set_version(cmd: Any, *, resource_group_name: str, name: str, version: Optional[str] = None,
                version_option: Optional[str] = None, slot: Optional[str] = None,
                allow_eol: bool = False, verify: bool = False, rollback_on_failure: bool = False,
                verify_timeout: float = DEFAULT_VERIFY_TIMEOUT) -> dict[str, Any]:
    """az pyappsvc set-version."""
    check_verify_arguments(verify, rollback_on_failure, verify_timeout)
    requested = parse_version_input(one_of(version, version_option, "VERSION", "--version"))
    app = AppRef(resource_group_name, name, slot)
    site, runtimes, gateway = _gather_site_and_runtimes(cmd, app)
    today = date.today()
    plan = plan_version_change(site, requested, runtimes, today, allow_eol)
    for warning in plan.warnings:
        logger.warning(warning)
    since = datetime.now(timezone.utc)
    if plan.changed:
        _write_config(gateway, app, {"linuxFxVersion": plan.linux_fx_version})
    result = plan_result(site, plan, today)
    if verify:
        result["verification"] = _verify_start(cmd, gateway, app, site=site, plan=plan, since=since,
                                               timeout=verify_timeout, rollback=rollback_on_failure)
        result["linuxFxVersion"] = result["verification"]["linuxFxVersion"]  # the previous one after a rollback
    return result


def _verify_start(cmd: Any, gateway: AppServiceGateway, app: AppRef, *, site: SiteInfo, plan: Any, since: datetime,
                  timeout: float, rollback: bool) -> dict[str, Any]:
    """Watch the restart after the write; on a failed start, roll back with one PATCH when asked."""
    from .gather.verify import watch_start
    from .upgrade.outcome import FAILED, Seen, Written, exit_code, verification
    slot = f" --slot {app.slot}" if app.slot else ""
    written = Written(plan.linux_fx_version if plan.changed else plan.previous_linux_fx_version,
                      plan.previous_linux_fx_version, plan.runtime.version,
                      f"-g {app.resource_group} -n {app.name}{slot}")
    if not plan.changed:
        return {"status": "skipped", "message": "Nothing was written, so there is no restart to watch.",
                "linuxFxVersion": written.linux_fx_version}
    watch = watch_start(cmd.cli_ctx, site, plan.runtime.version, since=since, timeout=timeout,
                        progress=logger.warning)
    seen = Seen(watch.state, watch.ended, watch.seconds, watch.probe_status)
    undone: Optional[str] = None
    if rollback and watch.ended == "decided" and watch.state.phase == FAILED:
        undone = _roll_back(gateway, app, plan.previous_linux_fx_version)
    block = verification(seen, written, undone)
    block["notes"] = watch.notes
    (logger.warning if block["status"] == "running" else logger.error)(block["message"])
    if exit_code(block):
        _exit_after_output(cmd.cli_ctx, exit_code(block))
    return block


def _roll_back(gateway: AppServiceGateway, app: AppRef, previous: str) -> str:
    """One more PATCH of linuxFxVersion only; "" when done, else what failed."""
    try:
        _write_config(gateway, app, {"linuxFxVersion": previous})
        return ""
    except PyAppSvcError as error:
        return error.message


def _write_config(gateway: AppServiceGateway, app: AppRef, fields: dict[str, Any]) -> None:
    """The one write: a PATCH of exactly these fields; a failure says what state the app is in."""
    try:
        gateway.patch_site_config(app, fields)
    except PyAppSvcError as error:
        error.message = f"{error.message} {_state_after_failed_write(gateway, app, fields, error)}"
        raise


def _state_after_failed_write(gateway: AppServiceGateway, app: AppRef, fields: dict[str, Any],
                              error: PyAppSvcError) -> str:
    """Refused writes changed nothing; for a lost answer, re-read config/web to tell."""
    if not isinstance(error, ServiceFailure):
        return f"The {app} was left as it was."
    try:
        current = gateway.get_site_config(app).get("properties") or {}
    except PyAppSvcError:
        return "Whether the change was applied is unknown: check the app's configuration before trying again."
    if all(current.get(name) == value for name, value in fields.items()):
        return "The answer was lost, but the change is in place (the configuration was read again)."
    return f"The {app} was left as it was (the configuration was read again)."


def _refuse_non_python(site: Optional[SiteInfo]) -> None:
    refusal = refusal_for_python(site) if site else None
    if refusal:
        raise Refused(*refusal)


@translate_errors
def show_startup(cmd: Any, *, resource_group_name: Optional[str] = None, name: Optional[str] = None,
                 slot: Optional[str] = None, src: Optional[str] = None,
                 python_version: Optional[str] = None, startup_command: Optional[str] = None,
                 read_archive: bool = False) -> dict[str, Any]:
    """az pyappsvc show-startup."""
    from dataclasses import replace
    from .startup.detection import predict_startup
    from .startup.observed import shown_beside
    from .gather.startup import gather_startup_build, gather_startup_inputs, read_or_note, startup_python
    app = optional_app(resource_group_name, name, slot, src)
    check_local_options(app, startup_command, python_version)
    inputs = gather_startup_inputs(cmd.cli_ctx, app, src, startup_command=startup_command)
    _refuse_non_python(inputs.site)
    build = gather_startup_build(inputs, src, bool(read_archive))
    version, source = startup_python(inputs, python_version)
    prediction = read_or_note(inputs, lambda: predict_startup(inputs.tree, inputs.app_command_line, version,
                                                              inputs.settings, build))
    if prediction is None:
        prediction = predict_startup(None, inputs.app_command_line, version, inputs.settings)
    from .doctor.redact import redact_data, secret_values
    observed, differs = shown_beside(prediction, build.observed)
    prediction = replace(prediction, python_version_source=prediction.python_version_source or source,
                         reasons=(*prediction.reasons, *differs, *inputs.notes))
    return redact_data({**prediction.to_dict(), "observed": observed}, secret_values(inputs.settings))


@translate_errors
def set_startup(cmd: Any, *, resource_group_name: str, name: str, startup: Optional[str] = None,
                slot: Optional[str] = None, module: Optional[str] = None, chdir: Optional[str] = None,
                workers: Optional[int] = None, timeout: Optional[int] = None, clear: bool = False,
                src: Optional[str] = None, startup_file: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc set-startup."""
    from .gather.startup import gather_startup_inputs
    from .startup.plan import StartupArgs, choose_command, files_to_prefetch, startup_result
    startup = either(startup, startup_file, "STARTUP", "--startup-file")
    command = choose_command(StartupArgs(startup, module, chdir, workers, timeout, bool(clear)))
    app = AppRef(resource_group_name, name, slot)
    inputs = gather_startup_inputs(cmd.cli_ctx, app, src, with_settings=False, prefetch=files_to_prefetch(command))
    _refuse_non_python(inputs.site)
    warnings, file_info = _lint_startup(inputs, command)
    if command != inputs.app_command_line:
        _write_config(inputs.gateway, app, {"appCommandLine": command})
    return startup_result(inputs.site, inputs.app_command_line, command, warnings, file_info)


def _lint_startup(inputs: Any, command: str) -> tuple[list[str], Any]:
    """Lint the command against the app's files: refuse, or log and return the warnings (and the file's facts)."""
    from .gather.startup import read_or_note
    from .startup.command import lint_command
    from .startup.plan import judge, lint_context, startup_file_refusals
    context, file_info = read_or_note(inputs, lambda: lint_context(inputs.tree, command)) or lint_context(None, "")
    refusals = read_or_note(inputs, lambda: startup_file_refusals(inputs.tree, command)) or []
    verdict = judge([*refusals, *(lint_command(command, context) if command else [])])
    verdict.raise_if_refused()
    warnings = [issue.message for issue in verdict.warnings] + inputs.notes
    for warning in warnings:
        logger.warning(warning)
    return warnings, file_info


DOCTOR_PROBLEMS_EXIT_CODE = 1
DEFAULT_PROBE_TIMEOUT = 20.0
MAX_PROBE_TIMEOUT = 600


def _exit_after_output(cli_ctx: Any, code: int) -> None:
    """Make az exit with code once the report is printed: knack prints the result, then raises
    EVENT_CLI_SUCCESSFUL_EXECUTE; a SystemExit from that hook sets the exit status without losing any output."""
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE

    def exit_with_code(_cli_ctx: Any, **_: Any) -> None:
        raise SystemExit(code)
    cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, exit_with_code)


@translate_errors
def doctor(cmd: Any, *, resource_group_name: Optional[str] = None, name: Optional[str] = None,
           slot: Optional[str] = None, src: Optional[str] = None, no_probe: bool = False,
           check_ids: Optional[list[str]] = None, probe_timeout: float = DEFAULT_PROBE_TIMEOUT,
           python_version: Optional[str] = None, startup_command: Optional[str] = None,
           read_archive: bool = False) -> dict[str, Any]:
    """az pyappsvc doctor."""
    from .gather.doctor import DoctorRequest, gather_snapshot
    only = selected_checks(check_ids, bool(src) and not (resource_group_name or name))
    if not 0 < probe_timeout <= MAX_PROBE_TIMEOUT:
        raise InvalidInput(f"--probe-timeout must be more than 0 and at most {MAX_PROBE_TIMEOUT} seconds.")
    app = optional_app(resource_group_name, name, slot, src)
    check_local_options(app, startup_command, python_version)
    version = parse_version_input(python_version) if python_version is not None else None
    request = DoctorRequest(app, src, not no_probe, probe_timeout, version, read_archive=bool(read_archive),
                            startup_command=startup_command)
    snapshot = gather_snapshot(cmd.cli_ctx, request, date.today())
    from .doctor.runner import doctor_result, has_problems, run_checks  # loaded during the gathering
    findings = run_checks(snapshot, only)
    if has_problems(findings):
        _exit_after_output(cmd.cli_ctx, DOCTOR_PROBLEMS_EXIT_CODE)
    return _shaped_for_output(cmd.cli_ctx, doctor_result(snapshot, findings))


def _shaped_for_output(cli_ctx: Any, result: dict[str, Any]) -> Any:
    """-o tsv (without --query) has no table transformer in az: one line per check then; else the data."""
    data = getattr(getattr(cli_ctx, "invocation", None), "data", None) or {}
    if data.get("output") == "tsv" and not data.get("query_active"):
        from ._format import doctor_tsv_rows
        return doctor_tsv_rows(result)
    return result


@translate_errors
def upgrade_check(cmd: Any, *, to: str, resource_group_name: Optional[str] = None, name: Optional[str] = None,
                  slot: Optional[str] = None, src: Optional[str] = None,
                  index_url: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc upgrade-check."""
    import os
    from .azure.pypi import PackageIndex
    from .gather.upgrade import check_context, gather_upgrade_inputs, judge_packages, pip_config_texts
    from .upgrade.index import choose_index
    from .upgrade.report import has_blocked, upgrade_result
    from .upgrade.verdicts import merge_packages
    target = parse_version_input(to)
    app = optional_app(resource_group_name, name, slot, src, f"upgrade-check --to {target}")
    index = choose_index(index_url, os.environ, pip_config_texts(os.environ))
    inputs = gather_upgrade_inputs(cmd.cli_ctx, app, src, target)
    client = PackageIndex(index.base, index.username, index.password)
    verdicts = judge_packages(client, merge_packages(inputs.declared.requirements, inputs.installed), target)
    context = check_context(inputs, target, src, index.display)
    result = upgrade_result(context, verdicts, inputs.imports, len(client.requested))
    if has_blocked(result):
        _exit_after_output(cmd.cli_ctx, UPGRADE_BLOCKED_EXIT_CODE)
    return result


UPGRADE_BLOCKED_EXIT_CODE = 1


AUDIT_GATE_EXIT_CODE = 1


def _after_output(cli_ctx: Any, lines: list[str], code: int) -> None:
    """Once az printed the result: the summary lines on stderr (not with --only-show-errors), then exit with code."""
    import sys
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE

    def finish(_cli_ctx: Any, **_: Any) -> None:
        if lines and not getattr(cli_ctx, "only_show_errors", False):
            sys.stderr.write("\n".join(lines) + "\n")
        if code:
            raise SystemExit(code)
    cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, finish)


@translate_errors
def audit(cmd: Any, *, subscriptions: Optional[list[str]] = None, management_groups: Optional[list[str]] = None,
          support: Optional[list[str]] = None, eol_within: Optional[str] = None, include_slots: bool = False,
          fail_on: Optional[str] = None, summary: bool = False) -> Any:
    """az pyappsvc audit."""
    from ._format import print_records, prints_records_itself
    from .audit.filters import parse_audit_args
    from .audit.report import build_report
    from .audit.summary import render_summary
    from .gather.audit import gather_audit
    args = parse_audit_args(subscriptions=subscriptions, management_groups=management_groups, support=support,
                            eol_within=eol_within, include_slots=include_slots, fail_on=fail_on)
    inputs = gather_audit(cmd.cli_ctx, args)
    report = build_report(inputs.apps, inputs.tally, parse_python_runtimes(inputs.stacks), inputs.coverage,
                          args=args, today=date.today())
    for problem in report.summary["incomplete"]:
        logger.warning(problem)
    if report.gate_fails:
        logger.warning("--fail-on %s: %d app%s match%s%s.", args.fail_on, report.failing,
                       "" if report.failing == 1 else "s", "es" if report.failing == 1 else "",
                       "" if report.summary["complete"] else ", and the answer is incomplete")
    _after_output(cmd.cli_ctx, [] if summary else render_summary(report.summary),
                  AUDIT_GATE_EXIT_CODE if report.gate_fails else 0)
    if summary or not prints_records_itself(cmd.cli_ctx):
        return report.summary if summary else report.records
    print_records(cmd.cli_ctx, report.records)   # as az prints them, without its todict over 100,000 values
    return None
