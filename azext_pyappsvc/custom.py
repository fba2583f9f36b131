"""One thin handler per command: gather through the gateway, decide in the pure core, return plain data."""
from __future__ import annotations

import functools
from datetime import date
from typing import Any, Callable, Optional, TypeVar

from knack.log import get_logger

from .errors import Forbidden, InvalidInput, NotFound, PyAppSvcError, Refused, ServiceFailure, Unauthorized
from .gateway import AppRef, AppServiceGateway, run_concurrently
from .runtime import VersionInputError, offered_runtimes, parse_python_runtimes, parse_version_input
from .versions import describe_version, plan_result, plan_version_change
from .webapp import read_site

logger = get_logger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _to_cli_error(error: Exception) -> Exception:
    """The azure-cli error class for a domain error (exit 3 for not found, 1 otherwise)."""
    from azure.cli.core import azclierror as az
    if isinstance(error, VersionInputError):
        return az.InvalidArgumentValueError(str(error), "Example: az pyappsvc set-version 3.12 -g MyGroup -n MyApp")
    mapping = {NotFound: az.ResourceNotFoundError, Forbidden: az.ForbiddenError, Unauthorized: az.UnauthorizedError,
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
    """The one write: a PATCH of exactly these fields; a failure says that nothing changed."""
    try:
        gateway.patch_site_config(app, fields)
    except PyAppSvcError as error:
        error.message = f"{error.message} The {app} was left as it was."
        raise


def _one_of(positional: Optional[str], option: Optional[str], positional_name: str, option_name: str) -> str:
    """The value given either positionally or as an option, not both."""
    if positional is not None and option is not None and positional != option:
        raise InvalidInput(f"Give {positional_name} or {option_name}, not both.")
    value = positional if positional is not None else option
    if value is None:
        raise InvalidInput(f"{positional_name} is required.", f"Give it positionally or with {option_name}.")
    return value
