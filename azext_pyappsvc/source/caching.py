"""A SourceTree read once: each path asked for a single time, and --src opened behind that cache."""
from __future__ import annotations

import threading
from typing import Optional, Sequence

from ..errors import InvalidInput
from .tree import DEFAULT_READ_LIMIT, Entry, LocalTree, SourceTree, SourceTreeError


class CachingTree:
    """A SourceTree that asks its inner tree for each path once; later reads come from memory.

    A path whose parent folder was listed already, without it, is known to be absent and costs no request.
    """

    def __init__(self, inner: SourceTree) -> None:
        self.inner = inner
        self.description = inner.description
        self._listings: dict[str, Optional[list[Entry]]] = {}
        self._texts: dict[tuple[str, int], Optional[str]] = {}
        self._whole: dict[str, Optional[str]] = {}  # files read to their end (or missing): good for any limit
        self._lock = threading.Lock()

    def list_dirs(self, paths: Sequence[str]) -> dict[str, Optional[list[Entry]]]:
        """Listings, fetching the missing ones in one batch."""
        with self._lock:
            missing = list(dict.fromkeys(p for p in paths if p not in self._listings))
            self._listings.update({p: None for p in missing if self._known_absent(p, is_dir=True)})
            missing = [p for p in missing if p not in self._listings]
        if missing:
            fetched = self.inner.list_dirs(missing)
            with self._lock:
                self._listings.update(fetched)
        return {path: self._listings.get(path) for path in paths}

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, Optional[str]]:
        """Texts, fetching the missing ones in one batch."""
        with self._lock:
            missing = list(dict.fromkeys(p for p in paths if (p, limit) not in self._texts))
            self._texts.update({(p, limit): self._whole[p] for p in missing if p in self._whole and _complete(self._whole[p], limit + 1)})
            self._texts.update({(p, limit): None for p in missing if self._known_absent(p, is_dir=False)})
            missing = [p for p in missing if (p, limit) not in self._texts]
        if missing:
            fetched = self.inner.read_texts(missing, limit)
            with self._lock:
                self._texts.update({(path, limit): text for path, text in fetched.items()})
                self._whole.update({path: text for path, text in fetched.items() if _complete(text, limit)})
        return {path: self._texts.get((path, limit)) for path in paths}

    def found_paths(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(folders listed, files read) that exist, the root left out: what a later run may ask for at once."""
        with self._lock:
            folders = tuple(p for p, listing in self._listings.items() if p and listing is not None)
            files = tuple(dict.fromkeys(p for (p, _), text in self._texts.items() if text is not None))
        return folders, files

    def _known_absent(self, path: str, is_dir: bool) -> bool:
        """True when the listing of path's parent is known and has no such entry (caller holds the lock)."""
        parent, _, name = path.strip("/").rpartition("/")
        if not name or parent not in self._listings:
            return False
        listing = self._listings[parent]
        return listing is None or not any(e.name == name and e.is_dir == is_dir for e in listing)


def _complete(text: Optional[str], limit: int) -> bool:
    """True when a read got the whole file: missing, or shorter than the limit (re-encoding never shrinks the
    bytes read, as each undecodable byte became a 3-byte U+FFFD)."""
    return text is None or len(text.encode("utf-8")) < limit


def open_local_tree(src: str) -> SourceTree:
    """--src as a SourceTree; a bad path is an input error with a next step."""
    try:
        return CachingTree(LocalTree(src))
    except SourceTreeError as error:
        raise InvalidInput(f"--src: {error}", error.advice) from None


__all__ = ["CachingTree", "open_local_tree"]
