"""ARM and Kudu as they really answer (issue 12), through the real az against the emulator.

1 GET site carries no configuration: decisions read config/web, in one round with site and stacks; kind and runtime
  are judged together.  2 Docker logs per machine and source, merged; /api/startuplogs first.  3 Range ignored.
4 VFS 307 and 404.  5 Stacks: early access, absent fields, casing.  6 Sovereign Kudu scope.  7 ARM refusals.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.harness import AzSession

RG = "pyapps-rg"
APP = ["-g", RG, "-n", "flask-312"]


def config_of(emulator, name="flask-312"):
    return dict(emulator.site(RG, name).site_config)


def doctor(az, name, *extra):
    return az("pyappsvc", "doctor", "-g", RG, "-n", name, "--probe-timeout", "5", *extra)


def check(result, check_id):
    return next(c for c in result.json["checks"] if c["id"] == check_id)


def arm_calls(emulator):
    return [r for r in emulator.requests("arm") if "oauth2" not in r["path"]]


# --- 1. GET site does not carry the configuration ---------------------------------------------------------------------

def test_get_site_answers_an_all_null_site_config_and_show_version_reads_config_web(az, emulator):
    result = az("pyappsvc", "show-version", *APP)
    assert result.returncode == 0, result
    assert (result.json["linuxFxVersion"], result.json["pythonVersion"]) == ("PYTHON|3.12", "3.12")
    paths = [r["path"] for r in arm_calls(emulator)]
    assert any(p.endswith("/sites/flask-312/config/web") for p in paths), paths


@pytest.mark.parametrize("fill", [{"linuxFxVersion": "", "numberOfWorkers": 1}, ["linuxFxVersion"]])
def test_a_partly_filled_get_site_never_decides_and_set_version_writes_only_when_needed(az, emulator, fill):
    emulator.site(RG, "flask-312").site_config_on_get = fill   # "" on GET site, PYTHON|3.12 in config/web
    shown = az("pyappsvc", "show-version", *APP)
    assert shown.json["pythonVersion"] == "3.12", shown
    same = az("pyappsvc", "set-version", "3.12", *APP)
    assert same.returncode == 0 and same.json["changed"] is False, same
    assert writes(emulator) == [], "an unchanged version must not be written"


def test_version_commands_read_site_config_and_stacks_in_one_round(az, emulator):
    emulator.set_latency(300)
    result = az("pyappsvc", "set-version", "3.13", *APP)
    assert result.returncode == 0, result
    reads = [r for r in arm_calls(emulator) if r["method"] == "GET"]
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in reads) == ["flask-312", "web", "webAppStacks"], reads
    assert max(r["started"] for r in reads) < min(r["time"] for r in reads), "the reads were not concurrent"
    [patch] = writes(emulator)
    assert patch["body"] == {"properties": {"linuxFxVersion": "PYTHON|3.13"}}


@pytest.mark.parametrize("fx", ["DOCKER|myorg/api:1.4", "COMPOSE|dmVyc2lvbjogJzMn", "sitecontainers"])
def test_a_container_runtime_on_an_app_linux_kind_is_a_container_app(az, emulator, fx):
    site = emulator.site(RG, "flask-312")
    site.site_config["linuxFxVersion"] = fx
    assert site.kind == "app,linux"
    before = config_of(emulator)
    shown = az("pyappsvc", "show-version", *APP).json
    assert (shown["linuxFxVersion"], shown["pythonVersion"]) == (fx, None)
    refused = az("pyappsvc", "set-version", "3.12", *APP)
    assert_clean_failure(refused, 1)
    assert "custom container" in refused.stderr
    assert writes(emulator) == [] and config_of(emulator) == before, "the container image must never be overwritten"


# --- 2. docker logs per machine and per source; /api/startuplogs where it answers ------------------------------------

PLATFORM_FAILED = ("2026-11-25T06:03:54.100Z ERROR - Container flask-312_0_1 didn't respond to HTTP pings on port: "
                   "8000, failing site start.\n")
APP_TRACEBACK = ("2026-11-25T06:00:03.100Z Site's appCommandLine: \n"
                 "2026-11-25T06:00:04.001Z ModuleNotFoundError: No module named 'flask_sqlalchemy'\n")


def test_the_app_file_is_read_even_when_the_platform_wrote_last(az, emulator):
    emulator.site(RG, "flask-312").docker_logs = [
        {"machine": "lw1new", "source": "default", "text": APP_TRACEBACK},
        {"machine": "lw1new", "source": "docker", "text": "2026-11-25T06:00:01.000Z INFO  - Starting container\n"
                                                          + PLATFORM_FAILED},
        {"machine": "lw1new", "source": "easyauth", "text": "2026-11-25T06:05:00.000Z easyauth noise\n"}]
    found = check(doctor(az, "flask-312"), "logs.errors")
    assert found["status"] == "fail" and "'flask_sqlalchemy'" in found["summary"], found
    assert "machine lw1new" in found["summary"] and "HTTP pings" in found["fix"], found
    reads = [r["path"] for r in emulator.requests("kudu") if "/LogFiles/" in r["path"] and r["status"] == 200]
    assert sorted(p.rsplit("/", 1)[-1] for p in reads) == ["2026_11_25_lw1new_default_docker.log",
                                                           "2026_11_25_lw1new_docker.log"], reads
    assert not [p for p in reads if "easyauth" in p], "easyauth files are not the app's logs"


def test_only_the_newest_machine_is_read_and_named(az, emulator):
    emulator.site(RG, "flask-312").docker_logs = [
        {"machine": "lw0old", "date": "2026_11_24", "source": "default",
         "text": "2026-11-24T09:00:00.000Z ModuleNotFoundError: No module named 'stale'\n"},
        {"machine": "lw0old", "date": "2026_11_24", "source": "docker", "text": "2026-11-24T09:00:01.000Z "
                                                                                "INFO  - Stopping site\n"},
        {"machine": "lw1new", "source": "default", "text": "2026-11-25T06:00:04.300Z [1] [INFO] Listening at: "
                                                           "http://0.0.0.0:8000 (1)\n"},
        {"machine": "lw1new", "source": "docker", "text": "2026-11-25T06:00:05.000Z INFO  - Site started\n"}]
    found = check(doctor(az, "flask-312"), "logs.errors")
    assert found["status"] == "pass" and "machine lw1new" in found["summary"], found
    assert not [r for r in emulator.requests("kudu") if "lw0old" in r["path"]], "the old machine's files were read"


def test_the_startup_log_is_used_where_it_answers(az, emulator):
    emulator.site(RG, "flask-312").startup_log = {
        "instance": "lw1startup", "outcome": "failure",
        "text": "2026-11-25T06:00:04.001Z ModuleNotFoundError: No module named 'numpy'\n"}
    found = check(doctor(az, "flask-312"), "logs.errors")
    assert "'numpy'" in found["summary"] and "machine lw1startup" in found["summary"], found
    emulator.clear_requests()  # the first run may have read files an earlier run remembered, alongside
    assert "'numpy'" in check(doctor(az, "flask-312"), "logs.errors")["summary"]
    assert not [r for r in emulator.requests("kudu") if "/LogFiles/" in r["path"]], "no fallback was needed"


def test_without_startup_logs_doctor_falls_back_to_the_docker_log_files(az, emulator):
    assert check(doctor(az, "broken-zip"), "logs.errors")["status"] == "fail"
    kudu = emulator.requests("kudu")
    assert [r["status"] for r in kudu if r["path"] == "/api/startuplogs"] == [404]
    assert len({r["path"] for r in kudu if "/LogFiles/" in r["path"] and r["status"] == 200}) == 2, \
        "the platform and the app file"


# --- 3. KuduLite ignores Range ----------------------------------------------------------------------------------------

def _big_log(megabytes):
    line = "2026-11-25T05:00:00.000Z INFO  - request served\n"
    stale = "2026-11-25T05:00:00.000Z ModuleNotFoundError: No module named 'stale_error'\n"
    return stale + line * (megabytes * 1024 * 1024 // len(line))


def test_a_40_mb_log_with_range_ignored_is_streamed_to_its_end(az, emulator):
    site = emulator.site(RG, "flask-312")
    site.docker_logs = [{"machine": "lw1", "source": "default", "text": _big_log(40) + (
        "2026-11-25T07:00:00.000Z ModuleNotFoundError: No module named 'current_error'\n")}]
    found = check(doctor(az, "flask-312"), "logs.errors")
    assert "'current_error'" in found["summary"] and "stale_error" not in str(found), found
    reads = [r for r in emulator.requests("kudu") if r["path"].endswith("_lw1_default_docker.log")]
    assert [r["status"] for r in reads] == [200], "KuduLite answers a Range request with the whole file"
    assert reads[0]["headers"].get("Range", "").startswith("bytes=-")


def test_a_log_beyond_the_bound_is_not_reported_from_its_middle(az, emulator):
    emulator.site(RG, "flask-312").docker_logs = [{"machine": "lw1", "source": "default", "text": _big_log(65)}]
    found = check(doctor(az, "flask-312"), "logs.errors")
    assert found["status"] == "warn" and "could not be read" in found["summary"], found
    assert "stale_error" not in str(found)


def test_windows_kudu_honours_the_range(az, emulator):
    site = emulator.site(RG, "broken-zip")
    site.site["ignoreRange"] = False
    assert "'flask'" in check(doctor(az, "broken-zip"), "logs.errors")["summary"]
    reads = [r for r in emulator.requests("kudu") if "/LogFiles/" in r["path"]]
    assert reads and {r["status"] for r in reads} == {206}


# --- 4. VFS: 307 to the slash form, 404, redirects only to the same SCM host ------------------------------------------

def test_a_startup_file_that_is_a_folder_is_not_read_as_a_file(az, emulator):
    # issue 11: the root listing is read first now, so a root folder is known without a request; a folder one level
    # down is still asked for, answered 307, and not read as a file
    site = emulator.site(RG, "django-311")
    site.wwwroot["mysite/static/site.css"] = "body {}\n"
    site.site_config["appCommandLine"] = "mysite/static"
    out = az("pyappsvc", "show-startup", "-g", RG, "-n", "django-311").json
    # issue 11 point 10: a custom command runs with wwwroot on PATH (ExtendPathForCommand)
    assert not (out["startupFile"] or {}).get("exists") and out["command"] == (
        'PATH="$PATH:/home/site/wwwroot" mysite/static'), out
    assert any("'mysite/static' is not a file" in reason for reason in out["reasons"]), out
    redirected = [r for r in emulator.requests("kudu") if r["path"].endswith("/wwwroot/mysite/static")]
    assert [r["status"] for r in redirected] == [307]


def test_a_redirect_to_another_host_is_not_followed(az, emulator):
    emulator.inject(r"GET 127\.0\.2\.[\d:]+/api/vfs/site/wwwroot/app\.py$", status=307, body=b"",
                    headers={"Location": f"{emulator.arm_url}steal-token"})
    result = az("pyappsvc", "show-startup", *APP)
    assert result.returncode == 0, result
    assert any("redirected to another host" in reason for reason in result.json["reasons"]), result.json
    assert not [r for r in emulator.requests() if "steal-token" in r["path"]], "the token went to another host"


def test_a_missing_path_is_a_404_and_reads_as_missing(az, emulator):
    # issue 11: the root listing is read first now (for oryx-manifest.toml), so a missing root file costs no request;
    # a file in a folder the listing does not show is still asked for, and its 404 reads as missing
    emulator.site(RG, "missing-startup").site_config["appCommandLine"] = "conf/startup.txt"
    out = az("pyappsvc", "show-startup", "-g", RG, "-n", "missing-startup").json
    assert out["startupFile"]["exists"] is False
    assert [r["status"] for r in emulator.requests("kudu") if r["path"].endswith("/conf/startup.txt")] == [404]


# --- 5. stacks: isEarlyAccess, absent fields, casing ------------------------------------------------------------------

def test_real_world_stacks_early_access_absent_fields_and_casing(az, emulator):
    emulator.world.stacks_variant = "real-world"
    versions = {r["version"]: r for r in az("pyappsvc", "list-versions").json}
    assert versions["3.13"]["linuxFxVersion"] == "PYTHON|3.13", "Python|3.13 is read and written canonically"
    assert (versions["3.12"]["support"], versions["3.12"]["endOfLife"]) == ("unknown", None)
    assert "3.15" in versions
    refused = az("pyappsvc", "set-version", "3.9", *APP)
    assert_clean_failure(refused)
    supported = refused.stderr[refused.stderr.index("Choose a supported version"):]
    assert "3.14" in supported and "3.15" not in supported, "an early-access version is never suggested"
    early = az("pyappsvc", "set-version", "3.15", *APP)
    assert early.returncode == 0 and "early-access" in early.stderr, early
    assert config_of(emulator)["linuxFxVersion"] == "PYTHON|3.15"


def test_doctor_never_suggests_an_early_access_version(az, emulator):
    emulator.world.stacks_variant = "real-world"
    found = check(doctor(az, "old-310"), "runtime.support")
    assert "set-version 3.14" in found["fix"] and "3.15" not in found["fix"], found


# --- 6. sovereign clouds: the Kudu scope keeps the resource id's trailing slash ---------------------------------------

def test_the_kudu_scope_is_built_as_azure_cli_builds_it(emulator, tmp_path, extension_dir, az_session):
    emulator.reset()
    emulator.world.app_service_resource_id = "https://appservice.emulator.local/"  # like China's and US Gov's ids
    session = AzSession(str(tmp_path / "azure-config"), emulator.arm_url, emulator.ca_bundle, extension_dir)
    session.login(emulator.tenant_id, *emulator.principal("Contributor"))
    result = session.run("pyappsvc", "show-startup", *APP)
    assert result.returncode == 0 and result.json["source"] == "flask", result
    assert "https://appservice.emulator.local//.default" in emulator.world.token_scopes, emulator.world.token_scopes


# --- 7. ARM refusals users meet ---------------------------------------------------------------------------------------

def test_a_policy_denial_names_the_assignment_and_changes_nothing(az, emulator):
    emulator.site(RG, "flask-312").policy_deny = {"assignment": "a1b2c3", "displayName": "Pin runtimes to 3.12"}
    before = config_of(emulator)
    result = az("pyappsvc", "set-version", "3.13", *APP)
    assert_clean_failure(result, 1)
    assert "'Pin runtimes to 3.12'" in result.stderr and "policyAssignments/a1b2c3" in result.stderr, result
    assert "left as it was" in result.stderr and "az policy assignment list" in result.stderr
    assert config_of(emulator) == before


def test_a_read_only_lock_is_named_and_reads_still_answer(az, emulator):
    emulator.site(RG, "flask-312").locks = [{"name": "freeze-prod", "level": "ReadOnly", "scope": "resourceGroup"}]
    before = config_of(emulator)
    result = az("pyappsvc", "set-startup", "gunicorn --bind=0.0.0.0 --timeout 600 app:app", *APP)
    assert_clean_failure(result, 1)
    assert "'freeze-prod'" in result.stderr and "az lock delete" in result.stderr, result
    assert "left as it was" in result.stderr and config_of(emulator) == before
    shown = az("pyappsvc", "show-startup", *APP)
    assert shown.returncode == 0 and shown.json["source"] == "flask", shown
    assert any("freeze-prod" in reason for reason in shown.json["reasons"]), "the settings' POST was refused: say so"


def test_a_missing_subscription_is_not_reported_as_a_missing_app(az, emulator):
    emulator.world.subscription_gone = True
    result = az("pyappsvc", "show-version", *APP)
    assert_clean_failure(result, 3)
    assert f"Subscription '{emulator.subscription_id}' was not found" in result.stderr, result
    assert "App 'flask-312' was not found" not in result.stderr and "az account list --refresh" in result.stderr


def test_a_conflicting_operation_is_a_clear_error_and_no_write(az, emulator):
    emulator.site(RG, "flask-312").busy_with = "SwapSiteSlots"
    before = config_of(emulator)
    result = az("pyappsvc", "set-version", "3.13", *APP)
    assert_clean_failure(result, 1)
    assert "another operation is in progress" in result.stderr and "SwapSiteSlots" in result.stderr, result
    assert "left as it was" in result.stderr and config_of(emulator) == before


def test_doctor_under_a_read_only_lock_still_reports_and_names_the_lock(az, emulator):
    emulator.site(RG, "flask-312").locks = [{"name": "freeze-prod", "level": "ReadOnly"}]
    result = doctor(az, "flask-312")
    assert "Traceback" not in result.stderr and result.json["checks"], result
    settings = check(result, "settings.values")
    assert settings["status"] == "error" and "freeze-prod" in settings["summary"], settings
    assert check(result, "startup.detection")["status"] == "pass"
    assert writes(emulator) == []


def test_an_empty_startup_log_falls_back_to_the_docker_log_files(az, emulator):
    emulator.site(RG, "broken-zip").startup_log = {"text": ""}
    assert "'flask'" in check(doctor(az, "broken-zip"), "logs.errors")["summary"]
