"""runtime.py: version spellings, the stacks tree, support status."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from azext_pyappsvc.runtime.stacks import (PythonRuntime, VersionInputError, find_runtime, linux_fx_for, offered_runtimes,
                                    suggested_runtimes,
                                    parse_python_runtimes, parse_version_input, python_version_of, support_by_date)

TODAY = date(2026, 11, 25)


def minor(fx, eol="2028-10-31T00:00:00Z", deprecated=False, hidden=False):
    return {"value": fx.split("|")[1], "stackSettings": {"linuxRuntimeSettings": {
        "runtimeVersion": fx, "endOfLifeDate": eol, "isDeprecated": deprecated, "isHidden": hidden}}}


STACKS = [
    {"name": "node", "properties": {"value": "node", "majorVersions": [
        {"value": "22", "minorVersions": [minor("NODE|22-lts")]}]}},
    {"name": "python", "properties": {"value": "python", "majorVersions": [
        {"value": "3", "minorVersions": [minor("PYTHON|3.9", "2025-10-31"), minor("PYTHON|3.12"),
                                         minor("PYTHON|3.10", "2026-10-31"), minor("PYTHON|3.7", None, True),
                                         minor("PYTHON|3.11", "2027-10-31")]},
        {"value": "2", "minorVersions": [minor("PYTHON|2.7", "2020-01-01", True, True)]}]}},
]


@pytest.mark.parametrize("text", ["3.12", "PYTHON|3.12", "python:3.12", "Python|3.12", " 3.12 ", "PYTHON | 3.12",
                                  "pYtHoN:3.12", "03.12"])
def test_parse_version_input_accepts_every_spelling(text):
    assert parse_version_input(text) == "3.12"


@pytest.mark.parametrize("text, fragment", [
    ("", "No Python version"), ("   ", "No Python version"), ("3", "major version"),
    ("3.12.4", "use 3.12 instead of 3.12.4"), ("PYTHON|3.12.4", "minor versions"), ("abc", "not a Python version"),
    ("3.12; rm -rf /", "not a Python version"), ("3.12\n", "cannot be part"), ("3.١٢", "cannot be part"),
    ("x" * 65, "characters long"), ("NODE|3.12", "not a Python version"), ("3.12|PYTHON", "not a Python version"),
])
def test_parse_version_input_refuses_with_a_reason(text, fragment):
    with pytest.raises(VersionInputError, match=fragment.replace("|", r"\|").replace(".", r"\.")):
        parse_version_input(text)


@given(st.text())
def test_parse_version_input_returns_a_minor_or_raises_its_own_error(text):
    try:
        result = parse_version_input(text)
    except VersionInputError:
        return
    major, minor_part = result.split(".")
    assert major.isdigit() and minor_part.isdigit()


@pytest.mark.parametrize("fx, expected", [("PYTHON|3.12", "3.12"), ("python:3.11", "3.11"), ("", None), (None, None),
                                          ("DOCKER|nginx", None), ("NODE|20-lts", None), ("PYTHON|latest", None)])
def test_python_version_of(fx, expected):
    assert python_version_of(fx) == expected


def test_linux_fx_for():
    assert linux_fx_for("3.12") == "PYTHON|3.12"


@pytest.mark.parametrize("eol, expected", [
    (date(2026, 11, 24), "eol"), (date(2026, 11, 25), "near-eol"), (date(2027, 11, 25), "near-eol"),
    (date(2027, 11, 26), "active"), (None, "unknown")])
def test_support_by_date_boundaries(eol, expected):
    assert support_by_date(eol, TODAY) == expected


def test_parse_python_runtimes_picks_python_sorted_numerically():
    runtimes = parse_python_runtimes(STACKS)
    assert [r.version for r in runtimes] == ["3.12", "3.11", "3.10", "3.9", "3.7", "2.7"]
    assert runtimes[0] == PythonRuntime("3.12", "PYTHON|3.12", date(2028, 10, 31), False, False)


def test_offered_runtimes_default_and_all():
    runtimes = parse_python_runtimes(STACKS)
    assert [r.version for r in offered_runtimes(runtimes, TODAY)] == ["3.12", "3.11"]
    assert [r.version for r in offered_runtimes(runtimes, TODAY, include_all=True)] == ["3.12", "3.11", "3.10",
                                                                                       "3.9", "3.7"]


def test_runtime_support_and_dict():
    runtimes = parse_python_runtimes(STACKS)
    assert {r.version: r.support(TODAY) for r in runtimes} == {
        "3.12": "active", "3.11": "near-eol", "3.10": "eol", "3.9": "eol", "3.7": "deprecated", "2.7": "deprecated"}
    assert find_runtime(runtimes, "3.11").to_dict(TODAY) == {
        "version": "3.11", "linuxFxVersion": "PYTHON|3.11", "support": "near-eol", "endOfLife": "2027-10-31"}


def test_find_runtime_ignores_hidden():
    runtimes = parse_python_runtimes(STACKS)
    assert find_runtime(runtimes, "2.7") is None
    assert find_runtime(runtimes, "3.99") is None


def test_parse_python_runtimes_tolerates_missing_parts():
    assert parse_python_runtimes([{"name": "python", "properties": {"value": "python"}}, {}]) == []
    broken = [{"properties": {"value": "python", "majorVersions": [{"minorVersions": [
        {"stackSettings": {}}, {"stackSettings": {"linuxRuntimeSettings": {"runtimeVersion": "PYTHON|3.12",
                                                                            "endOfLifeDate": "soon"}}}]}]}}]
    assert [(r.version, r.end_of_life) for r in parse_python_runtimes(broken)] == [("3.12", None)]


def settings_minor(settings):
    return {"name": "python", "properties": {"value": "python", "majorVersions": [
        {"value": "3", "minorVersions": [{"value": "x", "stackSettings": {"linuxRuntimeSettings": settings}}]}]}}


def test_early_access_and_preview_are_prerelease_and_never_suggested():
    stacks = [settings_minor({"runtimeVersion": "PYTHON|3.15", "endOfLifeDate": "2031-10-31T00:00:00Z",
                              "isEarlyAccess": True}),
              settings_minor({"runtimeVersion": "PYTHON|3.16", "endOfLifeDate": "2032-10-31", "isPreview": True}),
              settings_minor({"runtimeVersion": "PYTHON|3.14", "endOfLifeDate": "2030-10-31"})]
    runtimes = parse_python_runtimes(stacks)
    assert [(r.version, r.is_early_access, r.is_preview, r.is_prerelease) for r in runtimes] == [
        ("3.16", False, True, True), ("3.15", True, False, True), ("3.14", False, False, False)]
    assert [r.version for r in suggested_runtimes(runtimes, TODAY)] == ["3.14"]
    assert [r.version for r in offered_runtimes(runtimes, TODAY)] == ["3.16", "3.15", "3.14"]


def test_absent_fields_mean_unknown_support_not_an_error():
    [runtime] = parse_python_runtimes([settings_minor({"runtimeVersion": "PYTHON|3.12"})])
    assert (runtime.end_of_life, runtime.support(TODAY), runtime.is_hidden, runtime.is_deprecated) == (
        None, "unknown", False, False)


@pytest.mark.parametrize("spelling", ["PYTHON|3.11", "Python|3.11", "python|3.11"])
def test_runtime_version_in_any_casing_is_read_and_written_canonically(spelling):
    [runtime] = parse_python_runtimes([settings_minor({"runtimeVersion": spelling})])
    assert (runtime.version, runtime.linux_fx_version) == ("3.11", "PYTHON|3.11")


def test_malformed_entries_are_skipped():
    stacks = [{"properties": {"value": "python", "majorVersions": ["x", {"minorVersions": [None, {"stackSettings": 3}]}]}},
              settings_minor(None), settings_minor({"runtimeVersion": None}), settings_minor({"isDeprecated": "true"})]
    assert parse_python_runtimes(stacks) == []
