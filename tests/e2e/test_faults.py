"""Faults and bad input, end to end through the real az against the emulator's fault injection.

A diagnostic tool is used when things are broken: throttling is waited out; persistent 5xx, refused, reset,
hanging and TLS-failing connections end in a clear error (what failed, what to try) within a bounded time,
without a traceback; a write that fails leaves the app as it was and says so; bad input is refused with no write.

The ARM host is 127.0.0.1:port; site hosts are 127.0.1.N:port, Kudu hosts 127.0.2.N:port.
NUL bytes cannot be passed in argv, so they are covered at the unit level (tests/unit/startup/test_command.py and
tests/unit/test_properties.py), not here.
"""
from __future__ import annotations

import os
import re
import time

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.harness import AzSession

RG = "pyapps-rg"
APP = ["-g", RG, "-n", "flask-312"]
BOUND_SECONDS = 45  # "no multi-minute hang", not a speed target
KUDU = r"127\.0\.2\."
SITE_GET = r"GET 127\.0\.0\.1:\d+/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Web/sites/flask-312$"
CONFIG_GET = r"GET .*/sites/flask-312/config/web$"
CONFIG_PATCH = r"PATCH .*/sites/flask-312/config/web$"
SETTINGS = r"POST .*/sites/flask-312/config/appsettings/list$"
STACKS = r"GET .*/webAppStacks$"
KUDU_VFS = KUDU + r"[\d:]+/api/vfs/site/wwwroot/"
STARTUP_COMMAND = "gunicorn --bind=0.0.0.0 --timeout 600 app:app"

# (command line, the write it would make: (siteConfig field, value) or None for reads)
COMMANDS = {
    "show-version": (["pyappsvc", "show-version", *APP], None),
    "list-versions": (["pyappsvc", "list-versions"], None),
    "show-startup": (["pyappsvc", "show-startup", *APP], None),
    "set-version": (["pyappsvc", "set-version", "3.13", *APP], ("linuxFxVersion", "PYTHON|3.13")),
    "set-startup": (["pyappsvc", "set-startup", STARTUP_COMMAND, *APP], ("appCommandLine", STARTUP_COMMAND)),
}


def timed(run, *args, **kwargs):
    """Run az and measure how long it took."""
    started = time.monotonic()
    result = run(*args, **kwargs)
    return result, time.monotonic() - started


def config_of(emulator, name="flask-312"):
    return dict(emulator.site(RG, name).site_config)


def error_text(result):
    """The ERROR line and the recommendation azure-cli prints after it."""
    return result.stderr[result.stderr.index("ERROR:"):]


def assert_fault(result, elapsed, *fragments, tries=("again",)):
    """A clean failure, within the bound, naming what failed and what to try."""
    assert_clean_failure(result, 1)
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s\n{result}"
    text = error_text(result)
    assert "Could not" in text, result
    for fragment in (*fragments, *tries):
        assert fragment in text, f"{fragment!r} missing\n{result}"


def assert_left_as_it_was(result, emulator, before):
    """A failed write: the message says so, and the emulator's live config is exactly as before."""
    assert "left as it was" in result.stderr, result
    assert config_of(emulator) == before, "a failed write changed the app"


def reasons(result):
    return " ".join(result.json["reasons"])


# --- 429 with Retry-After: waited for, retried, the command succeeds --------------------------------------------------

@pytest.mark.parametrize("name, pattern", [
    ("show-version", SITE_GET),
    ("show-startup", CONFIG_GET),
    ("show-startup", SETTINGS),
    ("set-version", CONFIG_PATCH),
    ("set-startup", CONFIG_PATCH),
])
def test_throttled_arm_call_is_retried_after_retry_after_and_succeeds(az, emulator, name, pattern):
    args, write = COMMANDS[name]
    emulator.inject(pattern, status=429, headers={"Retry-After": "1"}, count=1,
                    body={"error": {"code": "TooManyRequests", "message": "Throttled."}})
    result = az(*args)
    assert result.returncode == 0, result
    hits = [r for r in emulator.requests("arm") if re.search(pattern, f"{r['method']} {r['host']}{r['path']}")]
    assert [r["status"] for r in hits] == [429, 200], hits
    assert hits[1]["started"] - hits[0]["started"] >= 0.9, "Retry-After was not waited for"
    if write:
        field, value = write
        assert config_of(emulator)[field] == value
        assert len(writes(emulator)) == 2


