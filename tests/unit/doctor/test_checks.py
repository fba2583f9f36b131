"""doctor checks: each check over literal snapshots (MemoryTree files, literal sites, logs and probes)."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.doctor.snapshot import Part, Probe, Snapshot
from azext_pyappsvc.doctor.checks import (
    check_app_linux, check_app_state, check_build_requirements, check_build_scm_build, check_build_venv,
    check_logs_errors, check_network_https, check_network_port, check_probe_http, check_runtime_local,
    check_runtime_python, check_runtime_support, check_settings_values, check_startup_command,
    check_startup_detection, check_startup_file,
)
from azext_pyappsvc.doctor.findings import Finding
from azext_pyappsvc.doctor.pins import specifier_allows
from azext_pyappsvc.runtime.stacks import PythonRuntime
from azext_pyappsvc.source.tree import MemoryTree
from azext_pyappsvc.runtime.site import read_site

TODAY = date(2026, 11, 25)
RUNTIMES = [
    PythonRuntime("3.14", "PYTHON|3.14", date(2030, 10, 31), False, False),
    PythonRuntime("3.13", "PYTHON|3.13", date(2029, 10, 31), False, False),
    PythonRuntime("3.12", "PYTHON|3.12", date(2028, 10, 31), False, False),
    PythonRuntime("3.11", "PYTHON|3.11", date(2027, 10, 31), False, False),
    PythonRuntime("3.10", "PYTHON|3.10", date(2026, 10, 31), False, False),
    PythonRuntime("3.9", "PYTHON|3.9", date(2025, 10, 31), True, False),
    PythonRuntime("3.15", "PYTHON|3.15", date(2031, 10, 31), False, False, is_preview=True),
]
FLASK_APP = {
    "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    "requirements.txt": "Flask==3.0.0\ngunicorn\n",
    "antenv/pyvenv.cfg": "home = /opt/python/3.12/bin\n",
}
GOOD_SETTINGS = {"SCM_DO_BUILD_DURING_DEPLOYMENT": "true"}
OK_PROBE = Probe("https://web.azurewebsites.net/", 200, "<h1>Hello</h1>", 0.4)
NO_APP = "no app given (--src only)"


def site(kind: str = "app,linux", fx: str = "PYTHON|3.12", state: str = "Running", https: bool = True,
         reserved: bool | None = None, name: str = "web"):
    properties = {"resourceGroup": "rg", "state": state, "httpsOnly": https, "siteConfig": {"linuxFxVersion": fx},
                  "defaultHostName": f"{name.split('/')[0]}.azurewebsites.net",
                  "reserved": "linux" in kind if reserved is None else reserved}
    return read_site({"name": name, "kind": kind, "properties": properties})


def part(value: Any) -> Part:
    return value if isinstance(value, Part) else Part(value=value)


def snap(*, app: Any = None, fx: str = "PYTHON|3.12", command: str = "", config: Any = None,
         settings: Any = None, runtimes: Any = None, files: Any = None, tree: Any = None, source: Any = None,
         log: Any = "", probe: Any = OK_PROBE, override: str | None = None,
         label: str = "site/wwwroot") -> Snapshot:
    """A snapshot of a healthy Flask app on Python 3.12; keyword arguments change one part."""
    tree = part(tree if tree is not None else MemoryTree(FLASK_APP if files is None else files))
    return Snapshot(
        today=TODAY, site=part(app if app is not None else site(fx=fx)),
        config=part(config if config is not None else {"appCommandLine": command, "linuxFxVersion": fx}),
        settings=part(GOOD_SETTINGS if settings is None else settings),
        runtimes=part(RUNTIMES if runtimes is None else runtimes), tree=tree, tree_label=label,
        source=part(source) if source is not None else tree, docker_log=part(log), probe=part(probe),
        python_version_override=override)


def local_snap(files: dict, override: str | None = None, runtimes: Any = None) -> Snapshot:
    """A --src only snapshot: no app, the tree is the local folder."""
    skipped = Part(skipped=NO_APP)
    tree = Part(value=MemoryTree(files))
    return Snapshot(today=TODAY, site=skipped, config=skipped, settings=skipped,
                    runtimes=part(runtimes) if runtimes is not None else skipped, tree=tree,
                    tree_label="local folder ./app", source=tree, docker_log=skipped, probe=skipped,
                    python_version_override=override)


def run(check, snapshot: Snapshot) -> Finding:
    result = check(snapshot, derive(snapshot))
    assert isinstance(result, Finding)
    return result


def text(result: Finding) -> str:
    return f"{result.summary} {result.fix or ''}"


# --- app.linux, app.state ---------------------------------------------------------------------

def test_app_linux_passes_for_a_linux_web_app():
    result = run(check_app_linux, snap())
    assert (result.id, result.category, result.status) == ("app.linux", "app", Status.PASS)


def test_app_linux_passes_for_a_linux_container():
    assert run(check_app_linux, snap(app=site("app,linux,container", "DOCKER|nginx"))).status == Status.PASS


@pytest.mark.parametrize("app, fragment", [
    (site("app", "", reserved=False), "Windows app"),
    (site("functionapp,linux"), "function app"),
    (site("workflowapp,functionapp,linux"), "function app"),
])
def test_app_linux_fails_for_windows_function_and_logic_apps(app, fragment):
    result = run(check_app_linux, snap(app=app))
    assert result.status == Status.FAIL and fragment in result.summary and result.fix


def test_app_linux_windows_fix_says_how_to_create_a_linux_app():
    result = run(check_app_linux, snap(app=site("app", "", reserved=False)))
    assert "--is-linux" in result.fix and "PYTHON:3.12" in result.fix


def test_app_linux_skips_without_an_app_and_errors_when_the_app_could_not_be_read():
    assert run(check_app_linux, local_snap(FLASK_APP)).status == Status.SKIP
    assert NO_APP in run(check_app_linux, local_snap(FLASK_APP)).summary
    result = run(check_app_linux, snap(app=Part(error="ARM answered 503 Service Unavailable")))
    assert result.status == Status.ERROR and "503 Service Unavailable" in result.summary


def test_app_state_running_passes_and_stopped_fails_with_the_start_command():
    assert run(check_app_state, snap()).status == Status.PASS
    stopped = run(check_app_state, snap(app=site(state="Stopped")))
    assert stopped.status == Status.FAIL and stopped.fix == "Start it: az webapp start -g rg -n web"


def test_app_state_names_the_slot_in_the_fix_and_warns_on_other_states():
    stopped = run(check_app_state, snap(app=site(state="Stopped", name="web/staging")))
    assert stopped.fix.endswith("-g rg -n web --slot staging")
    assert run(check_app_state, snap(app=site(state="Starting"))).status == Status.WARN


# --- runtime.python, runtime.support, runtime.local -------------------------------------------

def test_runtime_python_passes_for_built_in_python():
    result = run(check_runtime_python, snap())
    assert result.status == Status.PASS and "3.12" in result.summary


def test_runtime_python_reports_a_custom_container_and_the_python_checks_skip():
    container = snap(app=site("app,linux,container", "DOCKER|myregistry/app:1"), fx="DOCKER|myregistry/app:1")
    result = run(check_runtime_python, container)
    assert result.status == Status.SKIP and "Custom container" in result.summary
    for check in (check_runtime_support, check_runtime_local, check_startup_command, check_startup_file,
                  check_startup_detection, check_build_requirements, check_build_scm_build, check_build_venv,
                  check_network_port):
        skipped = run(check, container)
        assert skipped.status == Status.SKIP and "custom container" in skipped.summary, check.__name__


def test_sitecontainers_in_config_counts_as_a_custom_container():
    result = run(check_runtime_python, snap(app=site(fx=""), fx="SITECONTAINERS"))
    assert result.status == Status.SKIP and "SITECONTAINERS" in result.summary


@pytest.mark.parametrize("fx, fragment", [("", "empty"), ("NODE|20-lts", "NODE stack")])
def test_runtime_python_fails_without_python_and_offers_the_newest_stable_version(fx, fragment):
    result = run(check_runtime_python, snap(app=site(fx=fx), fx=fx))
    assert result.status == Status.FAIL and fragment in result.summary
    assert "az pyappsvc set-version 3.14 -g rg -n web" in result.fix  # 3.15 is a preview


def test_runtime_python_skips_for_a_windows_app():
    assert run(check_runtime_python, snap(app=site("app", "", reserved=False), fx="")).status == Status.SKIP


@pytest.mark.parametrize("version, status, fragments", [
    ("3.12", Status.PASS, ["supported until 2028-10-31"]),
    ("3.11", Status.WARN, ["2027-10-31", "340 days"]),
    ("3.10", Status.FAIL, ["end of life on 2026-10-31"]),
    ("3.9", Status.FAIL, ["deprecated"]),
    ("3.8", Status.FAIL, ["not offered"]),
])
def test_runtime_support_by_end_of_life(version, status, fragments):
    result = run(check_runtime_support, snap(app=site(fx=f"PYTHON|{version}"), fx=f"PYTHON|{version}"))
    assert result.status == status
    for fragment in fragments:
        assert fragment in result.summary
    if status != Status.PASS:
        assert "az pyappsvc set-version 3.14 -g rg -n web" in result.fix
        assert "az pyappsvc upgrade-check --to 3.14 -g rg -n web;" in result.fix
        assert result.fix.index("upgrade-check") < result.fix.index("set-version")


def test_runtime_support_uses_the_python_version_override():
    result = run(check_runtime_support, snap(override="3.10"))
    assert result.status == Status.FAIL and "--python-version" in result.summary


def test_runtime_support_errors_when_the_stacks_could_not_be_read():
    result = run(check_runtime_support, snap(runtimes=Part(error="stacks API answered 500")))
    assert result.status == Status.ERROR and "stacks API answered 500" in result.summary


def test_runtime_support_in_src_mode_reads_runtime_txt():
    result = run(check_runtime_support, local_snap({**FLASK_APP, "runtime.txt": "python-3.10\n"},
                                                   runtimes=RUNTIMES))
    assert result.status == Status.FAIL and "runtime.txt" in result.summary
    assert run(check_runtime_support, local_snap(FLASK_APP, runtimes=RUNTIMES)).status == Status.SKIP


@pytest.mark.parametrize("files, status, fragments", [
    ({"runtime.txt": "python-3.11\n"}, Status.WARN, ["runtime.txt", "3.11", "3.12"]),
    ({".python-version": "3.13.1\n"}, Status.WARN, [".python-version", "3.13", "3.12"]),
    ({"pyproject.toml": '[project]\nrequires-python = ">=3.13"\n'}, Status.WARN, ["pyproject.toml", ">=3.13"]),
    ({"runtime.txt": "python-3.12\n"}, Status.PASS, ["runtime.txt"]),
    ({"pyproject.toml": '[project]\nrequires-python = ">=3.10,<3.14"\n'}, Status.PASS, ["pyproject.toml"]),
    ({}, Status.PASS, ["Nothing in runtime.txt"]),
])
def test_runtime_local_compares_pins_with_the_configured_version(files, status, fragments):
    result = run(check_runtime_local, snap(files={**FLASK_APP, **files}))
    assert result.status == status
    for fragment in fragments:
        assert fragment in result.summary


def test_runtime_local_reads_the_src_folder_when_it_differs_from_wwwroot():
    result = run(check_runtime_local, snap(source=MemoryTree({"runtime.txt": "python-3.11"})))
    assert result.status == Status.WARN and "set-version 3.11" in result.fix


def test_runtime_local_in_src_mode_compares_runtime_txt_with_requires_python():
    files = {**FLASK_APP, "runtime.txt": "python-3.12", "pyproject.toml": 'requires-python = "~=3.13"\n'}
    assert run(check_runtime_local, local_snap(files)).status == Status.WARN


# --- startup.command, startup.file, network.port ----------------------------------------------

def test_startup_command_empty_passes_as_auto_detection():
    result = run(check_startup_command, snap())
    assert result.status == Status.PASS and "auto-detects" in result.summary


def test_startup_command_clean_passes():
    assert run(check_startup_command, snap(command="gunicorn --bind=0.0.0.0 --timeout 600 app:app")).status \
        == Status.PASS


def test_startup_command_lint_error_fails_and_names_the_other_issues_in_the_fix():
    result = run(check_startup_command, snap(command="gunicorn --timeout:600 app:app"))
    assert result.status == Status.FAIL and "--timeout:600" in result.summary
    assert "more issue(s) in the fix" in result.summary and "Also:" in result.fix


def test_startup_command_lint_warning_warns():
    result = run(check_startup_command, snap(command="gunicorn app:app"))
    assert result.status == Status.WARN and "--timeout" in result.summary


def test_startup_command_that_cannot_be_saved_fails():
    result = run(check_startup_command, snap(command="gunicorn --access-logfile '-' app:app"))
    assert result.status == Status.FAIL and "single quote" in text(result)


def test_startup_command_leaves_bind_issues_to_network_port():
    result = run(check_startup_command, snap(command="gunicorn --bind=127.0.0.1:8000 --timeout 600 app:app"))
    assert result.status == Status.PASS and "network.port" in result.summary


def test_startup_command_skips_without_an_app_and_errors_without_the_config():
    assert run(check_startup_command, local_snap(FLASK_APP)).status == Status.SKIP
    result = run(check_startup_command, snap(config=Part(error="config/web answered 429")))
    assert result.status == Status.ERROR and "429" in result.summary


def test_startup_file_missing_fails_with_not_found():
    result = run(check_startup_file, snap(command="startup.txt"))
    assert result.status == Status.FAIL and "'startup.txt: not found'" in result.summary
    assert "site/wwwroot" in result.summary and "-g rg -n web" in result.fix


def test_startup_file_with_extra_lines_warns():
    files = {**FLASK_APP, "startup.txt": "gunicorn --bind=0.0.0.0 --timeout 600 app:app\npip install x\n"}
    result = run(check_startup_file, snap(command="startup.txt", files=files))
    assert result.status == Status.WARN and "only the first line" in result.summary.lower()


def test_startup_file_single_line_and_shell_script_pass():
    files = {**FLASK_APP, "startup.txt": "gunicorn --bind=0.0.0.0 --timeout 600 app:app\n",
             "startup.sh": "#!/bin/sh\npip list\ngunicorn app:app\n"}
    assert run(check_startup_file, snap(command="startup.txt", files=files)).status == Status.PASS
    result = run(check_startup_file, snap(command="startup.sh", files=files))
    assert result.status == Status.PASS and "runs whole" in result.summary


def test_startup_file_shell_script_with_crlf_fails():
    files = {**FLASK_APP, "startup.sh": "#!/bin/sh\r\ngunicorn app:app\r\n"}
    result = run(check_startup_file, snap(command="startup.sh", files=files))
    assert result.status == Status.FAIL and "CRLF" in result.summary


def test_startup_file_with_an_empty_first_line_warns_that_detection_runs():
    # issue 11 point 3: -userStartupCommand '' is no command, so auto-detection runs (this test said FAIL before)
    files = {**FLASK_APP, "startup.txt": "\ngunicorn app:app\n"}
    result = run(check_startup_file, snap(command="startup.txt", files=files))
    assert result.status == Status.WARN and "auto-detects" in result.summary


@pytest.mark.parametrize("command", ["", "gunicorn --bind=0.0.0.0 --timeout 600 app:app"])
def test_startup_file_skips_when_no_file_is_configured(command):
    assert run(check_startup_file, snap(command=command)).status == Status.SKIP


def test_startup_file_errors_when_the_tree_could_not_be_read():
    result = run(check_startup_file, snap(command="startup.txt", tree=Part(error="Kudu answered 503")))
    assert result.status == Status.ERROR and "Kudu answered 503" in result.summary


def test_network_port_passes_for_auto_detection_and_a_good_bind():
    assert run(check_network_port, snap()).status == Status.PASS
    assert run(check_network_port, snap(command="gunicorn --bind=0.0.0.0:8000 --timeout 600 app:app")).status \
        == Status.PASS


def test_network_port_fails_on_localhost_and_warns_on_another_port():
    local = run(check_network_port, snap(command="gunicorn --bind=127.0.0.1:8000 --timeout 600 app:app"))
    assert local.status == Status.FAIL and "127.0.0.1" in local.summary
    other = run(check_network_port, snap(command="gunicorn --bind=0.0.0.0:5000 --timeout 600 app:app"))
    assert other.status == Status.WARN and "5000" in other.summary


def test_network_port_reads_the_startup_file_first_line():
    files = {**FLASK_APP, "startup.txt": "gunicorn --bind=localhost:8000 --timeout 600 app:app\n"}
    result = run(check_network_port, snap(command="startup.txt", files=files))
    assert result.status == Status.FAIL and "startup.txt" in result.summary


def test_network_port_skips_an_unparseable_command():
    assert run(check_network_port, snap(command='gunicorn "app:app')).status == Status.SKIP


# --- startup.detection ------------------------------------------------------------------------

def test_detection_passes_for_flask_naming_the_module():
    result = run(check_startup_detection, snap())
    assert result.status == Status.PASS and "Flask" in result.summary and "app:app" in result.summary


def test_detection_passes_for_django_and_fastapi():
    django = {"manage.py": "", "mysite/wsgi.py": "application = None\n", "requirements.txt": "django\n"}
    result = run(check_startup_detection, snap(files=django))
    assert result.status == Status.PASS and "mysite.wsgi" in result.summary
    fastapi = {"main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    result = run(check_startup_detection, snap(files=fastapi, app=site(fx="PYTHON|3.14"), fx="PYTHON|3.14"))
    assert result.status == Status.PASS and "FastAPI" in result.summary


def test_detection_fails_for_a_django_project_one_folder_too_deep_and_names_the_fix():
    files = {"manage.py": "", "src/mysite/wsgi.py": "application = None\n", "requirements.txt": "django\n"}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "default" in result.summary
    assert "src/mysite/wsgi.py" in result.fix and "--chdir src" in result.fix


def test_detection_fails_for_a_renamed_flask_file():
    files = {"hello.py": "from flask import Flask\napp = Flask(__name__)\n", "requirements.txt": "flask\n"}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "hello.py" in result.fix


def test_detection_fails_when_the_flask_object_is_not_named_app():
    files = {"app.py": "from flask import Flask\napplication = Flask(__name__)\n"}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "'application'" in result.summary
    assert "app:application" in result.fix


def test_detection_fails_for_a_flask_factory_without_a_module_level_app():
    files = {"app.py": "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n"}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "create_app()" in result.summary


def test_detection_fails_for_fastapi_in_app_py_before_python_314():
    files = {"app.py": "from fastapi import FastAPI\napp = FastAPI()\n"}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.FAIL and "uvicorn_worker.UvicornWorker" in result.fix


def test_detection_fails_for_a_django_folder_that_is_not_a_package_name():
    result = run(check_startup_detection, snap(files={"my-site/wsgi.py": "application = None\n"}))
    assert result.status == Status.FAIL and "my_site" in result.fix


def test_detection_warns_when_two_folders_have_wsgi_py():
    files = {"alpha/wsgi.py": "", "mysite/wsgi.py": "", "manage.py": ""}
    result = run(check_startup_detection, snap(files=files))
    assert result.status == Status.WARN and "mysite" in result.summary


def test_detection_skips_when_a_startup_command_is_set():
    assert run(check_startup_detection, snap(command="gunicorn app:app")).status == Status.SKIP


def test_detection_runs_over_the_src_folder_without_an_app():
    result = run(check_startup_detection, local_snap({"hello.txt": "hi"}))
    assert result.status == Status.FAIL and "default" in result.summary


def test_detection_errors_when_the_tree_could_not_be_read_or_listed():
    result = run(check_startup_detection, snap(tree=Part(error="Kudu answered 503 Service Unavailable")))
    assert result.status == Status.ERROR and "503" in result.summary


class FailingTree:
    """A tree whose every read raises, as a Kudu tree does when the network drops."""

    description = "site/wwwroot"

    def list_dirs(self, paths):
        raise ConnectionError("connection reset by peer")

    def read_texts(self, paths, limit=65536):
        raise ConnectionError("connection reset by peer")


def test_a_tree_that_raises_turns_the_tree_checks_to_error_not_crash():
    snapshot = snap(tree=FailingTree())
    for check in (check_startup_detection, check_build_requirements, check_build_venv):
        result = run(check, snapshot)
        assert result.status == Status.ERROR and "connection reset" in result.summary, check.__name__


# --- build.requirements, build.scm-build, build.venv ------------------------------------------

def test_requirements_at_the_root_listing_the_framework_and_gunicorn_pass():
    result = run(check_build_requirements, snap())
    assert result.status == Status.PASS and "requirements.txt" in result.summary


@pytest.mark.parametrize("name", ["Requirements.txt", "requirements.TXT"])
def test_requirements_with_the_wrong_case_fail(name):
    files = {"app.py": FLASK_APP["app.py"], name: "flask\n"}
    result = run(check_build_requirements, snap(files=files))
    assert result.status == Status.FAIL and name in result.summary and "git mv" in result.fix


def test_requirements_in_a_subfolder_fail():
    files = {"app.py": FLASK_APP["app.py"], "backend/requirements.txt": "flask\n"}
    result = run(check_build_requirements, snap(files=files))
    assert result.status == Status.FAIL and "backend/requirements.txt" in result.summary


def test_no_dependency_file_fails():
    result = run(check_build_requirements, snap(files={"app.py": FLASK_APP["app.py"]}))
    assert result.status == Status.FAIL and "pip freeze" in result.fix


def test_requirements_missing_the_framework_warn_but_not_gunicorn_the_image_ships():
    result = run(check_build_requirements, snap(files={**FLASK_APP, "requirements.txt": "requests\n"}))
    assert result.status == Status.WARN and "flask (the app imports Flask)" in result.summary
    assert "gunicorn" not in result.summary + result.fix
    result = run(check_build_requirements, snap(files={**FLASK_APP, "requirements.txt": "flask\n"}))
    assert result.status == Status.PASS, result


def test_gunicorn_is_asked_for_only_when_the_code_imports_it():
    files = {**FLASK_APP, "requirements.txt": "flask\n", "app.py": FLASK_APP["app.py"] + "import gunicorn.app.base\n"}
    result = run(check_build_requirements, snap(files=files))
    assert result.status == Status.WARN and "gunicorn (the app imports it)" in result.summary
    custom = run(check_build_requirements, snap(files={**FLASK_APP, "requirements.txt": "flask\n"},
                                                command="gunicorn --bind=0.0.0.0 --timeout 600 app:app"))
    assert custom.status == Status.PASS, custom


def test_a_tool_only_pyproject_is_not_a_dependency_file():
    tools = '[tool.ruff]\nline-length = 120\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    result = run(check_build_requirements, snap(files={**FLASK_APP, "requirements.txt": "flask\n",
                                                       "pyproject.toml": tools}))
    assert result.status == Status.PASS and result.summary.startswith("requirements.txt"), result
    alone = run(check_build_requirements, snap(files={"app.py": FLASK_APP["app.py"], "pyproject.toml": tools}))
    assert alone.status == Status.FAIL and "only configures tools" in alone.summary, alone


def test_fastapi_needs_uvicorn_worker():
    files = {"main.py": "from fastapi import FastAPI\napp = FastAPI()\n", "requirements.txt": "fastapi\ngunicorn\n"}
    result = run(check_build_requirements, snap(files=files, app=site(fx="PYTHON|3.14"), fx="PYTHON|3.14"))
    assert result.status == Status.WARN and "uvicorn-worker" in result.summary
    files["requirements.txt"] += "uvicorn-worker\n"
    assert run(check_build_requirements, snap(files=files, app=site(fx="PYTHON|3.14"), fx="PYTHON|3.14")).status \
        == Status.PASS


def test_requirements_follow_includes_and_pyproject_dependencies_count():
    files = {**FLASK_APP, "requirements.txt": "-r requirements/base.txt\n",
             "requirements/base.txt": "flask>=3\ngunicorn==23.0.0\n"}
    assert run(check_build_requirements, snap(files=files)).status == Status.PASS
    pyproject = {"app.py": FLASK_APP["app.py"],
                 "pyproject.toml": '[project]\ndependencies = ["Flask>=3", "gunicorn"]\n'}
    assert run(check_build_requirements, snap(files=pyproject)).status == Status.PASS


def test_requirements_for_a_custom_uvicorn_command():
    files = {"main.py": "from fastapi import FastAPI\napp = FastAPI()\n", "requirements.txt": "fastapi\n"}
    result = run(check_build_requirements, snap(files=files, command="uvicorn main:app --host 0.0.0.0"))
    assert result.status == Status.WARN and "uvicorn" in result.summary and "gunicorn" not in result.summary


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_scm_build_on_passes(value):
    assert run(check_build_scm_build, snap(settings={"SCM_DO_BUILD_DURING_DEPLOYMENT": value})).status == Status.PASS


def test_scm_build_off_without_a_build_fails_with_the_setting_command():
    files = {k: v for k, v in FLASK_APP.items() if not k.startswith("antenv")}
    result = run(check_build_scm_build, snap(settings={}, files=files))
    assert result.status == Status.FAIL and "ModuleNotFoundError" in result.summary
    assert "az webapp config appsettings set -g rg -n web --settings SCM_DO_BUILD_DURING_DEPLOYMENT=true" in result.fix


def test_scm_build_off_but_a_build_ran_passes():
    result = run(check_build_scm_build, snap(settings={}))
    assert result.status == Status.PASS and "antenv" in result.summary
    files = {"app.py": "", "requirements.txt": "flask\n", "oryx-manifest.toml": "", "output.tar.gz": ""}
    assert run(check_build_scm_build, snap(settings={}, files=files)).status == Status.PASS


def test_scm_build_with_run_from_package_warns_without_a_build():
    files = {"app.py": "", "requirements.txt": "flask\n"}
    result = run(check_build_scm_build, snap(settings={"WEBSITE_RUN_FROM_PACKAGE": "1"}, files=files))
    assert result.status == Status.WARN and "WEBSITE_RUN_FROM_PACKAGE" in result.summary


def test_scm_build_skips_without_settings():
    result = run(check_build_scm_build, snap(settings=Part(skipped="no app given (--src only)")))
    assert result.status == Status.SKIP


@pytest.mark.parametrize("files, name", [
    ({".venv/pyvenv.cfg": "home = C:\\Python312", ".venv/Scripts/python.exe": ""}, ".venv/"),
    ({"venv/bin/python": ""}, "venv/"),
    ({"myenv/pyvenv.cfg": ""}, "myenv/"),
])
def test_a_deployed_virtual_env_fails(files, name):
    result = run(check_build_venv, snap(files={**FLASK_APP, **files}))
    assert result.status == Status.FAIL and name in result.summary and "Exclude" in result.fix


def test_antenv_and_ordinary_folders_pass_the_venv_check():
    files = {**FLASK_APP, "env/settings.py": "", "static/site.css": ""}
    assert run(check_build_venv, snap(files=files)).status == Status.PASS


def test_a_local_venv_in_the_src_folder_only_warns():
    result = run(check_build_venv, local_snap({**FLASK_APP, ".venv/pyvenv.cfg": ""}))
    assert result.status == Status.WARN


# --- settings.values --------------------------------------------------------------------------

def test_settings_with_readable_values_pass():
    settings = {"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "True", "SCM_DO_BUILD_DURING_DEPLOYMENT": "1",
                "DISABLE_COLLECTSTATIC": "FALSE", "PYTHON_GUNICORN_CUSTOM_WORKER_NUM": "4", "OTHER": "anything"}
    assert run(check_settings_values, snap(settings=settings)).status == Status.PASS


@pytest.mark.parametrize("name, value", [
    ("PYTHON_ENABLE_GUNICORN_MULTIWORKERS", "yes"),
    ("SCM_DO_BUILD_DURING_DEPLOYMENT", "enabled"),
    ("DISABLE_FASTAPI_DETECTION", "yes"),  # issue 11: "1" is true to Go's ParseBool (this case said otherwise)
    ("WEBSITES_ENABLE_APP_SERVICE_STORAGE", "enabled-please"),
    ("PYTHON_GUNICORN_CUSTOM_WORKER_NUM", "four"),
    ("WEBSITES_CONTAINER_START_TIME_LIMIT", "9999"),
])
def test_unreadable_settings_fail_naming_the_setting_never_the_value(name, value):
    result = run(check_settings_values, snap(settings={name: value}))
    assert result.status == Status.FAIL and name in result.summary
    assert f"'{value}'" not in text(result) and f" {value} " not in text(result)


def test_websites_port_on_built_in_python_warns_but_not_on_a_container():
    result = run(check_settings_values, snap(settings={"WEBSITES_PORT": "5000"}))
    assert result.status == Status.WARN and "PORT (8000)" in result.summary and "5000" not in text(result)
    container = snap(app=site("app,linux,container", "DOCKER|img"), fx="DOCKER|img",
                     settings={"WEBSITES_PORT": "5000"})
    assert run(check_settings_values, container).status == Status.PASS


def test_settings_checks_error_when_settings_could_not_be_read():
    result = run(check_settings_values, snap(settings=Part(error="403 AuthorizationFailed")))
    assert result.status == Status.ERROR and "AuthorizationFailed" in result.summary


# --- network.https ----------------------------------------------------------------------------

def test_https_only_off_warns_with_the_update_command():
    result = run(check_network_https, snap(app=site(https=False)))
    assert result.status == Status.WARN and result.fix.endswith("az webapp update -g rg -n web --https-only true")


def test_flask_without_proxyfix_warns_and_with_it_passes():
    result = run(check_network_https, snap())
    assert result.status == Status.WARN and "ProxyFix" in result.fix
    files = {**FLASK_APP, "app.py": FLASK_APP["app.py"] + "from werkzeug.middleware.proxy_fix import ProxyFix\n"}
    assert run(check_network_https, snap(files=files)).status == Status.PASS


def test_django_without_secure_proxy_ssl_header_warns():
    files = {"mysite/wsgi.py": "", "mysite/settings.py": "DEBUG = False\n", "requirements.txt": "django\n"}
    result = run(check_network_https, snap(files=files))
    assert result.status == Status.WARN and "mysite/settings.py" in result.fix


def test_django_settings_package_named_by_wsgi_with_the_header_passes():
    files = {"mysite/wsgi.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.prod")\n',
             "mysite/settings/base.py": "DEBUG = False\n",
             "mysite/settings/prod.py": "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n"}
    assert run(check_network_https, snap(files=files)).status == Status.PASS


def test_https_passes_without_a_readable_source_and_skips_without_an_app():
    assert run(check_network_https, snap(tree=Part(error="Kudu down"))).status == Status.PASS
    assert run(check_network_https, local_snap(FLASK_APP)).status == Status.SKIP


# --- probe.http -------------------------------------------------------------------------------

def test_probe_200_passes():
    result = run(check_probe_http, snap())
    assert result.status == Status.PASS and "200" in result.summary


@pytest.mark.parametrize("body, headers", [
    ("<title>Microsoft Azure App Service - Welcome</title>", {}),
    ('<div id="upRunning">Your web app is running and waiting for your content</div>', {}),
    ("<h1>Hey, Python developers!</h1>", {}),
    ("<html></html>", {"Content-Disposition": "inline; filename=hostingstart.html"}),
])
def test_probe_default_page_fails_pointing_at_detection(body, headers):
    result = run(check_probe_http, snap(probe=Probe("https://web/", 200, body, 0.5, headers=headers)))
    assert result.status == Status.FAIL and "not found or not detected" in result.summary
    assert "startup.detection" in result.fix


def test_probe_application_error_fails_pointing_at_the_logs():
    result = run(check_probe_http, snap(probe=Probe("https://web/", 503, "<h1>:( Application Error</h1>", 3.0)))
    assert result.status == Status.FAIL and "Application Error" in result.summary and "logs.errors" in result.fix


def test_probe_timeout_warns_about_cold_starts():
    result = run(check_probe_http, snap(probe=Probe("https://web/", None, "", 20.0, timed_out=True)))
    assert result.status == Status.WARN and "cold start" in result.summary
    assert "WEBSITES_CONTAINER_START_TIME_LIMIT" in result.fix and "230" in result.fix


def test_probe_skipped_with_no_probe_and_error_when_unreachable():
    result = run(check_probe_http, snap(probe=Part(skipped="--no-probe")))
    assert result.status == Status.SKIP and "--no-probe" in result.summary
    result = run(check_probe_http, snap(probe=Probe("https://web/", None, "", 0.1, error="DNS lookup failed")))
    assert result.status == Status.ERROR and "DNS lookup failed" in result.summary


@pytest.mark.parametrize("status, body, expected", [
    (403, "Error 403 - This web app is stopped.", Status.FAIL),
    (401, "", Status.WARN),
    (404, "Not Found", Status.WARN),
    (500, "Internal Server Error", Status.FAIL),
    (301, "", Status.PASS),
])
def test_probe_other_answers(status, body, expected):
    assert run(check_probe_http, snap(probe=Probe("https://web/", status, body, 0.2))).status == expected


# --- logs.errors (the patterns themselves: doctor/test_logs.py) --------------------------------

def test_logs_with_a_known_error_fail_naming_the_module():
    log = "2026-11-25T10:00:01Z ModuleNotFoundError: No module named 'flask'\n"
    result = run(check_logs_errors, snap(log=log))
    assert result.status == Status.FAIL and "'flask'" in result.summary and "ModuleNotFoundError" in result.fix


def test_logs_without_known_errors_pass_and_unavailable_logs_skip_or_error():
    assert run(check_logs_errors, snap(log="Booting worker with pid: 42\n")).status == Status.PASS
    assert run(check_logs_errors, snap(log="")).status == Status.PASS
    assert run(check_logs_errors, local_snap(FLASK_APP)).status == Status.SKIP
    result = run(check_logs_errors, snap(log=Part(error="Kudu answered 404 for /api/logs/docker")))
    assert result.status == Status.ERROR and "404" in result.summary


def test_startup_command_naming_a_file_passes_and_points_at_startup_file():
    files = {**FLASK_APP, "startup.txt": "gunicorn --bind=0.0.0.0 --timeout 600 app:app\n"}
    result = run(check_startup_command, snap(command="startup.txt", files=files))
    assert result.status == Status.PASS and "startup.file" in result.summary


def test_startup_command_lints_the_startup_file_first_line():
    files = {**FLASK_APP, "startup.txt": "gunicorn --timeout:600 app:app\n"}
    result = run(check_startup_command, snap(command="startup.txt", files=files))
    assert result.status == Status.FAIL and "In startup.txt, line 1" in result.summary


@pytest.mark.parametrize("specifier, version, allowed", [
    (">=3.10", "3.12", True), (">=3.13", "3.12", False), (">=3.10,<3.13", "3.12", True), ("<3.12", "3.12", False),
    ("<3.12.5", "3.12", True), ("~=3.11", "3.12", True), ("~=3.11.2", "3.12", False), ("==3.12.*", "3.12", True),
    ("==3.11.*", "3.12", False), ("!=3.12.*", "3.12", False), (">3.12", "3.12", True), ("<=3.11", "3.12", False),
    ("==3.*", "3.12", True), (">=3.8, !=3.9.*", "3.9", False), ("", "3.12", True), ("python>=3", "3.12", None),
])
def test_requires_python_specifiers_against_a_minor_version(specifier, version, allowed):
    assert specifier_allows(specifier, version) is allowed


def test_runtime_local_says_when_the_version_is_the_projects_own_pin():
    result = run(check_runtime_local, local_snap({**FLASK_APP, "runtime.txt": "python-3.12\n"}))
    assert result.status == Status.PASS and result.summary == ("Python 3.12 comes from runtime.txt; nothing else in "
                                                               "the project pins a version.")
