"""show-version, list-versions, set-version through the real az against the emulator."""
from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.emulator.stacks import PYTHON_MINORS

RG = "pyapps-rg"
APP = ["-g", RG, "-n", "flask-312"]


def expected_support(version: str) -> tuple[str, str]:
    """Test oracle from the emulator's own data: (support, endOfLife) for a minor version, today."""
    _, eol, deprecated, _ = next(m for m in PYTHON_MINORS if m[0] == version)
    days = (date.fromisoformat(eol) - date.today()).days
    if deprecated:
        return "deprecated", eol
    return ("eol" if days < 0 else "near-eol" if days <= 365 else "active"), eol


def config_of(emulator, name="flask-312", slot=None):
    """A copy of the app's live siteConfig in the emulator."""
    return dict(emulator.site(RG, name, slot).site_config)


# --- show-version -----------------------------------------------------------------------------

def test_show_version_reports_runtime_support_and_end_of_life(az, emulator):
    result = az("pyappsvc", "show-version", *APP)
    assert result.returncode == 0, result
    support, eol = expected_support("3.12")
    assert result.json == {"name": "flask-312", "resourceGroup": RG, "slot": None, "kind": "app,linux",
                           "linuxFxVersion": "PYTHON|3.12", "pythonVersion": "3.12", "support": support,
                           "endOfLife": eol}
    assert "Traceback" not in result.stderr


def test_show_version_fetches_site_config_and_stacks_concurrently_in_three_requests(az, emulator):
    # GET site does not carry the configuration on real answers, so config/web is read too, in the same round
    emulator.set_latency(400)
    result = az("pyappsvc", "show-version", *APP)
    assert result.returncode == 0, result
    calls = [r for r in emulator.requests("arm") if "oauth2" not in r["path"]]
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in calls) == ["flask-312", "web", "webAppStacks"], calls
    ordered = sorted(calls, key=lambda r: r["started"])
    assert ordered[-1]["started"] < ordered[0]["time"], "a request started only after another one ended"


def test_show_version_of_a_slot_and_colon_spelling(az):
    slot = az("pyappsvc", "show-version", *APP, "--slot", "staging").json
    assert (slot["slot"], slot["pythonVersion"], slot["support"]) == ("staging", "3.11", expected_support("3.11")[0])
    colon = az("pyappsvc", "show-version", "-g", RG, "-n", "django-311").json
    assert (colon["linuxFxVersion"], colon["pythonVersion"]) == ("python:3.11", "3.11")


@pytest.mark.parametrize("name, kind, fx", [("windows-app", "app", None),
                                            ("container-app", "app,linux,container", "DOCKER|nginx:1.27")])
def test_show_version_of_apps_without_built_in_python(az, name, kind, fx):
    result = az("pyappsvc", "show-version", "-g", RG, "-n", name).json
    assert (result["kind"], result["linuxFxVersion"], result["pythonVersion"], result["support"],
            result["endOfLife"]) == (kind, fx, None, "unknown", None)


def test_show_version_deprecated_and_past_eol(az):
    assert az("pyappsvc", "show-version", "-g", RG, "-n", "ancient-37").json["support"] == "deprecated"
    assert az("pyappsvc", "show-version", "-g", RG, "-n", "old-310").json["support"] == expected_support("3.10")[0]


@pytest.mark.parametrize("args, named", [
    (["-g", RG, "-n", "no-such-app"], "no-such-app"),
    (["-g", "no-such-rg", "-n", "flask-312"], "no-such-rg"),
    (["-g", RG, "-n", "flask-312", "--slot", "no-such-slot"], "no-such-slot"),
])
def test_show_version_missing_things_exit_3_and_name_them(az, args, named):
    result = az("pyappsvc", "show-version", *args)
    assert_clean_failure(result, 3)
    assert named in result.stderr


