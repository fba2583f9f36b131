"""source/caching.py: the caching tree (each path read once; absent paths known from listings)."""
from __future__ import annotations

import pytest

from azext_pyappsvc.errors import InvalidInput
from azext_pyappsvc.source.caching import CachingTree, open_local_tree
from azext_pyappsvc.source.tree import MemoryTree


class CountingTree:
    """A MemoryTree that counts what it is asked for (an input for the cache, not a mock of it)."""

    def __init__(self, files):
        self.inner = MemoryTree(files)
        self.description = "counting"
        self.listed: list[str] = []
        self.read: list[str] = []

    def list_dirs(self, paths):
        self.listed += list(paths)
        return self.inner.list_dirs(paths)

    def read_texts(self, paths, limit=65536):
        self.read += list(paths)
        return self.inner.read_texts(paths, limit)


def test_each_path_is_asked_once():
    inner = CountingTree({"app.py": "x", "pkg/mod.py": "y"})
    tree = CachingTree(inner)
    assert [e.name for e in tree.list_dirs([""])[""]] == ["app.py", "pkg"]
    assert tree.read_texts(["app.py"]) == {"app.py": "x"}
    assert tree.read_texts(["app.py"]) == {"app.py": "x"}
    tree.list_dirs([""])
    assert inner.listed == [""] and inner.read == ["app.py"]


def test_absent_files_and_folders_cost_nothing_once_the_parent_is_listed():
    inner = CountingTree({"app.py": "x", "pkg/mod.py": "y"})
    tree = CachingTree(inner)
    tree.list_dirs([""])
    assert tree.read_texts(["runtime.txt", "pkg", "app.py"]) == {"runtime.txt": None, "pkg": None, "app.py": "x"}
    assert tree.list_dirs(["nowhere", "app.py", "pkg"])["pkg"] is not None
    assert inner.read == ["app.py"] and inner.listed == ["", "pkg"]
    assert tree.read_texts(["pkg/other.py"]) == {"pkg/other.py": None}
    assert inner.read == ["app.py"]


def test_unlisted_parents_are_asked():
    inner = CountingTree({"a/b/c.txt": "z"})
    tree = CachingTree(inner)
    assert tree.read_texts(["a/b/c.txt"]) == {"a/b/c.txt": "z"}
    assert inner.read == ["a/b/c.txt"]


def test_open_local_tree_refuses_missing_folders(tmp_path):
    with pytest.raises(InvalidInput, match="--src"):
        open_local_tree(str(tmp_path / "missing"))


def test_a_file_read_to_its_end_is_not_read_again_with_a_larger_limit():
    from azext_pyappsvc.source.caching import CachingTree
    from azext_pyappsvc.source.tree import MemoryTree

    class Counting(MemoryTree):
        def __init__(self, files):
            super().__init__(files)
            self.reads = []

        def read_texts(self, paths, limit=65536):
            self.reads.append((list(paths), limit))
            return super().read_texts(paths, limit)

    inner = Counting({"small.py": "x = 1\n", "big.py": "#" * 100})
    tree = CachingTree(inner)
    tree.read_texts(["small.py", "big.py", "gone.py"], 50)
    assert tree.read_texts(["small.py", "big.py", "gone.py"], 1000) == {"small.py": "x = 1\n", "big.py": "#" * 100,
                                                                        "gone.py": None}
    assert inner.reads == [(["small.py", "big.py", "gone.py"], 50), (["big.py"], 1000)]
