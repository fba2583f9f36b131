"""The command table."""
from __future__ import annotations

from typing import Any

from azext_pyappsvc._format import (transform_audit, transform_doctor, transform_set_startup, transform_set_version,
                                    transform_startup, transform_upgrade_check, transform_version,
                                    transform_versions)


def load_command_table(loader: Any, _: Any) -> None:
    """Register the pyappsvc commands."""
    # is_preview matches azext.isPreview in azext_metadata.json (tests/unit/test_packaging.py keeps them equal).
    with loader.command_group("pyappsvc", is_preview=True) as group:
        group.custom_show_command("show-version", "show_version", table_transformer=transform_version)
        group.custom_command("list-versions", "list_versions", table_transformer=transform_versions)
        group.custom_command("set-version", "set_version", table_transformer=transform_set_version)
        group.custom_command("show-startup", "show_startup", table_transformer=transform_startup)
        group.custom_command("set-startup", "set_startup", table_transformer=transform_set_startup)
        group.custom_command("doctor", "doctor", table_transformer=transform_doctor)
        group.custom_command("upgrade-check", "upgrade_check", table_transformer=transform_upgrade_check)
        group.custom_command("audit", "audit", table_transformer=transform_audit)
