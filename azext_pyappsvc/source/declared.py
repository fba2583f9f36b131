"""What a project declares about its deployment: infra/*.bicep, azure.yaml, GitHub workflows, startup scripts (pure).

Read from a SourceTree, never run: bicep is scanned for literal property values (a value built from a parameter
or an expression is reported as unresolvable, unless it names a parameter of the same file whose default is a
literal); azure.yaml and workflows are YAML, read with PyYAML, which azure-cli installs (knack depends on it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .subtree import subtree
from .tree import Entry, SourceTree

AZURE_YAML_NAMES = ("azure.yaml", "azure.yml")
INFRA_DIR = "infra"
WORKFLOWS_DIR = ".github/workflows"
STARTUP_SCRIPTS = ("startup.sh", "entrypoint.sh", "startup.txt")
WEBAPPS_DEPLOY = "azure/webapps-deploy"
MAX_INFRA_FILES = 40
MAX_INFRA_DEPTH = 3
BICEP_PROPERTY = r"^\s*{name}\s*:\s*(?P<value>.+?)\s*(?://.*)?$"
BICEP_LITERAL = re.compile(r"^'((?:[^'\\$]|\\.|\$(?!\{))*)'$")
BICEP_PARAM = re.compile(r"^\s*param\s+(?P<name>\w+)\s+\w+\s*=\s*(?P<value>.+?)\s*(?://.*)?$", re.MULTILINE)
BICEP_NAME_VALUE = re.compile(r"\bname\s*:\s*'(?P<name>[A-Za-z_][A-Za-z0-9_]*)'\s*[,\n]\s*"
                              r"value\s*:\s*(?P<value>[^\n}]+)")
BICEP_SETTING_KEY = re.compile(r"^\s*(?P<name>[A-Z][A-Z0-9_]{2,})\s*:\s*(?P<value>[^\n{]+?)\s*$", re.MULTILINE)
WORKFLOW_EXPRESSION = "${{"


@dataclass(frozen=True)
class DeclaredValue:
    """One value a project declares: the literal (None when it cannot be resolved offline) and where it is."""

    value: str | None
    source: str
    expression: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the value is a literal."""
        return self.value is not None


@dataclass(frozen=True)
class Declared:  # pylint: disable=too-many-instance-attributes  # a record: one field per fact
    """Everything the project's own files say about how it is deployed and started."""

    app_command_line: DeclaredValue | None = None
    linux_fx_version: DeclaredValue | None = None
    settings: Mapping[str, DeclaredValue] = field(default_factory=dict)
    project_dir: DeclaredValue | None = None
    package: DeclaredValue | None = None
    workflow_command: DeclaredValue | None = None
    startup_scripts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _bicep_value(expression: str, params: Mapping[str, str], source: str) -> DeclaredValue:
    """A bicep property value: a literal, a parameter with a literal default, or unresolvable."""
    expression = expression.rstrip(",").strip()
    literal = BICEP_LITERAL.match(expression)
    if literal:
        return DeclaredValue(literal.group(1).replace("\\'", "'"), source)
    default = params.get(expression)
    if default is not None:
        from_param = BICEP_LITERAL.match(default)
        if from_param:
            return DeclaredValue(from_param.group(1), f"{source}, parameter {expression}'s default")
    return DeclaredValue(None, source, expression)


def _first_property(text: str, name: str, params: Mapping[str, str], path: str) -> DeclaredValue | None:
    matches = re.finditer(BICEP_PROPERTY.format(name=re.escape(name)), text, re.MULTILINE)
    values = [_bicep_value(m.group("value"), params, f"{path} {name}") for m in matches]
    return next((v for v in values if v.value), None) or next((v for v in values if not v.resolved), None)


def _bicep_settings(text: str, params: Mapping[str, str], path: str) -> dict[str, DeclaredValue]:
    """App settings named in a bicep file: name/value pairs of siteConfig.appSettings, UPPER_CASE config keys."""
    found = {}
    for match in list(BICEP_NAME_VALUE.finditer(text)) + list(BICEP_SETTING_KEY.finditer(text)):
        found.setdefault(match.group("name"), _bicep_value(match.group("value"), params, f"{path} app settings"))
    return found


