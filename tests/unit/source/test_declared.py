"""What a project declares (bicep, azure.yaml, workflows, startup scripts), read from literal trees."""
from __future__ import annotations

from azext_pyappsvc.source.declared import choose_command, deployed_folder, read_bicep, read_declared
from azext_pyappsvc.source.subtree import subtree
from azext_pyappsvc.source.tree import MemoryTree

RESOURCES_BICEP = """param location string = resourceGroup().location
param pythonVersion string = '3.12'
resource web 'Microsoft.Web/sites@2022-03-01' = {
  name: '${prefix}-app'
  kind: 'app,linux'
  properties: {
    siteConfig: {
      alwaysOn: true
      linuxFxVersion: 'PYTHON|3.12'
      appCommandLine: 'entrypoint.sh' // runs migrations first
    }
  }
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
      DATABASE_PASSWORD: databasePassword
    }
  }
}
"""
AZURE_YAML = "name: sample\nservices:\n  web:\n    project: ./src\n    language: py\n    host: appservice\n"
WORKFLOW = """name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: azure/webapps-deploy@v3
        with:
          app-name: ${{ env.APP }}
          package: ./web
          startup-command: 'gunicorn --bind=0.0.0.0 --timeout 600 app:app'
"""


def test_bicep_literals_parameters_and_settings():
    command, runtime, settings = read_bicep({"infra/resources.bicep": RESOURCES_BICEP})
    assert (command.value, command.source) == ("entrypoint.sh", "infra/resources.bicep appCommandLine")
    assert runtime.value == "PYTHON|3.12"
    assert settings["SCM_DO_BUILD_DURING_DEPLOYMENT"].value == "true"
    assert settings["DATABASE_PASSWORD"].value is None and settings["DATABASE_PASSWORD"].expression == \
        "databasePassword"


def test_a_bicep_command_from_a_parameter_is_resolved_from_its_default_or_said_unresolvable():
    module = "param appCommandLine string = 'startup.sh'\nresource s 'x' = {\n  appCommandLine: appCommandLine\n}\n"
    command, _, _ = read_bicep({"infra/core/appservice.bicep": module})
    assert command.value == "startup.sh" and "default" in command.source
    unknown = "param appCommandLine string\nresource s 'x' = {\n  appCommandLine: appCommandLine\n}\n"
    command, _, _ = read_bicep({"infra/core/appservice.bicep": unknown})
    assert command.value is None and command.expression == "appCommandLine"
    assert choose_command(None, read_declared(MemoryTree({"infra/main.bicep": unknown})))[2][0].startswith(
        "infra/main.bicep appCommandLine is 'appCommandLine', which cannot be resolved offline")


def test_a_literal_beats_a_module_parameter_across_files():
    module = "param appCommandLine string = ''\nresource s 'x' = {\n  appCommandLine: appCommandLine\n}\n"
    command, _, _ = read_bicep({"infra/core/host/appservice.bicep": module, "infra/app/web.bicep":
                                "module web '../core/host/appservice.bicep' = {\n  params: {\n"
                                "    appCommandLine: 'startup.sh'\n  }\n}\n"})
    assert (command.value, command.source) == ("startup.sh", "infra/app/web.bicep appCommandLine")


def test_azure_yaml_workflow_and_scripts_are_read_and_the_deployed_folder_chosen():
    tree = MemoryTree({"azure.yaml": AZURE_YAML, ".github/workflows/deploy.yml": WORKFLOW, "startup.sh": "gunicorn\n",
                       "src/app.py": "", "infra/main.bicep": RESOURCES_BICEP})
    declared = read_declared(tree)
    assert deployed_folder(declared).value == "./src"
    assert deployed_folder(declared).source == "azure.yaml services.web.project"
    assert declared.workflow_command.value.startswith("gunicorn") and declared.package.value == "./web"
    assert declared.startup_scripts == ("startup.sh",)
    assert choose_command(None, declared)[:2] == ("entrypoint.sh", "infra/main.bicep appCommandLine")
    assert choose_command("startup.txt", declared)[:2] == ("startup.txt", "--startup-command")
    src = subtree(tree, "./src", "src")
    assert [e.name for e in src.list_dirs([""])[""]] == ["app.py"]
    assert subtree(tree, "../etc", "x") is None and subtree(tree, "missing", "x") is None


def test_a_workflow_without_azure_yaml_deploys_its_package_folder_and_expressions_stay_unresolved():
    workflow = WORKFLOW.replace("'gunicorn --bind=0.0.0.0 --timeout 600 app:app'", "${{ vars.STARTUP }}")
    declared = read_declared(MemoryTree({".github/workflows/deploy.yml": workflow, "web/app.py": ""}))
    assert deployed_folder(declared).value == "./web"
    command, source, notes = choose_command(None, declared)
    assert (command, source) == ("", None) and "${{ vars.STARTUP }}" in notes[0]


def test_nothing_declared_and_bad_yaml_do_not_crash():
    assert read_declared(MemoryTree({"app.py": ""})).app_command_line is None
    declared = read_declared(MemoryTree({"azure.yaml": "services: [unclosed\n"}))
    assert declared.project_dir is None and "not valid YAML" in declared.notes[0]


def test_an_unresolvable_linux_fx_version_is_said():
    from azext_pyappsvc.source.declared import resolve_local
    bicep = "resource s 'x' = {\n  linuxFxVersion: '${runtimeName}|${runtimeVersion}'\n}\n"
    local = resolve_local(MemoryTree({"infra/main.bicep": bicep, "app.py": ""}), None)
    assert local.linux_fx_version is None
    assert any("infra/main.bicep linuxFxVersion is '\'${runtimeName}|${runtimeVersion}\''" in r or
               "cannot be resolved offline; give the version" in r for r in local.reasons())
