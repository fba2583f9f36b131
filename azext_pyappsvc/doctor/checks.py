"""Every doctor check, in the order doctor runs them: check_<name>(snapshot, derived) -> Finding (pure)."""
from __future__ import annotations

from .checks_app import (check_app_linux, check_app_state, check_runtime_local, check_runtime_python,
                         check_runtime_support)
from .checks_compat import check_runtime_removed_modules
from .checks_build import (check_build_requirements, check_build_scm_build, check_build_venv,
                           check_settings_values)
from .checks_django import (check_data_sqlite, check_django_allowed_hosts, check_django_csrf_origins,
                            check_django_static)
from .checks_platform import (check_build_ci_venv, check_build_run_from_package, check_logs_out_of_memory,
                              check_startup_scripts, check_startup_warmup)
from .checks_settings import check_probe_health_check, check_settings_key_vault, check_settings_slot_sticky
from .checks_live import check_logs_errors, check_network_https, check_probe_http
from .checks_oryx import check_startup_observed
from .checks_startup import (check_network_port, check_startup_command, check_startup_detection,
                             check_startup_file)

__all__ = [
    "check_app_linux", "check_app_state", "check_runtime_python", "check_runtime_support", "check_runtime_local",
    "check_runtime_removed_modules",
    "check_startup_command", "check_startup_file", "check_startup_detection", "check_startup_observed",
    "check_build_requirements",
    "check_build_scm_build", "check_build_venv", "check_settings_values", "check_network_port",
    "check_network_https", "check_django_allowed_hosts", "check_django_csrf_origins", "check_django_static",
    "check_data_sqlite", "check_build_ci_venv", "check_build_run_from_package", "check_logs_out_of_memory",
    "check_startup_scripts", "check_startup_warmup", "check_settings_key_vault", "check_settings_slot_sticky",
    "check_probe_health_check", "check_probe_http", "check_logs_errors",
]
