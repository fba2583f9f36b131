"""What the latest start says ran: Oryx's own lines in the container's docker log (pure).

The lines and their wording, with the code that prints them:
- ImageBuilder v2/src/python/templates/3.x/init_container.sh: "Site's appCommandLine: ...",
  "App Command Line not configured, will attempt auto-detect", "Launching oryx with: create-script ...".
- Oryx (d91d836) common/buildManifestHelper.go `GetBuildManifest`: "Found build manifest file at '...'",
  "Could not find build manifest file at '...'"; common/logging.go `SetGlobalOperationID`: "Build Operation ID: ...".
- python/scriptgenerator.go `GenerateEntrypointScript`: "Output is compressed. Extracting it...",
  "Found zstd-compressed tarball." / "Found gzip-compressed tarball.", "App path is set to '...'",
  "Detected an app based on <Name>", "No framework detected; using default app from ...",
  and GeneratingCommandMessage "Generating `<tool>` command for '<module>'".
- common/environmentVariablesHelper.go `GetBooleanEnvironmentVariable`: "Invalid value '...' for '...'" (a panic).
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

TIMESTAMP = re.compile(r"^\s*\d{4}-\d\d-\d\dT[0-9:.,]+Z?\s+")
START_MARKERS = re.compile(r"Site's appCommandLine:|App Command Line not configured")
LAUNCH = re.compile(r"Launching oryx with:\s*(?P<args>.*)$")
APP_COMMAND_LINE = re.compile(r"Site's appCommandLine:\s?(?P<value>.*)$")
MANIFEST_FOUND = re.compile(r"Found build manifest file at '(?P<path>[^']*)'")
MANIFEST_MISSING = re.compile(r"Could not find build manifest file at")
OPERATION_ID = re.compile(r"Build Operation ID:\s*(?P<id>\S+)")
COMPRESSED = re.compile(r"Output is compressed\. Extracting it")
TARBALL = re.compile(r"Found (?P<kind>zstd|gzip)-compressed tarball")
APP_PATH = re.compile(r"App path is set to '(?P<path>[^']*)'")
DETECTED = re.compile(r"Detected an app based on (?P<name>\w+)")
NO_FRAMEWORK = re.compile(r"No framework detected; using default app from (?P<path>\S+)")
GENERATING = re.compile(r"Generating `(?P<tool>[^`]+)` command for '(?P<module>.*)'\s*$")
FAILURES = (
    re.compile(r"Invalid value '[^']*' for '(?P<name>[^']+)'"),
    re.compile(r"Error occurred when trying to deserialize the manifest file"),
    re.compile(r"zstd/gzip output not found"),
    re.compile(r"Error: Unrecognizable file"),
    re.compile(r"Error reading configuration file 'build\.env'"),
    re.compile(r"unexpected EOF while looking for matching"),
)
SETTING_VALUE = re.compile(r"(?<=Invalid value ')[^']*")  # a setting's value: never quoted
TARBALL_FILES = {"zstd": "output.tar.zst", "gzip": "output.tar.gz"}
FRAMEWORK_SOURCES = {"Django": "django", "Flask": "flask", "FastAPI": "fastapi"}


@dataclass(frozen=True)
class ObservedStart:
    """Oryx's words about the latest start; None where the log does not say."""

    app_command_line: str | None = None
    user_startup_command: str | None = None
    manifest_found: bool | None = None
    operation_id: str | None = None
    compressed: bool = False
    archive: str | None = None
    app_path: str | None = None
    framework: str | None = None  # Django, Flask, FastAPI, Default
    tool: str | None = None       # gunicorn, debugpy
    module: str | None = None
    failure: str | None = None
    lines: tuple[str, ...] = field(default_factory=tuple)

    @property
    def source(self) -> str | None:
        """The prediction's source this start corresponds to: django, flask, fastapi, default or custom."""
        if self.framework:
            return FRAMEWORK_SOURCES.get(self.framework, "default" if self.framework == "Default" else None)
        return "custom" if self.user_startup_command else None

    @property
    def command(self) -> str | None:
        """What ran, in brief: the tool and module Oryx generated, or the custom command it was given."""
        if self.tool and self.module is not None:
            where = f" in {self.app_path}" if self.app_path else ""
            return f"{self.tool} {self.module}{where}"
        return self.user_startup_command

    def to_dict(self) -> dict[str, Any]:
        """The camelCase form used in command output."""
        return {"source": self.source, "command": self.command, "appCommandLine": self.app_command_line,
                "appPath": self.app_path, "framework": self.framework, "module": self.module,
                "manifestFound": self.manifest_found, "operationId": self.operation_id,
                "compressed": self.compressed, "archive": self.archive, "failure": self.failure,
                "lines": list(self.lines)}


def latest_start(text: str) -> list[str]:
    """The lines of the latest start (from its init_container.sh banner line), timestamps removed."""
    lines = [TIMESTAMP.sub("", line) for line in text.splitlines()]
    starts = [i for i, line in enumerate(lines) if START_MARKERS.search(line)]
    if not starts:
        starts = [i for i, line in enumerate(lines) if LAUNCH.search(line)]
    return lines[starts[-1]:] if starts else []


