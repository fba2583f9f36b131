"""Checks of the build and the settings that steer it: build.*, settings.values."""
from __future__ import annotations

from typing import Mapping

from ..startup.command import parse_platform_bool
from ..runtime.site import APP_CONTAINER
from .constants import (
    BOOLEAN_SETTINGS, DEPENDENCY_FILES, FRAMEWORK_NAMES, GO_BOOLEAN_SETTINGS, GUNICORN, PORT, PYPROJECT_TOML,
    REQUIREMENTS_TXT,
    RUN_FROM_PACKAGE_SETTING, SCM_BUILD_ON, SCM_BUILD_SETTING, START_TIME_LIMIT_MAX_SECONDS,
    START_TIME_LIMIT_SETTING, UVICORN_PACKAGE, UVICORN_WORKER_PACKAGE, WEBSITES_PORT_SETTING,
    WHOLE_NUMBER_SETTINGS,
)
from .derived import Derived
from .facts import (TreeFacts, build_evidence, declared_packages, dependency_files, imports_package, normalize_name,
                    venv_dirs)
from .findings import Finding, Status, finding
from .checks_oryx import compressed_build_requirements
from .frameworks import framework_of
from .gates import app_args, part_gate, python_gate, set_setting_command, tree_gate
from .snapshot import Snapshot


def check_build_requirements(snapshot: Snapshot, derived: Derived) -> Finding:
    """build.requirements: a dependency file at the root, named exactly, listing the framework and server."""
    gate = python_gate("build.requirements", derived) or tree_gate("build.requirements", snapshot, derived)
    if gate:
        return gate
    compressed = compressed_build_requirements(snapshot, derived)
    if compressed:
        return compressed
    facts = derived.facts.value
    present = dependency_files(facts)
    if not present:
        return _missing_requirements(snapshot, facts)
    needed = _needed_packages(derived)
    missing = _missing_packages(list(needed), facts)
    if missing:
        listing = ", ".join(f"{name} ({needed[name]})" for name in missing)
        return finding("build.requirements", Status.WARN, f"{present[0]} does not list {listing}.",
                       f"Add {', '.join(missing)} to {present[0]} and redeploy.")
    listed = f", listing {', '.join(needed)}" if needed else ""
    return finding("build.requirements", Status.PASS, f"{present[0]} is at the root of {snapshot.tree_label}{listed}.")


def _missing_requirements(snapshot: Snapshot, facts: TreeFacts) -> Finding:
    wrong_case = next((e.name for e in facts.root if not e.is_dir and e.name.lower() == REQUIREMENTS_TXT), None)
    if wrong_case:
        return finding("build.requirements", Status.FAIL, f"'{wrong_case}' is not '{REQUIREMENTS_TXT}': Linux file "
                       "names are case-sensitive, so Oryx installs nothing.",
                       f"Rename it to {REQUIREMENTS_TXT} (git mv {wrong_case} {REQUIREMENTS_TXT}) and redeploy.")
    nested = next((f"{name}/{entry.name}" for name, listing in facts.subdirs.items() for entry in listing or []
                   if not entry.is_dir and entry.name.lower() == REQUIREMENTS_TXT), None)
    if nested:
        return finding("build.requirements", Status.FAIL, f"{nested} is in a subfolder; Oryx reads only the root, "
                       "so nothing is installed.", f"Move it to the root of the deployment as {REQUIREMENTS_TXT}, "
                       "or deploy from the folder that contains it.")
    tools_only = " (pyproject.toml there only configures tools)" if facts.has_file(PYPROJECT_TOML) else ""
    return finding("build.requirements", Status.FAIL, f"No {', '.join(DEPENDENCY_FILES)} at the root of "
                   f"{snapshot.tree_label}{tools_only}: Oryx installs nothing.",
                   f"Add {REQUIREMENTS_TXT} at the root (pip freeze > {REQUIREMENTS_TXT}) and redeploy.")


def _needed_packages(derived: Derived) -> dict[str, str]:
    """The packages the app needs installed, each with why: the framework it uses, what its startup runs.

    gunicorn itself is not among them unless the code imports it: the image's own gunicorn runs auto-detected apps
    and custom gunicorn commands alike (reference section 1), so an unlisted gunicorn serves.
    """
    facts = derived.facts.value
    framework = framework_of(derived)
    prediction = derived.prediction.value if derived.prediction.ok else None
    command = (prediction.command if prediction else derived.app_command_line) or ""
    needed = {}
    if framework:
        needed[framework] = f"the app {'imports' if imports_package(facts, framework) else 'uses'} {FRAMEWORK_NAMES[framework]}"
    if imports_package(facts, GUNICORN):
        needed[GUNICORN] = "the app imports it"
    if "uvicorn_worker" in command:
        needed[UVICORN_WORKER_PACKAGE] = "its startup command runs uvicorn_worker"
    elif "uvicorn" in command:
        needed[UVICORN_PACKAGE] = "its startup command runs uvicorn"
    return needed


def _missing_packages(needed: list[str], facts: TreeFacts) -> list[str]:
    declared = declared_packages(facts)
    if UVICORN_PACKAGE not in declared and any(name.startswith("uvicorn-") for name in declared):
        declared.add(UVICORN_PACKAGE)  # uvicorn-worker depends on uvicorn
    return [name for name in needed if normalize_name(name) not in declared]


