"""What upgrade-check needs: the app's files (wwwroot through Kudu, or --src), pip's configuration, and the
package index's answers for every dependency, concurrently and each URL once."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from ..azure.arm import AppRef, AppServiceGateway, run_concurrently
from ..azure.pypi import PackageIndex
from ..runtime.local import read_local_python_version
from ..errors import Refused, ServiceFailure
from ..runtime.site import SiteInfo, read_site, refusal_for_python
from ..source.caching import open_local_tree
from ..source.tree import SourceTree
from ..upgrade.releases import release_from_json, releases_from_json
from ..upgrade.requirements import (PYPROJECT_TOML, REQUIREMENTS_TXT, Declared, installed_from_dist_info,
                                    pyproject_requirements, read_requirements, site_packages_of)
from ..upgrade.stdlib import imported_modules
from ..upgrade.verdicts import Package, Verdict, judge_pinned, judge_unpinned, judge_url
from .wwwroot import kudu_tree

VENV = "antenv"
SKIPPED_FOLDERS = frozenset({VENV, "venv", ".venv", "env", "node_modules", "__pycache__", "static", "staticfiles"})
MAX_SCANNED_FILES = 100
COMPRESSED_OUTPUT = ("output.tar.gz", "output.tar.zst")


@dataclass
class UpgradeInputs:
    """The app (when given), its files, what they declare and install, and the imports of its own code."""

    site: Optional[SiteInfo]
    tree: SourceTree
    current_python: Optional[str]
    declared: Declared
    installed: dict[str, str] = field(default_factory=dict)
    imports: dict[str, set[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def pip_config_texts(environ: Mapping[str, str]) -> list[str]:
    """pip's configuration files in the order pip loads them (global, user, site, PIP_CONFIG_FILE); later win."""
    config_file = environ.get("PIP_CONFIG_FILE")
    if config_file == os.devnull:
        return []
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform == "win32":
        appdata = environ.get("APPDATA", "")
        paths = [Path(environ.get("PROGRAMDATA", "C:/ProgramData")) / "pip" / "pip.ini", home / "pip" / "pip.ini",
                 Path(appdata) / "pip" / "pip.ini"]
    else:
        xdg_dirs = [Path(d) / "pip" / "pip.conf" for d in environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":") if d]
        user = Path(environ.get("XDG_CONFIG_HOME") or home / ".config") / "pip" / "pip.conf"
        mac = [home / "Library" / "Application Support" / "pip" / "pip.conf"] if sys.platform == "darwin" else []
        paths = [*xdg_dirs, Path("/etc/pip.conf"), home / ".pip" / "pip.conf", *mac, user]
    if environ.get("VIRTUAL_ENV"):
        paths.append(Path(environ["VIRTUAL_ENV"]) / ("pip.ini" if sys.platform == "win32" else "pip.conf"))
    if config_file:
        paths.append(Path(config_file))
    return [text for text in map(_read_quietly, paths) if text is not None]


def _read_quietly(path: Path) -> Optional[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def gather_upgrade_inputs(cli_ctx: Any, app: Optional[AppRef], src: Optional[str], python: str) -> UpgradeInputs:
    """The site and config/web (one ARM round), then the files: declared requirements, antenv's dist-info, the
    code's imports."""
    site, tree = None, open_local_tree(src) if src else None
    if app is not None:  # config/web holds the runtime: GET site's siteConfig is null on real answers
        gateway = AppServiceGateway(cli_ctx)
        site_doc, config_doc = run_concurrently([lambda: gateway.get_site(app), lambda: gateway.get_site_config(app)])
        site = read_site(site_doc, config_doc.get("properties") or {})
        refusal = refusal_for_python(site)
        if refusal:  # before any file is read
            raise Refused(*refusal)
        tree = tree or kudu_tree(cli_ctx, site)
    if tree is None:
        raise ServiceFailure("The app names no Kudu (SCM) host, so its files cannot be read.",
                             "Check the app's files locally instead: --src DIR")
    listings, _ = run_concurrently([lambda: tree.list_dirs(["", f"{VENV}/lib/"]),
                                    lambda: tree.read_texts([REQUIREMENTS_TXT, PYPROJECT_TOML])])
    root = listings.get("") or []
    current = site.python_version if site else (read_local_python_version(tree) or (None,))[0]
    inputs = UpgradeInputs(site, tree, current, Declared())
    site_packages = site_packages_of([e.name for e in listings.get(f"{VENV}/lib/") or [] if e.is_dir])
    folders = [f"{e.name}/" for e in root if e.is_dir and e.name not in SKIPPED_FOLDERS and not e.name.startswith(".")]
    declared, sub_listings = run_concurrently([
        lambda: _declared(tree, python),
        lambda: tree.list_dirs(([site_packages] if site_packages else []) + folders)])
    inputs.declared = declared
    if site_packages:
        inputs.installed = installed_from_dist_info([e.name for e in sub_listings.get(site_packages) or []
                                                     if e.is_dir])
    elif any(e.name in COMPRESSED_OUTPUT for e in root):
        inputs.notes.append("The build output is compressed (output.tar.gz/.zst), so antenv's installed packages "
                            "were not read; the declared requirements were checked.")
    inputs.imports = _imports(tree, root, folders, sub_listings)
    return inputs


def _declared(tree: SourceTree, python: str) -> Declared:
    """requirements.txt (as Oryx installs it when present), else pyproject.toml."""
    declared = read_requirements(tree, python)
    if declared.files:
        return declared
    text = tree.read_texts([PYPROJECT_TOML]).get(PYPROJECT_TOML)
    if text is None:
        declared.notes.append("Neither requirements.txt nor pyproject.toml was found: only what antenv has "
                              "installed (if anything) was checked.")
        return declared
    return pyproject_requirements(text, python)


def _imports(tree: SourceTree, root: list, folders: list[str], listings: Mapping[str, Any]) -> dict[str, set[str]]:
    """The imports of the app's .py files at the root and one folder down (at most MAX_SCANNED_FILES)."""
    paths = [e.name for e in root if not e.is_dir and e.name.endswith(".py")]
    for folder in folders:
        paths.extend(f"{folder}{e.name}" for e in listings.get(folder) or [] if not e.is_dir and e.name.endswith(".py"))
    texts = tree.read_texts(paths[:MAX_SCANNED_FILES])
    return {path: imported_modules(text) for path, text in texts.items() if text is not None}


def judge_packages(index: PackageIndex, packages: list[Package], python: str) -> list[Verdict]:
    """One verdict per package; requests run concurrently (bounded by the index client) and each URL once."""
    return run_concurrently([lambda p=p: _judge(index, p, python) for p in packages])


def _judge(index: PackageIndex, package: Package, python: str) -> Verdict:
    if package.url:
        return judge_url(package)
    if package.pinned:
        document = index.release(package.name, package.pinned)
        release = release_from_json(document) if document else None
        verdict = judge_pinned(package, release, None, python)
        if verdict.status == "ok" or release is None:
            return verdict
        return judge_pinned(package, release, _releases(index.project(package.name)), python)
    project = index.project(package.name)
    return judge_unpinned(package, _releases(project) if project else None, python)


def _releases(project: Optional[dict[str, Any]]) -> list:
    """Every release of a project answer; an index without the (deprecated) `releases` key gives its latest."""
    if not project:
        return []
    return releases_from_json(project) or ([release_from_json(project)] if project.get("urls") else [])