def read_bicep(texts: Mapping[str, str]) -> tuple[DeclaredValue | None, DeclaredValue | None,
                                                  dict[str, DeclaredValue]]:
    """(appCommandLine, linuxFxVersion, app settings) from bicep files; a literal beats an unresolvable value."""
    commands, runtimes, settings = [], [], {}
    for path, text in sorted(texts.items()):
        params = {m.group("name"): m.group("value") for m in BICEP_PARAM.finditer(text)}
        commands.append(_first_property(text, "appCommandLine", params, path))
        runtimes.append(_first_property(text, "linuxFxVersion", params, path))
        for name, value in _bicep_settings(text, params, path).items():
            if name not in settings or (value.resolved and not settings[name].resolved):
                settings[name] = value
    return _best(commands), _best(runtimes), settings


def _best(values: Iterable[DeclaredValue | None]) -> DeclaredValue | None:
    values = [value for value in values if value is not None]
    return next((v for v in values if v.value), None) or next((v for v in values if not v.resolved), None) or (
        values[0] if values else None)


def read_azure_yaml(text: str, path: str) -> tuple[DeclaredValue | None, list[str]]:
    """azd's services.<name>.project for the App Service service (the folder azd deploys), and notes."""
    import yaml  # only when there is YAML to read: importing PyYAML costs about 15 ms of every start
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        return None, [f"{path} is not valid YAML ({type(error).__name__}), so its services were not read."]
    services = document.get("services") if isinstance(document, dict) else None
    if not isinstance(services, dict):
        return None, []
    web = {name: spec for name, spec in services.items() if isinstance(spec, dict)
           and str(spec.get("host", "")).lower() == "appservice"} or {
        name: spec for name, spec in services.items() if isinstance(spec, dict)}
    if not web:
        return None, []
    name, spec = next(iter(web.items()))
    notes = [f"{path} has {len(web)} App Service services; the first, '{name}', is the one checked."] \
        if len(web) > 1 else []
    project = str(spec.get("project") or ".")
    return DeclaredValue(project, f"{path} services.{name}.project"), notes


def read_workflow(text: str, path: str) -> tuple[DeclaredValue | None, DeclaredValue | None]:
    """(startup-command, package) of the first azure/webapps-deploy step in a GitHub workflow."""
    import yaml
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return None, None
    jobs = document.get("jobs") if isinstance(document, dict) else None
    for job in (jobs or {}).values() if isinstance(jobs, dict) else ():
        for step in (job or {}).get("steps") or [] if isinstance(job, dict) else ():
            if isinstance(step, dict) and str(step.get("uses", "")).lower().startswith(WEBAPPS_DEPLOY):
                inputs = step.get("with") if isinstance(step.get("with"), dict) else {}
                return (_workflow_value(inputs.get("startup-command"), f"{path} startup-command"),
                        _workflow_value(inputs.get("package"), f"{path} package"))
    return None, None


def _workflow_value(value: Any, source: str) -> DeclaredValue | None:
    if value is None:
        return None
    text = str(value).strip()
    if WORKFLOW_EXPRESSION in text:
        return DeclaredValue(None, source, text)
    return DeclaredValue(text, source)


def _files_under(tree: SourceTree, folder: str, suffixes: tuple[str, ...]) -> list[str]:
    """Files with these suffixes under a folder, a few levels deep, bounded."""
    found, level = [], [folder]
    for _ in range(MAX_INFRA_DEPTH):
        listings = tree.list_dirs(level) if level else {}
        level = []
        for path, listing in listings.items():
            for entry in listing or []:
                child = f"{path}/{entry.name}"
                if entry.is_dir:
                    level.append(child)
                elif entry.name.endswith(suffixes):
                    found.append(child)
    return found[:MAX_INFRA_FILES]


