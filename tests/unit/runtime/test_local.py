"""runtime/local.py: the Python a project pins, and which version a command reasons about."""
from __future__ import annotations

import pytest

from azext_pyappsvc.errors import InvalidInput
from azext_pyappsvc.runtime.local import choose_python_version, read_local_python_version
from azext_pyappsvc.source.tree import MemoryTree


@pytest.mark.parametrize("files, expected", [
    ({"runtime.txt": "python-3.12\n"}, ("3.12", "runtime.txt")),
    ({"runtime.txt": "python-3.11.9"}, ("3.11", "runtime.txt")),
    ({".python-version": "3.13.1\n"}, ("3.13", ".python-version")),
    ({"runtime.txt": "python-3.12", ".python-version": "3.13"}, ("3.12", "runtime.txt")),
    ({"runtime.txt": "node-18", ".python-version": "3.10"}, ("3.10", ".python-version")),
    ({".python-version": "pypy3.10"}, None),
    ({}, None),
])
def test_read_local_python_version(files, expected):
    assert read_local_python_version(MemoryTree(files)) == expected


@pytest.mark.parametrize("override, configured, files, expected", [
    ("python:3.13", "3.12", {"runtime.txt": "python-3.11"}, ("3.13", "--python-version")),
    (None, "3.12", {"runtime.txt": "python-3.11"}, ("3.12", "linuxFxVersion")),
    (None, None, {"runtime.txt": "python-3.11"}, ("3.11", "runtime.txt")),
    (None, None, {".python-version": "3.10.4\n"}, ("3.10", ".python-version")),
    (None, None, {}, (None, None)),
])
def test_choose_python_version(override, configured, files, expected):
    assert choose_python_version(override, configured, MemoryTree(files)) == expected


def test_choose_python_version_refuses_a_bad_override():
    with pytest.raises(InvalidInput, match="--python-version"):
        choose_python_version("3.12.1", None, None)


def test_an_empty_python_version_is_refused_not_ignored():
    with pytest.raises(InvalidInput, match="--python-version"):
        choose_python_version("", "3.12", None)


@pytest.mark.parametrize("text", ["2.7", "python:2.7", "PYTHON|2.7"])
def test_require_python3_refuses_python_2_with_a_next_step(text):
    from azext_pyappsvc.runtime.local import require_python3
    with pytest.raises(InvalidInput) as caught:
        require_python3(text)
    assert "Python 3 only" in caught.value.message and "--python-version 3.12" in caught.value.recommendation


def test_require_python3_accepts_python_3_spellings():
    from azext_pyappsvc.runtime.local import require_python3
    assert require_python3("PYTHON|3.13") == "3.13"