@pytest.mark.parametrize("retry_after", ["1", "soon, maybe"])
def test_throttled_kudu_is_retried_after_retry_after_and_detection_still_works(az, emulator, retry_after):
    emulator.inject(KUDU_VFS, status=429, headers={"Retry-After": retry_after}, count=1, body="Too many requests")
    result = az(*COMMANDS["show-startup"][0])
    assert result.returncode == 0, result
    assert (result.json["source"], result.json["module"]) == ("flask", "app:app"), result
    # show-startup reads the docker log beside wwwroot (issue 11), so only wwwroot's requests are in order here
    statuses = [r["status"] for r in emulator.requests("kudu") if "/api/vfs/site/wwwroot" in r["path"]]
    assert statuses[:2] == [429, 200], statuses


def test_an_unreadable_retry_after_falls_back_to_backoff(az, emulator):
    emulator.inject(SITE_GET, status=429, headers={"Retry-After": "soon, maybe"}, count=1)
    result = az(*COMMANDS["show-version"][0])
    assert result.returncode == 0, result


def test_a_retry_after_of_an_hour_is_not_waited_for(az, emulator):
    emulator.inject(SITE_GET, status=429, headers={"Retry-After": "3600"},
                    body={"error": {"code": "TooManyRequests", "message": "Throttled."}})
    result, elapsed = timed(az, *COMMANDS["show-version"][0])
    assert_fault(result, elapsed, "throttling", "3600")
    assert elapsed < 15, f"waited {elapsed:.1f} s for a Retry-After it should not wait for"


def test_persistent_throttling_without_retry_after_gives_up(az, emulator):
    emulator.inject(STACKS, status=429, body={"error": {"code": "TooManyRequests", "message": "Throttled."}})
    result, elapsed = timed(az, *COMMANDS["list-versions"][0])
    assert_fault(result, elapsed, "throttling", tries=("Wait",))


def test_kudu_throttling_with_a_long_retry_after_still_answers_in_bounded_time(az, emulator):
    emulator.inject(KUDU, status=429, headers={"Retry-After": "3600"}, body="Too many requests")
    result, elapsed = timed(az, *COMMANDS["show-startup"][0])
    assert result.returncode == 0, result
    assert elapsed < 15, f"waited {elapsed:.1f} s for a Retry-After it should not wait for"
    assert "could not be read" in reasons(result) and "throttling the requests (429)" in reasons(result)


# --- persistent 5xx: a clear error in bounded time; a failed write changes nothing ------------------------------------

@pytest.mark.parametrize("name, pattern, status", [
    ("show-version", SITE_GET, 500),
    ("list-versions", STACKS, 503),
    ("show-startup", CONFIG_GET, 502),
    ("set-version", CONFIG_PATCH, 500),
    ("set-startup", CONFIG_PATCH, 503),
])
def test_persistent_5xx_is_a_clear_bounded_error(az, emulator, name, pattern, status):
    args, write = COMMANDS[name]
    before = config_of(emulator)
    emulator.inject(pattern, status=status, body={"error": {"code": "InternalServerError", "message": "Boom."}})
    result, elapsed = timed(az, *args)
    assert_fault(result, elapsed, f"Azure answered {status}", "status.azure.com")
    assert config_of(emulator) == before
    if write:
        assert_left_as_it_was(result, emulator, before)


# --- connection refused, reset, garbage, hang, TLS ------------------------------------------------------------------

@pytest.fixture
def fresh_session(emulator, tmp_path, extension_dir, az_session):
    """A new az configuration logged in to the emulator (its own token cache), the extension installed."""
    emulator.reset()
    session = AzSession(str(tmp_path / "azure-config"), emulator.arm_url, emulator.ca_bundle, extension_dir)
    session.login(emulator.tenant_id, *emulator.principal("Contributor"))
    emulator.clear_requests()
    return session


def point_arm_at(session, url):
    """Make the session's cloud send ARM calls to url (identity endpoints and the cached tokens stay)."""
    import configparser
    path = os.path.join(session.config_dir, "clouds.config")
    clouds = configparser.ConfigParser()
    clouds.read(path)
    clouds["PyAppSvcEmulator"]["endpoint_resource_manager"] = url
    with open(path, "w", encoding="utf-8") as handle:
        clouds.write(handle)


@pytest.mark.parametrize("name", ["show-version", "set-version"])
def test_arm_connection_refused_is_a_clear_bounded_error(fresh_session, emulator, name):
    point_arm_at(fresh_session, f"https://{emulator.closed_address('127.0.0.1')}/")
    before = config_of(emulator)
    result, elapsed = timed(fresh_session.run, *COMMANDS[name][0])
    assert_fault(result, elapsed, "connection was refused", "network")
    assert config_of(emulator) == before and writes(emulator) == []


