"""doctor runner: order, selection, crash isolation, counts, the result shape, and secrets kept out."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Finding, Status, finding
from azext_pyappsvc.doctor.runner import doctor_result, has_problems, list_check_ids, run_checks, summarize
from azext_pyappsvc.doctor.snapshot import Part, Probe
from azext_pyappsvc.doctor.redact import secret_values
from azext_pyappsvc.source.tree import MemoryTree
from tests.unit.doctor.test_checks import FLASK_APP, local_snap, site, snap

ALL_IDS = ["app.linux", "app.state", "runtime.python", "runtime.support", "runtime.local", "runtime.removed-modules",
           "startup.command", "startup.file", "startup.detection", "startup.observed", "startup.scripts", "build.requirements",
           "build.scm-build", "build.venv", "build.ci-venv", "build.run-from-package", "settings.values",
           "settings.key-vault", "settings.slot-sticky", "network.port", "network.https", "django.allowed-hosts", "django.csrf-origins", "django.static",
           "data.sqlite", "probe.http", "probe.health-check", "logs.errors", "logs.out-of-memory", "startup.warmup"]
FLASK_REPORT_IDS = [check_id for check_id in ALL_IDS if not check_id.startswith("django.")]  # a Flask app's report
SECRET = "planted-Secret-Value-9f8e7d"


def test_check_ids_in_declared_order():
    assert list_check_ids() == ALL_IDS


def test_run_checks_runs_every_check_in_order_with_categories_from_ids():
    findings = run_checks(snap())
    assert [f.id for f in findings] == FLASK_REPORT_IDS
    assert all(f.category == f.id.split(".")[0] for f in findings)
    assert all(isinstance(f.status, Status) for f in findings)


def test_a_healthy_app_has_no_problems():
    files = {**FLASK_APP, "app.py": FLASK_APP["app.py"] + "from werkzeug.middleware.proxy_fix import ProxyFix\n"}
    findings = run_checks(snap(files=files))
    assert {f.status for f in findings} <= {Status.PASS, Status.SKIP}, [f for f in findings if f.status != Status.PASS]
    assert not has_problems(findings)


def test_only_filters_and_keeps_the_declared_order():
    findings = run_checks(snap(), only=["probe.http", "app.linux", "app.linux"])
    assert [f.id for f in findings] == ["app.linux", "probe.http"]


def test_unknown_ids_raise_a_value_error_naming_the_valid_ids():
    with pytest.raises(ValueError) as error:
        run_checks(snap(), only=["app.linux", "app.nope"])
    assert "app.nope" in str(error.value) and "logs.errors" in str(error.value)


def ok_check(snapshot, derived):
    return finding("x.ok", Status.PASS, "fine")


def crashing_check(snapshot, derived):
    raise RuntimeError(f"boom near {SECRET}")


def wrong_type_check(snapshot, derived):
    return "not a finding"


def test_a_crashing_check_becomes_an_error_finding_and_the_others_still_run():
    checks = [("x.ok", ok_check), ("x.boom", crashing_check), ("x.wrong", wrong_type_check), ("x.ok2", ok_check)]
    findings = run_checks(snap(settings={"KEY": SECRET}), checks=checks)
    assert [f.status for f in findings] == [Status.PASS, Status.ERROR, Status.ERROR, Status.PASS]
    assert findings[1].id == "x.boom" and findings[1].category == "x"
    assert findings[1].summary.startswith("check crashed: RuntimeError: boom near ***")
    assert findings[2].summary.startswith("check crashed: TypeError: returned str")
    assert has_problems(findings)


def test_summarize_counts_every_status_including_zeros():
    findings = [finding("a.b", Status.PASS, "x"), finding("a.c", Status.PASS, "x"), finding("a.d", Status.FAIL, "x")]
    assert summarize(findings) == {"pass": 2, "warn": 0, "fail": 1, "skip": 0, "error": 0}
    assert summarize([]) == {"pass": 0, "warn": 0, "fail": 0, "skip": 0, "error": 0}


@pytest.mark.parametrize("statuses, expected", [
    ([Status.PASS, Status.WARN, Status.SKIP], False), ([Status.PASS, Status.FAIL], True), ([Status.ERROR], True),
])
def test_has_problems_means_fail_or_error(statuses, expected):
    assert has_problems([finding("a.b", status, "x") for status in statuses]) is expected


def test_finding_to_dict():
    assert Finding("a.b", "a", Status.WARN, "s", "f").to_dict() == {
        "id": "a.b", "category": "a", "status": "warn", "summary": "s", "fix": "f"}


def test_part_ok():
    assert Part(value=1).ok and not Part().ok and not Part(value=1, error="x").ok and not Part(skipped="y").ok


def test_doctor_result_shape():
    snapshot = snap(app=site(name="web/staging"))
    findings = run_checks(snapshot)
    result = doctor_result(snapshot, findings)
    assert set(result) == {"app", "startup", "checks", "summary"}
    assert result["app"] == {"name": "web", "resourceGroup": "rg", "slot": "staging", "kind": "app,linux",
                             "linuxFxVersion": "PYTHON|3.12", "state": "Running", "httpsOnly": True,
                             "defaultHostName": "web.azurewebsites.net"}
    assert result["startup"]["source"] == "flask" and result["startup"]["module"] == "app:app"
    assert result["startup"]["pythonVersion"] == "3.12"
    assert result["startup"]["pythonVersionSource"] == "linuxFxVersion"
    assert [c["id"] for c in result["checks"]] == FLASK_REPORT_IDS
    assert sum(result["summary"].values()) == len(FLASK_REPORT_IDS)
    json.dumps(result)


def test_doctor_result_without_an_app_or_without_config():
    snapshot = local_snap(FLASK_APP)
    result = doctor_result(snapshot, run_checks(snapshot))
    assert result["app"] is None and result["startup"]["source"] == "flask"
    broken = snap(config=Part(error="config/web answered 500"))
    assert doctor_result(broken, run_checks(broken))["startup"] is None


def test_derive_is_computed_once_per_snapshot():
    snapshot = snap()
    assert derive(snapshot) is derive(snapshot)
    assert derive(snapshot) is not derive(snap())


class CountingTree(MemoryTree):
    """A MemoryTree that records every path asked for, to prove each is fetched once."""

    def __init__(self, files):
        super().__init__(files)
        self.listed, self.read = [], []

    def list_dirs(self, paths):
        self.listed += list(paths)
        return super().list_dirs(paths)

    def read_texts(self, paths, limit=65536):
        self.read += list(paths)
        return super().read_texts(paths, limit)


def test_every_folder_and_file_is_fetched_at_most_once():
    tree = CountingTree({**FLASK_APP, "runtime.txt": "python-3.12", "pyproject.toml": "[project]\n",
                         "startup.sh": "#!/bin/sh\ngunicorn app:app\n", "mysite/settings.py": "", "lib/x.py": ""})
    snapshot = snap(tree=tree, command="startup.sh")
    doctor_result(snapshot, run_checks(snapshot))
    assert len(tree.listed) == len(set(tree.listed)) and len(tree.read) == len(set(tree.read))
    assert tree.listed[0] == ""


def test_a_secret_value_appears_nowhere_in_the_result():
    settings = {"SECRET_KEY": SECRET, "SCM_DO_BUILD_DURING_DEPLOYMENT": "maybe",
                "PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "yes"}
    log = "\n".join([f"Site's appCommandLine: DB={SECRET} gunicorn --timeout:600 app:app",
                     f"ModuleNotFoundError: No module named '{SECRET}'",
                     f"Invalid value 'yes' for 'PYTHON_ENABLE_GUNICORN_MULTIWORKERS' near {SECRET}",
                     f"gunicorn: error: unrecognized arguments: {SECRET}"])
    files = {**FLASK_APP, "startup.txt": f"gunicorn --bind=127.0.0.1:{SECRET} app:app\n"}
    for command in (f"DB={SECRET} gunicorn --timeout:600 --bind={SECRET} app:app", "startup.txt",
                    f"gunicorn --access-logfile '{SECRET}' app:app"):
        snapshot = snap(settings=settings, log=log, command=command, files=files,
                        probe=Probe("https://web/", 500, f"Traceback {SECRET}", 1.0))
        dumped = json.dumps(doctor_result(snapshot, run_checks(snapshot)))
        assert SECRET not in dumped and "maybe" not in dumped
        assert "'yes'" not in dumped


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=24),
                       min_size=1, max_size=4))
def test_no_setting_value_leaks_into_the_findings(values):
    settings = {f"S{i}": value for i, value in enumerate(values)}
    settings["PYTHON_ENABLE_GUNICORN_MULTIWORKERS"] = values[0]
    log = "\n".join(f"ModuleNotFoundError: No module named '{v}' {v}\nInvalid value '{v}' for 'X'" for v in values)
    snapshot = snap(settings=settings, log=log, command=f"gunicorn --bind=0.0.0.0:{values[-1]} app:app")
    result = doctor_result(snapshot, run_checks(snapshot))
    texts = [f"{check['summary']} {check['fix']}" for check in result["checks"]]
    startup = result["startup"]
    texts += [startup["command"], startup["appCommandLine"], *startup["reasons"],
              *[str(value) for value in (startup["startupFile"] or {}).values()]]
    dumped = "\n".join(texts)
    for secret in secret_values(settings):
        assert secret not in dumped


def test_the_offline_report_lists_what_ran_and_names_what_needs_the_app_on_one_line():
    findings = run_checks(local_snap({**FLASK_APP, "runtime.txt": "python-3.12\n"}))
    ids = [f.id for f in findings]
    assert ids[-1] == "offline" and not {"app.linux", "probe.http", "logs.errors", "settings.values"} & set(ids)
    assert "app.linux" in findings[-1].summary and "logs.errors" in findings[-1].summary
    asked = run_checks(local_snap(FLASK_APP), only=["app.linux"])
    assert [(f.id, f.status) for f in asked] == [("app.linux", Status.SKIP)]
