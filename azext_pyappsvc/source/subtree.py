"""A folder of a SourceTree seen as a tree of its own (azure.yaml's services.*.project, e.g. src/)."""
from __future__ import annotations

from typing import Sequence

from .tree import DEFAULT_READ_LIMIT, Entry, SourceTree, normalize_path


class SubTree:
    """The files under one folder of another tree; paths are relative to that folder."""

    def __init__(self, tree: SourceTree, folder: str, description: str) -> None:
        self.tree = tree
        self.folder = folder.strip("/")
        self.description = description

    def _outer(self, path: str) -> str:
        inner = path.strip("/")
        return f"{self.folder}/{inner}" if inner else self.folder

    def list_dirs(self, paths: Sequence[str]) -> dict[str, list[Entry] | None]:
        """List folders of the subtree."""
        listings = self.tree.list_dirs([self._outer(path) for path in paths])
        return {path: listings.get(self._outer(path)) for path in paths}

    def read_texts(self, paths: Sequence[str], limit: int = DEFAULT_READ_LIMIT) -> dict[str, str | None]:
        """Read files of the subtree."""
        texts = self.tree.read_texts([self._outer(path) for path in paths], limit)
        return {path: texts.get(self._outer(path)) for path in paths}


def subtree(tree: SourceTree, folder: str, description: str) -> SourceTree | None:
    """The folder as a tree; None when the path is not a plain folder path inside the tree ('.', '' mean the root)."""
    if folder.strip().startswith("/"):
        return None
    cleaned = normalize_path(folder.strip())
    if cleaned is None:
        return None
    if cleaned == "":
        return tree
    parent, _, name = cleaned.rpartition("/")
    listing = tree.list_dirs([parent]).get(parent) or []
    if not any(entry.name == name and entry.is_dir for entry in listing):
        return None
    return SubTree(tree, cleaned, description)
