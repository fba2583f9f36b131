"""A compressed build's files: read its archive (locally or through Kudu) only when nothing cheaper settles it.

The order (issue 11): the manifest and the latest start's log lines first; the archive only when they do not
settle what runs, or when asked (--read-archive). Through Kudu a large archive is never downloaded unasked.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import PyAppSvcError
from ..source.archive import ArchiveError, ArchiveTree, read_archive, zstd_supported
from ..source.tree import Entry, SourceTree, list_dir, read_text
from ..startup.detection import NO_BUILD, BuildInputs
from ..startup.manifest import COMPRESSED_OUTPUTS, MANIFEST_FILE, ManifestError, parse_manifest
from ..startup.observed import parse_observed, settles

MIB = 1024 * 1024
AUTO_READ_BYTES = 16 * MIB          # through Kudu, a larger archive is read only with --read-archive
PROGRESS_AFTER_SECONDS = 2.0
EXTRACTED_DESCRIPTION = "the compressed build output ({archive}, extracted to {target} at start)"


@dataclass(frozen=True)
class ArchiveSource:
    """Where an archive's bytes come from: a local folder (--src), or Kudu (an azure.kudu.Kudu)."""

    local_dir: Optional[str] = None
    kudu: Any = None


def gather_build(tree: Optional[SourceTree], log_text: Optional[str], app_command_line: str,
                 source: ArchiveSource, read_archive_asked: bool = False) -> BuildInputs:
    """The BuildInputs for a prediction: the latest start, and the archive's files when they are needed."""
    observed = parse_observed(log_text) if log_text else None
    if tree is None:
        return BuildInputs(observed=observed)
    root = {entry.name: entry for entry in list_dir(tree, "") or [] if not entry.is_dir}
    manifest = _compressed_manifest(tree, root)
    archive = next((name for name in COMPRESSED_OUTPUTS if name in root), None)
    if manifest is None or archive is None or not manifest.source_dir:
        return BuildInputs(observed=observed)  # nothing to extract, or a failure the prediction names
    note = _why_not_read(root[archive], archive, manifest.operation_id, app_command_line, observed, source,
                         read_archive_asked)
    if note:
        return BuildInputs(None, note, observed)
    description = EXTRACTED_DESCRIPTION.format(archive=archive, target=manifest.source_dir)
    try:
        return BuildInputs(_read(source, archive, description), None, observed)
    except ArchiveError as error:
        return BuildInputs(None, f"{archive} could not be read: {error}", observed)
    except PyAppSvcError as error:
        return BuildInputs(None, f"{archive} could not be downloaded: {error.message}", observed)


def _compressed_manifest(tree: SourceTree, root: dict[str, Entry]) -> Any:
    if MANIFEST_FILE not in root:
        return None
    try:
        manifest = parse_manifest(read_text(tree, MANIFEST_FILE) or "")
    except ManifestError:
        return None
    return manifest if manifest.compressed else None


def _why_not_read(entry: Entry, archive: str, operation_id: str, app_command_line: str, observed: Any,
                  source: ArchiveSource, asked: bool) -> Optional[str]:
    """Why the archive is not read (None: read it)."""
    if archive.endswith(".tar.zst") and not zstd_supported():
        version = ".".join(map(str, sys.version_info[:2]))
        return (f"this Python ({version}) cannot read {archive} (compression.zstd comes with Python 3.14), so the "
                "prediction falls back to the manifest and the latest start's log")
    if asked:
        return None
    if app_command_line.strip():
        return "a startup command is set, so nothing is detected there"
    if settles(observed, operation_id):
        return "the latest start's log says what ran there"
    if source.kudu is not None and (entry.size or 0) > AUTO_READ_BYTES:
        return (f"{archive} ({(entry.size or 0) / MIB:.0f} MiB) is not downloaded unasked; pass --read-archive to "
                "read it")
    return None


def _read(source: ArchiveSource, archive: str, description: str) -> Optional[ArchiveTree]:
    progress = _progress(archive)
    if source.local_dir is not None:
        with open(os.path.join(source.local_dir, archive), "rb") as raw:
            return read_archive(raw, archive, description, progress=progress)
    if source.kudu is None:
        return None
    return source.kudu.stream_file(archive, lambda raw: read_archive(raw, archive, description, progress=progress))


def _progress(archive: str) -> Any:
    """A progress callback that writes to stderr once the read has taken more than a moment."""
    started = time.monotonic()

    def report(count: int) -> None:
        if time.monotonic() - started >= PROGRESS_AFTER_SECONDS:
            sys.stderr.write(f"Reading {archive}: {count // MIB} MiB so far...\n")
            sys.stderr.flush()
    return report


__all__ = ["NO_BUILD", "ArchiveSource", "gather_build"]
