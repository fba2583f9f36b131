"""SourceTree implementations: in memory, a local folder, and Kudu's VFS through injected callables."""

from __future__ import annotations

import os
import time

import pytest

from azext_pyappsvc.source.tree import (
    Entry, KuduTree, LocalTree, MemoryTree, SourceTreeError, list_dir, normalize_path, read_text,
)


def names(entries):
    return [entry.name for entry in entries]


# --- MemoryTree -------------------------------------------------------------------------------

def test_memory_tree_implies_folders_from_paths():
    tree = MemoryTree({"mysite/wsgi.py": "", "app.py": "from flask import Flask"})
    assert list_dir(tree, "") == [Entry("app.py", False, 23), Entry("mysite", True)]
    assert list_dir(tree, "mysite") == [Entry("wsgi.py", False, 0)]


def test_memory_tree_adds_empty_folders():
    tree = MemoryTree({}, dirs=["static", "a/b"])
    assert names(list_dir(tree, "")) == ["a", "static"]
    assert list_dir(tree, "static") == [] and names(list_dir(tree, "a")) == ["b"]


def test_listing_is_in_bytewise_name_order_uppercase_first():
    tree = MemoryTree({"b.py": "", "B.py": "", "a/x": "", "Z/x": "", "_x": "", "é": ""})
    assert names(list_dir(tree, "")) == ["B.py", "Z", "_x", "a", "b.py", "é"]


def test_missing_path_and_file_are_not_folders():
    tree = MemoryTree({"app.py": "x"})
    assert tree.list_dirs(["nope", "app.py", ""]) == {"nope": None, "app.py": None, "": [Entry("app.py", False, 1)]}


def test_read_texts_decodes_and_limits():
    tree = MemoryTree({"a.txt": "héllo", "bin": b"\xff\xfe\x00ok", "d/x": ""})
    assert tree.read_texts(["a.txt", "bin", "d", "missing"]) == {
        "a.txt": "héllo", "bin": "\ufffd\ufffd\x00ok", "d": None, "missing": None}
    assert read_text(tree, "a.txt", limit=1) == "h"


def test_trailing_slash_and_dot_segments_are_normalised():
    tree = MemoryTree({"mysite/wsgi.py": "w"})
    assert names(list_dir(tree, "mysite/")) == ["wsgi.py"]
    assert read_text(tree, "./mysite/wsgi.py") == "w"
    assert list_dir(tree, "../etc") is None and read_text(tree, "/etc/passwd") is None


def test_a_path_cannot_be_both_file_and_folder():
    with pytest.raises(ValueError):
        MemoryTree({"a": "", "a/b": ""})


def test_normalize_path():
    assert normalize_path("") == "" and normalize_path("/") is None
    assert normalize_path("a//b/./") == "a/b" and normalize_path("a/../b") is None


# --- LocalTree --------------------------------------------------------------------------------

@pytest.fixture
def local_app(tmp_path):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "wsgi.py").write_text("application = None\n")
    os.symlink(tmp_path, tmp_path / "loop")  # a folder symlink back to the root
    os.symlink(tmp_path / "nowhere", tmp_path / "broken")  # a dangling symlink
    os.symlink(tmp_path / "self", tmp_path / "self")  # a symlink loop: ELOOP on stat
    return tmp_path


def test_local_tree_lists_the_root_sorted_and_skips_what_cannot_be_stated(local_app):
    entries = list_dir(LocalTree(str(local_app)), "")
    assert names(entries) == ["app.py", "binary.bin", "latin1.txt", "loop", "mysite"]
    assert Entry("mysite", True) in entries and Entry("binary.bin", False, 256) in entries


def test_local_tree_never_descends_into_a_symlinked_folder(local_app):
    tree = LocalTree(str(local_app))
    assert Entry("loop", True) in list_dir(tree, "")
    assert tree.list_dirs(["loop", "loop/mysite"]) == {"loop": None, "loop/mysite": None}
    assert read_text(tree, "loop/app.py") is None


def test_local_tree_lists_an_immediate_subfolder(local_app):
    assert list_dir(LocalTree(str(local_app)), "mysite") == [Entry("wsgi.py", False, 19)]


def test_local_tree_reads_binary_and_non_utf8_with_replacement(local_app):
    tree = LocalTree(str(local_app))
    texts = tree.read_texts(["binary.bin", "latin1.txt", "app.py"])
    assert texts["latin1.txt"] == "caf\ufffd"
    assert texts["binary.bin"].startswith("\x00\x01") and "\ufffd" in texts["binary.bin"]
    assert texts["app.py"].startswith("from flask")
    assert read_text(tree, "app.py", limit=4) == "from"


def test_local_tree_reads_none_for_folders_missing_broken_and_outside(local_app):
    tree = LocalTree(str(local_app))
    assert tree.read_texts(["mysite", "nope.py", "broken", "self", "", "../x"]) == {
        "mysite": None, "nope.py": None, "broken": None, "self": None, "": None, "../x": None}
    assert tree.list_dirs(["app.py", "nope", "broken"]) == {"app.py": None, "nope": None, "broken": None}


def test_local_tree_does_not_block_on_a_fifo(local_app):
    os.mkfifo(local_app / "pipe.py")
    assert read_text(LocalTree(str(local_app)), "pipe.py") is None