def check_build_scm_build(snapshot: Snapshot, derived: Derived) -> Finding:
    """build.scm-build: a deployment builds (SCM_DO_BUILD_DURING_DEPLOYMENT) unless the package is mounted."""
    gate = python_gate("build.scm-build", derived) or part_gate("build.scm-build", snapshot.settings,
                                                                "the app settings")
    if gate:
        return gate
    settings = derived.settings
    facts = derived.facts.value if snapshot.tree.ok and derived.facts.ok else None
    evidence = build_evidence(facts) if facts else None
    if settings.get(RUN_FROM_PACKAGE_SETTING, "").strip() not in ("", "0"):
        if evidence:
            return finding("build.scm-build", Status.PASS, f"{RUN_FROM_PACKAGE_SETTING} is set (no build on deploy), "
                           f"and the package holds a build ({evidence}).")
        return finding("build.scm-build", Status.WARN, f"{RUN_FROM_PACKAGE_SETTING} is set: the package is mounted "
                       "read-only and not built, so it must already contain the dependencies.",
                       "Build in CI with Oryx (or include antenv built on Linux for this Python version), or remove "
                       f"{RUN_FROM_PACKAGE_SETTING} and set {SCM_BUILD_SETTING}=true.")
    if settings.get(SCM_BUILD_SETTING, "").strip().lower() in SCM_BUILD_ON:
        where = f"; {evidence} shows a build ran" if evidence else ""
        return finding("build.scm-build", Status.PASS, f"{SCM_BUILD_SETTING} is on: deployments are built by "
                       f"Oryx{where}.")
    return _no_build_setting(snapshot, facts, evidence)


def _no_build_setting(snapshot: Snapshot, facts: TreeFacts | None, evidence: str | None) -> Finding:
    fix = f"Set it, then redeploy: {set_setting_command(snapshot, f'{SCM_BUILD_SETTING}=true')}"
    if evidence:
        return finding("build.scm-build", Status.PASS, f"{SCM_BUILD_SETTING} is not on, but {evidence} shows a build "
                       "ran (a Git deployment builds by default).",
                       f"ZIP deployments will not build; to build them too: {fix}")
    needs_install = facts is not None and bool(dependency_files(facts))
    status = Status.FAIL if needs_install else Status.WARN
    seen = f" and {snapshot.tree_label} shows no build" if facts is not None else ""
    return finding("build.scm-build", status, f"{SCM_BUILD_SETTING} is not on{seen}: ZIP deploys install nothing "
                   "(ModuleNotFoundError).", fix)


def check_build_venv(snapshot: Snapshot, derived: Derived) -> Finding:
    """build.venv: no virtual environment made on a developer's machine is deployed."""
    gate = python_gate("build.venv", derived) or tree_gate("build.venv", snapshot, derived)
    if gate:
        return gate
    found = venv_dirs(derived.facts.value)
    if not found:
        return finding("build.venv", Status.PASS, f"No local virtual environment in {snapshot.tree_label}.")
    names = ", ".join(f"{name}/ ({marker})" for name, marker in found)
    fix = (f"Exclude {found[0][0]}/ from the deployment (.gitignore for Git; leave it out of the ZIP) and let Oryx "
           f"build from {REQUIREMENTS_TXT} ({SCM_BUILD_SETTING}=true).")
    if snapshot.site.skipped:  # --src only: a local folder normally has one; it must just not be deployed
        return finding("build.venv", Status.WARN, f"{snapshot.tree_label} holds a virtual environment: {names}; "
                       "it must not be deployed.", fix)
    return finding("build.venv", Status.FAIL, f"A local virtual environment was deployed: {names}; it is not "
                   "portable to App Service.", fix)


def invalid_settings(settings: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The names of boolean settings that are not true/false, and of count settings that are not whole numbers."""
    booleans = [name for name, accepted in BOOLEAN_SETTINGS.items()
                if settings.get(name, "").strip() and settings[name].strip().lower() not in accepted]
    booleans += [name for name in GO_BOOLEAN_SETTINGS
                 if name in settings and parse_platform_bool(settings[name]) is None]
    numbers = []
    for name in WHOLE_NUMBER_SETTINGS:
        value = settings.get(name, "").strip()
        limit = START_TIME_LIMIT_MAX_SECONDS if name == START_TIME_LIMIT_SETTING else None
        if value and (not value.isdigit() or int(value) < 1 or (limit and int(value) > limit)):
            numbers.append(name)
    return booleans, numbers


def check_settings_values(snapshot: Snapshot, derived: Derived) -> Finding:
    """settings.values: boolean and numeric platform settings are readable; WEBSITES_PORT is not misused."""
    gate = part_gate("settings.values", snapshot.settings, "the app settings")
    if gate:
        return gate
    booleans, numbers = invalid_settings(derived.settings)
    if booleans or numbers:
        effect = " (Oryx stops on a bad boolean: the container does not start)"
        parts = ([f"not true/false: {', '.join(booleans)}{effect}"] if booleans else []) + (
            [f"not a whole number in range: {', '.join(numbers)}"] if numbers else [])
        example = f"{booleans[0]}=true" if booleans else f"{numbers[0]}=4"
        summary = f"{'; '.join(parts)}."
        return finding("settings.values", Status.FAIL, summary[:1].upper() + summary[1:],
                       f"Set booleans to true or false and counts to whole numbers, e.g. "
                       f"{set_setting_command(snapshot, example)}")
    container = derived.app_type == APP_CONTAINER
    if WEBSITES_PORT_SETTING in derived.settings and not container and not derived.not_python:
        return finding("settings.values", Status.WARN, f"{WEBSITES_PORT_SETTING} is set, but it is for custom "
                       f"containers: built-in Python gets requests on PORT ({PORT}).",
                       f"Remove it (az webapp config appsettings delete {app_args(snapshot)} --setting-names "
                       f"{WEBSITES_PORT_SETTING}) and have the app listen on 0.0.0.0:$PORT.")
    return finding("settings.values", Status.PASS, "The platform settings that are set have readable values.")
