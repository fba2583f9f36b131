"""When a compressed build's archive is read, over a real local folder (--src): no mocks."""
from __future__ import annotations

import pytest

from azext_pyappsvc.gather.build import ArchiveSource, gather_build
from azext_pyappsvc.source.caching import open_local_tree
from azext_pyappsvc.source.archive import zstd_supported
from tests.emulator.archives import tar_gz

MANIFEST = 'CompressDestinationDir="true"\nSourceDirectoryInBuildContainer="/tmp/x1"\nOperationID="op-9"\n'
SETTLING_LOG = ("App Command Line not configured, will attempt auto-detect\nBuild Operation ID: op-9\n"
                "Output is compressed. Extracting it...\nDetected an app based on Flask\n"
                "Generating `gunicorn` command for 'app:app'\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "oryx-manifest.toml").write_text(MANIFEST)
    (tmp_path / "output.tar.gz").write_bytes(tar_gz({"app.py": "from flask import Flask\n"}))
    return tmp_path


def build(folder, log=None, command="", asked=False):
    return gather_build(open_local_tree(str(folder)), log, command, ArchiveSource(local_dir=str(folder)), asked)


def test_a_local_archive_is_read(folder):
    result = build(folder)
    assert [e.name for e in result.extracted.list_dirs([""])[""]] == ["app.py"]
    assert "/tmp/x1" in result.extracted.description and result.extracted_note is None


def test_the_log_of_the_same_build_settles_it_unless_asked(folder):
    settled = build(folder, SETTLING_LOG)
    assert settled.extracted is None and "log says" in settled.extracted_note and settled.observed.module == "app:app"
    assert build(folder, SETTLING_LOG, asked=True).extracted is not None


def test_a_startup_command_needs_no_archive(folder):
    assert "startup command" in build(folder, command="gunicorn app:app").extracted_note


def test_a_broken_archive_is_a_note_not_a_crash(folder):
    (folder / "output.tar.gz").write_bytes(b"not gzip")
    assert "could not be read" in build(folder).extracted_note


@pytest.mark.skipif(zstd_supported(), reason="this Python reads zstd")
def test_zstd_without_support_says_so(folder):
    (folder / "output.tar.zst").write_bytes(b"\x28\xb5\x2f\xfd")
    assert "compression.zstd comes with Python 3.14" in build(folder, asked=True).extracted_note


def test_no_manifest_no_archive(tmp_path):
    (tmp_path / "app.py").write_text("x")
    result = build(tmp_path, SETTLING_LOG)
    assert result.extracted is None and result.extracted_note is None and result.observed is not None