def test_local_tree_unreadable_folder_lists_as_none(local_app):
    if os.geteuid() == 0:
        pytest.skip("root can read anything; the broken and looping symlinks above cover unreadable entries")
    locked = local_app / "locked"
    locked.mkdir(mode=0)
    try:
        assert list_dir(LocalTree(str(local_app)), "locked") is None
    finally:
        locked.chmod(0o755)


def test_local_tree_stays_fast_with_a_big_node_modules(tmp_path):
    modules = tmp_path / "node_modules"
    modules.mkdir()
    for index in range(5000):
        (modules / f"pkg{index}.js").write_bytes(b"")
    tree = LocalTree(str(tmp_path))
    started = time.perf_counter()
    assert names(list_dir(tree, "")) == ["node_modules"]
    assert len(list_dir(tree, "node_modules")) == 5000
    assert time.perf_counter() - started < 1.0


def test_local_tree_refuses_a_missing_root(tmp_path):
    with pytest.raises(SourceTreeError, match="does not exist"):
        LocalTree(str(tmp_path / "missing"))


def test_local_tree_refuses_a_file_as_root(tmp_path):
    (tmp_path / "app.py").write_text("")
    with pytest.raises(SourceTreeError, match="is a file, not a folder"):
        LocalTree(str(tmp_path / "app.py"))


def test_local_tree_errors_carry_their_advice_apart_from_the_reason(tmp_path):
    (tmp_path / "app.py").write_text("")
    with pytest.raises(SourceTreeError) as missing:
        LocalTree(str(tmp_path / "missing"))
    with pytest.raises(SourceTreeError) as a_file:
        LocalTree(str(tmp_path / "app.py"))
    assert "--src" not in str(missing.value) and missing.value.advice.endswith("e.g. --src .")
    assert "--src" not in str(a_file.value) and a_file.value.advice.endswith(f"e.g. --src {tmp_path}")


def test_local_tree_describes_itself(tmp_path):
    assert LocalTree(str(tmp_path)).description == f"local folder {tmp_path}"


# --- KuduTree ---------------------------------------------------------------------------------

KUDU_ROOT = [
    {"name": "app.py", "size": 40, "mime": "text/x-python", "path": "/home/site/wwwroot/app.py",
     "href": "https://example.scm/api/vfs/site/wwwroot/app.py"},
    {"name": "mysite", "size": 0, "mime": "inode/directory", "path": "/home/site/wwwroot/mysite",
     "href": "https://example.scm/api/vfs/site/wwwroot/mysite/"},
    {"name": "Antenv", "size": 0, "mime": "inode/directory"},
    {"size": 3},  # malformed: no name
    "garbage",
]
KUDU_MYSITE = [{"name": "wsgi.py", "size": 12, "mime": "text/x-python"}]
KUDU_FILES = {"app.py": b"from flask import Flask\n", "latin1.txt": "café".encode("latin-1")}


def kudu_tree(calls, batches=None):
    def fetch_listing(path):
        calls.append(("list", path))
        return {"": KUDU_ROOT, "mysite/": KUDU_MYSITE}.get(path)

    def fetch_bytes(path, limit):
        calls.append(("read", path, limit))
        return KUDU_FILES.get(path)

    def run_all(thunks):
        if batches is not None:
            batches.append(len(thunks))
        return [thunk() for thunk in thunks]

    return KuduTree(fetch_listing, fetch_bytes, run_all)


def test_kudu_tree_turns_vfs_json_into_sorted_entries():
    tree = kudu_tree([])
    assert list_dir(tree, "") == [Entry("Antenv", True), Entry("app.py", False, 40), Entry("mysite", True)]
    assert tree.description == "site/wwwroot"


def test_kudu_tree_lists_a_batch_in_one_run_with_trailing_slashes():
    calls, batches = [], []
    tree = kudu_tree(calls, batches)
    result = tree.list_dirs(["", "mysite", "mysite/", "missing", "../up"])
    assert result == {"": list_dir(kudu_tree([]), ""), "mysite": [Entry("wsgi.py", False, 12)],
                      "mysite/": [Entry("wsgi.py", False, 12)], "missing": None, "../up": None}
    assert batches == [3]
    assert calls == [("list", ""), ("list", "mysite/"), ("list", "missing/")]


def test_kudu_tree_reads_a_batch_and_decodes():
    calls, batches = [], []
    tree = kudu_tree(calls, batches)
    texts = tree.read_texts(["app.py", "latin1.txt", "missing.py", ""], limit=100)
    assert texts == {"app.py": "from flask import Flask\n", "latin1.txt": "caf\ufffd", "missing.py": None, "": None}
    assert batches == [3] and ("read", "app.py", 100) in calls


def test_kudu_tree_applies_the_limit_even_if_the_fetch_returns_more():
    assert read_text(kudu_tree([]), "app.py", limit=4) == "from"


def test_kudu_tree_default_runs_sequentially():
    tree = KuduTree(lambda path: KUDU_MYSITE if path == "" else None, lambda path, limit: None)
    assert list_dir(tree, "") == [Entry("wsgi.py", False, 12)]
