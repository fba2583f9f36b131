"""SourceTree: the app's files, from a local folder, from memory or from wwwroot through Kudu.

One interface with batch methods, so that a remote tree can fetch a batch
concurrently. Paths are relative and use "/"; "" is the root. Listings are
sorted in byte-wise name order (UTF-8 bytes), as Go's os.ReadDir sorts them.
Only LocalTree touches the file system; KuduTree calls what it is given.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence, TypeVar

T = TypeVar("T")

DEFAULT_READ_LIMIT = 65536
KUDU_DIRECTORY_MIME = "inode/directory"
KUDU_DESCRIPTION = "site/wwwroot"
MEMORY_DESCRIPTION = "the app's files"


@dataclass(frozen=True)
class Entry:
    """One name in a folder listing."""

    name: str
    is_dir: bool
    size: int | None = None


class SourceTreeError(Exception):
    """The source folder cannot be used: the message says why, advice (once) what to pass instead."""

    def __init__(self, message: str, advice: str) -> None:
        super().__init__(message)
        self.advice = advice


class SourceTree(Protocol):
    """Read-only access to an app's files."""

    description: str

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """List folders; None for a path that is missing or not a folder."""
        ...

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Read the first `limit` bytes of files as UTF-8 (errors replaced); None if missing or a folder."""
        ...


def list_dir(tree: SourceTree, path: str) -> list[Entry] | None:
    """List one folder of a tree."""
    return tree.list_dirs([path])[path]


def read_text(tree: SourceTree, path: str, limit: int = DEFAULT_READ_LIMIT) -> str | None:
    """Read one file of a tree."""
    return tree.read_texts([path], limit)[path]


def sort_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Sort entries by the UTF-8 bytes of their names (uppercase before lowercase)."""
    return sorted(entries, key=lambda entry: entry.name.encode("utf-8", "surrogateescape"))


def normalize_path(path: str) -> str | None:
    """Return a path as "a/b" ("" for the root), or None if it leaves the tree."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if path.startswith("/") or ".." in parts:
        return None
    return "/".join(parts)


def decode(data: bytes, limit: int) -> str:
    """Decode the first `limit` bytes as UTF-8, replacing what is not UTF-8."""
    return data[:max(limit, 0)].decode("utf-8", errors="replace")


class MemoryTree:
    """A tree built from literal {path: content} pairs; folders are implied by the paths."""

    def __init__(self, files: Mapping[str, str | bytes], dirs: Iterable[str] = (),
                 description: str = MEMORY_DESCRIPTION) -> None:
        self.description = description
        self._files: dict[str, bytes] = {}
        self._dirs: dict[str, dict[str, Entry]] = {"": {}}
        for path in dirs:
            self._add_dir(self._checked(path))
        for path, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            self._add_file(self._checked(path), data)

    @staticmethod
    def _checked(path: str) -> str:
        normal = normalize_path(path)
        if not normal:
            raise ValueError(f"not a relative path inside the tree: {path!r}")
        return normal

    def _add_dir(self, path: str) -> None:
        if path in self._files:
            raise ValueError(f"{path!r} is both a file and a folder")
        parent, _, name = path.rpartition("/")
        if parent:
            self._add_dir(parent)
        self._dirs.setdefault(path, {})
        self._dirs[parent][name] = Entry(name, True)

    def _add_file(self, path: str, data: bytes) -> None:
        if path in self._dirs:
            raise ValueError(f"{path!r} is both a file and a folder")
        parent, _, name = path.rpartition("/")
        if parent:
            self._add_dir(parent)
        self._files[path] = data
        self._dirs[parent][name] = Entry(name, False, len(data))

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """List folders; None for a path that is missing or a file."""
        result: dict[str, list[Entry] | None] = {}
        for path in paths:
            children = _lookup(self._dirs, path)
            result[path] = None if children is None else sort_entries(children.values())
        return result

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Read files; None for a path that is missing or a folder."""
        result: dict[str, str | None] = {}
        for path in paths:
            data = _lookup(self._files, path)
            result[path] = None if data is None else decode(data, limit)
        return result