def read_declared(tree: SourceTree) -> Declared:
    """Read what the project at the tree's root declares (nothing found: an empty Declared)."""
    root: list[Entry] = tree.list_dirs([""]).get("") or []
    names = {entry.name: entry.is_dir for entry in root}
    bicep_paths = _files_under(tree, INFRA_DIR, (".bicep",)) if names.get(INFRA_DIR) else []
    workflow_paths = _files_under(tree, WORKFLOWS_DIR, (".yml", ".yaml")) if names.get(".github") else []
    azure_yaml = next((name for name in AZURE_YAML_NAMES if names.get(name) is False), None)
    texts = tree.read_texts(bicep_paths + workflow_paths + ([azure_yaml] if azure_yaml else []))
    command, runtime, settings = read_bicep({p: texts.get(p) or "" for p in bicep_paths})
    project, notes = read_azure_yaml(texts.get(azure_yaml) or "", azure_yaml) if azure_yaml else (None, [])
    workflow_command = package = None
    for path in sorted(workflow_paths):
        found_command, found_package = read_workflow(texts.get(path) or "", path)
        workflow_command, package = workflow_command or found_command, package or found_package
    scripts = tuple(name for name in STARTUP_SCRIPTS if names.get(name) is False)
    return Declared(command, runtime, settings, project, package, workflow_command, scripts, tuple(notes))


def choose_command(given: str | None, declared: Declared) -> tuple[str, str | None, list[str]]:
    """(command, where it comes from, notes): --startup-command, else bicep's appCommandLine, else a workflow's."""
    if given is not None:
        return given.strip(), "--startup-command", []
    notes = []
    for value in (declared.app_command_line, declared.workflow_command):
        if value is None:
            continue
        if value.value:
            return value.value.strip(), value.source, notes
        if not value.resolved:
            notes.append(f"{value.source} is '{value.expression}', which cannot be resolved offline; give the "
                         "command with --startup-command to check it.")
    return "", None, notes


def deployed_folder(declared: Declared) -> DeclaredValue | None:
    """The folder that is deployed: azure.yaml's project, else a workflow's package when it is a folder."""
    if declared.project_dir is not None:
        return declared.project_dir
    package = declared.package
    if package is not None and package.value and not package.value.endswith((".zip", ".war", ".jar")):
        return package
    return None


@dataclass(frozen=True)
class LocalDeployment:
    """A local folder as App Service would get it: the deployed folder, the startup command and where each is from."""

    tree: SourceTree
    declared: Declared
    command: str = ""
    command_source: str | None = None
    folder_source: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def linux_fx_version(self) -> DeclaredValue | None:
        """The linuxFxVersion the project's bicep sets, when it is a literal."""
        value = self.declared.linux_fx_version
        return value if value is not None and value.value else None

    def reasons(self) -> list[str]:
        """What the prediction should say about where its inputs came from."""
        said = [f"The deployed folder is {self.tree.description} ({self.folder_source})."] if self.folder_source \
            else []
        if self.command_source:
            said.append(f"The startup command comes from {self.command_source}.")
        named = {self.command.strip()} | {self.command.strip().rsplit("/", 1)[-1]}
        unused = [name for name in self.declared.startup_scripts if name not in named]
        if unused:
            said.append(f"{', '.join(unused)} is in the project, but App Service runs a startup script only when the "
                        f"startup command names it (e.g. --startup-command {unused[0]}).")
        runtime = self.declared.linux_fx_version
        if runtime is not None and not runtime.resolved:
            said.append(f"{runtime.source} is '{runtime.expression}', which cannot be resolved offline; give the "
                        "version with --python-version.")
        return said + list(self.notes) + list(self.declared.notes)


def resolve_local(tree: SourceTree, given_command: str | None) -> LocalDeployment:
    """Read the declarations at the tree's root, then pick the deployed folder and the startup command."""
    declared = read_declared(tree)
    command, source, notes = choose_command(given_command, declared)
    folder = deployed_folder(declared)
    if folder is None or folder.value in (None, "", ".", "./"):
        return LocalDeployment(tree, declared, command, source, None, tuple(notes))
    description = f"{tree.description}/{folder.value.removeprefix('./').strip('/')}"
    inner = subtree(tree, folder.value, description)
    if inner is None:
        notes.append(f"{folder.source} names '{folder.value}', which is not a folder of {tree.description}; the "
                     "whole folder is checked instead.")
        return LocalDeployment(tree, declared, command, source, None, tuple(notes))
    return LocalDeployment(inner, declared, command, source, folder.source, tuple(notes))
