"""Arguments of the pyappsvc commands."""
from __future__ import annotations

from typing import Any

from knack.arguments import CLIArgumentType


def load_arguments(loader: Any, _: Any) -> None:
    """Register arguments; -g and -n honour `az configure --defaults group=... web=...`."""
    from azure.cli.core.commands.parameters import get_three_state_flag, resource_group_name_type
    name_type = CLIArgumentType(options_list=["--name", "-n"], configured_default="web", metavar="NAME",
                                help="Name of the web app. You can configure the default using "
                                     "`az configure --defaults web=<name>`.")
    slot_type = CLIArgumentType(options_list=["--slot", "-s"],
                                help="Name of the deployment slot. Default: the production slot.")

    for scope in ("pyappsvc show-version", "pyappsvc set-version"):
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
