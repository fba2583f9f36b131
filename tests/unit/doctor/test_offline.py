"""doctor --src alone: what the project declares steers the startup checks; network.* run from the code."""
from __future__ import annotations

from datetime import date

from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.doctor.runner import run_checks
from azext_pyappsvc.doctor.snapshot import Part, Snapshot
from azext_pyappsvc.source.declared import resolve_local
from azext_pyappsvc.source.tree import MemoryTree

NO_APP = "no app given (--src only)"
FLASK = "from flask import Flask\napp = Flask(__name__)\n"
BICEP = ("resource web 'Microsoft.Web/sites@2022-03-01' = {\n  properties: {\n    siteConfig: {\n"
         "      linuxFxVersion: 'PYTHON|3.13'\n      appCommandLine: 'startup.sh'\n    }\n  }\n}\n")


def offline(files: dict, command: str | None = None, override: str | None = None) -> Snapshot:
    """A --src only snapshot with the declarations read as doctor reads them."""
    skipped = Part(skipped=NO_APP)
    local = resolve_local(MemoryTree(files), command)
    tree = Part(value=local.tree)
    return Snapshot(today=date(2026, 11, 25), site=skipped, config=skipped, settings=skipped, runtimes=skipped,
                    tree=tree, tree_label=local.tree.description, source=tree, docker_log=skipped, probe=skipped,
                    python_version_override=override, local=local)


def by_id(findings):
    return {f.id: f for f in findings}


def test_no_check_says_it_needs_the_app_configuration_offline():
    findings = run_checks(offline({"app.py": FLASK, "requirements.txt": "flask\n", "runtime.txt": "python-3.12\n"}))
    assert not [f for f in findings if "configuration" in f.summary], findings
    found = by_id(findings)
    assert found["startup.command"].status == Status.PASS and "declares no startup command" in \
        found["startup.command"].summary
    assert found["network.port"].status == Status.PASS and found["startup.detection"].status == Status.PASS


def test_startup_command_option_is_linted_and_its_bind_checked():
    files = {"app.py": FLASK, "requirements.txt": "flask\n"}
    found = by_id(run_checks(offline(files, "gunicorn --bind=127.0.0.1:5000 app:app")))
    assert found["network.port"].status == Status.FAIL and "127.0.0.1" in found["network.port"].summary
    assert "(from --startup-command)" in found["startup.detection"].summary


def test_the_bicep_startup_script_is_checked_with_its_crlf_and_its_python_version_used():
    files = {"infra/main.bicep": BICEP, "app.py": FLASK, "requirements.txt": "flask\n",
             "startup.sh": "#!/bin/sh\r\ngunicorn --bind=0.0.0.0 --timeout 600 app:app\r\n"}
    snapshot = offline(files)
    found = by_id(run_checks(snapshot))
    assert found["startup.file"].status == Status.FAIL and "CRLF" in found["startup.file"].summary
    assert "from infra/main.bicep appCommandLine" in found["startup.command"].summary
    from azext_pyappsvc.doctor.derived import derive
    assert derive(snapshot).python_version_and_source == ("3.13", "infra/main.bicep linuxFxVersion")


def test_azure_yaml_project_is_the_folder_checked():
    files = {"azure.yaml": "services:\n  web:\n    project: src\n    host: appservice\n", "README.md": "",
             "src/app.py": FLASK, "src/requirements.txt": "flask\n"}
    snapshot = offline(files)
    found = by_id(run_checks(snapshot))
    assert found["build.requirements"].status == Status.PASS, found["build.requirements"]
    assert found["startup.detection"].status == Status.PASS
    assert any("azure.yaml services.web.project" in r for r in snapshot.local.reasons())


def test_network_https_offline_reads_the_code():
    django = {"mysite/wsgi.py": "", "mysite/settings.py": "DEBUG = False\n", "requirements.txt": "django\n"}
    found = by_id(run_checks(offline(django)))
    assert found["network.https"].status == Status.WARN and "SECURE_PROXY_SSL_HEADER" in found["network.https"].summary
    assert "front end" in found["network.https"].summary
    fixed = {**django, "mysite/settings.py": 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n'}
    assert by_id(run_checks(offline(fixed)))["network.https"].status == Status.PASS


def test_fastapi_links_need_forwarded_allow_ips_only_when_the_code_builds_them():
    api = "from fastapi import FastAPI, Request\napp = FastAPI()\n"
    files = {"main.py": api, "requirements.txt": "fastapi\nuvicorn-worker\n"}
    assert by_id(run_checks(offline(files, override="3.14")))["network.https"].status == Status.PASS
    links = {**files, "main.py": api + "@app.get('/')\ndef home(request: Request):\n    return request.url_for('x')\n"}
    found = by_id(run_checks(offline(links, override="3.14")))["network.https"]
    assert found.status == Status.WARN and "--forwarded-allow-ips" in found.fix
    command = "gunicorn --bind=0.0.0.0 --timeout 600 -k uvicorn_worker.UvicornWorker --forwarded-allow-ips=* main:app"
    assert by_id(run_checks(offline(links, command, "3.14")))["network.https"].status == Status.PASS


def test_app_run_at_module_level_warns_and_under_main_is_quiet():
    bad = {"app.py": FLASK + "app.run(port=5000)\n", "requirements.txt": "flask\n"}
    found = by_id(run_checks(offline(bad)))["network.port"]
    assert found.status == Status.WARN and "__main__" in found.fix
    good = {**bad, "app.py": FLASK + 'if __name__ == "__main__":\n    app.run(port=5000)\n'}
    assert by_id(run_checks(offline(good)))["network.port"].status == Status.PASS


def test_a_startup_script_no_command_names_is_said_in_the_reasons():
    snapshot = offline({"app.py": FLASK, "requirements.txt": "flask\n", "startup.sh": "gunicorn app:app\n"})
    assert any("startup.sh is in the project" in r for r in snapshot.local.reasons())
    named = offline({"app.py": FLASK, "requirements.txt": "flask\n", "startup.sh": "gunicorn app:app\n"}, "startup.sh")
    assert not any("startup.sh is in the project" in r for r in named.local.reasons())
