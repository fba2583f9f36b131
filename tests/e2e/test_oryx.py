"""Compressed Oryx builds and what the latest start ran, through the real az against the emulator's oryx scenario."""
from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import _session, assert_clean_failure, writes
from tests.emulator import Emulator
from tests.emulator.archives import tar_gz

RG = "oryx-rg"
FLASK_TMP, DJANGO_TMP, LARGE_TMP = "/tmp/8dc1f1a5e5c3b2a", "/tmp/8dd2c3b4a5f6e7d", "/tmp/8de3a1b2c3d4e5f"


@pytest.fixture(scope="module")
def oryx_emulator():
    emu = Emulator("oryx").start()
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def oryx_session(oryx_emulator, tmp_path_factory, extension_dir, az_session):
    return _session(oryx_emulator, tmp_path_factory, extension_dir, "Contributor")


@pytest.fixture
def oaz(oryx_session, oryx_emulator):
    oryx_emulator.reset()
    return oryx_session.run


def app(name):
    return ["-g", RG, "-n", name]


def archive_gets(emulator):
    return [r for r in emulator.requests("kudu") if r["path"].split("?")[0].endswith("/output.tar.gz")]


def checks(result):
    return {check["id"]: check for check in json.loads(result.stdout)["checks"]}


def test_show_startup_takes_a_built_app_from_the_start_that_ran_it_without_downloading(oaz, oryx_emulator):
    out = oaz("pyappsvc", "show-startup", *app("built-flask")).json
    assert (out["source"], out["module"], out["appPath"]) == ("flask", "app:app", FLASK_TMP)
    assert out["command"].endswith(f"--chdir={FLASK_TMP}\" gunicorn app:app")
    assert out["build"]["compressed"] is True and out["build"]["archive"] == "output.tar.gz"
    assert out["observed"]["source"] == "flask" and out["observed"]["appPath"] == FLASK_TMP
    assert archive_gets(oryx_emulator) == [], "the log settled it: the archive is not downloaded"


def test_show_startup_reads_a_small_archive_not_the_stale_sources_and_shows_the_older_start(oaz, oryx_emulator):
    out = oaz("pyappsvc", "show-startup", *app("built-django-stale")).json
    assert (out["source"], out["module"], out["appPath"]) == ("django", "mysite.wsgi", DJANGO_TMP)
    assert len(archive_gets(oryx_emulator)) == 1
    assert out["observed"]["framework"] == "Flask" and out["observed"]["operationId"] == "op-django-1"
    assert any(r.startswith("The latest start differs: it ran Flask, not django") for r in out["reasons"])


def test_doctor_treats_a_compressed_build_as_built_and_detects_from_its_archive(oaz):
    result = oaz("pyappsvc", "doctor", *app("built-django-stale"), "--no-probe")
    found = checks(result)
    assert found["build.requirements"]["status"] == "pass", found["build.requirements"]
    assert found["build.scm-build"]["status"] == "pass"
    assert found["startup.detection"]["status"] == "pass" and "Django" in found["startup.detection"]["summary"]
    observed = found["startup.observed"]
    assert observed["status"] == "warn" and "Observed: gunicorn app:app" in observed["summary"]
    assert f"predicted: gunicorn mysite.wsgi in {DJANGO_TMP}" in observed["summary"]
    assert "planted-secret-value" not in result.stdout + result.stderr


def test_doctor_does_not_download_a_large_archive_unless_asked(oaz, oryx_emulator):
    found = checks(oaz("pyappsvc", "doctor", *app("built-large"), "--no-probe"))
    assert archive_gets(oryx_emulator) == []
    assert found["startup.detection"]["status"] == "skip" and "--read-archive" in found["startup.detection"]["fix"]
    assert found["build.requirements"]["status"] == "pass"
    oryx_emulator.clear_requests()
    result = oaz("pyappsvc", "doctor", *app("built-large"), "--no-probe", "--read-archive")
    found = checks(result)
    assert len(archive_gets(oryx_emulator)) == 1
    assert found["startup.detection"]["status"] == "pass" and "Flask" in found["startup.detection"]["summary"]
    assert json.loads(result.stdout)["startup"]["appPath"] == LARGE_TMP


def test_a_zstd_archive_this_python_cannot_read_falls_back_to_the_log(oaz):
    out = oaz("pyappsvc", "show-startup", *app("built-zst")).json
    assert (out["source"], out["build"]["archive"]) == ("flask", "output.tar.zst")
    assert any("Taken from the latest start's log" in reason for reason in out["reasons"])


def test_src_folder_with_a_compressed_build_is_read_locally(oaz, tmp_path):
    (tmp_path / "oryx-manifest.toml").write_text('CompressDestinationDir="true"\nSourceDirectoryInBuildContainer='
                                                 '"/tmp/local1"\nOperationID="op-local"\n')
    (tmp_path / "output.tar.gz").write_bytes(tar_gz({"mysite/wsgi.py": "application = None\n",
                                                     "requirements.txt": "django\n"}))
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")  # stale, beside it
    out = oaz("pyappsvc", "show-startup", "--src", str(tmp_path), "--python-version", "3.12").json
    assert (out["source"], out["module"], out["appPath"]) == ("django", "mysite.wsgi", "/tmp/local1")
    found = checks(oaz("pyappsvc", "doctor", "--src", str(tmp_path), "--python-version", "3.12"))
    assert found["build.requirements"]["status"] == "pass" and found["startup.detection"]["status"] == "pass"


def test_set_startup_refuses_a_startup_file_with_crlf_and_writes_nothing(oaz, oryx_emulator):
    result = oaz("pyappsvc", "set-startup", "startup.txt", *app("crlf-startup"))
    assert_clean_failure(result)
    assert "CRLF" in result.stderr and "dos2unix" in result.stderr
    assert writes(oryx_emulator) == []


def test_show_startup_and_doctor_predict_the_crlf_failure(oaz):
    out = oaz("pyappsvc", "show-startup", *app("crlf-startup")).json
    assert out["source"] == "custom" and out["command"].endswith("app:app\r") and "CRLF" in out["failure"]
    found = checks(oaz("pyappsvc", "doctor", *app("crlf-startup"), "--no-probe", "--check", "startup.file"))
    assert found["startup.file"]["status"] == "fail" and "CRLF" in found["startup.file"]["summary"]


def test_settings_shape_the_script_and_their_values_stay_hidden(oaz, oryx_emulator):
    site = oryx_emulator.site(RG, "crlf-startup")
    site.site_config["appCommandLine"] = ""
    site.wwwroot["appsvc.yaml"] = "run: python worker.py\n"
    site.app_settings.update({"APPSVC_REMOTE_DEBUGGING": "TRUE", "PRE_RUN_COMMAND": "echo planted-secret-value-2"})
    out = oaz("pyappsvc", "show-startup", *app("crlf-startup")).json
    assert out["command"] == ("cd /home/site/wwwroot && python -m debugpy --listen 0.0.0.0:49494  -m flask run "
                              "--host $HOST --port $PORT")
    assert out["runAfter"] == "python worker.py" and out["preRunCommand"] == "***"
    assert out["env"] == {"HOST": "0.0.0.0", "PORT": "8000"}
    assert "planted-secret-value" not in json.dumps(out)
