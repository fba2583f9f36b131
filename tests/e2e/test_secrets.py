"""Secrets never leave: app setting values, tokens and credentials stay out of stdout and stderr, --debug too.

flask-312 carries the app setting SECRET_KEY = SECRET_VALUE in the default scenario; the emulator issues
JWT-shaped tokens, which all start with "eyJ" (base64 of '{"'). Kudu must be called with an Entra ID bearer
token for the App Service audience, never with publishing credentials.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import SECRET_VALUE
from tests.emulator.arm import APP_SERVICE_AUDIENCE

RG = "pyapps-rg"
APP = ["-g", RG, "-n", "flask-312"]
JWT_PREFIX = "eyJ"
CLIENT_SECRETS = ("emulator-contributor-secret", "emulator-reader-secret")

# Every command, on its success path and on its refusal paths, reading the app that holds the secret.
COMMANDS = {
    "show-version": ["pyappsvc", "show-version", *APP],
    "show-version-slot": ["pyappsvc", "show-version", *APP, "--slot", "staging"],
    "list-versions": ["pyappsvc", "list-versions", "--all"],
    "set-version": ["pyappsvc", "set-version", "3.13", *APP],
    "set-version-refused": ["pyappsvc", "set-version", "3.99", *APP],
    "show-startup": ["pyappsvc", "show-startup", *APP],
    "show-startup-table": ["pyappsvc", "show-startup", *APP, "-o", "table"],
    "show-startup-python-version": ["pyappsvc", "show-startup", *APP, "--python-version", "3.14"],
    "set-startup": ["pyappsvc", "set-startup", "gunicorn --bind=0.0.0.0 --timeout 600 app:app", *APP],
    "set-startup-module": ["pyappsvc", "set-startup", "--module", "app:app", *APP],
    "set-startup-refused": ["pyappsvc", "set-startup", "gunicorn --bind=127.0.0.1 app:app", *APP],
    "missing-app": ["pyappsvc", "show-startup", "-g", RG, "-n", "no-such-app"],
}


def assert_no_secret(result, what=""):
    """Neither the planted setting value, nor a token, nor a client secret in anything az printed."""
    for stream_name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert SECRET_VALUE not in text, f"{what}: the app setting value leaked to {stream_name}\n{result}"
        assert JWT_PREFIX not in text, f"{what}: a bearer token leaked to {stream_name}\n{result}"
        for secret in CLIENT_SECRETS:
            assert secret not in text, f"{what}: the client secret leaked to {stream_name}\n{result}"


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_command_prints_a_secret(az, emulator, name, debug):
    result = az(*COMMANDS[name], *(["--debug"] if debug else []))
    if not debug:  # under --debug, azure-cli itself logs the traceback of an error at DEBUG level
        assert "Traceback" not in result.stderr, result
    assert_no_secret(result, name)
    if debug:
        assert "DEBUG:" in result.stderr, "--debug produced no debug output"


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_show_startup_read_the_settings_but_prints_names_only(az, emulator, debug):
    """The secret really was fetched (so the test can fail), and still appears nowhere."""
    result = az(*COMMANDS["show-startup"], *(["--debug"] if debug else []))
    assert result.returncode == 0, result
    assert [r for r in emulator.requests("arm") if r["path"].endswith("/config/appsettings/list")], (
        "show-startup did not read the app settings, so this test proves nothing")
    assert_no_secret(result, "show-startup")


def test_reader_failures_print_no_secret_and_no_token(az_reader, emulator):
    for args in (COMMANDS["show-startup"], COMMANDS["set-version"], COMMANDS["set-startup"]):
        result = az_reader(*args, "--debug")
        assert_no_secret(result, " ".join(args))


def test_faults_print_no_secret_and_no_token(az, emulator):
    """Error paths (an ARM 500 on the settings, Kudu refusing) print no secret either, --debug included."""
    emulator.inject(r"POST .*/config/appsettings/list", status=500, count=1)
    emulator.inject(r"GET 127\.0\.2\.", status=401, body="Unauthorized")
    result = az(*COMMANDS["show-startup"], "--debug")
    assert_no_secret(result, "show-startup with faults")


def test_kudu_is_called_with_an_entra_id_bearer_token_never_publishing_credentials(az, emulator):
    for args in (COMMANDS["show-startup"], ["pyappsvc", "set-startup", "startup.txt", *APP]):
        assert az(*args).returncode == 0
    kudu = emulator.requests("kudu")
    assert kudu, "no Kudu request was made, so this test proves nothing"
    assert {(r["auth"] or {}).get("scheme") for r in kudu} == {"Bearer"}, [r["auth"] for r in kudu]
    assert {r["auth"]["aud"] for r in kudu} == {APP_SERVICE_AUDIENCE}
    arm_paths = [r["path"].lower() for r in emulator.requests("arm")]
    assert not [p for p in arm_paths if "publishingcredentials" in p or "publishxml" in p or "publishingprofile" in p]
