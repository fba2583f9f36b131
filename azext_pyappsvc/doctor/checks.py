"""Every doctor check, in the order doctor runs them: check_<name>(snapshot, derived) -> Finding (pure)."""
from __future__ import annotations

from .checks_app import (check_app_linux, check_app_state, check_runtime_local, check_runtime_python,
                         check_runtime_support)
from .checks_build import (check_build_requirements, check_build_scm_build, check_build_venv,
                           check_settings_values)
from .checks_live import check_logs_errors, check_network_https, check_probe_http
from .checks_oryx import check_startup_observed
from .checks_startup import (check_network_port, check_startup_command, check_startup_detection,
                             check_startup_file)

__all__ = [
    "check_app_linux", "check_app_state", "check_runtime_python", "check_runtime_support", "check_runtime_local",
    "check_startup_command", "check_startup_file", "check_startup_detection", "check_startup_observed",
    "check_build_requirements",
    "check_build_scm_build", "check_build_venv", "check_settings_values", "check_network_port",
    "check_network_https", "check_probe_http", "check_logs_errors",
]
