"""The pyappsvc commands loader: Python web apps on Azure App Service for Linux."""
from __future__ import annotations

from typing import Any

from azure.cli.core import AzCommandsLoader

from azext_pyappsvc._help import helps  # noqa: F401  # pylint: disable=unused-import  # registers the help texts


class PyAppSvcCommandsLoader(AzCommandsLoader):
    """Loads the pyappsvc command group; the handlers import their dependencies only when they run."""

    def __init__(self, cli_ctx: Any = None) -> None:
        from azure.cli.core.commands import CliCommandType
        custom = CliCommandType(operations_tmpl="azext_pyappsvc.custom#{}")
        super().__init__(cli_ctx=cli_ctx, custom_command_type=custom)

    def load_command_table(self, args: Any) -> Any:
        """The command table."""
        from azext_pyappsvc.commands import load_command_table
        load_command_table(self, args)
        return self.command_table

    def load_arguments(self, command: Any) -> None:
        """The arguments."""
        from azext_pyappsvc._params import load_arguments
        load_arguments(self, command)


COMMAND_LOADER_CLS = PyAppSvcCommandsLoader
