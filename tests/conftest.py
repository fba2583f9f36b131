"""Test-wide settings: an AZURE_CONFIG_DIR of the run's own; hypothesis runs derandomized on CI, so a CI run is
repeatable."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# azure-cli's configuration for everything the tests run in-process or in a child without a session of its own: a
# folder of this run, never the user's ~/.azure nor an AZURE_CONFIG_DIR they set (azure.cli.core reads it at import).
os.environ["AZURE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="pyappsvc-tests-azure-")
atexit.register(shutil.rmtree, os.environ["AZURE_CONFIG_DIR"], True)

from hypothesis import settings  # noqa: E402  # after AZURE_CONFIG_DIR is set

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
