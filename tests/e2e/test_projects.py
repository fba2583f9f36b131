"""The sample projects (tests/projects) through the real az: doctor --src offline, show-startup's declared
sources, and two deployed Django apps in the emulator, one naive (every new check fires) and one ready (quiet)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.e2e.test_doctor import RG, check, doctor, statuses
from tests.harness import AzSession
from tests.unit.doctor.test_projects import PROJECTS, REPORTS, SAYS

NAIVE_FIRES = {  # check id -> (status, what it says) on the naive app (legacy-django31 deployed as is)
    "runtime.removed-modules": ("fail", "django==3.1.14, which imports distutils"),
    "startup.scripts": ("warn", "CRLF"),
    "build.venv": ("fail", "venv/"),
    "build.ci-venv": ("fail", "/opt/hostedtoolcache/Python/3.12.7/x64/bin"),
    "build.run-from-package": ("fail", "Read-only file system"),
    "settings.key-vault": ("fail", "SECRET_KEY (AccessToKeyVaultDenied)"),
    "settings.slot-sticky": ("warn", "staging"),
    "django.allowed-hosts": ("fail", "Invalid HTTP_HOST header: '127.0.1."),
    "django.static": ("warn", "STATIC_ROOT is not set"),
    "data.sqlite": ("warn", "database is locked"),
    "probe.health-check": ("warn", "307"),
    "logs.out-of-memory": ("fail", "Worker (pid:57) was sent SIGKILL! Perhaps out of memory?"),
    "startup.warmup": ("warn", "--always-on true"),
}
QUIET = list(NAIVE_FIRES)


@pytest.fixture
def offline(emulator, tmp_path, extension_dir, az_session) -> AzSession:
    """az with the extension installed but never logged in: --src alone must not need Azure."""
    emulator.reset()
    return AzSession(str(tmp_path / "azure-config-offline"), emulator.arm_url, emulator.ca_bundle, extension_dir)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_doctor_src_reports_each_sample_project_whole(offline, emulator, name):
    result = offline.run("pyappsvc", "doctor", "--src", str(PROJECTS / name))
    found = statuses(result)
    assert found.pop("offline") == "skip"
    assert found == REPORTS[name], result.json["checks"]
    for check_id, fragment in SAYS[name].items():
        assert fragment in check(result, check_id)["summary"] + (check(result, check_id)["fix"] or "")
    assert result.returncode == (1 if "fail" in found.values() else 0), result
    assert emulator.requests() == [] and "Traceback" not in result.stderr


def test_show_startup_src_follows_azure_yaml_and_bicep_and_says_so(offline):
    result = offline.run("pyappsvc", "show-startup", "--src", str(PROJECTS / "azd-django-postgres"))
    assert result.returncode == 0, result
    prediction = result.json
    # custom commands run with wwwroot on PATH (issue 11, point 10: init_container.sh)
    assert (prediction["source"], prediction["command"]) == ("custom",
                                                             'PATH="$PATH:/home/site/wwwroot" entrypoint.sh')
    assert (prediction["pythonVersion"], prediction["pythonVersionSource"]) == ("3.12",
                                                                                "infra/resources.bicep linuxFxVersion")
    reasons = " ".join(prediction["reasons"])
    assert "azure.yaml services.web.project" in reasons and "infra/resources.bicep appCommandLine" in reasons


def test_startup_command_option_wins_and_is_named(offline):
    result = offline.run("pyappsvc", "show-startup", "--src", str(PROJECTS / "legacy-django31"),
                         "--startup-command", "startup.sh")
    assert result.returncode == 0, result
    assert result.json["source"] == "custom" and result.json["startupFile"]["name"] == "startup.sh"
    assert "--startup-command" in " ".join(result.json["reasons"])
    report = offline.run("pyappsvc", "doctor", "--src", str(PROJECTS / "legacy-django31"), "--startup-command",
                         "startup.sh")
    assert check(report, "startup.file")["status"] == "fail" and "CRLF" in check(report, "startup.file")["summary"]


@pytest.mark.parametrize("command", [["show-startup"], ["doctor"]])
def test_python_2_and_startup_command_with_an_app_are_refused_before_any_request(az, emulator, command):
    refused = az("pyappsvc", *command, "--src", str(PROJECTS / "flask-quickstart"), "--python-version", "2.7")
    assert_clean_failure(refused)
    assert "Python 3 only" in refused.stderr and "--python-version 3.12" in refused.stderr
    with_app = az("pyappsvc", *command, "-g", RG, "-n", "flask-312", "--startup-command", "startup.sh")
    assert_clean_failure(with_app)
    assert "--startup-command is for --src" in with_app.stderr
    assert [r for r in emulator.requests() if "oauth2" not in r["path"]] == [] and writes(emulator) == []


@pytest.mark.parametrize("check_id", sorted(NAIVE_FIRES))
def test_each_new_check_fires_on_the_naive_app(az, emulator, check_id):
    result = doctor(az, "django-naive")
    status, fragment = NAIVE_FIRES[check_id]
    found = check(result, check_id)
    assert found["status"] == status and fragment in found["summary"] + " " + (found["fix"] or ""), found
    assert result.returncode == 1 and writes(emulator) == []
    assert "robots933456" not in result.stdout and "169.254" not in check(result, "logs.errors")["summary"]
    assert "kv-naive" not in result.stdout + result.stderr  # names and statuses only, never the reference


def test_the_ready_app_keeps_every_new_check_quiet(az, emulator):
    result = doctor(az, "django-ready")
    found = statuses(result)
    assert {check_id: found[check_id] for check_id in QUIET} == {check_id: "pass" for check_id in QUIET}, \
        result.json["checks"]
    assert "DATABASE_URL" in check(result, "settings.slot-sticky")["summary"]
    kv_reads = [r for r in emulator.requests("arm") if r["path"].endswith("/config/configreferences/appsettings")]
    assert len(kv_reads) == 1
    assert sorted(r["path"] for r in emulator.requests("site")) == ["/", "/health"]


def test_apps_without_key_vault_references_never_ask_for_them(az, emulator):
    assert doctor(az, "flask-312").returncode == 0
    assert not [r for r in emulator.requests("arm") if "configreferences" in r["path"]]
