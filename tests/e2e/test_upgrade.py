"""upgrade-check and set-version --verify through the real az against the emulator's "upgrade" scenario."""
from __future__ import annotations

from typing import Callable, Iterator

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.emulator import Emulator
from tests.harness import AzResult, AzSession

RG = "upgrade-rg"
READY = ["-g", RG, "-n", "ready-app"]
LEGACY = ["-g", RG, "-n", "legacy-app"]
FEED = ["-g", RG, "-n", "feed-app"]


@pytest.fixture(scope="module")
def upgrade_emulator() -> Iterator[Emulator]:
    emu = Emulator("upgrade").start()
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def upgrade_session(upgrade_emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> AzSession:
    session = AzSession(str(tmp_path_factory.mktemp("azure-config-upgrade")), upgrade_emulator.arm_url,
                        upgrade_emulator.ca_bundle, str(tmp_path_factory.mktemp("az-extensions-upgrade")))
    session.login(upgrade_emulator.tenant_id, *upgrade_emulator.principal("Contributor"))
    session.install_extension()
    return session


@pytest.fixture
def az(upgrade_session: AzSession, upgrade_emulator: Emulator, tmp_path) -> Callable[..., AzResult]:
    """az against a freshly reset emulator, with no pip configuration but the index the test names."""
    upgrade_emulator.reset()

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> AzResult:
        base = {"PIP_CONFIG_FILE": "/dev/null", "PIP_INDEX_URL": upgrade_emulator.index_url}
        return upgrade_session.run(*args, timeout=timeout, extra_env={**base, **(env or {})})
    return run


def by_name(result: AzResult) -> dict[str, dict]:
    return {p["name"]: p for p in result.json["packages"]}


# --- upgrade-check ----------------------------------------------------------------------------

def test_a_ready_app_passes_with_every_package_ok_and_each_url_asked_once(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY)
    assert result.returncode == 0, result
    report = result.json
    assert report["ready"] is True and report["summary"].startswith("Ready for Python 3.13"), report
    packages = by_name(result)
    assert set(packages) == {"flask", "markupsafe", "gunicorn", "werkzeug", "jinja2", "itsdangerous", "click",
                             "blinker"}, packages  # pywin32 excluded by its marker, pip left out
    assert {p["status"] for p in packages.values()} == {"ok"}
    assert packages["markupsafe"]["version"] == "3.0.2" and "cp313" in packages["markupsafe"]["reason"]
    assert packages["flask"]["source"] == "requirements/base.txt:1"
    assert packages["werkzeug"]["installed"] == "3.0.4" and packages["werkzeug"]["source"] == "antenv (installed)"
    asked = [r["path"] for r in upgrade_emulator.requests("index")]
    assert len(asked) == len(set(asked)), asked  # each URL once (a redirect to the project's spelling aside)
    answered = sorted(r["path"] for r in upgrade_emulator.requests("index") if r["status"] == 200)
    assert answered == ["/pypi/Flask/3.0.3/json", "/pypi/Jinja2/json", "/pypi/MarkupSafe/3.0.2/json",
                        "/pypi/Werkzeug/json", "/pypi/blinker/json", "/pypi/click/json", "/pypi/gunicorn/23.0.0/json",
                        "/pypi/itsdangerous/json"], answered
    assert writes(upgrade_emulator) == []


def test_a_legacy_app_is_blocked_by_distutils_and_told_what_to_upgrade(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *LEGACY)
    assert result.returncode == 1, result
    report = result.json
    assert report["ready"] is False and report["currentPython"] == "3.10"
    assert [(c["file"], c["module"], c["removedIn"]) for c in report["code"]] == [
        ("mysite/settings.py", "distutils", "3.12")]
    packages = by_name(result)
    assert (packages["django"]["verdict"], packages["numpy"]["verdict"]) == ("upgrade to 4.2.16", "upgrade to 2.1.3")
    assert "imports distutils" in packages["django"]["reason"]
    assert "cp38, cp39, cp310, cp311 only" in packages["numpy"]["reason"]
    assert packages["sqlparse"]["status"] == "ok"
    assert "Traceback" not in result.stderr
    assert writes(upgrade_emulator) == []


def test_table_output_lists_each_package_and_the_summary(az):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *LEGACY, "-o", "table")
    assert result.returncode == 1, result
    assert "upgrade to 2.1.3" in result.stdout and "distutils (standard library)" in result.stdout
    assert "not ready" in result.stdout