def parse_observed(text: str | None) -> ObservedStart | None:
    """What the latest start in a docker log says Oryx did; None when the log holds no start."""
    lines = latest_start(text or "")
    if not lines:
        return None
    found: dict[str, Any] = {"lines": []}
    for line in (SETTING_VALUE.sub("***", line) for line in lines):
        if _read_line(line, found):
            found["lines"].append(line.strip())
    found["lines"] = tuple(found["lines"])
    return ObservedStart(**found)


def _read_line(line: str, found: dict[str, Any]) -> bool:
    """Record what one line says; True when it is one of Oryx's (or the start script's) lines."""
    simple = ((APP_COMMAND_LINE, "app_command_line", "value"), (OPERATION_ID, "operation_id", "id"),
              (APP_PATH, "app_path", "path"), (DETECTED, "framework", "name"))
    for pattern, key, group in simple:
        match = pattern.search(line)
        if match:
            found.setdefault(key, match.group(group).strip())
            return True
    return _read_other(line, found)


def _read_other(line: str, found: dict[str, Any]) -> bool:
    if "App Command Line not configured" in line:
        found.setdefault("app_command_line", "")
    elif match := LAUNCH.search(line):
        found.setdefault("user_startup_command", user_startup_command(match.group("args")))
    elif MANIFEST_FOUND.search(line) or MANIFEST_MISSING.search(line):
        found.setdefault("manifest_found", bool(MANIFEST_FOUND.search(line)))
    elif COMPRESSED.search(line):
        found["compressed"] = True
    elif match := TARBALL.search(line):
        found.setdefault("archive", TARBALL_FILES[match.group("kind")])
    elif match := NO_FRAMEWORK.search(line):
        found.setdefault("framework", "Default")
        found.setdefault("app_path", match.group("path"))
    elif match := GENERATING.search(line):
        found.setdefault("tool", match.group("tool"))
        found.setdefault("module", match.group("module"))
    elif any(pattern.search(line) for pattern in FAILURES):
        found.setdefault("failure", line.strip())
    else:
        return False
    return True


def user_startup_command(args: str) -> str | None:
    """The -userStartupCommand value of a "Launching oryx with:" line, as the eval hands it to Oryx."""
    try:
        words = shlex.split(args, posix=True)
    except ValueError:
        return None
    for index, word in enumerate(words[:-1]):
        if word == "-userStartupCommand":
            return words[index + 1] or None
    return None


def observed_differences(predicted_source: str, predicted_module: str | None, predicted_path: str,
                         observed: ObservedStart, app_command_line: str | None = None) -> list[str]:
    """How the latest start differs from a prediction (empty when it agrees or says too little)."""
    differences = []
    if app_command_line is not None and observed.app_command_line is not None \
            and observed.app_command_line.strip() != app_command_line.strip():
        differences.append(f"it started with appCommandLine '{observed.app_command_line.strip()}', not the app's "
                           f"current '{app_command_line.strip()}' (not restarted since it changed?)")
    source = observed.source
    if source and source != predicted_source:
        differences.append(f"it ran {observed.framework or 'a custom command'}, not {predicted_source}")
    module = (observed.module or "").split()[-1] if observed.module else None
    if module and predicted_module and module != predicted_module and source == predicted_source:
        differences.append(f"it served {module}, not {predicted_module}")
    if observed.app_path and predicted_path and source == predicted_source and source not in ("default", "custom") \
            and observed.app_path.rstrip("/") != predicted_path.rstrip("/"):
        differences.append(f"it ran in {observed.app_path}, not {predicted_path}")
    return differences


def brief(prediction: Any) -> str:
    """A prediction in the observed form: "gunicorn app:app in /tmp/8dc...", or the custom command."""
    if prediction.source in ("django", "flask", "fastapi", "default") and prediction.module:
        tool = "debugpy" if prediction.command.startswith("cd ") else "gunicorn"
        where = "/opt/defaultsite" if prediction.source == "default" else prediction.app_path
        return f"{tool} {prediction.module} in {where}"
    return prediction.command or "nothing"


def shown_beside(prediction: Any, observed: ObservedStart | None) -> tuple[dict[str, Any] | None, list[str]]:
    """(the observed start for output, the reason when it differs from the prediction, both shown)."""
    if observed is None:
        return None, []
    differences = observed_differences(prediction.source, prediction.module, prediction.app_path, observed,
                                       prediction.app_command_line)
    if not differences or prediction.source == "unknown":
        return observed.to_dict(), []
    return observed.to_dict(), [f"The latest start differs: {'; '.join(differences)}. Observed: "
                                f"{observed.command or 'nothing'}; predicted: {brief(prediction)}."]


def settles(observed: ObservedStart | None, operation_id: str) -> bool:
    """True when the latest start ran the build the manifest describes and says what it detected."""
    if observed is None or observed.failure or not observed.compressed or observed.source in (None, "custom"):
        return False
    return bool(operation_id) and observed.operation_id == operation_id


def describe(observed: ObservedStart) -> str:
    """One sentence for reports: what the latest start ran."""
    if observed.failure:
        return f"the latest start failed in Oryx: {observed.failure}"
    command = observed.command
    return f"the latest start ran {command}" if command else "the latest start's log does not say what ran"
