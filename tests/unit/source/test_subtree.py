"""A folder of a tree seen as a tree of its own."""
from __future__ import annotations

from azext_pyappsvc.source.subtree import SubTree, subtree
from azext_pyappsvc.source.tree import MemoryTree

TREE = MemoryTree({"src/app.py": "from flask import Flask\n", "src/pkg/wsgi.py": "", "README.md": ""})


def test_paths_are_relative_to_the_folder():
    inner = subtree(TREE, "./src/", "src")
    assert isinstance(inner, SubTree) and inner.description == "src"
    assert [e.name for e in inner.list_dirs([""])[""]] == ["app.py", "pkg"]
    assert inner.read_texts(["app.py", "README.md"]) == {"app.py": "from flask import Flask\n", "README.md": None}
    assert [e.name for e in inner.list_dirs(["pkg"])["pkg"]] == ["wsgi.py"]


def test_the_root_missing_folders_and_escapes():
    assert subtree(TREE, ".", "x") is TREE and subtree(TREE, "", "x") is TREE
    assert subtree(TREE, "docs", "x") is None and subtree(TREE, "../src", "x") is None
    assert subtree(TREE, "/src", "x") is None and subtree(TREE, "README.md", "x") is None