def test_a_compiled_package_without_a_wheel_for_the_target_is_blocked_on_a_private_feed(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED,
                env={"PIP_INDEX_URL": upgrade_emulator.private_index_url()})
    assert result.returncode == 1, result
    geo = by_name(result)["contoso-geo"]
    assert geo["status"] == "blocked", geo
    assert "cp310, cp311, cp312 only" in geo["reason"] and "no source distribution" in geo["reason"]
    assert all(r["auth"] == {"scheme": "Basic"} for r in upgrade_emulator.requests("index")), "credentials not sent"


def test_index_credentials_never_show_not_even_with_debug(az, upgrade_emulator):
    url = upgrade_emulator.private_index_url()
    password = upgrade_emulator.package_index.password
    for args in (("--debug",), ("-o", "table"), ()):
        result = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, *args, env={"PIP_INDEX_URL": url})
        assert result.returncode == 1, result
        assert password not in result.stdout + result.stderr, args
        assert "feed-reader" not in result.stdout + result.stderr, args
    assert upgrade_emulator.index_host in result.stdout  # the index is named, without its credentials


def test_credentials_in_index_url_show_only_in_azure_clis_own_command_line_log(az, upgrade_emulator):
    url, password = upgrade_emulator.private_index_url(), upgrade_emulator.package_index.password
    plain = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, "--index-url", url)
    assert plain.returncode == 1 and password not in plain.stdout + plain.stderr, plain
    debug = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, "--index-url", url, "--debug")
    leaking = [line for line in debug.stderr.splitlines() if password in line]
    assert leaking and all(line.startswith("DEBUG: cli.knack.cli: Command arguments:") for line in leaking), leaking
    assert password not in debug.stdout


def test_wrong_credentials_fail_clearly_without_showing_them(az, upgrade_emulator):
    url = upgrade_emulator.private_index_url().replace("planted-index-token-3a2b1c", "wrong-token-77")
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, env={"PIP_INDEX_URL": url})
    assert_clean_failure(result)
    assert "401" in result.stderr and "wrong-token-77" not in result.stdout + result.stderr
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, "--debug", env={"PIP_INDEX_URL": url})
    assert result.returncode == 1 and "401" in result.stderr and "wrong-token-77" not in result.stdout + result.stderr


def test_pip_conf_index_url_is_used_when_nothing_else_is_given(az, upgrade_emulator, tmp_path):
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nindex-url = {upgrade_emulator.private_index_url()}\n", encoding="utf-8")
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *FEED, "--debug",
                env={"PIP_CONFIG_FILE": str(conf), "PIP_INDEX_URL": ""})
    assert result.returncode == 1, result
    assert by_name(result)["contoso-geo"]["status"] == "blocked"
    assert upgrade_emulator.package_index.password not in result.stdout + result.stderr


def test_an_unreachable_index_fails_clearly_and_writes_nothing(az, upgrade_emulator):
    closed = upgrade_emulator.closed_address()
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY, "--index-url", f"https://{closed}")
    assert_clean_failure(result)
    assert "package index" in result.stderr and "refused" in result.stderr and closed in result.stderr
    assert writes(upgrade_emulator) == []


def test_a_failing_index_fails_clearly_and_writes_nothing(az, upgrade_emulator):
    upgrade_emulator.inject(r"/pypi/", status=503)
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY)
    assert_clean_failure(result)
    assert "answered 503" in result.stderr, result
    assert writes(upgrade_emulator) == []


def test_a_simple_index_url_of_an_unknown_feed_is_refused_before_any_request(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY,
                env={"PIP_INDEX_URL": "https://user:hunter2-secret@feed.example.com/simple/"})
    assert_clean_failure(result)
    assert "simple" in result.stderr and "hunter2-secret" not in result.stderr
    assert upgrade_emulator.requests() == []


