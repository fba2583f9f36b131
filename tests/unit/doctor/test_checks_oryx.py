"""doctor over compressed builds and the latest start's log: literal snapshots, no I/O."""
from __future__ import annotations

from dataclasses import replace

from azext_pyappsvc.doctor.checks import (check_build_requirements, check_settings_values, check_startup_detection,
                                          check_startup_file, check_startup_observed)
from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.doctor.snapshot import Part
from azext_pyappsvc.source.tree import MemoryTree
from azext_pyappsvc.startup.detection import BuildInputs
from azext_pyappsvc.startup.observed import parse_observed
from tests.unit.doctor.test_checks import GOOD_SETTINGS, run, snap
from tests.unit.startup.oryx_cases import FLASK, MANIFEST, TMP

STALE = {"oryx-manifest.toml": MANIFEST, "output.tar.gz": "binary", "main.py": "print('stale')\n"}
EXTRACTED = {"app.py": FLASK, "requirements.txt": "flask\ngunicorn\n", "antenv/pyvenv.cfg": ""}
FLASK_START = (f"App Command Line not configured, will attempt auto-detect\nBuild Operation ID: op-1\n"
               f"Output is compressed. Extracting it...\nApp path is set to '{TMP}'\n"
               "Detected an app based on Flask\nGenerating `gunicorn` command for 'app:app'\n")


def built(extracted=None, log="", **kwargs):
    snapshot = snap(files=STALE, log=log, **kwargs)
    tree = MemoryTree(extracted, description="the compressed output") if extracted else None
    return replace(snapshot, build=Part(value=BuildInputs(tree, None if tree else "it was not read",
                                                          parse_observed(log))))


def test_a_read_archive_is_what_is_detected_and_holds_the_requirements():
    snapshot = built(EXTRACTED)
    assert run(check_build_requirements, snapshot).status == Status.PASS
    detection = run(check_startup_detection, snapshot)
    assert detection.status == Status.PASS and "Flask" in detection.summary
    assert f"--chdir={TMP}" in derive(snapshot).prediction.value.command


def test_an_unread_archive_is_not_the_default_page_nor_missing_requirements():
    snapshot = built()
    requirements = run(check_build_requirements, snapshot)
    assert requirements.status == Status.PASS and "oryx-manifest.toml" in requirements.summary
    detection = run(check_startup_detection, snapshot)
    assert detection.status == Status.SKIP and "--read-archive" in detection.fix


def test_the_latest_start_settles_an_unread_archive():
    snapshot = built(log=FLASK_START)
    prediction = derive(snapshot).prediction.value
    assert (prediction.source, prediction.module) == ("flask", "app:app") and f"--chdir={TMP}" in prediction.command
    assert run(check_startup_detection, snapshot).status == Status.PASS
    assert run(check_startup_observed, snapshot).status == Status.PASS


def test_observed_differs_from_the_prediction_and_both_are_shown():
    snapshot = snap(files={"main.py": "print(1)\n"}, log=FLASK_START)
    result = run(check_startup_observed, snapshot)
    assert result.status == Status.WARN
    assert "it ran Flask, not default" in result.summary
    assert "Observed: gunicorn app:app" in result.summary
    assert "predicted: gunicorn application:app in /opt/defaultsite" in result.summary


def test_observed_panic_fails_without_the_value():
    log = "App Command Line not configured, will attempt auto-detect\nInvalid value 'yes' for 'X'. Value can ...\n"
    result = run(check_startup_observed, snap(log=log))
    assert result.status == Status.FAIL and "'yes'" not in result.summary and "***" in result.summary


def test_observed_skips_without_a_start():
    assert run(check_startup_observed, snap(log="INFO  - Starting container\n")).status == Status.SKIP


def test_fastapi_detection_setting_is_read_as_go_booleans():
    assert run(check_settings_values, snap(settings={**GOOD_SETTINGS, "DISABLE_FASTAPI_DETECTION": "1"})).status \
        == Status.PASS
    assert run(check_settings_values, snap(settings={**GOOD_SETTINGS, "DISABLE_FASTAPI_DETECTION": "tRuE"})).status \
        == Status.FAIL


def test_crlf_startup_file_fails_with_the_fix():
    result = run(check_startup_file, snap(command="startup.txt", files={"app.py": FLASK,
                                                                         "startup.txt": "gunicorn app:app\r\n"}))
    assert result.status == Status.FAIL and "CRLF" in result.summary and "LF line endings" in (result.fix or "")


def test_failure_of_the_script_fails_detection():
    files = {"oryx-manifest.toml": MANIFEST}  # compressed, but no archive: Oryx panics
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "zstd/gzip output not found" in result.summary


def test_observed_skips_when_the_log_does_not_say_what_ran():
    log = "Site's appCommandLine: \n[1] [INFO] Starting gunicorn 23.0.0\n"
    result = run(check_startup_observed, snap(log=log))
    assert result.status == Status.SKIP and "does not say" in result.summary


def test_a_failure_splits_at_a_sentence_end_not_at_an_ellipsis():
    from azext_pyappsvc.doctor.checks_oryx import split_failure
    text = "X is neither true nor false: Oryx panics with \"Invalid value ... for 'X'\" and fails. Set X to true."
    assert split_failure(text) == ("X is neither true nor false: Oryx panics with \"Invalid value ... for 'X'\" "
                                   "and fails", "Set X to true.")
    assert split_failure("One sentence only") == ("One sentence only", "")
