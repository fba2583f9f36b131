"""oryx-manifest.toml and build.env, read as Oryx reads them."""
from __future__ import annotations

import pytest

from azext_pyappsvc.startup.manifest import (BuildEnvError, ManifestError, env_value, parse_build_env,
                                             parse_manifest, venv_archive_problem, viper_bool)


def test_manifest_as_oryx_writes_it():
    manifest = parse_manifest('Frameworks="Python"\nPythonVersion="3.12.9"\nvirtualEnvName="antenv"\n'
                              'compressedVirtualEnvFile=""\nCompressDestinationDir="true"\n'
                              'SourceDirectoryInBuildContainer="/tmp/8dc1"\nOperationID=" op-1 "\n')
    assert (manifest.compressed, manifest.python_version, manifest.virtual_env_name) == (True, "3.12.9", "antenv")
    assert (manifest.source_dir, manifest.operation_id, manifest.compressed_virtual_env_file) == ("/tmp/8dc1",
                                                                                                 "op-1", "")


def test_compressed_is_the_exact_string_true():
    assert not parse_manifest('CompressDestinationDir="True"\n').compressed
    assert not parse_manifest("").compressed


@pytest.mark.parametrize("text", ["CompressDestinationDir = true\n", 'PythonVersion="3.12\n', "[[[\n"])
def test_manifest_errors(text):
    with pytest.raises(ManifestError):
        parse_manifest(text)


def test_build_env():
    assert parse_build_env("# comment\n\nexport A=1\nB = \"two words\"\nC: three\nD='x' # note\n") == {
        "A": "1", "B": "two words", "C": "three", "D": "x"}
    assert parse_build_env('E="multi\nline"\n') == {"E": "multi\nline"}


@pytest.mark.parametrize("text", ["JUSTAWORD\n", 'A="never closed\n'])
def test_build_env_errors(text):
    with pytest.raises(BuildEnvError):
        parse_build_env(text)


def test_env_value_prefers_the_setting_then_any_case_key():
    assert env_value("PRE_RUN_COMMAND", {"PRE_RUN_COMMAND": "a"}, {"pre_run_command": "b"}) == "a"
    assert env_value("PRE_RUN_COMMAND", {"PRE_RUN_COMMAND": ""}, {"pre_run_command": "b"}) == "b"
    assert env_value("PRE_RUN_COMMAND", {}, {}) == ""


def test_viper_bool_and_venv_archives():
    assert viper_bool("T") and viper_bool("1") and not viper_bool("yes") and not viper_bool("")
    assert venv_archive_problem("antenv.zip") is None and venv_archive_problem("") is None
    assert "Unrecognizable" in venv_archive_problem("antenv.7z")
