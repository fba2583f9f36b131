"""doctor --src on each sample project in tests/projects: the whole report, and nothing that is not true of it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from azext_pyappsvc.doctor.runner import run_checks
from azext_pyappsvc.doctor.snapshot import Part, Snapshot
from azext_pyappsvc.source.caching import CachingTree
from azext_pyappsvc.source.declared import resolve_local
from azext_pyappsvc.source.tree import LocalTree

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
OFFLINE = ("offline", "skip")
# id -> status for every row of each project's report (a Flask app's report has no django.* rows)
REPORTS = {
    "flask-quickstart": {
        "runtime.local": "skip", "runtime.removed-modules": "skip", "startup.command": "pass", "startup.file": "skip",
        "startup.detection": "pass", "startup.scripts": "pass", "build.requirements": "pass", "build.venv": "pass",
        "build.ci-venv": "pass", "network.port": "pass", "network.https": "warn", "data.sqlite": "pass",
    },
    "django-quickstart": {
        "runtime.local": "pass", "runtime.removed-modules": "pass", "startup.command": "pass", "startup.file": "skip",
        "startup.detection": "pass", "startup.scripts": "pass", "build.requirements": "pass", "build.venv": "pass",
        "build.ci-venv": "pass", "network.port": "pass", "network.https": "warn", "django.allowed-hosts": "pass",
        "django.csrf-origins": "pass", "django.static": "pass", "data.sqlite": "warn",
    },
    "fastapi-workflow": {
        "runtime.local": "skip", "runtime.removed-modules": "skip", "startup.command": "pass", "startup.file": "skip",
        "startup.detection": "skip", "startup.scripts": "pass", "build.requirements": "pass", "build.venv": "pass",
        "build.ci-venv": "pass", "network.port": "pass", "network.https": "pass", "data.sqlite": "pass",
    },
    "azd-django-postgres": {
        "runtime.local": "pass", "runtime.removed-modules": "pass", "startup.command": "pass", "startup.file": "pass",
        "startup.detection": "skip", "startup.scripts": "pass", "build.requirements": "pass", "build.venv": "pass",
        "build.ci-venv": "pass", "network.port": "pass", "network.https": "pass", "django.allowed-hosts": "pass",
        "django.csrf-origins": "pass", "django.static": "pass", "data.sqlite": "pass",
    },
    "legacy-django31": {
        "runtime.local": "pass", "runtime.removed-modules": "fail", "startup.command": "pass", "startup.file": "skip",
        "startup.detection": "pass", "startup.scripts": "warn", "build.requirements": "pass", "build.venv": "pass",
        "build.ci-venv": "pass", "network.port": "pass", "network.https": "warn", "django.allowed-hosts": "fail",
        "django.csrf-origins": "pass", "django.static": "warn", "data.sqlite": "warn",
    },
}
# what each report must say (the finding's summary or fix) — the facts of the project, in its words
SAYS = {
    "flask-quickstart": {"build.requirements": "listing flask", "startup.detection": "app:app",
                         "network.https": "ProxyFix"},
    "django-quickstart": {"startup.detection": "quickstartproject.wsgi", "data.sqlite": "database is locked",
                          "django.static": "WhiteNoise"},
    "fastapi-workflow": {"startup.command": "from .github/workflows/main_items-api.yml startup-command",
                         "startup.detection": "startup command is set"},
    "azd-django-postgres": {"startup.command": "from infra/resources.bicep appCommandLine",
                            "startup.file": "entrypoint.sh", "runtime.local": "infra/resources.bicep linuxFxVersion",
                            "build.requirements": "azd-django-postgres/src"},
    "legacy-django31": {"runtime.removed-modules": "django==3.1.14, which imports distutils",
                        "startup.scripts": "CRLF", "django.allowed-hosts": "DisallowedHost",
                        "django.static": "STATIC_ROOT is not set"},
}
NEVER = ("gunicorn (", "pyproject.toml does not list", "FastAPI detection", "the app imports gunicorn",
         "configuration: no app given")


def report(name: str, command: str | None = None) -> list:
    """doctor's findings for a project folder, as doctor --src reads it."""
    local = resolve_local(CachingTree(LocalTree(str(PROJECTS / name))), command)
    skipped, tree = Part(skipped="no app given (--src only)"), Part(value=local.tree)
    snapshot = Snapshot(today=date(2026, 12, 3), site=skipped, config=skipped, settings=skipped, runtimes=skipped,
                        tree=tree, tree_label=local.tree.description, source=tree, docker_log=skipped, probe=skipped,
                        local=local)
    return run_checks(snapshot)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_whole_report_of_each_sample_project(name):
    findings = report(name)
    assert {f.id: f.status.value for f in findings if f.id != "offline"} == REPORTS[name], findings
    assert (findings[-1].id, findings[-1].status.value) == OFFLINE
    text = " ".join(f"{f.summary} {f.fix or ''}" for f in findings)
    for check_id, fragment in SAYS[name].items():
        found = next(f for f in findings if f.id == check_id)
        assert fragment in f"{found.summary} {found.fix or ''}", found
    assert not [never for never in NEVER if never in text], text


def test_giving_the_startup_command_changes_what_is_checked():
    findings = {f.id: f for f in report("legacy-django31", "startup.sh")}
    assert findings["startup.file"].status.value == "fail" and "CRLF" in findings["startup.file"].summary
    assert findings["startup.detection"].status.value == "skip"