def test_show_version_output_formats_and_query(az):
    tsv = az("pyappsvc", "show-version", *APP, "--query", "pythonVersion", "-o", "tsv")
    assert tsv.stdout == "3.12\n", tsv
    table = az("pyappsvc", "show-version", *APP, "-o", "table")
    header, rule, row = table.stdout.splitlines()[:3]
    assert header.split() == ["Name", "Slot", "Kind", "LinuxFxVersion", "Python", "Support", "EndOfLife"]
    assert row.split()[:5] == ["flask-312", "-", "app,linux", "PYTHON|3.12", "3.12"]


def test_configured_defaults_for_group_and_name(az_session, emulator):
    emulator.reset()
    az_session.run("configure", "--defaults", f"group={RG}", "web=django-311")
    try:
        result = az_session.run("pyappsvc", "show-version")
    finally:
        az_session.run("configure", "--defaults", "group=", "web=")
    assert result.returncode == 0, result
    assert result.json["name"] == "django-311"


# --- list-versions ----------------------------------------------------------------------------

def test_list_versions_default_shows_only_selectable_versions_newest_first(az):
    result = az("pyappsvc", "list-versions")
    assert result.returncode == 0, result
    expected = [v for v, *_ in PYTHON_MINORS if expected_support(v)[0] in ("active", "near-eol")
                and v != "2.7"]
    assert [r["version"] for r in result.json] == expected
    assert all(r["linuxFxVersion"] == f"PYTHON|{r['version']}" for r in result.json)
    assert result.json[0] == {"version": "3.14", "linuxFxVersion": "PYTHON|3.14",
                              "support": expected_support("3.14")[0], "endOfLife": "2030-10-31"}


def test_list_versions_all_adds_deprecated_and_eol_but_never_hidden(az):
    versions = {r["version"]: r["support"] for r in az("pyappsvc", "list-versions", "--all").json}
    assert versions["3.7"] == "deprecated"
    assert versions["3.9"] == "eol"
    assert "2.7" not in versions
    assert list(versions) == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)


def test_list_versions_follows_paging_when_python_is_on_page_two(az, emulator):
    emulator.world.stacks_python_page = 2
    result = az("pyappsvc", "list-versions")
    assert result.returncode == 0, result
    assert result.json and result.json[0]["version"] == "3.14"
    assert len([r for r in emulator.requests("arm") if r["path"].endswith("webAppStacks")]) == 2


def test_list_versions_table(az):
    lines = az("pyappsvc", "list-versions", "-o", "table").stdout.splitlines()
    assert lines[0].split() == ["Version", "LinuxFxVersion", "Support", "EndOfLife"]
    assert lines[2].split()[:2] == ["3.14", "PYTHON|3.14"]


# --- set-version --------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["3.13", "PYTHON|3.13", "python:3.13", "Python|3.13", " 3.13 "])
def test_set_version_writes_one_patch_of_linux_fx_version_only(az, emulator, spelling):
    before = config_of(emulator)
    result = az("pyappsvc", "set-version", spelling, *APP)
    assert result.returncode == 0, result
    assert result.json["linuxFxVersion"] == "PYTHON|3.13"
    assert result.json["previousLinuxFxVersion"] == "PYTHON|3.12"
    assert result.json["changed"] is True
    patches = writes(emulator)
    assert [(p["method"], p["body"]) for p in patches] == [("PATCH", {"properties": {"linuxFxVersion": "PYTHON|3.13"}})]
    after = config_of(emulator)
    assert after.pop("linuxFxVersion") == "PYTHON|3.13"
    before.pop("linuxFxVersion")
    assert after == before, "set-version changed another config field"


def test_set_version_option_form_on_a_slot_touches_only_the_slot(az, emulator):
    production = config_of(emulator)
    result = az("pyappsvc", "set-version", "--version", "3.12", *APP, "--slot", "staging")
    assert result.returncode == 0, result
    assert [p["path"].split("/sites/")[1] for p in writes(emulator)] == ["flask-312/slots/staging/config/web"]
    assert config_of(emulator, slot="staging")["linuxFxVersion"] == "PYTHON|3.12"
    assert config_of(emulator) == production


