"""Arguments of the pyappsvc commands."""
from __future__ import annotations

from typing import Any, Optional

from knack.arguments import CLIArgumentType


def load_arguments(loader: Any, _: Any) -> None:
    """Register arguments; -g and -n honour `az configure --defaults group=... web=...`."""
    from azure.cli.core.commands.parameters import get_enum_type, get_three_state_flag, resource_group_name_type
    # --ids: id_part on the name as az webapp declares it (resource_group_name_type carries its own). The slot has
    # no id_part: azure-cli would then refuse every production id (it needs each id_part in each id); a slot's id
    # (.../sites/APP/slots/SLOT) sets the slot through slots_from_ids instead.
    name_type = CLIArgumentType(options_list=["--name", "-n"], configured_default="web", metavar="NAME",
                                id_part="name",
                                help="Name of the web app. You can configure the default using "
                                     "`az configure --defaults web=<name>`.")
    slot_type = CLIArgumentType(options_list=["--slot", "-s"],
                                help="Name of the deployment slot. Default: the production slot (or the slot a "
                                     "slot's resource id in --ids names).")
    _register_slot_ids(loader.cli_ctx)

    for scope in ("pyappsvc show-version", "pyappsvc set-version", "pyappsvc show-startup", "pyappsvc set-startup",
                  "pyappsvc doctor", "pyappsvc upgrade-check"):
        with loader.argument_context(scope) as c:
            c.argument("resource_group_name", resource_group_name_type)
            c.argument("name", name_type)
            c.argument("slot", slot_type)

    with loader.argument_context("pyappsvc list-versions") as c:
        c.argument("include_all", options_list=["--all"], arg_type=get_three_state_flag(),
                   help="Also list deprecated and past end-of-life versions (hidden ones never).")

    with loader.argument_context("pyappsvc set-version") as c:
        c.positional("version", nargs="?", help="Python minor version: 3.12, PYTHON|3.12 or python:3.12 (any case).")
        c.argument("version_option", options_list=["--version"],
                   help="The same as VERSION, as an option: --version 3.12.")
        c.argument("allow_eol", options_list=["--allow-eol"], arg_type=get_three_state_flag(),
                   help="Set a version past its end of life anyway (deprecated versions stay refused).")
        c.argument("verify", options_list=["--verify"], action="store_true",
                   help="After the write, wait for the restart (progress on stderr), probe the site and read the new "
                        "start's log lines; report the Python it runs on, or the failure and its cause.")
        c.argument("rollback_on_failure", options_list=["--rollback-on-failure"], action="store_true",
                   help="With --verify: when the app fails to start, set linuxFxVersion back (one more PATCH).")
        c.argument("verify_timeout", options_list=["--verify-timeout"], type=float, metavar="SECONDS",
                   help="With --verify: how long to wait for the new start, in seconds (at most 1800).")

    src_type = CLIArgumentType(options_list=["--src"], metavar="DIR",
                               help="A local folder with the app's code, read instead of the deployed site/wwwroot.")
    for scope in ("pyappsvc show-startup", "pyappsvc doctor"):
        with loader.argument_context(scope) as c:
            c.argument("src", src_type)
            c.argument("python_version", options_list=["--python-version"], metavar="X.Y",
                       help="Reason about this Python 3 version (default: the app's, else the linuxFxVersion in "
                            "infra/*.bicep, else runtime.txt/.python-version).")
            c.argument("startup_command", options_list=["--startup-command"], metavar="COMMAND",
                       help="With --src alone: the startup command (or startup file, e.g. startup.sh) App Service is "
                            "given, as set-startup takes it. Default: what infra/*.bicep (appCommandLine) or a "
                            "workflow's azure/webapps-deploy step (startup-command) declares.")
            c.argument("read_archive", options_list=["--read-archive"], action="store_true",
                       help="For a compressed Oryx build (oryx-manifest.toml + output.tar.gz/.tar.zst in wwwroot), "
                            "download and read the archive even when it is large or the latest start's log already "
                            "says what ran. Without it, an archive over 16 MiB is not downloaded.")

    with loader.argument_context("pyappsvc upgrade-check") as c:
        c.argument("to", options_list=["--to"], metavar="X.Y",
                   help="The Python version to check for: 3.13, PYTHON|3.13 or python:3.13.")
        c.argument("src", src_type)
        c.argument("index_url", options_list=["--index-url"], metavar="URL",
                   help="The package index's JSON API base (default: PIP_INDEX_URL, then pip.conf's index-url, then "
                        "https://pypi.org). Do not put credentials here: az --debug prints the command line; use "
                        "PIP_INDEX_URL or pip.conf for a private feed's token.")

    with loader.argument_context("pyappsvc doctor") as c:
        c.argument("no_probe", options_list=["--no-probe"], action="store_true",
                   help="Do not request the site's URL (by default one GET of the app's default host name).")
        c.argument("probe_timeout", options_list=["--probe-timeout"], type=float, metavar="SECONDS",
                   help="How long to wait for the site's answer, in seconds.")
        c.argument("check_ids", options_list=["--check"], nargs="+", metavar="ID",
                   help="Run only these checks (ids as in the output, e.g. startup.file logs.errors).")

    with loader.argument_context("pyappsvc set-startup") as c:
        c.positional("startup", nargs="?", help="A startup file in wwwroot (e.g. startup.txt, startup.sh) or a whole "
                                                "command (quote it).")
        c.argument("startup_file", options_list=["--startup-file"],
                   help="The same as STARTUP, as an option (the name az webapp config set uses).")
        c.argument("src", src_type)
        c.argument("module", options_list=["--module"], metavar="MOD:VAR",
                   help="Build the documented gunicorn command for this app module, e.g. hello:myapp.")
        c.argument("chdir", options_list=["--chdir"], help="With --module: the folder gunicorn changes to first.")
        c.argument("workers", options_list=["--workers"], type=int, help="With --module: the number of workers.")
        c.argument("timeout", options_list=["--timeout"], type=int,
                   help="With --module: gunicorn's worker timeout in seconds. Default: 600, as the platform uses.")
        c.argument("clear", options_list=["--clear"], action="store_true",
                   help="Remove the startup command: App Service goes back to auto-detection.")

    with loader.argument_context("pyappsvc audit") as c:
        c.argument("subscriptions", options_list=["--subscriptions"], nargs="+", metavar="ID",
                   help="Audit these subscriptions (ids, space-separated). Default: the one given with az's "
                        "--subscription, else every subscription the signed-in identity sees (az account list).")
        c.argument("management_groups", options_list=["--management-groups"], nargs="+", metavar="ID",
                   help="Audit the subscriptions under these management groups instead (not with --subscriptions).")
        c.argument("support", options_list=["--support"], nargs="+",
                   arg_type=get_enum_type(["eol", "near-eol", "deprecated", "unknown", "active"]),
                   help="List only apps with these support statuses (space-separated).")
        c.argument("eol_within", options_list=["--eol-within"], metavar="DAYS",
                   help="List only apps whose Python reaches end of life within DAYS days (or already has).")
        c.argument("include_slots", options_list=["--include-slots"], action="store_true",
                   help="Also list deployment slots (named app/slot in Resource Graph).")
        c.argument("fail_on", options_list=["--fail-on"], arg_type=get_enum_type(["eol", "near-eol", "deprecated"]),
                   help="Exit with 1, after printing the result, when a listed app is at this status or worse "
                        "(deprecated > eol > near-eol), or when the answer is incomplete.")
        c.argument("summary", options_list=["--summary"], action="store_true",
                   help="Return the summary (apps per support status and version, left out, coverage) instead of "
                        "the list.")


