"""What Oryx decides before it looks for a command: the manifest, build.env, the compressed output, the packages.

microsoft/Oryx (d91d836): python/main.go reads the manifest (common `GetBuildManifest`) and build.env (common
`GetViperConfiguration`) from the app path given with -appPath (/home/site/wwwroot) and appsvc.yaml from there too
(`ParseUserRunCommand`); python/scriptgenerator.go `GenerateEntrypointScript` then extracts a compressed output,
sets up the packages (`getPackageSetupCommand`) and writes the pre-run command (common `SetupPreRunScript`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .command import APP_ROOT
from .manifest import (BUILD_ENV_FILE, COMPRESSED_OUTPUTS, MANIFEST_FILE, BuildEnvError, BuildManifest, ManifestError,
                       env_value, parse_build_env, parse_manifest, venv_archive_problem, viper_bool)
from .oryx import APPSVC_YAML, DYNAMIC_INSTALL_SETTING, PRE_RUN_SETTING, run_after
from .rules import VIRTUAL_ENV_NAME
from ..source.tree import Entry, SourceTree

MANIFEST_SOURCE = "oryx-manifest.toml"


@dataclass(frozen=True)
class PlatformFiles:
    """wwwroot's root listing and the texts of the files the start-up reads there (None: absent)."""

    root: tuple[Entry, ...]
    texts: Mapping[str, str | None]

    @property
    def names(self) -> set[str]:
        """The names of the root's files."""
        return {entry.name for entry in self.root if not entry.is_dir}


@dataclass(frozen=True)
class ScriptPlan:
    """Where the app runs from and what surrounds its command, or why the script is never written."""

    app_path: str = APP_ROOT
    python_version: str | None = None
    python_version_source: str | None = None
    reasons: tuple[str, ...] = ()
    failure: str | None = None
    pre_run_command: str | None = None
    run_after: str | None = None
    build: Mapping[str, Any] | None = None
    compressed: bool = False
    venv_name: str = VIRTUAL_ENV_NAME
    compressed_venv: str = ""


def read_platform_files(tree: SourceTree, root: Sequence[Entry], startup_path: str | None) -> PlatformFiles:
    """Read, in one batch, the manifest, build.env, appsvc.yaml and the startup file where they exist."""
    names = {entry.name for entry in root if not entry.is_dir}
    wanted = [name for name in (MANIFEST_FILE, BUILD_ENV_FILE, APPSVC_YAML) if name in names]
    wanted += [startup_path] if startup_path and startup_path not in wanted else []
    return PlatformFiles(tuple(root), dict(tree.read_texts(wanted)) if wanted else {})


def plan_script(files: PlatformFiles, settings: Mapping[str, str], python_version: str | None,
                where: str) -> ScriptPlan:
    """What the generator settles before the command, in its own order; the first fatal problem wins."""
    manifest, failure = _manifest(files.texts.get(MANIFEST_FILE), where)
    if failure:
        return ScriptPlan(python_version=python_version, failure=failure)
    build_env, failure = _build_env(files.texts.get(BUILD_ENV_FILE))
    if failure:
        return ScriptPlan(python_version=python_version, failure=failure)
    manifest = manifest or BuildManifest()
    version, version_source = (manifest.python_version, MANIFEST_SOURCE) if manifest.python_version else (
        python_version, None)
    app_path, archive, reasons, failure = _app_path(manifest, files, where)
    venv_name = manifest.virtual_env_name or VIRTUAL_ENV_NAME
    failure = failure or venv_archive_problem(manifest.compressed_virtual_env_file)
    pre_run = env_value(PRE_RUN_SETTING, settings, build_env) or None
    if pre_run:
        reasons.append(f"{PRE_RUN_SETTING} runs first, in {app_path} (an app setting wins over {BUILD_ENV_FILE}).")
    if viper_bool(env_value(DYNAMIC_INSTALL_SETTING, settings, build_env)):
        reasons.append(f"{DYNAMIC_INSTALL_SETTING} is true: when the image has no /opt/python/{version or '<version>'}"
                       ", the script installs that Python first (oryx setupEnv).")
    after = run_after(files.texts.get(APPSVC_YAML))
    if after:
        reasons.append(f"{APPSVC_YAML}'s run: command is appended after the main command, so it runs only once "
                       "that command exits.")
    build = {**manifest.to_dict(), "archive": archive} if files.texts.get(MANIFEST_FILE) is not None else None
    return ScriptPlan(app_path, version, version_source, tuple(reasons), failure, pre_run, after, build,
                      manifest.compressed, venv_name, manifest.compressed_virtual_env_file)


def _manifest(text: str | None, where: str) -> tuple[BuildManifest | None, str | None]:
    if text is None:
        return None, None
    try:
        return parse_manifest(text), None
    except ManifestError as error:
        return None, (f"{MANIFEST_FILE} in {where} cannot be decoded as Oryx decodes it ({error}): Oryx prints "
                      "\"Error occurred when trying to deserialize the manifest file\" and exits 1")


def _build_env(text: str | None) -> tuple[dict[str, str], str | None]:
    if text is None:
        return {}, None
    try:
        return parse_build_env(text), None
    except BuildEnvError as error:
        return {}, (f"{BUILD_ENV_FILE} cannot be parsed ({error}): Oryx panics with \"Error reading configuration "
                    f"file '{BUILD_ENV_FILE}'\"")


def _app_path(manifest: BuildManifest, files: PlatformFiles,
              where: str) -> tuple[str, str | None, list[str], str | None]:
    """(app path, archive, reasons, failure): a compressed output runs from SourceDirectoryInBuildContainer."""
    if not manifest.compressed:
        built = [f"{MANIFEST_FILE} is in {where}: an Oryx build produced these files."] if manifest.values else []
        return APP_ROOT, None, built, None
    archive = next((name for name in COMPRESSED_OUTPUTS if name in files.names), None)
    if archive is None:
        return APP_ROOT, None, [], (f"{MANIFEST_FILE} says the output is compressed, but neither "
                                    f"{' nor '.join(COMPRESSED_OUTPUTS)} is in {where}: Oryx panics with "
                                    "\"zstd/gzip output not found\"")
    target = manifest.source_dir
    if not target:
        return APP_ROOT, archive, [], (f"{MANIFEST_FILE} says the output is compressed but names no "
                                       "SourceDirectoryInBuildContainer: Oryx panics with \"Destination directory is "
                                       "required.\"")
    return target, archive, [
        f"{MANIFEST_FILE} says the build output is compressed: at start Oryx extracts {archive} to {target} and runs "
        f"the app from there (APP_PATH, --chdir={target}); other files beside it in {where} are not what runs."], None
