"""Argument checks that run before any request: each raises a domain error with a next step (custom.py maps it)."""
from __future__ import annotations

from typing import Optional

from .azure.arm import AppRef
from .errors import InvalidInput

MAX_VERIFY_TIMEOUT = 1800  # WEBSITES_CONTAINER_START_TIME_LIMIT's maximum


def check_verify_arguments(verify: bool, rollback: bool, timeout: float) -> None:
    """--rollback-on-failure and --verify-timeout need --verify; the timeout is bounded."""
    if rollback and not verify:
        raise InvalidInput("--rollback-on-failure needs --verify.",
                           "Example: az pyappsvc set-version 3.13 -g MyGroup -n MyApp --verify --rollback-on-failure")
    if not 0 < timeout <= MAX_VERIFY_TIMEOUT:
        raise InvalidInput(f"--verify-timeout must be more than 0 and at most {MAX_VERIFY_TIMEOUT} seconds.")


def either(positional: Optional[str], option: Optional[str], positional_name: str,
           option_name: str) -> Optional[str]:
    """The value given positionally or as an option (not both), or None."""
    if positional is not None and option is not None and positional != option:
        raise InvalidInput(f"Give {positional_name} or {option_name}, not both.")
    return positional if positional is not None else option


def one_of(positional: Optional[str], option: Optional[str], positional_name: str, option_name: str) -> str:
    """The value given either positionally or as an option, not both."""
    value = either(positional, option, positional_name, option_name)
    if value is None:
        raise InvalidInput(f"{positional_name} is required.", f"Give it positionally or with {option_name}.")
    return value


def optional_app(resource_group_name: Optional[str], name: Optional[str], slot: Optional[str],
                 src: Optional[str], command: str = "show-startup") -> Optional[AppRef]:
    """The app when -g and -n are known; None for --src alone."""
    if resource_group_name and name:
        return AppRef(resource_group_name, name, slot)
    if src and not (resource_group_name or name):
        return None
    missing = "--resource-group/-g" if name else "--name/-n" if resource_group_name else "-g and -n"
    raise InvalidInput(f"Give {missing} to name the app" + (", or --src DIR for a local folder." if not src else "."),
                       f"Example: az pyappsvc {command} -g MyGroup -n MyApp | az pyappsvc {command} --src .")


def check_local_options(app: Optional[AppRef], startup_command: Optional[str],
                        python_version: Optional[str]) -> None:
    """--startup-command only with --src alone; --python-version must be a Python 3 that App Service could run."""
    if startup_command is not None and app is not None:
        raise InvalidInput("--startup-command is for --src without an app: an app's own startup command is read from "
                           "its configuration.", "Drop -g/-n to check the folder alone, or set the app's command with "
                           "az pyappsvc set-startup.")
    if startup_command is not None and ("\n" in startup_command or "\r" in startup_command):
        raise InvalidInput("--startup-command must be one line (App Service runs one line).",
                           "Example: --startup-command startup.sh")
    if python_version is not None:
        from .runtime.local import require_python3
        require_python3(python_version)


def selected_checks(check_ids: Optional[list[str]], src_only: bool = False) -> Optional[list[str]]:
    """The --check ids, validated before any request; the example matches the mode (an app or --src alone)."""
    if not check_ids:
        return None
    from .doctor.runner import select_checks
    try:
        select_checks(check_ids)
    except ValueError as error:
        target = "--src ." if src_only else "-g MyGroup -n MyApp"
        raise InvalidInput(str(error), f"Example: az pyappsvc doctor {target} --check startup.file") from None
    return check_ids or None