def test_a_local_folder_is_checked_offline_from_azure(az, upgrade_emulator, tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy==1.26.4\n", encoding="utf-8")
    (tmp_path / "tool.py").write_text("import imp\n", encoding="utf-8")
    result = az("pyappsvc", "upgrade-check", "--to", "3.12", "--src", str(tmp_path))
    assert result.returncode == 1, result
    assert by_name(result)["numpy"]["status"] == "ok"
    assert [c["module"] for c in result.json["code"]] == ["imp"]
    assert upgrade_emulator.requests("arm") == []


# --- set-version --verify ---------------------------------------------------------------------

def fx_patches(emulator: Emulator) -> list[dict]:
    return [w["body"] for w in writes(emulator)]


def test_verify_reports_the_app_running_on_the_new_python(az, upgrade_emulator):
    result = az("pyappsvc", "set-version", "3.13", *READY, "--verify", "--verify-timeout", "60")
    assert result.returncode == 0, result
    check = result.json["verification"]
    assert (check["status"], check["python"]) == ("running", "3.13"), check
    assert check["message"] == "The app restarted and is running on Python 3.13."
    assert "ready to serve requests" in check["evidence"]
    assert "Waiting for the app to start on Python 3.13" in result.stderr  # progress on stderr
    assert fx_patches(upgrade_emulator) == [{"properties": {"linuxFxVersion": "PYTHON|3.13"}}]
    assert any(r["kind"] == "site" for r in upgrade_emulator.requests()), "the site was never probed"


def test_verify_as_a_table_says_whether_the_start_was_verified(az):
    result = az("pyappsvc", "set-version", "3.13", *READY, "--verify", "-o", "table")
    assert result.returncode == 0, result
    header, _, row = result.stdout.splitlines()[:3]
    assert header.split()[-1] == "Verified" and row.split()[-1] == "running"


def test_missing_app_and_source_names_upgrade_check_in_the_example(az):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13")
    assert_clean_failure(result)
    assert "az pyappsvc upgrade-check --to 3.13 --src ." in result.stderr


def test_verify_failure_names_the_cause_and_leaves_the_new_version_without_rollback(az, upgrade_emulator):
    result = az("pyappsvc", "set-version", "3.13", *LEGACY, "--verify", "--verify-timeout", "60")
    assert result.returncode == 1, result
    check = result.json["verification"]
    assert check["status"] == "failed" and check["rolledBack"] is False, check
    assert "distutils" in check["cause"] and "3.12" in check["cause"] and "PEP 632" in check["cause"]
    assert "set-version 3.10 -g upgrade-rg -n legacy-app" in check["message"]
    assert check["linuxFxVersion"] == "PYTHON|3.13"
    assert fx_patches(upgrade_emulator) == [{"properties": {"linuxFxVersion": "PYTHON|3.13"}}]
    assert upgrade_emulator.site(RG, "legacy-app").site_config["linuxFxVersion"] == "PYTHON|3.13"
    assert "ERROR:" in result.stderr and "Traceback" not in result.stderr


def test_verify_failure_with_rollback_patches_linux_fx_version_back_only(az, upgrade_emulator):
    result = az("pyappsvc", "set-version", "3.13", *LEGACY, "--verify", "--rollback-on-failure",
                "--verify-timeout", "60")
    assert result.returncode == 1, result
    check = result.json["verification"]
    assert check["status"] == "failed" and check["rolledBack"] is True, check
    assert "Rolled back: linuxFxVersion is PYTHON|3.10 again" in check["message"]
    assert check["linuxFxVersion"] == result.json["linuxFxVersion"] == "PYTHON|3.10"
    assert fx_patches(upgrade_emulator) == [{"properties": {"linuxFxVersion": "PYTHON|3.13"}},
                                            {"properties": {"linuxFxVersion": "PYTHON|3.10"}}]
    assert upgrade_emulator.site(RG, "legacy-app").site_config["linuxFxVersion"] == "PYTHON|3.10"


def test_verify_timeout_says_what_was_written_and_seen_and_does_not_roll_back(az, upgrade_emulator):
    upgrade_emulator.site(RG, "ready-app").site["restartSeconds"] = 30
    result = az("pyappsvc", "set-version", "3.13", *READY, "--verify", "--rollback-on-failure",
                "--verify-timeout", "2")
    assert result.returncode == 1, result
    check = result.json["verification"]
    assert check["status"] == "timeout", check
    assert "linuxFxVersion is PYTHON|3.13 (was PYTHON|3.12)" in check["message"]
    assert "the site answered 503" in check["message"] and "not rolled back" in check["message"]
    assert len(fx_patches(upgrade_emulator)) == 1


def test_rollback_without_verify_is_refused_before_any_request(az, upgrade_emulator):
    result = az("pyappsvc", "set-version", "3.13", *READY, "--rollback-on-failure")
    assert_clean_failure(result)
    assert "--verify" in result.stderr
    assert upgrade_emulator.requests("arm") == []


def test_a_slot_is_checked_with_its_own_files(az):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY, "--slot", "staging")
    assert result.returncode == 1, result  # its app.py imports cgi, removed in 3.13 (PEP 594)
    assert result.json["slot"] == "staging" and [c["module"] for c in result.json["code"]] == ["cgi"]
    assert set(by_name(result)) == {"flask"}


