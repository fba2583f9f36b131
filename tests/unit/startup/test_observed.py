"""Reading Oryx's own lines of the latest start from a docker log."""
from __future__ import annotations

from azext_pyappsvc.startup.observed import (latest_start, observed_differences, parse_observed, settles,
                                             user_startup_command)

OLD_START = """2026-11-25T05:00:01.000Z Site's appCommandLine: startup.txt
2026-11-25T05:00:01.100Z Launching oryx with: create-script -appPath /home/site/wwwroot -output /opt/startup/startup.sh -virtualEnvName antenv -defaultApp /opt/defaultsite -userStartupCommand 'gunicorn old:app'
"""
COMPRESSED_START = """2026-11-25T06:00:03.000Z App Command Line not configured, will attempt auto-detect
2026-11-25T06:00:03.100Z Launching oryx with: create-script -appPath /home/site/wwwroot -output /opt/startup/startup.sh -virtualEnvName antenv -defaultApp /opt/defaultsite
2026-11-25T06:00:03.200Z Found build manifest file at '/home/site/wwwroot/oryx-manifest.toml'. Deserializing it...
2026-11-25T06:00:03.210Z Build Operation ID: op-1
2026-11-25T06:00:03.300Z Output is compressed. Extracting it...
2026-11-25T06:00:03.310Z Found gzip-compressed tarball.
2026-11-25T06:00:04.000Z App path is set to '/tmp/8dc1'
2026-11-25T06:00:04.100Z Detected an app based on Flask
2026-11-25T06:00:04.200Z Generating `gunicorn` command for 'app:app'
2026-11-25T06:00:04.300Z Writing output script to '/opt/startup/startup.sh'
2026-11-25T06:00:05.000Z [1] [INFO] Starting gunicorn 23.0.0
"""


def test_latest_start_begins_at_the_last_start_scripts_first_line():
    lines = latest_start(OLD_START + COMPRESSED_START)
    assert lines[0] == "App Command Line not configured, will attempt auto-detect"
    assert not any("old:app" in line for line in lines)


def test_parse_a_compressed_flask_start():
    observed = parse_observed(OLD_START + COMPRESSED_START)
    assert (observed.app_command_line, observed.manifest_found, observed.operation_id) == ("", True, "op-1")
    assert (observed.compressed, observed.archive, observed.app_path) == (True, "output.tar.gz", "/tmp/8dc1")
    assert (observed.framework, observed.tool, observed.module, observed.source) == ("Flask", "gunicorn", "app:app",
                                                                                     "flask")
    assert observed.command == "gunicorn app:app in /tmp/8dc1"
    assert "Starting gunicorn" not in " ".join(observed.lines)  # only Oryx's and the start script's lines


def test_parse_a_custom_start():
    observed = parse_observed(OLD_START)
    assert (observed.app_command_line, observed.user_startup_command, observed.source) == (
        "startup.txt", "gunicorn old:app", "custom")


def test_parse_the_default_app_and_a_panic():
    log = ("App Command Line not configured, will attempt auto-detect\n"
           "No framework detected; using default app from /opt/defaultsite\n"
           "panic: Invalid value 'yes' for 'PYTHON_ENABLE_GUNICORN_MULTIWORKERS'. Value can either be 'true' or "
           "'false'.\n")
    observed = parse_observed(log)
    assert (observed.framework, observed.app_path, observed.source) == ("Default", "/opt/defaultsite", "default")
    assert "PYTHON_ENABLE_GUNICORN_MULTIWORKERS" in observed.failure


def test_no_start_in_the_log():
    assert parse_observed("2026-11-25T06:00:01.000Z INFO  - Starting container for site\n") is None
    assert parse_observed(None) is None


def test_user_startup_command_of_a_launch_line():
    assert user_startup_command("create-script -appPath /x -userStartupCommand 'gunicorn a:b'") == "gunicorn a:b"
    assert user_startup_command("create-script -appPath /x -userStartupCommand startup.sh") == "startup.sh"
    assert user_startup_command("create-script -appPath /x") is None
    assert user_startup_command("create-script -userStartupCommand 'it's'") is None


def test_differences_and_settling():
    observed = parse_observed(COMPRESSED_START)
    assert observed_differences("flask", "app:app", "/tmp/8dc1", observed) == []
    assert observed_differences("default", "application:app", "/home/site/wwwroot", observed) == [
        "it ran Flask, not default"]
    assert observed_differences("flask", "main:app", "/home/site/wwwroot", observed) == [
        "it served app:app, not main:app", "it ran in /tmp/8dc1, not /home/site/wwwroot"]
    assert settles(observed, "op-1") and not settles(observed, "op-2") and not settles(observed, "")
    assert not settles(parse_observed(OLD_START), "op-1")


def test_a_start_with_another_app_command_line_is_a_difference():
    observed = parse_observed(OLD_START)
    assert observed_differences("custom", None, "/home/site/wwwroot", observed, "startup.txt") == []
    assert observed_differences("flask", "app:app", "/home/site/wwwroot", observed, "") == [
        "it started with appCommandLine 'startup.txt', not the app's current '' (not restarted since it changed?)",
        "it ran a custom command, not flask"]