class LocalTree:
    """A local folder (--src). Lists one folder at a time and never follows a symlinked folder."""

    def __init__(self, root: str) -> None:
        if not os.path.exists(root):
            raise SourceTreeError(f"The source folder '{root}' does not exist.",
                                  "Pass --src the folder that holds your app (the one you deploy), e.g. --src .")
        if not os.path.isdir(root):
            raise SourceTreeError(f"'{root}' is a file, not a folder.",
                                  f"Pass --src the folder that contains it, e.g. --src {os.path.dirname(root) or '.'}")
        self.root = root
        self.description = f"local folder {root}"

    def _resolve(self, path: str) -> str | None:
        """The OS path for a tree path; None if it leaves the tree or passes through a symlinked folder."""
        normal = normalize_path(path)
        if normal is None:
            return None
        full = self.root
        for part in normal.split("/") if normal else []:
            full = os.path.join(full, part)
            try:
                if stat.S_ISLNK(os.lstat(full).st_mode) and os.path.isdir(full):
                    return None
            except OSError:
                return None
        return full

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """List folders; None for a missing path, a file, a symlinked folder or an unreadable folder."""
        return {path: self._list(path) for path in paths}

    def _list(self, path: str) -> list[Entry] | None:
        full = self._resolve(path)
        if full is None:
            return None
        entries = []
        try:
            with os.scandir(full) as listing:
                for item in listing:
                    entry = _local_entry(item)
                    if entry is not None:
                        entries.append(entry)
        except OSError:  # missing, not a folder, permission denied
            return None
        return sort_entries(entries)

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Read files; None for a missing path, a folder, a special file or an unreadable file."""
        return {path: self._read(path, limit) for path in paths}

    def _read(self, path: str, limit: int) -> str | None:
        full = self._resolve(path)
        if not full or full == self.root:
            return None
        try:
            if not stat.S_ISREG(os.stat(full).st_mode):  # a folder, a FIFO that would block...
                return None
            with open(full, "rb") as handle:
                return decode(handle.read(max(limit, 0)), limit)
        except OSError:
            return None


def _local_entry(item: os.DirEntry) -> Entry | None:
    """An Entry for a scandir item; None when it cannot be stat'ed (broken symlink, no permission)."""
    try:
        is_dir = item.is_dir()
        size = None if is_dir else item.stat().st_size
    except OSError:
        return None
    if not is_dir and not item.is_file():
        return None
    return Entry(item.name, is_dir, size)


def sequential(thunks: list[Callable[[], T]]) -> list[T]:
    """Run thunks one after the other (KuduTree's default run_all)."""
    return [thunk() for thunk in thunks]


class KuduTree:
    """wwwroot through Kudu's VFS API; the gateway injects the HTTP calls and the concurrency."""

    def __init__(self, fetch_listing: Callable[[str], list[dict] | None],
                 fetch_bytes: Callable[[str, int], bytes | None],
                 run_all: Callable[[list[Callable[[], Any]]], list[Any]] = sequential,
                 description: str = KUDU_DESCRIPTION) -> None:
        self.fetch_listing = fetch_listing
        self.fetch_bytes = fetch_bytes
        self.run_all = run_all
        self.description = description

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """List folders in one batch; fetch_listing gets "" for the root, "a/b/" for others."""
        wanted = _unique_normal(paths)
        listings = self.run_all([_bind(self.fetch_listing, f"{path}/" if path else "") for path in wanted])
        by_path = {path: _kudu_entries(listing) for path, listing in zip(wanted, listings)}
        return {path: _lookup(by_path, path) for path in paths}

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Read files in one batch; the root and paths outside the tree read as None."""
        wanted = [path for path in _unique_normal(paths) if path]
        contents = self.run_all([_bind(self.fetch_bytes, path, limit) for path in wanted])
        by_path = {path: None if data is None else decode(data, limit) for path, data in zip(wanted, contents)}
        return {path: _lookup(by_path, path) for path in paths}


def _lookup(mapping: Mapping[str, T], path: str) -> T | None:
    """The value stored for a path once normalised; None for a path outside the tree."""
    normal = normalize_path(path)
    return None if normal is None else mapping.get(normal)


def _unique_normal(paths: Sequence[str]) -> list[str]:
    normal = (normalize_path(path) for path in paths)
    return list(dict.fromkeys(path for path in normal if path is not None))


def _bind(function: Callable[..., T], *args: object) -> Callable[[], T]:
    return lambda: function(*args)


def _kudu_entries(listing: list[dict] | None) -> list[Entry] | None:
    """Entries from Kudu VFS JSON; malformed items are skipped."""
    if not isinstance(listing, list):
        return None
    entries = []
    for item in listing:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or "/" in name or name in (".", ".."):
            continue
        is_dir = item.get("mime") == KUDU_DIRECTORY_MIME
        size = item.get("size")
        entries.append(Entry(name, is_dir, None if is_dir or not isinstance(size, int) else size))
    return sort_entries(entries)