def test_defaults_and_query_and_tsv(az, upgrade_session):
    upgrade_session.must("configure", "--defaults", "group=upgrade-rg", "web=ready-app")
    try:
        result = az("pyappsvc", "upgrade-check", "--to", "3.13", "--query", "summary", "-o", "tsv")
    finally:
        upgrade_session.must("configure", "--defaults", "group=", "web=")
    assert result.returncode == 0, result
    assert result.stdout.startswith("Ready for Python 3.13: 8 ok.")


def test_index_requests_run_concurrently(az, upgrade_emulator):
    upgrade_emulator.set_latency(300, r"127\.0\.4\.1")
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY)
    assert result.returncode == 0, result
    calls = sorted(upgrade_emulator.requests("index"), key=lambda r: r["started"])
    overlapping = sum(1 for a, b in zip(calls, calls[1:]) if b["started"] < a["time"])
    assert overlapping >= 3, [(r["path"], r["started"], r["time"]) for r in calls]


def test_doctor_on_an_app_past_end_of_life_gives_the_upgrade_check_to_paste(az):
    result = az("pyappsvc", "doctor", *LEGACY, "--check", "runtime.support", "--no-probe")
    finding = next(f for f in result.json["checks"] if f["id"] == "runtime.support")
    assert finding["status"] == "fail", finding
    assert "az pyappsvc upgrade-check --to 3.14 -g upgrade-rg -n legacy-app;" in finding["fix"]
    assert "az pyappsvc set-version 3.14 -g upgrade-rg -n legacy-app --verify --rollback-on-failure" in finding["fix"]


def test_ctrl_c_during_verify_says_what_was_written_and_seen(upgrade_session, upgrade_emulator):
    import os
    import signal
    import subprocess
    upgrade_emulator.reset()
    upgrade_emulator.site(RG, "ready-app").site["restartSeconds"] = 60
    env = {**upgrade_session.env, "PIP_CONFIG_FILE": "/dev/null"}
    from tests.harness import AZ
    proc = subprocess.Popen([AZ, "pyappsvc", "set-version", "3.13", *READY, "--verify"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    seen = ""
    while "Waiting for the app to start" not in seen:
        line = proc.stderr.readline()
        assert line, "az ended before it waited"
        seen += line
    os.kill(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stdout, seen + stderr)
    check = __import__("json").loads(stdout)["verification"]
    assert check["status"] == "interrupted"
    assert "linuxFxVersion is PYTHON|3.13 (was PYTHON|3.12)" in check["message"]
    assert "Traceback" not in stderr


def test_a_missing_app_exits_3_and_nothing_is_asked_of_the_index(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", "-g", RG, "-n", "no-such-app")
    assert_clean_failure(result, 3)
    assert "no-such-app" in result.stderr and upgrade_emulator.requests("index") == []


def test_a_bad_target_version_is_refused_before_any_request(az, upgrade_emulator):
    result = az("pyappsvc", "upgrade-check", "--to", "three", *READY)
    assert_clean_failure(result)
    assert upgrade_emulator.requests() == []


def test_an_index_without_the_releases_key_is_judged_on_its_latest_release(az, upgrade_emulator):
    upgrade_emulator.package_index.omit_releases = True
    result = az("pyappsvc", "upgrade-check", "--to", "3.13", *READY)
    assert result.returncode == 0, result
    assert by_name(result)["werkzeug"]["version"] == "3.1.3"  # the latest, from info and urls
