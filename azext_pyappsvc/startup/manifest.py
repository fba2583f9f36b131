"""oryx-manifest.toml and build.env as Oryx's startup script generator reads them (pure).

Facts from microsoft/Oryx (d91d836), src/startupscriptgenerator/src/common:
- buildManifestHelper.go `GetBuildManifest`/`deserializeBuildManifest`: the manifest is read from the app path
  (/home/site/wwwroot) with BurntSushi/toml into a struct of string fields; a decoding error prints
  "Error occurred when trying to deserialize the manifest file" and exits 1. BurntSushi/toml matches keys to
  field names exactly or, failing that, case-insensitively, and a non-string value for a string field is an error.
  Unknown keys are ignored.
- configuration.go `GetViperConfiguration`: build.env (in the app path) is read by viper as a dotenv file, which
  viper parses with subosito/gotenv; a parse error panics. Environment variables (app settings) win over the file
  (viper's AutomaticEnv), and viper compares keys case-insensitively.
The writer (Oryx's BaseBashBuildScript.sh.tpl) emits one `Key="value"` line per build property.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

MANIFEST_FILE = "oryx-manifest.toml"
BUILD_ENV_FILE = "build.env"
COMPRESSED_OUTPUTS = ("output.tar.zst", "output.tar.gz")  # scriptgenerator.go: zstd is looked for first
VENV_ARCHIVE_SUFFIXES = (".zip", ".tar.zst", ".tar.gz")    # getPackageSetupCommand; anything else exits 1
MANIFEST_FIELDS = ("StartupFileName", "OperationID", "VirtualEnvName", "PackageDir", "CompressedVirtualEnvFile",
                   "PythonVersion", "SourceDirectoryInBuildContainer", "CompressDestinationDir")
# gotenv's line rule: optional "export", a key of word characters and dots, "=" (or ": "), then a value.
DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([\w.]+)(?:\s*=\s*|:\s+?)(.*)$")
NO_VALUES: Mapping[str, str] = MappingProxyType({})


class ManifestError(ValueError):
    """oryx-manifest.toml cannot be decoded the way Oryx decodes it (Oryx exits 1)."""


class BuildEnvError(ValueError):
    """build.env cannot be parsed the way viper/gotenv parse it (Oryx panics)."""


@dataclass(frozen=True)
class BuildManifest:
    """The manifest's values, by Oryx's field names ("" when absent)."""

    values: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """A field's value, "" when the manifest does not set it."""
        return self.values.get(name, "")

    @property
    def compressed(self) -> bool:
        """CompressDestinationDir == "true" (scriptgenerator.go compares the string exactly)."""
        return self.get("CompressDestinationDir") == "true"

    @property
    def python_version(self) -> str:
        """PythonVersion ("" when absent)."""
        return self.get("PythonVersion")

    @property
    def source_dir(self) -> str:
        """SourceDirectoryInBuildContainer: where a compressed output is extracted at start (/tmp/<id>)."""
        return self.get("SourceDirectoryInBuildContainer")

    @property
    def virtual_env_name(self) -> str:
        """VirtualEnvName (wins over the -virtualEnvName flag when set)."""
        return self.get("VirtualEnvName")

    @property
    def compressed_virtual_env_file(self) -> str:
        """CompressedVirtualEnvFile ("" when the virtual environment is not compressed)."""
        return self.get("CompressedVirtualEnvFile")

    @property
    def operation_id(self) -> str:
        """OperationID, which the start-up prints as "Build Operation ID: ..." (trimmed)."""
        return self.get("OperationID").strip()

    def to_dict(self) -> dict[str, Any]:
        """The fields the prediction shows."""
        return {"compressed": self.compressed, "pythonVersion": self.python_version or None,
                "virtualEnvName": self.virtual_env_name or None,
                "compressedVirtualEnvFile": self.compressed_virtual_env_file or None,
                "sourceDirectoryInBuildContainer": self.source_dir or None,
                "operationId": self.operation_id or None}


def parse_manifest(text: str) -> BuildManifest:
    """Decode oryx-manifest.toml like Oryx; ManifestError says why Oryx would exit 1."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"it is not valid TOML ({error})") from None
    values: dict[str, str] = {}
    for field in MANIFEST_FIELDS:
        key = field if field in document else next((k for k in document if k.lower() == field.lower()), None)
        if key is None:
            continue
        value = document[key]
        if not isinstance(value, str):
            raise ManifestError(f"{key} is a {type(value).__name__}, not a string (write {key}=\"...\")")
        values[field] = value
    return BuildManifest(MappingProxyType(values))


def parse_build_env(text: str) -> dict[str, str]:
    """Parse build.env as gotenv does (keys kept as written); BuildEnvError says why Oryx would panic."""
    values: dict[str, str] = {}
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line or line.startswith("#"):
            continue
        match = DOTENV_LINE.match(line)
        if match is None:
            raise BuildEnvError(f"line `{line[:60]}` is not KEY=value")
        key, value = match.group(1), match.group(2).strip()
        if value[:1] in ("'", '"') and not _closes(value):
            while index < len(lines) and not _closes(value):
                value += "\n" + lines[index]
                index += 1
            if not _closes(value):
                raise BuildEnvError(f"the value of {key} opens a {value[0]} quote that is never closed")
        values[key] = _unquote(value)
    return values


def _closes(value: str) -> bool:
    quote = value[0]
    rest = value[1:]
    end = rest.rfind(quote)
    return end >= 0 and (end == 0 or rest[end - 1] != "\\")


def _unquote(value: str) -> str:
    if value[:1] in ("'", '"'):
        end = value.rfind(value[0])
        tail = value[end + 1:].strip()
        value = value[:end + 1] if end > 0 and (not tail or tail.startswith("#")) else value
    else:
        value = re.sub(r"\s+#.*$", "", value)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in ("'", '"'):
        return value[1:-1]
    return value


def env_value(name: str, settings: Mapping[str, str], build_env: Mapping[str, str]) -> str:
    """viper's GetString: the app setting (an environment variable) wins, then build.env's key in any case."""
    if settings.get(name):
        return settings[name]
    return next((value for key, value in build_env.items() if key.lower() == name.lower()), "")


def viper_bool(value: str) -> bool:
    """viper's GetBool (spf13/cast ToBool): strconv.ParseBool's true values; anything else is false, no panic."""
    return value in ("1", "t", "T", "TRUE", "true", "True")


def venv_archive_problem(file_name: str) -> str | None:
    """Why Oryx exits 1 on a compressedVirtualEnvFile, or None when its extension is one Oryx extracts."""
    if not file_name or file_name.endswith(VENV_ARCHIVE_SUFFIXES):
        return None
    return (f"compressedVirtualEnvFile '{file_name}' is neither .zip, .tar.zst nor .tar.gz: Oryx prints "
            "\"Error: Unrecognizable file\" and exits 1, so the container does not start.")
