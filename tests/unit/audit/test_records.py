"""audit/records.py: a Resource Graph row -> facts -> the listed record, with show-version's support rules."""
from __future__ import annotations

from datetime import date

from azext_pyappsvc.audit.records import read_row, to_record
from azext_pyappsvc.runtime.stacks import PythonRuntime

TODAY = date(2026, 12, 3)
RUNTIMES = [PythonRuntime("3.12", "PYTHON|3.12", date(2028, 10, 31), False, False),
            PythonRuntime("3.10", "PYTHON|3.10", date(2026, 10, 31), False, False),
            PythonRuntime("3.7", "PYTHON|3.7", date(2023, 6, 27), True, False),
            PythonRuntime("2.7", "PYTHON|2.7", date(2020, 1, 1), True, True)]


def row(name="web", kind="app,linux", fx="PYTHON|3.12", config=None, reserved=True, **extra):
    return {"id": f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/{name}", "subscriptionId": "s",
            "resourceGroup": "rg", "name": name, "type": "microsoft.web/sites", "kind": kind, "location": "westeurope",
            "state": "Running", "reserved": reserved,
            "siteProperties": [{"name": "LinuxFxVersion", "value": fx}, {"name": "WindowsFxVersion", "value": None}],
            "configFx": config if config is not None else "", **extra}


def test_a_python_row_becomes_the_record_show_version_would_describe():
    record = to_record(read_row(row(fx="PYTHON|3.10")), RUNTIMES, TODAY)
    assert record == {"subscriptionId": "s", "resourceGroup": "rg", "name": "web", "slot": None, "kind": "app,linux",
                      "location": "westeurope", "state": "Running", "linuxFxVersion": "PYTHON|3.10",
                      "pythonVersion": "3.10", "support": "eol", "endOfLife": "2026-10-31"}


def test_slots_are_named_app_slot():
    facts = read_row(row(name="web/staging"))
    assert (facts.name, facts.slot) == ("web", "staging")


def test_hidden_and_unlisted_versions_are_unknown_and_deprecated_stays_deprecated():
    assert to_record(read_row(row(fx="PYTHON|2.7")), RUNTIMES, TODAY)["support"] == "unknown"
    assert to_record(read_row(row(fx="python:3.8")), RUNTIMES, TODAY)["support"] == "unknown"
    assert to_record(read_row(row(fx="PYTHON|3.7")), RUNTIMES, TODAY)["support"] == "deprecated"


def test_windows_containers_functions_and_other_runtimes_are_left_out_with_a_reason():
    assert read_row(row(kind="app", reserved=False, fx="")).left_out_as == "windows"
    assert read_row(row(kind="app,linux,container", fx="DOCKER|nginx")).left_out_as == "container"
    assert read_row(row(kind="functionapp,linux", fx="PYTHON|3.11")).left_out_as == "function"
    assert read_row(row(fx="NODE|20-lts")).left_out_as == "other-runtime"
    assert read_row(row(fx="")).left_out_as == "other-runtime"
    assert read_row(row(fx="python:3.11")).left_out_as is None


def test_site_properties_win_and_a_disagreeing_site_config_is_noted():
    facts = read_row(row(fx="PYTHON|3.9", config="PYTHON|3.12"))
    assert (facts.linux_fx_version, facts.disagreement) == ("PYTHON|3.9", "PYTHON|3.12")
    assert read_row(row(fx="PYTHON|3.12", config="python:3.12")).disagreement is None


def test_site_config_is_the_fallback_when_site_properties_lack_the_runtime():
    facts = read_row({**row(config="PYTHON|3.12"), "siteProperties": None})
    assert (facts.python_version, facts.disagreement) == ("3.12", None)