@pytest.mark.parametrize("name, pattern, fragment", [
    ("show-version", SITE_GET, "closed before an answer"),
    ("list-versions", STACKS, "closed before an answer"),
])
def test_arm_connection_reset_on_a_read_is_a_clear_bounded_error(az, emulator, name, pattern, fragment):
    emulator.inject(pattern, action="reset")
    result, elapsed = timed(az, *COMMANDS[name][0])
    assert_fault(result, elapsed, fragment)


@pytest.mark.parametrize("name", ["set-version", "set-startup"])
def test_arm_connection_reset_on_the_write_leaves_the_app_as_it_was(az, emulator, name):
    before = config_of(emulator)
    emulator.inject(CONFIG_PATCH, action="reset")
    result, elapsed = timed(az, *COMMANDS[name][0])
    assert_fault(result, elapsed, "change the app's configuration", "closed before an answer")
    assert_left_as_it_was(result, emulator, before)
    assert len(writes(emulator)) == 1, "a write that got no answer must not be sent again"


def test_arm_answering_garbage_is_a_clear_bounded_error(az, emulator):
    emulator.inject(SITE_GET, action="garbage")
    result, elapsed = timed(az, *COMMANDS["show-version"][0])
    assert_fault(result, elapsed, "read the app", "not HTTP", tries=("proxy",))


def test_arm_answering_a_web_page_instead_of_json_is_a_clear_error(az, emulator):
    emulator.inject(SITE_GET, status=200, body="<html><body>Sign in to the proxy</body></html>",
                    headers={"Content-Type": "text/html"})
    result, elapsed = timed(az, *COMMANDS["show-version"][0])
    assert_fault(result, elapsed, "read the app", "not with the document expected", tries=("proxy",))


def test_arm_hanging_on_a_read_ends_with_a_timeout_error(az, emulator):
    emulator.inject(SITE_GET, action="hang")
    result, elapsed = timed(az, *COMMANDS["show-version"][0])
    assert_fault(result, elapsed, "no answer within")


def test_arm_hanging_on_the_write_ends_with_a_timeout_error_and_no_change(az, emulator):
    before = config_of(emulator)
    emulator.inject(CONFIG_PATCH, action="hang")
    result, elapsed = timed(az, *COMMANDS["set-startup"][0])
    assert_fault(result, elapsed, "no answer within")
    assert_left_as_it_was(result, emulator, before)
    assert len(writes(emulator)) == 1


@pytest.mark.parametrize("name", ["show-version", "list-versions", "set-version"])
def test_arm_with_an_untrusted_certificate_is_a_clear_bounded_error(az, emulator, name):
    before = config_of(emulator)
    emulator.serve_untrusted(emulator.arm_url.split("/")[2])
    result, elapsed = timed(az, *COMMANDS[name][0])
    assert_fault(result, elapsed, "certificate could not be verified", "REQUESTS_CA_BUNDLE", tries=())
    assert config_of(emulator) == before


def test_a_write_whose_answer_is_lost_does_not_claim_the_app_was_left_as_it_was(az, emulator):
    emulator.inject(CONFIG_PATCH, action="lost-answer")
    result = az(*COMMANDS["set-version"][0])
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert config_of(emulator)["linuxFxVersion"] == "PYTHON|3.13", "the emulator carried the write out"
    assert "left as it was" not in result.stderr, "the message claims no change, but the app was changed"
    assert "the change is in place" in result.stderr


# --- Kudu down: show-startup still answers and says why; set-startup still writes, with a warning -------------------

def kudu_host(emulator, name="flask-312"):
    return emulator.site(RG, name).kudu_host


@pytest.mark.parametrize("fault, fragment", [
    ("refused", "connection was refused"),
    ("reset", "closed before an answer"),
    ("garbage", "Kudu"),
    ("untrusted", "certificate could not be verified"),
    ("500", "answered 500"),
    ("503", "also when tried again"),
    ("401", "401"),
    ("html", "Kudu"),
])
def test_show_startup_with_kudu_failing_still_answers_and_says_why(az, emulator, fault, fragment):
    if fault == "refused":
        emulator.site(RG, "flask-312").kudu_host = emulator.closed_address("127.0.2.250")
    elif fault == "untrusted":
        emulator.serve_untrusted(kudu_host(emulator))
    elif fault in ("reset", "garbage"):
        emulator.inject(KUDU, action=fault)
    elif fault == "html":  # a proxy's or a stopped site's page instead of the VFS JSON
        emulator.inject(KUDU, status=200, body="<html><body>Site is stopped</body></html>",
                        headers={"Content-Type": "text/html"})
    else:
        emulator.inject(KUDU, status=int(fault), body="Kudu failed")
    result, elapsed = timed(az, *COMMANDS["show-startup"][0])
    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr
    assert elapsed < BOUND_SECONDS
    assert result.json["source"] == "unknown"
    assert "could not be read" in reasons(result) and fragment in reasons(result), result.json["reasons"]


