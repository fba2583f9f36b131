"""doctor through the real az against the emulator: a healthy app, one scenario per failure, faults, secrets."""
from __future__ import annotations

import time
from datetime import date

import pytest

from tests.e2e.conftest import SECRET_VALUE, assert_clean_failure, writes
from tests.emulator.stacks import PYTHON_MINORS
from tests.harness import AzSession

RG = "pyapps-rg"
CHECK_IDS = ["app.linux", "app.state", "runtime.python", "runtime.support", "runtime.local", "runtime.removed-modules",
             "startup.command", "startup.file", "startup.detection", "startup.observed", "startup.scripts", "build.requirements",
             "build.scm-build", "build.venv", "build.ci-venv", "build.run-from-package", "settings.values",
             "settings.key-vault", "settings.slot-sticky", "network.port", "network.https", "django.allowed-hosts",
             "django.csrf-origins", "django.static", "data.sqlite", "probe.http", "probe.health-check", "logs.errors",
             "logs.out-of-memory", "startup.warmup"]
FLASK_CHECK_IDS = [check_id for check_id in CHECK_IDS if not check_id.startswith("django.")]  # a Flask app's report


def doctor(az, name, *extra):
    return az("pyappsvc", "doctor", "-g", RG, "-n", name, "--probe-timeout", "5", *extra)


def statuses(result):
    return {check["id"]: check["status"] for check in result.json["checks"]}


def check(result, check_id):
    return next(c for c in result.json["checks"] if c["id"] == check_id)


def test_healthy_app_passes_with_the_full_report(az, emulator):
    result = doctor(az, "flask-312")
    assert result.returncode == 0, result
    report = result.json
    assert set(report) == {"app", "startup", "checks", "summary"}
    assert [c["id"] for c in report["checks"]] == FLASK_CHECK_IDS
    assert not {s for s in statuses(result).values()} & {"fail", "error"}, report["checks"]
    assert report["summary"] == {s: sum(c["status"] == s for c in report["checks"])
                                 for s in ("pass", "warn", "fail", "skip", "error")}
    assert (report["startup"]["source"], report["startup"]["module"]) == ("flask", "app:app")
    assert report["app"]["name"] == "flask-312"
    assert all(set(c) == {"id", "category", "status", "summary", "fix"} for c in report["checks"])
    assert writes(emulator) == [], "doctor never writes"


def test_healthy_app_needs_at_most_fourteen_requests(az, emulator):
    # ARM: site, config/web, settings, stacks, slots and slotConfigNames (read with the slots: settings.slot-sticky);
    # Kudu: startuplogs, the log list, the platform and app log files (issue 12), the root and two files; the site
    assert doctor(az, "flask-312").returncode == 0
    calls = [r for r in emulator.requests() if "oauth2" not in r["path"]]
    assert len(calls) <= 14, [(r["kind"], r["path"]) for r in calls]
    assert [r["kind"] for r in calls].count("site") == 1


def test_a_first_run_starts_kudu_when_the_site_document_arrives_and_reads_slots_in_one_round(az, az_session,
                                                                                              emulator):
    from pathlib import Path
    Path(az_session.config_dir, "cache", "pyappsvc", "hosts.json").unlink(missing_ok=True)   # a first run
    emulator.set_latency(200)
    emulator.set_latency(800, r"webAppStacks")   # one slow ARM answer must not hold Kudu back
    assert doctor(az, "flask-312").returncode == 0
    arm = {r["path"].rsplit("/", 1)[-1]: r for r in emulator.requests("arm") if "oauth2" not in r["path"]}
    kudu = [r for r in emulator.requests("kudu")]
    assert kudu and min(r["started"] for r in kudu) > arm["flask-312"]["time"], "Kudu's host comes from the site"
    assert min(r["started"] for r in kudu) < arm["webAppStacks"]["time"], "Kudu waited for the whole ARM round"
    assert arm["slotConfigNames"]["started"] < arm["slots"]["time"], "slots and sticky names were not concurrent"


def test_a_first_run_probes_the_health_check_path_while_kudu_is_still_read(az, az_session, emulator):
    from pathlib import Path
    Path(az_session.config_dir, "cache", "pyappsvc", "hosts.json").unlink(missing_ok=True)   # a first run
    emulator.site(RG, "flask-312").site_config["healthCheckPath"] = "/healthz"
    emulator.set_latency(200)
    assert doctor(az, "flask-312").returncode == 0
    [health] = [r for r in emulator.requests("site") if r["path"] == "/healthz"]
    listing = next(r for r in emulator.requests("kudu") if r["path"] == "/api/vfs/site/wwwroot/")
    assert health["started"] < listing["time"], "the health check waited for Kudu's rounds"