@pytest.mark.parametrize("name, version", [("flask-312", "3.12"), ("django-311", "PYTHON|3.11")])
def test_set_version_already_set_writes_nothing(az, emulator, name, version):
    result = az("pyappsvc", "set-version", version, "-g", RG, "-n", name)
    assert result.returncode == 0, result
    assert result.json["changed"] is False
    assert writes(emulator) == []


@pytest.mark.parametrize("app, version, fragment", [
    ("flask-312", "3.99", "Supported versions: 3.14, 3.13, 3.12"),
    ("flask-312", "3.7", "deprecated"),
    ("flask-312", "3.10", "--allow-eol"),
    ("flask-312", "2.7", "not offered"),
    ("windows-app", "3.12", "Python runs only on App Service for Linux"),
    ("func-312", "3.12", "function app"),
    ("container-app", "3.12", "custom container"),
    ("flask-312", "3.12.4", "minor versions"),
    ("flask-312", "3", "major version"),
    ("flask-312", "abc", "not a Python version"),
    ("flask-312", "3.12; rm -rf /", "not a Python version"),
    ("flask-312", "3.١٢", "cannot be part of a version"),
    ("flask-312", "3" * 200, "characters long"),
])
def test_set_version_refusals_exit_1_and_write_nothing(az, emulator, app, version, fragment):
    before = config_of(emulator, app)
    result = az("pyappsvc", "set-version", version, "-g", RG, "-n", app)
    assert_clean_failure(result, 1)
    assert fragment in result.stderr, result
    assert writes(emulator) == []
    assert config_of(emulator, app) == before


def test_set_version_without_a_version_is_refused(az, emulator):
    result = az("pyappsvc", "set-version", *APP)
    assert_clean_failure(result, 1)
    assert "VERSION is required" in result.stderr
    assert emulator.requests("arm") == [r for r in emulator.requests("arm") if "oauth2" in r["path"]]


def test_set_version_past_eol_with_allow_eol_warns_and_writes(az, emulator):
    result = az("pyappsvc", "set-version", "3.10", *APP, "--allow-eol")
    assert result.returncode == 0, result
    assert "WARNING: Python 3.10 reached its end of life on 2026-10-31" in result.stderr
    assert result.json["warnings"] and result.json["support"] == "eol"
    assert [p["body"] for p in writes(emulator)] == [{"properties": {"linuxFxVersion": "PYTHON|3.10"}}]


def test_set_version_on_a_missing_app_exits_3(az, emulator):
    result = az("pyappsvc", "set-version", "3.12", "-g", RG, "-n", "ghost")
    assert_clean_failure(result, 3)
    assert "ghost" in result.stderr
    assert writes(emulator) == []


def test_set_version_as_reader_reports_the_missing_permission(az_reader, emulator):
    result = az_reader("pyappsvc", "set-version", "3.13", *APP)
    assert_clean_failure(result, 1)
    assert "permission" in result.stderr and "Microsoft.Web/sites/config/write" in result.stderr
    assert "left as it was" in result.stderr
    assert config_of(emulator)["linuxFxVersion"] == "PYTHON|3.12"


def test_throttled_stacks_request_is_retried_after_retry_after(az, emulator):
    emulator.inject(r"GET .*/webAppStacks", status=429, headers={"Retry-After": "1"}, count=1,
                    body={"error": {"code": "TooManyRequests", "message": "Throttled."}})
    result = az("pyappsvc", "list-versions")
    assert result.returncode == 0, result
    stack_calls = [r for r in emulator.requests("arm") if r["path"].endswith("webAppStacks")]
    assert [r["status"] for r in stack_calls] == [429, 200]
    assert stack_calls[1]["started"] - stack_calls[0]["started"] >= 0.9


@pytest.mark.parametrize("command", ["", "show-version", "list-versions", "set-version"])
def test_help_has_examples(az, command):
    result = az("pyappsvc", *([command] if command else []), "-h")
    assert result.returncode == 0, result
    assert "Examples" in result.stdout and "az pyappsvc" in result.stdout