def test_show_startup_with_kudu_hanging_answers_within_the_bound(az, emulator):
    emulator.inject(KUDU, action="hang")
    result, elapsed = timed(az, *COMMANDS["show-startup"][0])
    assert result.returncode == 0, result
    assert elapsed < BOUND_SECONDS
    assert "no answer within" in reasons(result)


def test_set_startup_with_kudu_down_writes_and_warns_that_files_were_not_checked(az, emulator):
    emulator.site(RG, "flask-312").kudu_host = emulator.closed_address("127.0.2.251")
    result, elapsed = timed(az, "pyappsvc", "set-startup", "startup.txt", *APP)
    assert result.returncode == 0, result
    assert elapsed < BOUND_SECONDS
    assert "WARNING:" in result.stderr and "could not be read" in result.stderr
    assert config_of(emulator)["appCommandLine"] == "startup.txt"


# --- 401 / 403: name the permission or the need to sign in again ----------------------------------------------------

def test_arm_401_asks_to_sign_in_again(az, emulator):
    emulator.inject(SITE_GET, status=401, body={"error": {"code": "ExpiredAuthenticationToken",
                                                          "message": "The access token expiry has passed."}})
    result, elapsed = timed(az, *COMMANDS["show-version"][0])
    assert_fault(result, elapsed, "az login", tries=())


def test_arm_403_names_the_missing_permission(az, emulator):
    emulator.inject(STACKS, status=403, body={"error": {
        "code": "AuthorizationFailed",
        "message": "The client 'x' does not have authorization to perform action "
                   "'Microsoft.Web/webAppStacks/read' over scope '/' or the scope is invalid."}})
    result, elapsed = timed(az, *COMMANDS["list-versions"][0])
    assert_fault(result, elapsed, "permission", "Microsoft.Web/webAppStacks/read", tries=("role",))


def test_reader_show_startup_answers_and_names_what_it_could_not_read(az_reader, emulator):
    result = az_reader(*COMMANDS["show-startup"][0])
    assert result.returncode == 0, result
    text = reasons(result)
    assert "App settings could not be read (no permission)" in text
    assert "refused access (403)" in text and "Website Contributor" in text


def test_refused_credentials_for_the_kudu_token_say_to_sign_in_again(fresh_session, emulator):
    emulator.inject(r"POST .*/oauth2/v2\.0/token", status=401,
                    body={"error": "invalid_client", "error_description": "AADSTS7000222: The client secret expired."})
    result, elapsed = timed(fresh_session.run, *COMMANDS["show-startup"][0])
    assert "Traceback" not in result.stderr, result
    assert elapsed < BOUND_SECONDS
    assert result.returncode == 0, result
    assert "credentials were refused" in reasons(result) and "az login" in reasons(result), result.json["reasons"]


def test_a_hanging_token_endpoint_does_not_hang_the_command(fresh_session, emulator):
    """The Kudu token is bounded (azure-cli's MSAL client has no timeout; an expired ARM token is not covered)."""
    emulator.inject(r"POST .*/oauth2/v2\.0/token", action="hang")
    result, elapsed = timed(fresh_session.run, *COMMANDS["show-startup"][0], timeout=BOUND_SECONDS + 15)
    assert "Traceback" not in result.stderr, result
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s"
    assert any("Entra ID did not answer" in reason for reason in result.json["reasons"]), result


# --- bad input: refused with a clear error, and no write -----------------------------------------------------------

def arm_calls(emulator):
    return [r for r in emulator.requests("arm") if "oauth2" not in r["path"]]


@pytest.mark.parametrize("args, fragment", [
    (["set-version", "", *APP], "No Python version given"),
    (["set-version", "--version", "", *APP], "No Python version given"),
    (["set-version", "3.12", "--version", "3.13", *APP], "not both"),
    (["show-startup", *APP, "--python-version", "3.12.4"], "minor versions"),
    (["show-startup", *APP, "--python-version", "3.12; rm -rf /"], "not a Python version"),
    (["show-startup", *APP, "--python-version", "३.१२"], "cannot be part of a version"),
    (["show-startup", *APP, "--python-version", "3" * 1000], "characters long"),
])
def test_bad_versions_are_refused(az, emulator, args, fragment):
    before = config_of(emulator)
    result = az("pyappsvc", *args)
    assert_clean_failure(result)
    assert fragment in result.stderr, result
    assert writes(emulator) == [] and config_of(emulator) == before