def _eol_status(version):
    eol = next(m[1] for m in PYTHON_MINORS if m[0] == version)
    days = (date.fromisoformat(eol) - date.today()).days
    return "fail" if days < 0 else "warn" if days <= 365 else "pass"


@pytest.mark.parametrize("name, check_id, status, fragment", [
    ("windows-app", "app.linux", "fail", "Linux"),
    ("func-312", "app.linux", "fail", "function"),
    ("stopped-app", "app.state", "fail", "az webapp start"),
    ("container-app", "runtime.python", "skip", "container"),
    ("old-310", "runtime.support", "fail", "2026-10-31"),
    ("ancient-37", "runtime.support", "fail", "deprecated"),
    ("missing-startup", "startup.file", "fail", "startup.txt"),
    ("deep-django", "startup.detection", "fail", "src/mysite/wsgi.py"),
    ("deep-django", "probe.http", "fail", "not found or not detected"),
    ("broken-zip", "build.requirements", "fail", "Requirements.txt"),
    ("broken-zip", "build.venv", "fail", ".venv"),
    ("broken-zip", "settings.values", "fail", "PYTHON_ENABLE_GUNICORN_MULTIWORKERS"),
    ("broken-zip", "probe.http", "fail", "Application Error"),
    ("broken-zip", "logs.errors", "fail", "'flask'"),
    ("wrong-port", "network.port", "warn", "5000"),
    ("wrong-port", "network.https", "warn", "HTTPS only is off"),
    ("https-django", "network.https", "warn", "SECURE_PROXY_SSL_HEADER"),
    ("https-django", "runtime.local", "warn", "3.11"),
    ("bad-command", "startup.command", "fail", "abc"),
    ("bad-command", "network.port", "fail", "localhost"),
    ("bad-command", "logs.errors", "fail", "workers"),
    ("broken-zip", "build.scm-build", "warn", "SCM_DO_BUILD_DURING_DEPLOYMENT"),
])
def test_each_failure_is_caught_by_its_check(az, name, check_id, status, fragment):
    result = doctor(az, name)
    found = check(result, check_id)
    assert found["status"] == status, found
    assert fragment in (found["summary"] + " " + (found["fix"] or "")), found
    problems = {"fail", "error"} & set(statuses(result).values())
    assert result.returncode == (1 if problems else 0), result
    assert "Traceback" not in result.stderr


def test_near_end_of_life_follows_the_calendar(az):
    assert check(doctor(az, "django-311"), "runtime.support")["status"] == _eol_status("3.11")


def test_broken_app_still_prints_the_whole_report_and_exits_1(az):
    result = doctor(az, "broken-zip", "-o", "table")
    assert result.returncode == 1, result
    lines = result.stdout.splitlines()
    assert lines[0] == f"pyappsvc doctor: broken-zip ({RG})"
    assert [line.split()[1] for line in lines if line[:2] in ("✓ ", "! ", "✗ ", "- ", "? ")] == FLASK_CHECK_IDS
    assert "✗" in result.stdout or "[XX]" in result.stdout
    assert "ERROR" not in result.stderr


def test_container_app_skips_the_python_only_checks(az):
    found = statuses(doctor(az, "container-app"))
    assert all(found[i] == "skip" for i in ("startup.command", "startup.detection", "build.requirements"))


def test_slow_site_warns_within_the_probe_timeout(az):
    started = time.monotonic()
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "slow-app", "--probe-timeout", "2")
    assert time.monotonic() - started < 20
    found = check(result, "probe.http")
    assert found["status"] == "warn" and "cold start" in found["summary"] + (found["fix"] or ""), found


@pytest.mark.parametrize("status", [503, 401, 403])
def test_kudu_failing_turns_only_the_file_checks_to_error(az, emulator, status):
    emulator.inject(r"GET 127\.0\.2\.", status=status, body="Kudu says no")
    result = doctor(az, "flask-312")
    assert result.returncode == 1, result
    found = statuses(result)
    assert found["startup.detection"] == "error" and found["logs.errors"] == "error", found
    assert found["app.linux"] == "pass" and found["runtime.support"] == "pass" and found["probe.http"] == "pass"
    assert "Traceback" not in result.stderr


def test_a_hanging_site_is_bounded(az, emulator):
    emulator.inject(r"GET 127\.0\.1\.", action="hang")
    started = time.monotonic()
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "flask-312", "--probe-timeout", "2")
    assert time.monotonic() - started < 25
    assert check(result, "probe.http")["status"] == "warn"


