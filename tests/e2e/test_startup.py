"""show-startup and set-startup through the real az against the emulator (remote wwwroot and --src)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.harness import AzSession

RG = "pyapps-rg"


def app(name):
    return ["-g", RG, "-n", name]


def kudu_paths(emulator):
    return [r["path"] for r in emulator.requests("kudu")]


# --- show-startup, remote -------------------------------------------------------------------

def test_show_startup_flask_app_reads_wwwroot_through_kudu(az, emulator):
    result = az("pyappsvc", "show-startup", *app("flask-312"))
    assert result.returncode == 0, result
    out = result.json
    assert (out["source"], out["module"], out["pythonVersion"], out["pythonVersionSource"]) == (
        "flask", "app:app", "3.12", "linuxFxVersion")
    assert out["command"].endswith("gunicorn app:app") and "--timeout 600" in out["command"]
    assert out["appCommandLine"] == "" and out["startupFile"] is None
    assert "/api/vfs/site/wwwroot/" in kudu_paths(emulator)
    assert all(r["headers"].get("Authorization") is None for r in emulator.requests("kudu")), "tokens are redacted"
    assert not [r for r in emulator.requests("arm") if "publish" in r["path"].lower()], "no publishing credentials"


@pytest.mark.parametrize("name, source, module, fragment", [
    ("django-311", "django", "mysite.wsgi", "gunicorn mysite.wsgi"),
    ("fastapi-314", "fastapi", "main:app", "-k uvicorn_worker.UvicornWorker main:app"),
    ("deep-django", "default", "application:app", "--chdir=/opt/defaultsite"),
])
def test_show_startup_detection(az, name, source, module, fragment):
    out = az("pyappsvc", "show-startup", *app(name)).json
    assert (out["source"], out["module"]) == (source, module)
    assert fragment in out["command"]


def test_show_startup_explains_a_django_project_one_level_too_deep(az):
    reasons = " ".join(az("pyappsvc", "show-startup", *app("deep-django")).json["reasons"])
    assert "src/mysite/wsgi.py is two levels deep" in reasons


def test_show_startup_python_version_override_turns_fastapi_detection_off(az):
    out = az("pyappsvc", "show-startup", *app("fastapi-314"), "--python-version", "3.13").json
    assert (out["source"], out["pythonVersion"], out["pythonVersionSource"]) == ("default", "3.13", "--python-version")
    assert any("FastAPI" in reason for reason in out["reasons"])


def test_show_startup_startup_file_runs_only_its_first_line(az, emulator):
    out = az("pyappsvc", "show-startup", *app("startup-file")).json
    assert out["source"] == "custom" and out["module"] is None
    assert out["startupFile"] == {"name": "startup.txt", "exists": True, "ignoredLines": 1,
                                  "firstLine": "gunicorn --bind=0.0.0.0 --timeout 600 app:app"}
    assert out["command"] == 'PATH="$PATH:/home/site/wwwroot" gunicorn --bind=0.0.0.0 --timeout 600 app:app'  # issue 11
    assert not [p for p in kudu_paths(emulator) if "node_modules/" in p], "node_modules must never be walked"


def test_show_startup_missing_startup_file(az):
    out = az("pyappsvc", "show-startup", *app("missing-startup")).json
    assert out["source"] == "custom"
    assert out["startupFile"]["exists"] is False
    assert any("startup.txt: not found" in reason for reason in out["reasons"])


def test_show_startup_when_kudu_is_down_still_answers_and_says_why(az, emulator):
    emulator.inject(r"GET 127\.0\.2\.", status=503, body="Service Unavailable")
    result = az("pyappsvc", "show-startup", *app("flask-312"))
    assert result.returncode == 0, result
    assert result.json["source"] == "unknown"
    assert any("could not be read" in reason and "503" in reason for reason in result.json["reasons"])


def test_show_startup_refuses_a_windows_app(az):
    result = az("pyappsvc", "show-startup", *app("windows-app"))
    assert_clean_failure(result)
    assert "Windows" in result.stderr


def test_show_startup_table_and_query(az):
    assert az("pyappsvc", "show-startup", *app("django-311"), "--query", "module", "-o", "tsv").stdout == "mysite.wsgi\n"
    lines = az("pyappsvc", "show-startup", *app("django-311"), "-o", "table").stdout.splitlines()
    assert lines[0].split()[:3] == ["Source", "Module", "Python"] and lines[2].split()[:3] == ["django", "mysite.wsgi",
                                                                                                 "3.11"]


# --- show-startup, local folder -------------------------------------------------------------------

@pytest.fixture
def logged_out(emulator, tmp_path, extension_dir) -> AzSession:
    """az with the extension installed but never logged in."""
    return AzSession(str(tmp_path / "azure-config-logged-out"), emulator.arm_url, emulator.ca_bundle, extension_dir)


def test_show_startup_src_works_offline_and_logged_out(logged_out, emulator, tmp_path, az_session):
    emulator.reset()
    src = tmp_path / "project"
    (src / "mysite").mkdir(parents=True)
    (src / "mysite" / "wsgi.py").write_text("application = None\n")
    (src / "runtime.txt").write_text("python-3.11\n")
    (src / "blob.bin").write_bytes(bytes(range(256)) * 10)
    result = logged_out.run("pyappsvc", "show-startup", "--src", str(src))
    assert result.returncode == 0, result
    out = result.json
    assert (out["source"], out["module"], out["pythonVersion"], out["pythonVersionSource"]) == (
        "django", "mysite.wsgi", "3.11", "runtime.txt")
    assert emulator.requests() == [], "--src alone must not call Azure"


@pytest.mark.parametrize("make, fragment", [(lambda p: None, "does not exist"),
                                            (lambda p: p.write_text("x"), "not a folder")])
def test_show_startup_src_must_be_a_folder(logged_out, tmp_path, az_session, make, fragment):
    target = tmp_path / "given"
    make(target)
    result = logged_out.run("pyappsvc", "show-startup", "--src", str(target))
    assert_clean_failure(result)
    assert "--src" in result.stderr and "Pass --src the folder" in result.stderr


# --- set-startup -------------------------------------------------------------------------------------

def test_set_startup_writes_one_patch_of_app_command_line_only(az, emulator):
    before = dict(emulator.site(RG, "flask-312").site_config)
    command = "gunicorn --bind=0.0.0.0 --timeout 600 app:app"
    result = az("pyappsvc", "set-startup", command, *app("flask-312"))
    assert result.returncode == 0, result
    assert (result.json["appCommandLine"], result.json["previousAppCommandLine"], result.json["changed"]) == (
        command, "", True)
    assert [w["body"] for w in writes(emulator)] == [{"properties": {"appCommandLine": command}}]
    after = dict(emulator.site(RG, "flask-312").site_config)
    assert after.pop("appCommandLine") == command
    before.pop("appCommandLine")
    assert after == before


def test_set_startup_module_builds_the_documented_command(az, emulator):
    result = az("pyappsvc", "set-startup", "--module", "hello:myapp", "--chdir", "website", "--workers", "4",
                *app("flask-312"))
    assert result.returncode == 0, result
    expected = "gunicorn --bind=0.0.0.0 --timeout 600 --workers=4 --chdir website hello:myapp"
    assert result.json["appCommandLine"] == expected
    assert emulator.site(RG, "flask-312").site_config["appCommandLine"] == expected


def test_set_startup_unchanged_writes_nothing(az, emulator):
    result = az("pyappsvc", "set-startup", "gunicorn --bind=0.0.0.0 --timeout 600 app:app", *app("old-310"))
    assert result.returncode == 0, result
    assert result.json["changed"] is False
    assert writes(emulator) == []


def test_set_startup_clear_goes_back_to_auto_detection(az, emulator):
    result = az("pyappsvc", "set-startup", "--clear", *app("old-310"))
    assert result.returncode == 0, result
    assert [w["body"] for w in writes(emulator)] == [{"properties": {"appCommandLine": ""}}]


def test_set_startup_on_a_slot_patches_the_slot(az, emulator):
    result = az("pyappsvc", "set-startup", "startup.sh", *app("flask-312"), "--slot", "staging")
    assert result.returncode == 0, result
    assert [w["path"].split("/sites/")[1] for w in writes(emulator)] == ["flask-312/slots/staging/config/web"]


@pytest.mark.parametrize("args, fragment", [
    (["gunicorn app:app\necho hi"], "more than one line"),
    (["gunicorn --bind=0.0.0.0 --timeout:600 app:app"], "--timeout:600"),
    (["gunicorn --bind=0.0.0.0 --bogus app:app"], "--bogus"),
    (["gunicorn --bind=0.0.0.0 app:app --workers"], "--workers"),
    (["gunicorn --bind localhost:8000 --timeout 600 app:app"], "localhost"),
    (["gunicorn --bind=127.0.0.1 --timeout 600 app:app"], "127.0.0.1"),
    (["gunicorn --bind=0.0.0.0 --access-logfile '-' app:app"], "single quote"),
    (["gunicorn " + "x" * 5000], "characters long"),
    ([], "exactly one of"),
    (["startup.txt", "--module", "app:app"], "exactly one of"),
    (["startup.txt", "--chdir", "website"], "only apply with --module"),
    (["--module", "not a module"], "module.path:variable"),
])
def test_set_startup_refusals_exit_1_and_write_nothing(az, emulator, args, fragment):
    result = az("pyappsvc", "set-startup", *args, *app("flask-312"))
    assert_clean_failure(result)
    assert fragment in result.stderr, result
    assert writes(emulator) == []
    assert emulator.site(RG, "flask-312").site_config["appCommandLine"] == ""


@pytest.mark.parametrize("name, command, fragment", [
    ("flask-312", "gunicorn --bind=0.0.0.0:5000 --timeout 600 app:app", "5000"),
    ("fastapi-314", "gunicorn --bind=0.0.0.0 --timeout 600 main:app", "FastAPI"),
    ("flask-312", "startup.txt", "startup.txt: not found"),
    ("flask-312", "gunicorn --bind=0.0.0.0 app:app", "--timeout"),
])
def test_set_startup_warnings_still_write(az, emulator, name, command, fragment):
    result = az("pyappsvc", "set-startup", command, *app(name))
    assert result.returncode == 0, result
    assert any(fragment in warning for warning in result.json["warnings"]), result
    assert "WARNING:" in result.stderr and fragment in result.stderr
    assert [w["body"] for w in writes(emulator)] == [{"properties": {"appCommandLine": command}}]


def test_set_startup_with_src_warns_that_later_lines_of_a_txt_file_are_ignored(az, emulator, tmp_path):
    (tmp_path / "startup.txt").write_text("gunicorn --bind=0.0.0.0 --timeout 600 app:app\necho never runs\n")
    result = az("pyappsvc", "set-startup", "startup.txt", *app("flask-312"), "--src", str(tmp_path))
    assert result.returncode == 0, result
    assert result.json["startupFile"] == {"name": "startup.txt", "exists": True, "ignoredLines": 1,
                                          "firstLine": "gunicorn --bind=0.0.0.0 --timeout 600 app:app"}
    assert any("Only the first line" in w for w in result.json["warnings"])
    assert emulator.requests("kudu") == [], "--src replaces reading wwwroot"


def test_set_startup_refuses_non_python_apps(az, emulator):
    result = az("pyappsvc", "set-startup", "startup.sh", *app("func-312"))
    assert_clean_failure(result)
    assert "function app" in result.stderr and writes(emulator) == []


def test_set_startup_as_reader_names_the_missing_permission(az_reader, emulator):
    result = az_reader("pyappsvc", "set-startup", "startup.sh", *app("flask-312"))
    assert_clean_failure(result)
    assert "permission" in result.stderr and "left as it was" in result.stderr
    assert emulator.site(RG, "flask-312").site_config["appCommandLine"] == ""
