"""One thin handler per command: gather through the gateway, decide in the pure core, return plain data."""
from __future__ import annotations

import functools
from datetime import date
from typing import Any, Callable, Optional, TypeVar

from knack.log import get_logger

from .errors import ConflictingArguments, Forbidden, InvalidInput, NotFound, PyAppSvcError, Refused, ServiceFailure, Unauthorized
from .azure.arm import AppRef, AppServiceGateway, run_concurrently
from .runtime.stacks import VersionInputError, offered_runtimes, parse_python_runtimes, parse_version_input
from .runtime.plan import describe_version, plan_result, plan_version_change
from .runtime.site import SiteInfo, read_site, refusal_for_python

logger = get_logger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _to_cli_error(error: Exception) -> Exception:
    """The azure-cli error class for a domain error (exit 3 for not found, 1 otherwise)."""
    from azure.cli.core import azclierror as az
    if isinstance(error, VersionInputError):
        return az.InvalidArgumentValueError(str(error), "Example: az pyappsvc set-version 3.12 -g MyGroup -n MyApp")
    mapping = {ConflictingArguments: az.MutuallyExclusiveArgumentError, NotFound: az.ResourceNotFoundError, Forbidden: az.ForbiddenError, Unauthorized: az.UnauthorizedError,
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
    gateway = AppServiceGateway(cmd.cli_ctx)
    site_doc, stacks = run_concurrently([lambda: gateway.get_site(app), gateway.list_python_stacks])
    return read_site(site_doc), parse_python_runtimes(stacks), gateway


@translate_errors
def show_version(cmd: Any, resource_group_name: str, name: str, slot: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc show-version."""
    site, runtimes, _ = _gather_site_and_runtimes(cmd, AppRef(resource_group_name, name, slot))
    return describe_version(site, runtimes, date.today())


@translate_errors
def list_versions(cmd: Any, include_all: bool = False) -> list[dict[str, Any]]:
    """az pyappsvc list-versions."""
    today = date.today()
    runtimes = parse_python_runtimes(AppServiceGateway(cmd.cli_ctx).list_python_stacks())
    return [runtime.to_dict(today) for runtime in offered_runtimes(runtimes, today, include_all)]


@translate_errors
def set_version(cmd: Any, resource_group_name: str, name: str, version: Optional[str] = None,
                version_option: Optional[str] = None, slot: Optional[str] = None,
                allow_eol: bool = False) -> dict[str, Any]:
    """az pyappsvc set-version."""
    requested = parse_version_input(_one_of(version, version_option, "VERSION", "--version"))
    app = AppRef(resource_group_name, name, slot)
    site, runtimes, gateway = _gather_site_and_runtimes(cmd, app)
    today = date.today()
    plan = plan_version_change(site, requested, runtimes, today, allow_eol)
    for warning in plan.warnings:
        logger.warning(warning)
    if plan.changed:
        _write_config(gateway, app, {"linuxFxVersion": plan.linux_fx_version})
    return plan_result(site, plan, today)


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


def _one_of(positional: Optional[str], option: Optional[str], positional_name: str, option_name: str) -> str:
    """The value given either positionally or as an option, not both."""
    if positional is not None and option is not None and positional != option:
        raise InvalidInput(f"Give {positional_name} or {option_name}, not both.")
    value = positional if positional is not None else option
    if value is None:
        raise InvalidInput(f"{positional_name} is required.", f"Give it positionally or with {option_name}.")
    return value


def _optional_app(resource_group_name: Optional[str], name: Optional[str], slot: Optional[str],
                  src: Optional[str]) -> Optional[AppRef]:
    """The app when -g and -n are known; None for --src alone."""
    if resource_group_name and name:
        return AppRef(resource_group_name, name, slot)
    if src and not (resource_group_name or name):
        return None
    missing = "--resource-group/-g" if name else "--name/-n" if resource_group_name else "-g and -n"
    raise InvalidInput(f"Give {missing} to name the app" + (", or --src DIR for a local folder." if not src else "."),
                       "Example: az pyappsvc show-startup -g MyGroup -n MyApp | az pyappsvc show-startup --src .")


def _refuse_non_python(site: Optional[SiteInfo]) -> None:
    refusal = refusal_for_python(site) if site else None
    if refusal:
        raise Refused(*refusal)


@translate_errors
def show_startup(cmd: Any, resource_group_name: Optional[str] = None, name: Optional[str] = None,
                 slot: Optional[str] = None, src: Optional[str] = None,
                 python_version: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc show-startup."""
    from dataclasses import replace
    from .startup.detection import predict_startup
    from .gather.startup import gather_startup_inputs, read_or_note
    from .runtime.local import choose_python_version
    inputs = gather_startup_inputs(cmd.cli_ctx, _optional_app(resource_group_name, name, slot, src), src)
    _refuse_non_python(inputs.site)
    configured = inputs.site.python_version if inputs.site else None
    chosen = read_or_note(inputs, lambda: choose_python_version(python_version, configured, inputs.tree))
    version, source = chosen or choose_python_version(python_version, configured, None)
    prediction = read_or_note(inputs, lambda: predict_startup(inputs.tree, inputs.app_command_line, version,
                                                              inputs.settings))
    if prediction is None:
        prediction = predict_startup(None, inputs.app_command_line, version, inputs.settings)
    return replace(prediction, python_version_source=source, reasons=(*prediction.reasons, *inputs.notes)).to_dict()


@translate_errors
def set_startup(cmd: Any, resource_group_name: str, name: str, startup: Optional[str] = None,
                slot: Optional[str] = None, module: Optional[str] = None, chdir: Optional[str] = None,
                workers: Optional[int] = None, timeout: Optional[int] = None, clear: bool = False,
                src: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc set-startup."""
    from .gather.startup import gather_startup_inputs, read_or_note
    from .startup.command import lint_command
    from .startup.plan import StartupArgs, choose_command, files_to_prefetch, judge, lint_context, startup_result
    command = choose_command(StartupArgs(startup, module, chdir, workers, timeout, bool(clear)))
    app = AppRef(resource_group_name, name, slot)
    inputs = gather_startup_inputs(cmd.cli_ctx, app, src, with_settings=False, prefetch=files_to_prefetch(command))
    _refuse_non_python(inputs.site)
    context, file_info = read_or_note(inputs, lambda: lint_context(inputs.tree, command)) or lint_context(None, "")
    verdict = judge(lint_command(command, context) if command else [])
    verdict.raise_if_refused()
    warnings = [issue.message for issue in verdict.warnings] + inputs.notes
    for warning in warnings:
        logger.warning(warning)
    if command != inputs.app_command_line:
        _write_config(inputs.gateway, app, {"appCommandLine": command})
    return startup_result(inputs.site, inputs.app_command_line, command, warnings, file_info)


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
def doctor(cmd: Any, resource_group_name: Optional[str] = None, name: Optional[str] = None,
           slot: Optional[str] = None, src: Optional[str] = None, no_probe: bool = False,
           check_ids: Optional[list[str]] = None, probe_timeout: float = DEFAULT_PROBE_TIMEOUT,
           python_version: Optional[str] = None) -> dict[str, Any]:
    """az pyappsvc doctor."""
    from .gather.doctor import DoctorRequest, gather_snapshot
    only = _selected_checks(check_ids)
    if not 0 < probe_timeout <= MAX_PROBE_TIMEOUT:
        raise InvalidInput(f"--probe-timeout must be more than 0 and at most {MAX_PROBE_TIMEOUT} seconds.")
    version = parse_version_input(python_version) if python_version is not None else None
    request = DoctorRequest(_optional_app(resource_group_name, name, slot, src), src, not no_probe,
                            probe_timeout, version)
    snapshot = gather_snapshot(cmd.cli_ctx, request, date.today())
    from .doctor.runner import doctor_result, has_problems, run_checks  # loaded during the gathering
    findings = run_checks(snapshot, only)
    if has_problems(findings):
        _exit_after_output(cmd.cli_ctx, DOCTOR_PROBLEMS_EXIT_CODE)
    return doctor_result(snapshot, findings)


def _selected_checks(check_ids: Optional[list[str]]) -> Optional[list[str]]:
    """The --check ids, validated before any request."""
    if not check_ids:
        return None
    from .doctor.runner import select_checks
    try:
        select_checks(check_ids)
    except ValueError as error:
        raise InvalidInput(str(error), "Example: az pyappsvc doctor -g MyGroup -n MyApp --check startup.file") from None
    return check_ids or None


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
def audit(cmd: Any, subscriptions: Optional[list[str]] = None, management_groups: Optional[list[str]] = None,
          support: Optional[list[str]] = None, eol_within: Optional[str] = None, include_slots: bool = False,
          fail_on: Optional[str] = None, summary: bool = False) -> Any:
    """az pyappsvc audit."""
    from .audit.filters import parse_audit_args
    from .audit.report import build_report
    from .audit.summary import render_summary
    from .gather.audit import gather_audit
    args = parse_audit_args(subscriptions, management_groups, support, eol_within, include_slots, fail_on)
    inputs = gather_audit(cmd.cli_ctx, args)
    report = build_report(inputs.apps, inputs.tally, parse_python_runtimes(inputs.stacks), inputs.coverage, args,
                          date.today())
    for problem in report.summary["incomplete"]:
        logger.warning(problem)
    if report.gate_fails:
        logger.warning("--fail-on %s: %d app%s match%s%s.", args.fail_on, report.failing,
                       "" if report.failing == 1 else "s", "es" if report.failing == 1 else "",
                       "" if report.summary["complete"] else ", and the answer is incomplete")
    _after_output(cmd.cli_ctx, [] if summary else render_summary(report.summary),
                  AUDIT_GATE_EXIT_CODE if report.gate_fails else 0)
    return report.summary if summary else report.records