def test_no_probe_and_check_selection(az, emulator):
    result = doctor(az, "flask-312", "--no-probe", "--check", "probe.http", "app.state")
    assert result.returncode == 0, result
    assert [(c["id"], c["status"]) for c in result.json["checks"]] == [("app.state", "pass"), ("probe.http", "skip")]
    assert emulator.requests("site") == []


def test_unknown_check_id_is_refused_before_any_request(az, emulator):
    result = doctor(az, "flask-312", "--check", "no.such")
    assert_clean_failure(result)
    assert "no.such" in result.stderr and "app.linux" in result.stderr
    assert [r for r in emulator.requests() if "oauth2" not in r["path"]] == []


def test_missing_app_exits_3(az):
    result = doctor(az, "ghost")
    assert_clean_failure(result, 3)
    assert "ghost" in result.stderr


@pytest.fixture
def logged_out(emulator, tmp_path, extension_dir, az_session) -> AzSession:
    """az with the extension installed but never logged in."""
    emulator.reset()
    return AzSession(str(tmp_path / "azure-config-logged-out"), emulator.arm_url, emulator.ca_bundle, extension_dir)


def test_src_alone_runs_the_local_checks_offline(logged_out, emulator, tmp_path):
    (tmp_path / "app.py").write_text("from flask import Flask\napplication = Flask(__name__)\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "runtime.txt").write_text("python-3.12\n")
    result = logged_out.run("pyappsvc", "doctor", "--src", str(tmp_path))
    assert result.returncode == 1, result
    found = statuses(result)
    assert "app.linux" not in found and "probe.http" not in found, found  # named on the offline line instead
    assert found["offline"] == "skip" and "app.linux" in check(result, "offline")["summary"]
    assert found["startup.detection"] == "fail", result.json["checks"]
    assert "application" in check(result, "startup.detection")["summary"] + check(result, "startup.detection")["fix"]
    assert emulator.requests() == []


@pytest.mark.parametrize("extra", [[], ["--debug"], ["-o", "table"], ["-o", "tsv"]])
def test_a_planted_secret_never_appears(az, extra):
    for name in ("broken-zip", "flask-312"):
        result = doctor(az, name, *extra)
        assert SECRET_VALUE not in result.stdout + result.stderr, (name, extra)
        assert "eyJ" not in result.stdout + result.stderr, "a token leaked"


def test_what_an_earlier_run_remembered_never_changes_the_answer(az, az_session, emulator):
    assert doctor(az, "flask-312").returncode == 0
    site = emulator.site(RG, "flask-312")
    site.wwwroot.pop("app.py")
    site.wwwroot["application.py"] = "from flask import Flask\napp = Flask(__name__)\n"
    site.docker_log = "2026-11-25T07:00:00.000Z ModuleNotFoundError: No module named 'requests'\n"
    again = doctor(az, "flask-312")
    assert again.json["startup"]["module"] == "application:app"
    assert "'requests'" in check(again, "logs.errors")["summary"]


def test_remembered_hosts_that_went_stale_are_discarded(az, az_session, emulator):
    import glob
    import json
    assert doctor(az, "flask-312").returncode == 0
    [path] = glob.glob(f"{az_session.config_dir}/cache/pyappsvc/hosts.json")
    with open(path, encoding="utf-8") as handle:
        memory = json.load(handle)
    for entry in memory.values():
        entry["scm"] = entry["site"] = emulator.closed_address("127.0.2.251")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(memory, handle)
    result = doctor(az, "flask-312")
    assert result.returncode == 0, result
    assert check(result, "startup.detection")["status"] == "pass" and check(result, "probe.http")["status"] == "pass"
    with open(path, encoding="utf-8") as handle:
        assert emulator.site(RG, "flask-312").kudu_host in handle.read()


@pytest.mark.parametrize("server_ignores_range", [False, True])
def test_the_newest_lines_of_a_large_docker_log_are_read(az, emulator, server_ignores_range):
    site = emulator.site(RG, "flask-312")
    filler = "".join(f"2026-11-25T05:{i % 60:02d}:00.000Z INFO  - request {i} served\n" for i in range(40000))
    site.docker_log = filler + "2026-11-25T07:00:00.000Z ModuleNotFoundError: No module named 'pandas'\n"
    site.site["ignoreRange"] = server_ignores_range
    assert len(site.docker_log) > 1_500_000
    result = doctor(az, "flask-312")
    assert "'pandas'" in check(result, "logs.errors")["summary"], check(result, "logs.errors")
    log_reads = [r for r in emulator.requests("kudu") if "/LogFiles/" in r["path"]]
    assert log_reads and all(r["headers"].get("Range", "").startswith("bytes=-") for r in log_reads)
