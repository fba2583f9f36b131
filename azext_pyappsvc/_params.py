"""Arguments of the pyappsvc commands."""
from __future__ import annotations

from typing import Any

from knack.arguments import CLIArgumentType


def load_arguments(loader: Any, _: Any) -> None:
    """Register arguments; -g and -n honour `az configure --defaults group=... web=...`."""
    from azure.cli.core.commands.parameters import get_enum_type, get_three_state_flag, resource_group_name_type
    name_type = CLIArgumentType(options_list=["--name", "-n"], configured_default="web", metavar="NAME",
                                help="Name of the web app. You can configure the default using "
                                     "`az configure --defaults web=<name>`.")
    slot_type = CLIArgumentType(options_list=["--slot", "-s"],
                                help="Name of the deployment slot. Default: the production slot.")

    for scope in ("pyappsvc show-version", "pyappsvc set-version", "pyappsvc show-startup", "pyappsvc set-startup",
                  "pyappsvc doctor"):
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

    src_type = CLIArgumentType(options_list=["--src"], metavar="DIR",
                               help="A local folder with the app's code, read instead of the deployed site/wwwroot.")
    for scope in ("pyappsvc show-startup", "pyappsvc doctor"):
        with loader.argument_context(scope) as c:
            c.argument("src", src_type)
            c.argument("python_version", options_list=["--python-version"], metavar="X.Y",
                       help="Reason about this Python version (default: the app's, else runtime.txt/.python-version).")

    with loader.argument_context("pyappsvc doctor") as c:
        c.argument("no_probe", options_list=["--no-probe"], action="store_true",
                   help="Do not request the site's URL (by default one GET of https://<defaultHostName>/).")
        c.argument("probe_timeout", options_list=["--probe-timeout"], type=float, metavar="SECONDS",
                   help="How long to wait for the site's answer. Default: 20.")
        c.argument("check_ids", options_list=["--check"], nargs="+", metavar="ID",
                   help="Run only these checks (ids as in the output, e.g. startup.file logs.errors).")

    with loader.argument_context("pyappsvc set-startup") as c:
        c.positional("startup", nargs="?", help="A startup file in wwwroot (e.g. startup.txt, startup.sh) or a whole "
                                                "command (quote it).")
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
