"""A SourceTree over Oryx's compressed build output (output.tar.gz / output.tar.zst), read in one streaming pass.

Oryx's build writes the archive with `tar -zcf output.tar.gz .` (or `tar -I zstd -cf output.tar.zst .`) in
BaseBashBuildScript.sh.tpl, so member names start with "./". At start, compressionHelper.go `untarWithGzip`
extracts only folders and regular files (links are skipped); zstd archives go through the system tar.
A tar has no index: its member list is the whole stream. One pass records the names (the top levels only) and
keeps the bytes of the few small files the rules read; it stops at a byte and a time limit.
"""
from __future__ import annotations

import tarfile
import time
from dataclasses import dataclass
from typing import IO, Callable, Optional, Sequence

from .tree import DEFAULT_READ_LIMIT, Entry, MemoryTree, normalize_path

SKIPPED_DIRS = frozenset({"antenv", "node_modules", ".git", "__pycache__", "site-packages", "__oryx_packages__"})
MAX_LISTED_DEPTH = 3          # names kept: a/b/c at most (detection lists the root, its folders, their folders)
MAX_KEPT_DEPTH = 2            # files whose bytes are kept: the root's and its folders'
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_KEPT_BYTES = 32 * 1024 * 1024
PROGRESS_STEP = 8 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be read (format, limits, or a compression this Python lacks); the message says which."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much of the archive may be read, in compressed bytes and seconds."""

    max_bytes: int = 1024 * 1024 * 1024
    max_seconds: float = 300.0


def zstd_supported() -> bool:
    """True when this Python can decompress zstd (compression.zstd, Python 3.14 and newer)."""
    try:
        import compression.zstd  # noqa: F401  (only present in Python 3.14+)
    except ImportError:
        return False
    return True


class _Counted:
    """A read-only stream that counts bytes, reports progress and enforces the limits."""

    def __init__(self, raw: IO[bytes], limits: ArchiveLimits, progress: Optional[Callable[[int], None]],
                 clock: Callable[[], float]) -> None:
        self.raw, self.limits, self.progress, self.clock = raw, limits, progress, clock
        self.count, self.started, self.reported = 0, clock(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > self.limits.max_bytes:
            raise ArchiveError(f"it is larger than the {self.limits.max_bytes // (1024 * 1024)} MiB read limit")
        if self.clock() - self.started > self.limits.max_seconds:
            raise ArchiveError(f"reading it took longer than {self.limits.max_seconds:g} s")
        if self.progress and self.count - self.reported >= PROGRESS_STEP:
            self.reported = self.count
            self.progress(self.count)
        return data


def _open_tar(name: str, stream: _Counted) -> tarfile.TarFile:
    if name.endswith(".tar.zst"):
        if not zstd_supported():
            raise ArchiveError("this Python has no zstd support (compression.zstd comes with Python 3.14)")
        from compression import zstd  # type: ignore[import-not-found]
        return tarfile.open(fileobj=zstd.ZstdFile(stream), mode="r|")  # type: ignore[arg-type]
    return tarfile.open(fileobj=stream, mode="r|gz")  # type: ignore[arg-type]


def _member_path(name: str) -> str | None:
    """A member's path in the extracted folder ("./app.py" -> "app.py"); None for the root or outside it."""
    path = normalize_path(name)
    return path or None


def _keep_bytes(path: str, size: int) -> bool:
    parts = path.split("/")
    return len(parts) <= MAX_KEPT_DEPTH and size <= MAX_FILE_BYTES and not SKIPPED_DIRS.intersection(parts[:-1])


def read_archive(raw: IO[bytes], name: str, description: str, limits: ArchiveLimits = ArchiveLimits(),
                 progress: Optional[Callable[[int], None]] = None,
                 clock: Callable[[], float] = time.monotonic) -> "ArchiveTree":
    """Stream an output.tar.gz / .tar.zst once; the tree knows its top levels and the small files near the root."""
    stream = _Counted(raw, limits, progress, clock)
    files: dict[str, bytes] = {}
    dirs: set[str] = set()
    kept = members = 0
    try:
        with _open_tar(name, stream) as archive:
            for member in archive:
                members += 1
                path = _member_path(member.name)
                if path is None or (not member.isdir() and not member.isreg()):
                    continue  # untarWithGzip extracts folders and regular files only
                depth = path.count("/") + 1
                if member.isdir():
                    if depth <= MAX_LISTED_DEPTH:
                        dirs.add(path)
                    continue
                if depth > MAX_LISTED_DEPTH:
                    dirs.add("/".join(path.split("/")[:MAX_LISTED_DEPTH]))
                    continue
                data = b""
                if _keep_bytes(path, member.size) and kept + member.size <= MAX_KEPT_BYTES:
                    handle = archive.extractfile(member)
                    data = handle.read() if handle else b""
                    kept += len(data)
                files[path] = data
    except ArchiveError:
        raise
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise ArchiveError(f"it is not a readable {name} ({type(error).__name__}: {error})") from None
    return ArchiveTree(files, dirs, description, stream.count, members)


class ArchiveTree:
    """The extracted folder a compressed output becomes at start, as far as one pass has read it."""

    def __init__(self, files: dict[str, bytes], dirs: set[str], description: str, read_bytes: int,
                 members: int) -> None:
        self.description = description
        self.read_bytes, self.members = read_bytes, members
        self._tree = MemoryTree(files, sorted(dirs - set(files)), description)

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """Listings of the top three levels (deeper folders appear, empty of what is below them)."""
        return self._tree.list_dirs(paths)

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Texts of the small files near the root that were kept (others read as empty)."""
        return self._tree.read_texts(paths, limit)
