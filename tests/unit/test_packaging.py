"""What the extension index reads: metadata, classifiers, licence, the page users see, honest versions."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METADATA = json.loads((ROOT / "azext_pyappsvc" / "azext_metadata.json").read_text(encoding="utf-8"))


def _setup_call() -> dict:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    classifiers = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                       and getattr(node.targets[0], "id", "") == "CLASSIFIERS")
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setup")
    found = {kw.arg: kw.value.value for kw in call.keywords if isinstance(kw.value, ast.Constant)}
    found["classifiers"] = [element.value for element in classifiers.elts]
    return found


def test_the_minimum_azure_cli_is_the_one_make_compat_tests():
    pinned = re.search(r"^azure-cli==(\S+)$", (ROOT / "requirements-compat.txt").read_text(), re.M).group(1)
    assert METADATA["azext.minCliCoreVersion"] == pinned


def test_preview_in_the_metadata_and_on_the_command_group_agree():
    commands = (ROOT / "azext_pyappsvc" / "commands.py").read_text(encoding="utf-8")
    assert METADATA["azext.isPreview"] is True
    assert 'command_group("pyappsvc", is_preview=True)' in commands


def test_classifiers_licence_and_author():
    setup = _setup_call()
    versions = [c.rsplit(" ", 1)[-1] for c in setup["classifiers"] if c.startswith("Programming Language :: Python :: 3.")]
    assert versions == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    assert "License :: OSI Approved :: MIT License" in setup["classifiers"] and setup["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "@" in setup["author_email"]


def test_the_package_page_is_for_users_not_contributors():
    page = (ROOT / "docs" / "USAGE.md").read_text(encoding="utf-8")
    assert "az extension add" in page and "az pyappsvc doctor" in page
    assert "make " not in page, "make targets are for contributors (README.md)"


def test_history_starts_with_the_unreleased_version_in_short_lines():
    history = (ROOT / "HISTORY.rst").read_text(encoding="utf-8")
    assert history.index("0.2.0 (unreleased)") < history.index("0.1.0")
    bullets = [line for line in history.splitlines() if line.startswith("* ")]
    assert bullets and all(len(line) <= 120 for line in bullets)


def test_the_linter_exclusions_say_why():
    text = (ROOT / "linter_exclusions.yml").read_text(encoding="utf-8")
    assert "no_positional_parameters" in text and "# set-version and set-startup take" in text


REMOVED_IN_314 = ("ast.Num", "ast.Str", "ast.Bytes", "ast.NameConstant", "ast.Ellipsis", "pkgutil.find_loader",
                  "pkgutil.get_loader", "asyncio.get_child_watcher", "asyncio.set_child_watcher",
                  "importlib.abc.ResourceReader", "importlib.abc.Traversable", "urllib.request.URLopener",
                  "urllib.request.FancyURLopener", "sqlite3.version", "pty.master_open", "pty.slave_open")


def test_nothing_uses_what_python_3_14_removed():
    """What's New in Python 3.14, "Removed": none of those names appears in the package or the tests' helpers."""
    files = [*(ROOT / "azext_pyappsvc").rglob("*.py"), *(ROOT / "tests" / "emulator").rglob("*.py"), ROOT / "setup.py"]
    used = {(str(path.relative_to(ROOT)), name) for path in files for name in REMOVED_IN_314
            if re.search(rf"\b{re.escape(name)}\b", path.read_text(encoding="utf-8"))}
    assert not used
