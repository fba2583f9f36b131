"""The emulator's timed restarts (tests/emulator/restarts.py)."""
from tests.emulator.restarts import advance, begin
from tests.emulator.state import SiteState


def site(**behaviour):
    return SiteState("web", "rg", "app,linux", site={"mode": "app", **behaviour}, docker_log="old\n")


def test_sites_without_restart_seconds_do_not_restart():
    plain = site()
    begin(plain, "PYTHON|3.13", now=100.0)
    assert plain.site == {"mode": "app"} and plain.docker_log == "old\n"


def test_a_restart_takes_time_and_then_serves_again():
    web = site(restartSeconds=10)
    begin(web, "PYTHON|3.13", now=100.0)
    assert web.site["mode"] == "restarting" and "Pulling image" not in web.docker_log
    advance(web, now=100.0)
    assert "appsvc/python:3.13_" in web.docker_log and "Python 3.13" not in web.docker_log
    advance(web, now=105.0)
    assert "Python 3.13.1" in web.docker_log and web.site["mode"] == "restarting"
    advance(web, now=110.0)
    assert web.site["mode"] == "app" and "ready to serve requests" in web.docker_log


def test_a_site_fails_from_a_version_on_and_recovers_on_a_rollback():
    web = site(restartSeconds=2, failsFrom="3.12", failureLines=["ModuleNotFoundError: No module named 'distutils'"])
    begin(web, "PYTHON|3.13", now=0.0)
    advance(web, now=2.0)
    assert web.site["mode"] == "error" and "failing site start" in web.docker_log and "distutils" in web.docker_log
    begin(web, "PYTHON|3.11", now=3.0)
    advance(web, now=5.0)
    assert web.site["mode"] == "app" and web.docker_log.count("ready to serve requests") == 1