@pytest.mark.parametrize("command, fragment", [
    ('gunicorn --name "unclosed app:app', "cannot be split"),
    ("gunicorn --name \"it's\" app:app", "single quote"),
    ("gunicorn app:app\r\necho pwned", "more than one line"),
    ("gunicorn app:app\recho pwned", "more than one line"),
    ("gunicorn \x1b[31mapp:app", "control character"),
    ("gunicorn app:app \\", "cannot be split"),
    ("gunicorn " + "x" * 100_000, "characters long"),
])
def test_unsaveable_startup_commands_are_refused_without_a_write(az, emulator, command, fragment):
    result, elapsed = timed(az, "pyappsvc", "set-startup", command, *APP)
    assert_clean_failure(result)
    assert fragment in result.stderr, result
    assert writes(emulator) == [] and arm_calls(emulator) == [], "refused input must not even reach Azure"
    assert elapsed < BOUND_SECONDS


@pytest.fixture
def nasty_src(tmp_path):
    """A project folder with everything a real one may hold that a naive walker trips over."""
    src = tmp_path / "project"
    src.mkdir()
    (src / "app.py").write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9 cr\xe8me\nfrom flask import Flask\n"
                                 b"app = Flask(__name__)\n")
    (src / "requirements.txt").write_text("flask\ngunicorn\n")
    (src / "startup.txt").write_bytes(b"gunicorn --bind=0.0.0.0 --timeout 600 app:app\n\xff\xfe junk\n")
    (src / "model.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    (src / "utf16.py").write_bytes("x = 'ü'\n".encode("utf-16"))
    modules = src / "node_modules"
    for package in range(50):
        folder = modules / f"pkg{package}" / "lib"
        folder.mkdir(parents=True)
        for index in range(100):
            (folder / f"f{index}.js").write_text("module.exports = 1;\n")
    os.symlink("loop", src / "loop")                    # a symlink to itself
    os.symlink("b", src / "a")                          # a symlink cycle a -> b -> a
    os.symlink("a", src / "b")
    os.symlink(".", src / "here")                        # a folder symlink back to the root
    os.symlink(str(src), src / "node_modules" / "up")   # and one from deep inside
    os.symlink("/nonexistent/target", src / "dangling")
    os.mkfifo(src / "wsgi.py")                           # reading it would block forever
    private = src / "private"
    private.mkdir()
    (private / "secret.cfg").write_text("x")
    private.chmod(0)                                     # unreadable (unless the tests run as root)
    (src / "locked.py").write_text("x")
    (src / "locked.py").chmod(0)
    yield src
    private.chmod(0o755)


def test_show_startup_src_copes_with_a_nasty_folder_quickly(az_session, emulator, nasty_src):
    emulator.reset()
    result, elapsed = timed(az_session.run, "pyappsvc", "show-startup", "--src", str(nasty_src),
                            "--python-version", "3.12")
    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr
    assert elapsed < 20, f"took {elapsed:.1f} s"
    assert (result.json["source"], result.json["module"]) == ("flask", "app:app"), result.json
    assert emulator.requests() == []


def test_set_startup_src_reads_a_non_utf8_startup_file(az, emulator, nasty_src):
    result, elapsed = timed(az, "pyappsvc", "set-startup", "startup.txt", *APP, "--src", str(nasty_src))
    assert result.returncode == 0, result
    assert elapsed < 20
    assert result.json["startupFile"]["firstLine"] == STARTUP_COMMAND
    assert result.json["startupFile"]["ignoredLines"] == 1


def test_set_startup_src_naming_a_fifo_does_not_block(az, emulator, nasty_src):
    result, elapsed = timed(az, "pyappsvc", "set-startup", "wsgi.py", *APP, "--src", str(nasty_src))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result
    assert elapsed < 20
    assert result.json["startupFile"]["exists"] is False, "a FIFO is not a startup file App Service could run"


@pytest.mark.parametrize("target, fragment", [("loop", "does not exist"), ("dangling", "does not exist"),
                                              ("model.bin", "not a folder")])
def test_show_startup_src_that_is_not_a_folder_is_refused(az_session, emulator, nasty_src, target, fragment):
    result = az_session.run("pyappsvc", "show-startup", "--src", str(nasty_src / target))
    assert_clean_failure(result)
    assert "--src" in result.stderr and fragment in result.stderr, result
