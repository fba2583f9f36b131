"""startup.scripts, startup.warmup, logs.out-of-memory, build.run-from-package, build.ci-venv over literal snapshots."""
from __future__ import annotations

from azext_pyappsvc.doctor.checks_live import check_logs_errors
from azext_pyappsvc.doctor.checks_platform import (check_build_ci_venv, check_build_run_from_package,
                                                   check_logs_out_of_memory, check_startup_scripts,
                                                   check_startup_warmup)
from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.runtime.site import read_site
from tests.unit.doctor.test_checks import FLASK_APP, GOOD_SETTINGS, local_snap, snap

WARMUP = ("2026-11-25T06:00:40.000Z INFO  - Waiting for response to warmup request for container web_0_ab12. "
          "Elapsed time = {n} sec\n")
FAILED = ("2026-11-25T06:04:00.000Z ERROR - Container web_0_ab12 for site web did not start within expected time "
          "limit. Elapsed time = 230.5 sec\n")
OOM = "2026-11-25T06:10:00.000Z [2024-11-25 06:10:00 +0000] [1] [ERROR] Worker (pid:42) was sent SIGKILL! Perhaps out of memory?\n"
ROBOTS = ('2026-11-25T06:00:41.000Z 169.254.130.1 - - [25/Nov/2026:06:00:41 +0000] "GET /robots933456.txt HTTP/1.1" '
          '404 232 "-" "HealthCheck/1.0"\n')


def run(check, snapshot):
    return check(snapshot, derive(snapshot))


def basic_site(sku="Basic"):
    return read_site({"name": "web", "kind": "app,linux", "properties": {
        "resourceGroup": "rg", "state": "Running", "httpsOnly": True, "reserved": True, "sku": sku,
        "defaultHostName": "web.azurewebsites.net", "siteConfig": {"linuxFxVersion": "PYTHON|3.12"}}})


def test_startup_script_crlf_is_said_and_a_named_one_is_left_to_startup_file():
    crlf = {**FLASK_APP, "startup.sh": "#!/bin/sh\r\ngunicorn --bind=0.0.0.0 app:app\r\n"}
    for snapshot in (snap(files=crlf), local_snap(crlf)):
        found = run(check_startup_scripts, snapshot)
        assert found.status == Status.WARN and "$'\\r': command not found" in found.summary, found
    named = run(check_startup_scripts, snap(files=crlf, command="startup.sh"))
    assert named.status == Status.PASS and "startup.file" in named.summary
    from azext_pyappsvc.doctor.checks import check_startup_file
    assert run(check_startup_file, snap(files=crlf, command="startup.sh")).status == Status.FAIL
    other = run(check_startup_scripts, snap(files=crlf, command="gunicorn --bind=0.0.0.0 --timeout 600 app:app"))
    assert other.status == Status.WARN and "dos2unix startup.sh" in other.fix
    assert run(check_startup_scripts, snap()).status == Status.PASS


def test_a_startup_script_nothing_runs_warns_with_the_set_command():
    files = {**FLASK_APP, "startup.sh": "#!/bin/sh\ngunicorn app:app\n"}
    found = run(check_startup_scripts, snap(files=files))
    assert found.status == Status.WARN and "--startup-file startup.sh" in found.fix
    other = run(check_startup_scripts, snap(files=files, command="gunicorn --bind=0.0.0.0 --timeout 600 app:app"))
    assert other.status == Status.PASS


def test_warmup_failure_and_slow_start_and_always_on():
    failed = run(check_startup_warmup, snap(log=WARMUP.format(n=215) + FAILED))
    assert failed.status == Status.FAIL and "WEBSITES_CONTAINER_START_TIME_LIMIT=460" in failed.fix
    slow = snap(app=basic_site(), log=WARMUP.format(n=200), config={"appCommandLine": "", "alwaysOn": False,
                                                                     "linuxFxVersion": "PYTHON|3.12"})
    found = run(check_startup_warmup, slow)
    assert found.status == Status.WARN and "--always-on true" in found.fix and "200 s" in found.summary
    raised = snap(log=WARMUP.format(n=200), settings={**GOOD_SETTINGS, "WEBSITES_CONTAINER_START_TIME_LIMIT": "600"})
    assert run(check_startup_warmup, raised).status == Status.PASS
    free = snap(app=basic_site("Free"), log=WARMUP.format(n=200),
                config={"appCommandLine": "", "alwaysOn": False, "linuxFxVersion": "PYTHON|3.12"})
    assert "always-on" not in (run(check_startup_warmup, free).fix or "")
    assert run(check_startup_warmup, snap(log=WARMUP.format(n=20))).status == Status.PASS


def test_out_of_memory_kills_fail_with_the_worker_count():
    found = run(check_logs_out_of_memory, snap(log=OOM * 3, command="gunicorn --bind=0.0.0.0 --workers 9 app:app"))
    assert found.status == Status.FAIL and "3 gunicorn worker(s)" in found.summary and "9 workers" in found.summary
    assert run(check_logs_out_of_memory, snap(log=ROBOTS)).status == Status.PASS


def test_platform_warmup_requests_are_never_reported():
    log = WARMUP.format(n=12) + ROBOTS * 5
    assert run(check_logs_errors, snap(log=log)).status == Status.PASS
    assert "robots933456" not in str([run(c, snap(log=log)) for c in (check_logs_out_of_memory, check_startup_warmup)])


def test_run_from_package_with_a_build_fails_and_alone_passes():
    both = {"WEBSITE_RUN_FROM_PACKAGE": "1", "SCM_DO_BUILD_DURING_DEPLOYMENT": "true"}
    found = run(check_build_run_from_package, snap(settings=both))
    assert found.status == Status.FAIL and "Read-only file system" in found.summary
    assert "--setting-names SCM_DO_BUILD_DURING_DEPLOYMENT" in found.fix
    assert run(check_build_run_from_package, snap(settings={"WEBSITE_RUN_FROM_PACKAGE": "1"})).status == Status.PASS
    assert run(check_build_run_from_package, snap()).status == Status.PASS


def test_a_venv_built_on_a_ci_runner_fails():
    files = {**FLASK_APP, "venv/pyvenv.cfg": "home = /opt/hostedtoolcache/Python/3.12.7/x64/bin\n"}
    found = run(check_build_ci_venv, snap(files=files))
    assert found.status == Status.FAIL and "/opt/hostedtoolcache/Python/3.12.7/x64/bin" in found.summary
    local = {**FLASK_APP, "venv/pyvenv.cfg": "home = /usr/local/bin\n"}
    assert run(check_build_ci_venv, snap(files=local)).status == Status.PASS
    assert run(check_build_ci_venv, snap()).status == Status.PASS
    local = {**FLASK_APP, ".venv/pyvenv.cfg": "home = /opt/hostedtoolcache/Python/3.12.7/x64/bin\n"}
    assert run(check_build_ci_venv, local_snap(local)).status == Status.FAIL
