"""The layout's own rules that import-linter (`.importlinter`, run by make test) does not cover."""
from __future__ import annotations

import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "azext_pyappsvc"
UNIT_TESTS = pathlib.Path(__file__).resolve().parent
MAX_MODULE_LINES = 350
GENERATED = {PACKAGE / "startup" / "gunicorn" / "options.py"}  # written by scripts/generate_gunicorn_options.py


@pytest.mark.parametrize("module", sorted(p for p in PACKAGE.rglob("*.py") if p not in GENERATED),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_line_limit(module):
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module.relative_to(PACKAGE)} has {lines} lines: split it"


def test_unit_test_folders_mirror_the_package_folders():
    package_folders = {p.relative_to(PACKAGE) for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    test_folders = {p.relative_to(UNIT_TESTS) for p in UNIT_TESTS.rglob("*")
                    if p.is_dir() and p.name != "__pycache__"} - {pathlib.Path("bench"), pathlib.Path("emulator")}
    assert test_folders <= package_folders, f"test folders without a package folder: {test_folders - package_folders}"


def test_the_package_root_keeps_only_the_extension_entry_points():
    root_modules = {p.name for p in PACKAGE.glob("*.py")}
    assert root_modules == {"__init__.py", "_help.py", "_params.py", "_format.py", "commands.py", "custom.py",
                            "errors.py", "_validators.py"}