def slots_from_ids(ids: list[str], given_slot: Optional[str]) -> list[Optional[str]]:
    """The slot for each --ids entry: the one a slot's id names (.../sites/APP/slots/SLOT), else --slot."""
    from azure.mgmt.core.tools import parse_resource_id
    slots = []
    for resource_id in ids:
        parts = parse_resource_id(resource_id)
        is_slot = str(parts.get("child_type_1") or "").lower() == "slots"
        slots.append(parts.get("child_name_1") if is_slot else given_slot)
    return slots


def _register_slot_ids(cli_ctx: Any) -> None:
    """Once per run: after azure-cli split --ids into names, give each id its slot (az runs the command per id)."""
    if cli_ctx is None or getattr(cli_ctx, "_pyappsvc_slot_ids", False):
        return
    from knack.events import EVENT_INVOKER_POST_PARSE_ARGS
    setattr(cli_ctx, "_pyappsvc_slot_ids", True)

    def set_slots(_cli_ctx: Any, command: str = "", args: Any = None, **_: Any) -> None:
        ids = getattr(args, "_ids", None)
        if not ids or not str(command).startswith("pyappsvc ") or not hasattr(args, "slot"):
            return
        from azure.cli.core.commands.validators import IterateValue
        given = args.slot if isinstance(args.slot, str) else None
        args.slot = IterateValue(slots_from_ids(list(ids), given))
    cli_ctx.register_event(EVENT_INVOKER_POST_PARSE_ARGS, set_slots)
