"""Drive the real, unmodified `az` against the emulator, with an isolated AZURE_CONFIG_DIR."""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
AZ = str(Path(sys.executable).parent / "az")


@dataclass
class AzResult:
    """What one `az` run gave."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return f"az {' '.join(self.args)} -> {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def built_wheel() -> str:
    """The newest wheel in dist/ (built by `make wheel`)."""
    wheels = sorted(glob.glob(str(ROOT / "dist" / "pyappsvc-*-py3-none-any.whl")), key=os.path.getmtime)
    if not wheels:
        raise RuntimeError("No wheel in dist/: run `make wheel` (make test does it) first.")
    return wheels[-1]


class AzSession:
    """An isolated az configuration logged in to the emulator, with the wheel installed the way users do."""

    def __init__(self, config_dir: str, arm_url: str, ca_bundle: str, extension_dir: Optional[str] = None) -> None:
        self.config_dir = config_dir
        self.arm_url = arm_url
        # Not this machine's PYTHONDONTWRITEBYTECODE: az keeps its compiled modules, as on users' machines.
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("AZURE_", "AZ_")) and k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update({
            # `az` is `python -m azure.cli`, which puts the working directory first on sys.path: from the
            # repository, azext_pyappsvc would be imported from the sources instead of the installed wheel.
            "PYTHONSAFEPATH": "1",
            "AZURE_CONFIG_DIR": config_dir, "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "AZURE_CORE_NO_COLOR": "true", "AZURE_CORE_SURVEY_MESSAGE": "false",
            "AZURE_CORE_DISABLE_PROGRESS_BAR": "true", "REQUESTS_CA_BUNDLE": ca_bundle,
            "CURL_CA_BUNDLE": ca_bundle, "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no",
            "AZURE_CORE_CHECK_LATEST_VERSION": "false",
        })
        if extension_dir:
            self.env["AZURE_EXTENSION_DIR"] = extension_dir

    def run(self, *args: str, timeout: float = 120, extra_env: Optional[dict[str, str]] = None) -> AzResult:
        """Run `az ARGS` and capture everything."""
        env = {**self.env, **(extra_env or {})}
        proc = subprocess.run([AZ, *args], env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        return AzResult(tuple(args), proc.returncode, proc.stdout, proc.stderr)

    def must(self, *args: str) -> AzResult:
        """Run `az ARGS` and fail loudly unless it exits 0."""
        result = self.run(*args)
        if result.returncode != 0:
            raise RuntimeError(str(result))
        return result

    def login(self, tenant: str, app_id: str, secret: str) -> None:
        """Register the emulator as a cloud and log in with a service principal."""
        self.must("config", "set", "core.instance_discovery=false", "core.output=json")
        self.must("cloud", "register", "-n", "PyAppSvcEmulator", "--endpoint-resource-manager", self.arm_url)
        self.must("cloud", "set", "-n", "PyAppSvcEmulator")
        self.must("login", "--service-principal", "-u", app_id, "-p", secret, "--tenant", tenant)

    def install_extension(self, wheel: Optional[str] = None) -> None:
        """`az extension add --source <wheel> -y`, as users install it."""
        self.must("extension", "add", "--source", wheel or built_wheel(), "-y")
